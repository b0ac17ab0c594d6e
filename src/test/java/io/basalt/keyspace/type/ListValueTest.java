package io.basalt.keyspace.type;

import io.basalt.protocol.ReplyWriter;
import io.basalt.testing.Resp;
import io.basalt.util.DigestMix;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The quicklist behind {@link ListValue}: node fills, splits and merges at Redis's points. */
class ListValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void push(ListValue l, boolean left, String... values) {
        for (String v : values) l.push(left, b(v), 0, b(v).length);
    }

    private static ListValue rpush(int fill, int from, int to) {
        ListValue l = new ListValue(fill);
        for (int i = from; i <= to; i++) push(l, false, Integer.toString(i));
        return l;
    }

    /** The whole list, head to tail, through the reply path. */
    private static List<Object> elements(ListValue l) {
        return range(l, 0, l.size(), false);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> range(ListValue l, long first, long n, boolean reverse) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplyWriter w = new ReplyWriter((buf, len) -> out.write(buf, 0, len));
        w.array(n);
        if (n > 0) l.writeRange(w, first, n, reverse);
        w.drain();
        return (List<Object>) Resp.parse(out.toByteArray());
    }

    private static Object at(ListValue l, long index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplyWriter w = new ReplyWriter((buf, len) -> out.write(buf, 0, len));
        if (!l.writeAt(w, index)) return "out of range";
        w.drain();
        return Resp.parse(out.toByteArray());
    }

    private static List<Object> strings(int from, int to) {
        List<Object> out = new ArrayList<>();
        for (int i = from; i <= to; i++) out.add(Integer.toString(i));
        return out;
    }

    @Test
    void entryCountFillOpensANodeEveryFillEntries() {
        ListValue l = rpush(4, 1, 10);
        assertThat(l.nodeCounts()).containsExactly(4, 4, 2);
        push(l, true, "0", "-1", "-2");
        assertThat(l.nodeCounts()).containsExactly(3, 4, 4, 2);
        assertThat(l.size()).isEqualTo(13);
        assertThat(elements(l).get(0)).isEqualTo("-2");
    }

    @Test
    void sizeFillCountsListpackBytesWithRedisEstimate() {
        // fill -1: 4096 bytes. A 16-byte string takes 18 bytes; a node accepts while
        // bytes + 16 + 8 <= 4096, so it stops at 226 entries (7 + 226 * 18 = 4075 bytes).
        ListValue l = new ListValue(-1);
        for (int i = 0; i < 300; i++) push(l, false, String.format("%016d", i).replace('0', 'a'));
        assertThat(l.nodeCounts()).containsExactly(226, 74);
        assertThat(l.nodeBytes()[0]).isEqualTo(4075);
    }

    @Test
    void fillIsClampedAsRedisClampsIt() {
        ListValue small = rpush(-100, 1, 3);
        ListValue five = rpush(-5, 1, 3);
        assertThat(small.memoryUsage(5)).isEqualTo(five.memoryUsage(5));
        assertThat(rpush(0, 1, 3).nodeCounts()).containsExactly(1, 1, 1);
    }

    @Test
    void valuesLargerThanTheNodeLimitLiveAlone() {
        ListValue l = new ListValue(-1);
        push(l, false, "a", "x".repeat(5000), "b");
        push(l, true, "y".repeat(5000));
        assertThat(l.nodeCounts()).containsExactly(1, 1, 1, 1);
        assertThat(elements(l)).containsExactly("y".repeat(5000), "a", "x".repeat(5000), "b");
        push(l, false, "c");
        assertThat(l.nodeCounts()).containsExactly(1, 1, 1, 2);
    }

    @Test
    void indexFromBothEndsAcrossNodes() {
        ListValue l = rpush(7, 0, 999);
        for (int i = 0; i < 1000; i++) {
            assertThat(at(l, i)).isEqualTo(Integer.toString(i));
            assertThat(at(l, -1 - i)).isEqualTo(Integer.toString(999 - i));
        }
        assertThat(at(l, 1000)).isEqualTo("out of range");
        assertThat(at(l, -1001)).isEqualTo("out of range");
        assertThat(at(l, Long.MIN_VALUE)).isEqualTo("out of range");
        assertThat(range(l, 5, 10, false)).isEqualTo(strings(5, 14));
        assertThat(range(l, 14, 10, true)).isEqualTo(strings(5, 14).reversed());
    }

    @Test
    void insertIntoAFullNodeSplitsIt() {
        ListValue l = rpush(4, 1, 12);
        assertThat(l.insert(true, b("6"), 0, 1, b("x"), 0, 1)).isTrue();
        // The middle node keeps [5, 6]; [7, 8] move to a new node that takes x at its head.
        assertThat(l.nodeCounts()).containsExactly(4, 2, 3, 4);
        List<Object> expected = strings(1, 6);
        expected.add("x");
        expected.addAll(strings(7, 12));
        assertThat(elements(l)).isEqualTo(expected);
    }

    @Test
    void splitMergesSmallNeighbours() {
        ListValue l = rpush(4, 1, 12);
        assertThat(l.remove(b("1"), 0, 1, 0, false)).isEqualTo(1);
        assertThat(l.remove(b("2"), 0, 1, 0, false)).isEqualTo(1);
        assertThat(l.remove(b("5"), 0, 1, 0, false)).isEqualTo(1);
        assertThat(l.remove(b("6"), 0, 1, 0, false)).isEqualTo(1);
        assertThat(l.nodeCounts()).containsExactly(2, 2, 4);
        l.insert(true, b("10"), 0, 2, b("x"), 0, 1);
        // The two 2-entry nodes before the split node join; the split halves stay apart.
        assertThat(l.nodeCounts()).containsExactly(4, 2, 3);
        assertThat(elements(l)).containsExactly("3", "4", "7", "8", "9", "10", "x", "11", "12");
    }

    @Test
    void insertAtNodeEdgesUsesTheNeighbourOrANewNode() {
        ListValue l = rpush(4, 1, 7);
        assertThat(l.nodeCounts()).containsExactly(4, 3);
        l.insert(true, b("4"), 0, 1, b("a"), 0, 1);   // after the tail of a full node: next has room
        assertThat(l.nodeCounts()).containsExactly(4, 4);
        l.insert(false, b("a"), 0, 1, b("b"), 0, 1);  // before the head of a full node, previous full
        assertThat(l.nodeCounts()).containsExactly(4, 1, 4);
        l.insert(false, b("1"), 0, 1, b("c"), 0, 1);  // before the list's head
        assertThat(l.nodeCounts()).containsExactly(1, 4, 1, 4);
        assertThat(elements(l)).containsExactly("c", "1", "2", "3", "4", "b", "a", "5", "6", "7");
        assertThat(l.insert(true, b("nope"), 0, 4, b("d"), 0, 1)).isFalse();
    }

    @Test
    void deleteRangeDropsWholeNodesAndTrimsEdges() {
        ListValue l = rpush(4, 0, 19);
        l.deleteRange(2, 9);
        assertThat(l.nodeCounts()).containsExactly(2, 1, 4, 4);
        assertThat(elements(l)).isEqualTo(concat(strings(0, 1), strings(11, 19)));
        l.deleteRange(-3, 100);
        assertThat(elements(l)).isEqualTo(concat(strings(0, 1), strings(11, 16)));
        l.deleteRange(100, 1);
        l.deleteRange(0, 0);
        assertThat(l.size()).isEqualTo(8);
        l.deleteRange(0, 8);
        assertThat(l.size()).isZero();
        assertThat(l.nodeCounts()).isEmpty();
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void removeFromEitherEndAcrossNodes() {
        ListValue l = new ListValue(3);
        push(l, false, "a", "b", "a", "a", "c", "a", "a", "d", "a");
        assertThat(l.remove(b("a"), 0, 1, 2, true)).isEqualTo(2);
        assertThat(elements(l)).containsExactly("a", "b", "a", "a", "c", "a", "d");
        assertThat(l.remove(b("a"), 0, 1, 2, false)).isEqualTo(2);
        assertThat(elements(l)).containsExactly("b", "a", "c", "a", "d");
        assertThat(l.remove(b("a"), 0, 1, 0, false)).isEqualTo(2);
        assertThat(elements(l)).containsExactly("b", "c", "d");
        assertThat(l.remove(b("b"), 0, 1, Long.MIN_VALUE, true)).isEqualTo(1);
        assertThat(l.nodeCounts()).doesNotContain(0);
    }

    @Test
    void integersCompareByTheirCanonicalText() {
        ListValue l = new ListValue(-2);
        push(l, false, "1", "01", "-0", "9223372036854775807", "9223372036854775808", "");
        assertThat(l.positions(b("1"), 0, 1, 1, 0, 0)).containsExactly(0);
        assertThat(l.positions(b("01"), 0, 2, 1, 0, 0)).containsExactly(1);
        assertThat(l.positions(b("-0"), 0, 2, 1, 0, 0)).containsExactly(2);
        assertThat(l.positions(b(""), 0, 0, 1, 0, 0)).containsExactly(5);
        assertThat(elements(l)).containsExactly("1", "01", "-0", "9223372036854775807", "9223372036854775808", "");
    }

    @Test
    void positionsFollowRankCountAndMaxlen() {
        ListValue l = new ListValue(2);
        push(l, false, "a", "x", "a", "a", "y", "a");
        assertThat(l.positions(b("a"), 0, 1, 1, -1, 0)).containsExactly(0);
        assertThat(l.positions(b("a"), 0, 1, 2, 0, 0)).containsExactly(2, 3, 5);
        assertThat(l.positions(b("a"), 0, 1, -1, 2, 0)).containsExactly(5, 3);
        assertThat(l.positions(b("a"), 0, 1, -1, 0, 3)).containsExactly(5, 3);
        assertThat(l.positions(b("a"), 0, 1, 5, 0, 0)).isEmpty();
        assertThat(l.positions(b("a"), 0, 1, Long.MIN_VALUE, -1, 0)).containsExactly(5);
        assertThat(l.positions(b("a"), 0, 1, Long.MIN_VALUE, 1, 0)).containsExactly(5, 3, 2, 0);
    }

    @Test
    void setRewritesAnEntryOfAnyNewSize() {
        ListValue l = rpush(-2, 1, 5);
        assertThat(l.set(2, b("x".repeat(100)), 0, 100)).isTrue();
        assertThat(l.set(-1, b("12"), 0, 2)).isTrue();
        assertThat(l.set(0, b("y".repeat(63)), 0, 63)).isTrue();
        assertThat(l.set(5, b("z"), 0, 1)).isFalse();
        assertThat(elements(l)).containsExactly("y".repeat(63), "2", "x".repeat(100), "4", "12");
        assertThat(l.set(2, b("s"), 0, 1)).isTrue();
        assertThat(l.nodeBytes()[0]).isEqualTo(7 + 65 + 2 + 3 + 2 + 2);
    }

    @Test
    void popFromBothEndsDropsEmptiedNodes() {
        ListValue l = rpush(2, 1, 5);
        assertThat(new String(l.pop(true), StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(new String(l.pop(false), StandardCharsets.UTF_8)).isEqualTo("5");
        assertThat(new String(l.pop(false), StandardCharsets.UTF_8)).isEqualTo("4");
        assertThat(l.nodeCounts()).containsExactly(1, 1);
    }

    @Test
    void duplicateIsIndependentAndDigestsEqual() {
        ListValue l = rpush(3, 1, 10);
        ListValue copy = l.duplicate();
        push(copy, false, "11");
        assertThat(l.size()).isEqualTo(10);
        assertThat(copy.nodeCounts()).containsExactly(3, 3, 3, 2);
        byte[] d1 = new byte[20], d2 = new byte[20], expected = new byte[20];
        l.digest(d1);
        copy.pop(false);
        copy.digest(d2);
        assertThat(d2).isEqualTo(d1);
        for (int i = 1; i <= 10; i++) DigestMix.mix(expected, b(Integer.toString(i)));
        assertThat(d1).isEqualTo(expected);
    }

    @Test
    void memoryUsageSamplesNodesLikeObjectComputeSize() {
        ListValue l = new ListValue(-2);
        push(l, false, "a", "b", "c", "1", "01");
        // robj + quicklist (56) + node (40) + jemalloc(22 bytes of listpack) = 32.
        assertThat(l.memoryUsage(5)).isEqualTo(128);
        ListValue big = rpush(1, 1, 10);
        assertThat(big.memoryUsage(Long.MAX_VALUE)).isEqualTo(56 + 10 * (40 + 16));
    }

    @Test
    void listpackEntriesRoundTripEveryEncoding() {
        String[] values = {"0", "127", "128", "-1", "-4096", "4095", "-4097", "4096", "32767", "-32768", "32768",
                "-32769", "8388607", "-8388608", "8388608", "-8388609", "2147483647", "-2147483648", "2147483648",
                "-2147483649", "9223372036854775807", "-9223372036854775808", "", "a".repeat(63), "b".repeat(64),
                "c".repeat(4095), "d".repeat(4096), "e".repeat(20000), "+1", "1.5", "00"};
        ListValue l = new ListValue(-5);
        push(l, false, values);
        assertThat(elements(l)).containsExactly((Object[]) values);
        List<Object> backwards = range(l, values.length - 1, values.length, true);
        assertThat(backwards).containsExactly((Object[]) reversed(values));
    }

    private static String[] reversed(String[] a) {
        String[] out = new String[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[a.length - 1 - i];
        return out;
    }

    @Test
    void copiesRangesAcrossNodesInBothDirections() {
        ListValue l = rpush(3, 0, 9);
        assertThat(strings(l.copyRange(0, 10, false))).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(strings(l.copyRange(2, 5, false))).containsExactly("2", "3", "4", "5", "6");
        assertThat(strings(l.copyRange(7, 5, true))).containsExactly("7", "6", "5", "4", "3");
        assertThat(strings(l.copyRange(9, 10, true))).containsExactly("9", "8", "7", "6", "5", "4", "3", "2", "1", "0");
        assertThat(l.copyRange(0, 0, false)).isEmpty();
        assertThat(new ListValue(-2).copyRange(0, 0, true)).isEmpty();
        ListValue mixed = new ListValue(-2);
        push(mixed, false, "text", "-17", "");
        assertThat(strings(mixed.copyRange(0, 3, false))).containsExactly("text", "-17", "");
    }

    private static List<String> strings(byte[][] values) {
        List<String> out = new ArrayList<>();
        for (byte[] v : values) out.add(new String(v, StandardCharsets.UTF_8));
        return out;
    }
}

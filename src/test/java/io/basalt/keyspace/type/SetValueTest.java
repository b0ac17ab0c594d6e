package io.basalt.keyspace.type;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SetValueTest {
    private final long[] scratch = new long[1];
    private final SplittableRandom random = new SplittableRandom(7);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SetValue create(String first) {
        byte[] f = b(first);
        return SetValue.createFor(f, 0, f.length);
    }

    private boolean add(SetValue s, String m, long max) {
        byte[] v = b(m);
        return s.add(v, 0, v.length, max, scratch);
    }

    private boolean remove(SetValue s, String m) {
        byte[] v = b(m);
        return s.remove(v, 0, v.length, scratch);
    }

    private boolean contains(SetValue s, String m) {
        byte[] v = b(m);
        return s.contains(v, 0, v.length, scratch);
    }

    private static List<String> members(SetValue s) {
        List<String> out = new ArrayList<>();
        SetValue.Member m = new SetValue.Member();
        while (s.next(m)) out.add(new String(m.bytes(), m.offset(), m.length(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void theFirstMemberChoosesTheEncoding() {
        assertThat(create("12").encoding()).isEqualTo("intset");
        assertThat(create("-9223372036854775808").encoding()).isEqualTo("intset");
        for (String notInteger : new String[] {"a", "01", "-0", " 1", "1 ", "+1", "", "9223372036854775808", "1.0"}) {
            assertThat(create(notInteger).encoding()).as(notInteger).isEqualTo("hashtable");
        }
    }

    @Test
    void intsetConvertsWhenItGrowsPastTheLimit() {
        SetValue s = SetValue.empty();
        for (int i = 1; i <= 3; i++) assertThat(add(s, Integer.toString(i), 3)).isTrue();
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(add(s, "2", 3)).isFalse();
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(add(s, "4", 3)).isTrue();
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(s.size()).isEqualTo(4);
        assertThat(remove(s, "4")).isTrue();
        assertThat(s.encoding()).as("never converts back").isEqualTo("hashtable");
        assertThat(contains(s, "1")).isTrue();
        assertThat(contains(s, "01")).isFalse();
    }

    @Test
    void aLoweredLimitOnlyActsOnTheNextNewMember() {
        SetValue s = SetValue.empty();
        for (int i = 0; i < 10; i++) add(s, Integer.toString(i), 512);
        assertThat(add(s, "5", 2)).isFalse();
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(add(s, "10", 2)).isTrue();
        assertThat(s.encoding()).isEqualTo("hashtable");
    }

    @Test
    void limitZeroMeansNoIntset() {
        SetValue s = create("1");
        add(s, "1", 0);
        assertThat(s.encoding()).isEqualTo("hashtable");
    }

    @Test
    void aNonIntegerConvertsAndKeepsEveryMember() {
        SetValue s = SetValue.empty();
        add(s, "3", 512);
        add(s, "-1", 512);
        assertThat(members(s)).containsExactly("-1", "3");
        assertThat(add(s, "01", 512)).isTrue();
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(members(s)).containsExactlyInAnyOrder("-1", "3", "01");
        assertThat(contains(s, "3")).isTrue();
        assertThat(contains(s, "-1")).isTrue();
    }

    @Test
    void intsetIteratesAscending() {
        SetValue s = SetValue.empty();
        for (String m : new String[] {"5", "-9223372036854775808", "9223372036854775807", "0", "-3"}) add(s, m, 512);
        assertThat(members(s)).containsExactly("-9223372036854775808", "-3", "0", "5", "9223372036854775807");
        assertThat(remove(s, "0")).isTrue();
        assertThat(remove(s, "0")).isFalse();
        assertThat(remove(s, "x")).isFalse();
        assertThat(members(s)).containsExactly("-9223372036854775808", "-3", "5", "9223372036854775807");
    }

    @Test
    void memoryUsageFollowsTheIntsetWidthWhichNeverNarrows() {
        SetValue s = create("1");
        add(s, "1", 512);
        add(s, "2", 512);
        assertThat(s.memoryUsage(5)).isEqualTo(RedisAllocation.ROBJ + RedisAllocation.jemallocSize(8 + 2 * 2));
        add(s, "100000", 512);
        assertThat(s.memoryUsage(5)).isEqualTo(RedisAllocation.ROBJ + RedisAllocation.jemallocSize(8 + 3 * 4));
        add(s, "10000000000", 512);
        remove(s, "10000000000");
        assertThat(s.memoryUsage(5)).isEqualTo(RedisAllocation.ROBJ + RedisAllocation.jemallocSize(8 + 3 * 8));
    }

    @Test
    void hashtableMemoryUsageSamplesEntries() {
        SetValue s = create("a");
        for (int i = 0; i < 100; i++) add(s, String.format("member:%09d", i), 512);
        long entry = RedisAllocation.DICT_ENTRY + RedisAllocation.sdsAllocSize(16, 16);
        assertThat(s.memoryUsage(5)).isEqualTo(RedisAllocation.ROBJ + 56 + 8 * 128 + entry * 100);
    }

    @Test
    void digestIgnoresEncodingAndOrder() {
        SetValue a = SetValue.empty();
        for (String m : new String[] {"3", "1", "2"}) add(a, m, 512);
        SetValue b = create("x");
        for (String m : new String[] {"x", "2", "3", "1"}) add(b, m, 512);
        remove(b, "x");
        assertThat(b.encoding()).isEqualTo("hashtable");
        byte[] da = new byte[20], db = new byte[20];
        a.digest(da);
        b.digest(db);
        assertThat(db).isEqualTo(da);
    }

    @Test
    void duplicateKeepsEncodingAndIsIndependent() {
        SetValue s = SetValue.empty();
        add(s, "1", 512);
        add(s, "2", 512);
        SetValue copy = s.duplicate();
        assertThat(copy.encoding()).isEqualTo("intset");
        remove(s, "1");
        assertThat(members(copy)).containsExactly("1", "2");
        add(s, "z", 512);
        SetValue h = s.duplicate();
        assertThat(h.encoding()).isEqualTo("hashtable");
        remove(s, "z");
        assertThat(members(h)).containsExactlyInAnyOrder("2", "z");
    }

    @Test
    void keepRandomBuildsTheRemainderWithCreateRules() {
        SetValue s = SetValue.empty();
        for (int i = 1; i <= 6; i++) add(s, Integer.toString(i), 4);
        assertThat(s.encoding()).isEqualTo("hashtable");
        SetValue kept = s.keepRandom(1, random, 4, scratch);
        assertThat(kept.encoding()).isEqualTo("intset");
        assertThat(kept.size()).isEqualTo(1);
        assertThat(s.size()).isEqualTo(5);
        Set<String> all = new HashSet<>(members(s));
        all.addAll(members(kept));
        assertThat(all).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
    }

    @Test
    void sampleDistinctReturnsDistinctMembers() {
        SetValue s = create("m0");
        for (int i = 0; i < 100; i++) add(s, "m" + i, 512);
        for (long count : new long[] {1, 10, 33, 34, 60, 99}) {
            List<String> picked = members(s.sampleDistinct(count, random));
            assertThat(picked).hasSize((int) count).doesNotHaveDuplicates();
            for (String m : picked) assertThat(contains(s, m)).isTrue();
        }
        assertThat(s.size()).isEqualTo(100);
    }

    @Test
    void randomPicksOnlyMembers() {
        SetValue s = SetValue.empty();
        for (int i = 0; i < 5; i++) add(s, Integer.toString(i * 7), 512);
        SetValue.Member m = new SetValue.Member();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            s.random(random, m);
            seen.add(new String(m.bytes(), m.offset(), m.length(), StandardCharsets.UTF_8));
        }
        assertThat(seen).containsExactlyInAnyOrder("0", "7", "14", "21", "28");
    }

    @Test
    void largeHashtableAddRemoveAndScan() {
        SetValue s = create("k");
        for (int i = 0; i < 20_000; i++) assertThat(add(s, "k" + i, 512)).isTrue();
        for (int i = 0; i < 20_000; i += 2) assertThat(remove(s, "k" + i)).isTrue();
        assertThat(s.size()).isEqualTo(10_000);
        Set<String> scanned = new HashSet<>();
        long cursor = 0;
        do {
            List<byte[]> out = new ArrayList<>();
            cursor = s.scan(cursor, 100, out);
            for (byte[] m : out) scanned.add(new String(m, StandardCharsets.UTF_8));
        } while (cursor != 0);
        assertThat(scanned).hasSize(10_000).contains("k1", "k19999").doesNotContain("k0");
        assertThat(members(s)).hasSize(10_000);
    }

    @Test
    void intsetScanReturnsEverythingAtOnce() {
        SetValue s = SetValue.empty();
        for (int i = 0; i < 50; i++) add(s, Integer.toString(i), 512);
        List<byte[]> out = new ArrayList<>();
        assertThat(s.scan(0, 1, out)).isZero();
        assertThat(out).hasSize(50);
    }
}

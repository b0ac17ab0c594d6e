package io.basalt.keyspace.type;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HashValueTest {
    private final EncodingLimits limits = new EncodingLimits();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean set(HashValue h, String f, String v, EncodingLimits limits) {
        byte[] fb = b(f), vb = b(v);
        return h.set(fb, 0, fb.length, vb, 0, vb.length, limits);
    }

    private boolean set(HashValue h, String f, String v) {
        return set(h, f, v, limits);
    }

    private static String get(HashValue h, String f) {
        byte[] fb = b(f);
        int e = h.find(fb, 0, fb.length);
        return e < 0 ? null : new String(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e), StandardCharsets.UTF_8);
    }

    private static boolean delete(HashValue h, String f) {
        byte[] fb = b(f);
        return h.delete(fb, 0, fb.length);
    }

    /** Content in iteration order. */
    private static Map<String, String> content(HashValue h) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            m.put(new String(h.fieldBuffer(e), h.fieldOffset(e), h.fieldLength(e), StandardCharsets.UTF_8),
                    new String(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void convertsAfterTheEntryLimit() {
        limits.hashMaxListpackEntries = 4;
        HashValue h = HashValue.create();
        for (int i = 0; i < 4; i++) assertThat(set(h, "f" + i, "v" + i)).isTrue();
        assertThat(set(h, "f0", "again")).isFalse();
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(content(h).keySet()).containsExactly("f0", "f1", "f2", "f3");
        assertThat(set(h, "f4", "v4")).isTrue();
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(h.size()).isEqualTo(5);
        assertThat(get(h, "f0")).isEqualTo("again");
        assertThat(get(h, "f4")).isEqualTo("v4");
        // One way: shrinking never converts back.
        for (int i = 0; i < 4; i++) assertThat(delete(h, "f" + i)).isTrue();
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(content(h)).containsExactly(Map.entry("f4", "v4"));
    }

    @Test
    void convertsOnALongFieldOrValue() {
        limits.hashMaxListpackValue = 3;
        HashValue value = HashValue.create();
        set(value, "a", "123");
        assertThat(value.encoding()).isEqualTo("listpack");
        set(value, "a", "1234");
        assertThat(value.encoding()).isEqualTo("hashtable");
        assertThat(get(value, "a")).isEqualTo("1234");

        HashValue field = HashValue.create();
        set(field, "abcd", "1");
        assertThat(field.encoding()).isEqualTo("hashtable");

        // hashTypeTryConversion: the longest argument decides before anything is written.
        HashValue pre = HashValue.create();
        pre.prepareWrite(3, 6, limits);
        assertThat(pre.encoding()).isEqualTo("listpack");
        pre.prepareWrite(4, 8, limits);
        assertThat(pre.encoding()).isEqualTo("hashtable");
    }

    @Test
    void compactFormKeepsInsertionOrderThroughUpdatesAndDeletes() {
        HashValue h = HashValue.create();
        set(h, "a", "1");
        set(h, "b", "2");
        set(h, "c", "3");
        set(h, "a", "a much longer value than before");
        set(h, "c", "");
        assertThat(delete(h, "b")).isTrue();
        assertThat(delete(h, "b")).isFalse();
        set(h, "b", "x".repeat(63));
        assertThat(content(h)).containsExactly(Map.entry("a", "a much longer value than before"), Map.entry("c", ""),
                Map.entry("b", "x".repeat(63)));
        assertThat(delete(h, "a") && delete(h, "c") && delete(h, "b")).isTrue();
        assertThat(h.size()).isZero();
        assertThat(h.first()).isEqualTo(-1);
    }

    @Test
    void elementLengthsOfEveryWidth() {
        limits.hashMaxListpackValue = 1 << 20;
        HashValue h = HashValue.create();
        String[] lengths = {"", "x".repeat(127), "y".repeat(128), "z".repeat(16384), "w".repeat(300_000)};
        for (String s : lengths) set(h, s, s + "!");
        assertThat(h.encoding()).isEqualTo("listpack");
        for (String s : lengths) assertThat(get(h, s)).isEqualTo(s + "!");
    }

    @Test
    void listpackSizesFollowRedisEncodings() {
        assertThat(size("0")).isEqualTo(2);
        assertThat(size("127")).isEqualTo(2);
        assertThat(size("128")).isEqualTo(3);
        assertThat(size("-4096")).isEqualTo(3);
        assertThat(size("4096")).isEqualTo(4);
        assertThat(size("-32768")).isEqualTo(4);
        assertThat(size("32768")).isEqualTo(5);
        assertThat(size("8388608")).isEqualTo(6);
        assertThat(size("2147483647")).isEqualTo(6);
        assertThat(size("2147483648")).isEqualTo(10);
        assertThat(size("-9223372036854775808")).isEqualTo(10);
        assertThat(size("007")).isEqualTo(5);
        assertThat(size("")).isEqualTo(2);
        assertThat(size("x".repeat(63))).isEqualTo(65);
        assertThat(size("x".repeat(64))).isEqualTo(67);
        assertThat(size("x".repeat(4096))).isEqualTo(4103);
    }

    private static int size(String s) {
        byte[] v = b(s);
        return Listpack.entrySize(v, 0, v.length);
    }

    @Test
    void memoryUsageOfTheCompactFormIsTheListpack() {
        HashValue h = HashValue.create();
        set(h, "a", "1");
        // robj 16 + listpack (7 + "a" 3 + 1 as integer 2 = 12 bytes, a 16-byte allocation).
        assertThat(h.memoryUsage(5)).isEqualTo(32);
    }

    @Test
    void largeFormSurvivesResizesAndIteratesEachFieldOnce() {
        limits.hashMaxListpackEntries = 0;
        HashValue h = HashValue.create();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            set(h, "field:" + i, "value:" + i);
            expected.put("field:" + i, "value:" + i);
            if (i % 3 == 0) {
                delete(h, "field:" + (i / 2));
                expected.remove("field:" + (i / 2));
            }
            if (i % 997 == 0) assertThat(content(h)).isEqualTo(expected);
        }
        for (int i = 0; i < 4900; i++) {
            delete(h, "field:" + i);
            expected.remove("field:" + i);
        }
        assertThat(content(h)).isEqualTo(expected);
        assertThat(h.size()).isEqualTo(expected.size());
        HashValue copy = h.duplicate();
        set(copy, "field:4999", "changed");
        assertThat(get(h, "field:4999")).isEqualTo("value:4999");
        assertThat(content(copy).keySet()).isEqualTo(expected.keySet());
    }

    @Test
    void randomSamplingReturnsDistinctLiveHandles() {
        SplittableRandom random = new SplittableRandom(7);
        for (long entries : new long[] {128, 0}) {
            limits.hashMaxListpackEntries = entries;
            HashValue h = HashValue.create();
            for (int i = 0; i < 100; i++) set(h, "f" + i, "v" + i);
            Set<Integer> live = new HashSet<>();
            for (int e = h.first(); e >= 0; e = h.next(e)) live.add(e);
            for (int n : new int[] {1, 10, 33, 34, 99}) {
                int[] picks = h.randomDistinct(random, n);
                Set<Integer> distinct = new HashSet<>();
                for (int e : picks) distinct.add(e);
                assertThat(distinct).hasSize(n);
                assertThat(live).containsAll(distinct);
            }
            int[] repeats = new int[500];
            h.randomHandles(random, repeats, 500);
            Set<Integer> seen = new HashSet<>();
            for (int e : repeats) seen.add(e);
            assertThat(live).containsAll(seen);
            assertThat(seen.size()).isGreaterThan(80);
        }
    }

    @Test
    void digestIsTheSameInBothForms() {
        HashValue compact = HashValue.create();
        limits.hashMaxListpackEntries = 0;
        EncodingLimits defaults = new EncodingLimits();
        HashValue large = HashValue.create();
        for (int i = 0; i < 10; i++) {
            set(compact, "f" + i, "v" + i, defaults);
            set(large, "f" + (9 - i), "v" + (9 - i));
        }
        byte[] d1 = new byte[20], d2 = new byte[20];
        compact.digest(d1);
        large.digest(d2);
        assertThat(d1).isEqualTo(d2);
        assertThat(compact.encoding()).isNotEqualTo(large.encoding());
    }
}

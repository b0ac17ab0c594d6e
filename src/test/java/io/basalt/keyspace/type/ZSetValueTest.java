package io.basalt.keyspace.type;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ZSetValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static EncodingLimits limits(long entries, long value) {
        EncodingLimits l = new EncodingLimits();
        l.zsetMaxListpackEntries = entries;
        l.zsetMaxListpackValue = value;
        return l;
    }

    private static int add(ZSetValue z, String m, double s, EncodingLimits l) {
        byte[] k = b(m);
        return z.add(k, 0, k.length, s, 0, l, null);
    }

    private static List<String> members(ZSetValue z) {
        List<String> out = new ArrayList<>();
        ZSetValue.Cursor c = new ZSetValue.Cursor();
        for (z.seek(0, c); c.valid(); c.next()) out.add(new String(c.member(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void convertsWhenEntriesExceedTheListpackLimit() {
        EncodingLimits l = limits(3, 64);
        ZSetValue z = ZSetValue.forFirstAdd(1, l);
        for (int i = 0; i < 3; i++) add(z, "m" + i, i, l);
        assertThat(z.encoding()).isEqualTo("listpack");
        add(z, "m1", 7, l);
        assertThat(z.encoding()).isEqualTo("listpack");
        add(z, "m3", 3, l);
        assertThat(z.encoding()).isEqualTo("skiplist");
        assertThat(members(z)).containsExactly("m0", "m2", "m3", "m1");
        byte[] k = b("m0");
        z.remove(k, 0, k.length);
        assertThat(z.encoding()).isEqualTo("skiplist");
    }

    @Test
    void sortConvertsEvenASmallSetToTheSkiplist() {
        EncodingLimits l = limits(128, 64);
        ZSetValue z = ZSetValue.compact();
        add(z, "b", 2, l);
        add(z, "a", 1, l);
        z.convertToSkiplist();
        assertThat(z.encoding()).isEqualTo(ZSetValue.SKIPLIST);
        assertThat(members(z)).containsExactly("a", "b");
        z.convertToSkiplist();
        assertThat(z.encoding()).isEqualTo(ZSetValue.SKIPLIST);
        assertThat(z.score(b("b"), 0, 1)).isEqualTo(2);
    }

    @Test
    void convertsWhenAMemberIsTooLong() {
        EncodingLimits l = limits(128, 4);
        assertThat(ZSetValue.forFirstAdd(5, l).encoding()).isEqualTo("skiplist");
        assertThat(ZSetValue.forFirstAdd(4, l).encoding()).isEqualTo("listpack");
        assertThat(ZSetValue.forFirstAdd(1, limits(0, 64)).encoding()).isEqualTo("skiplist");
        ZSetValue z = ZSetValue.forFirstAdd(4, l);
        add(z, "abcd", 1, l);
        assertThat(z.encoding()).isEqualTo("listpack");
        add(z, "abcde", 1, l);
        assertThat(z.encoding()).isEqualTo("skiplist");
    }

    @Test
    void storeResultsReturnToTheListpackWhenTheyFit() {
        EncodingLimits l = limits(2, 3);
        ZSetValue z = ZSetValue.large();
        add(z, "a", -0.0, l);
        add(z, "b", 2, l);
        z.compactIfFits(l);
        assertThat(z.encoding()).isEqualTo("listpack");
        byte[] a = b("a");
        assertThat(Double.doubleToRawLongBits(z.score(a, 0, 1))).isZero();
        ZSetValue big = ZSetValue.large();
        add(big, "long", 1, l);
        big.compactIfFits(l);
        assertThat(big.encoding()).isEqualTo("skiplist");
        assertThat(ZSetValue.forEntries(3, l).encoding()).isEqualTo("skiplist");
        assertThat(ZSetValue.forEntries(-1, l).encoding()).isEqualTo("listpack");
    }

    @Test
    void listpackStoresNegativeZeroAsZeroButTheLargeFormKeepsIt() {
        EncodingLimits l = limits(128, 64);
        ZSetValue small = ZSetValue.compact();
        double[] out = new double[1];
        byte[] a = b("a");
        small.add(a, 0, 1, -0.0, 0, l, out);
        assertThat(Double.doubleToRawLongBits(out[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(small.score(a, 0, 1))).isZero();
        ZSetValue large = ZSetValue.large();
        large.add(a, 0, 1, -0.0, 0, l, null);
        assertThat(Double.doubleToRawLongBits(large.score(a, 0, 1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(large.add(a, 0, 1, 0.0, 0, l, null)).isZero();
    }

    @Test
    void addFlagsFollowZsetAdd() {
        EncodingLimits l = limits(128, 64);
        for (ZSetValue z : new ZSetValue[] {ZSetValue.compact(), ZSetValue.large()}) {
            byte[] a = b("a");
            assertThat(z.add(a, 0, 1, 1, ZSetValue.XX, l, null)).isEqualTo(ZSetValue.NOP);
            assertThat(z.add(a, 0, 1, 1, ZSetValue.GT, l, null)).isEqualTo(ZSetValue.ADDED);
            assertThat(z.add(a, 0, 1, 5, ZSetValue.NX, l, null)).isEqualTo(ZSetValue.NOP);
            assertThat(z.add(a, 0, 1, 0, ZSetValue.GT, l, null)).isEqualTo(ZSetValue.NOP);
            assertThat(z.add(a, 0, 1, 2, ZSetValue.GT, l, null)).isEqualTo(ZSetValue.UPDATED);
            assertThat(z.add(a, 0, 1, 3, ZSetValue.LT, l, null)).isEqualTo(ZSetValue.NOP);
            assertThat(z.add(a, 0, 1, 2, 0, l, null)).isZero();
            double[] out = new double[1];
            assertThat(z.add(a, 0, 1, 1.5, ZSetValue.INCR, l, out)).isEqualTo(ZSetValue.UPDATED);
            assertThat(out[0]).isEqualTo(3.5);
            assertThat(z.add(a, 0, 1, Double.POSITIVE_INFINITY, ZSetValue.INCR, l, out)).isEqualTo(ZSetValue.UPDATED);
            assertThat(z.add(a, 0, 1, Double.NEGATIVE_INFINITY, ZSetValue.INCR, l, out)).isEqualTo(ZSetValue.NAN);
            assertThat(z.add(a, 0, 1, Double.NaN, 0, l, out)).isEqualTo(ZSetValue.NAN);
            assertThat(z.score(a, 0, 1)).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    /** A member and score of the naive model. */
    private record Entry(String member, double score) {}

    private static final Comparator<Entry> ORDER = (x, y) -> {
        if (x.score < y.score) return -1;
        if (x.score > y.score) return 1;
        return Arrays.compareUnsigned(b(x.member), b(y.member));
    };

    private static void check(ZSetValue z, List<Entry> model, Random rnd) {
        model.sort(ORDER);
        assertThat(z.size()).isEqualTo(model.size());
        ZSetValue.Cursor c = new ZSetValue.Cursor();
        int i = 0;
        for (z.seek(0, c); c.valid(); c.next(), i++) {
            assertThat(new String(c.member(), StandardCharsets.UTF_8)).isEqualTo(model.get(i).member);
            assertThat(c.score()).isEqualTo(model.get(i).score);
        }
        assertThat(i).isEqualTo(model.size());
        if (model.isEmpty()) return;
        int backwards = model.size() - 1;
        for (z.seek(model.size() - 1, c); c.valid(); c.prev(), backwards--) {
            assertThat(new String(c.member(), StandardCharsets.UTF_8)).isEqualTo(model.get(backwards).member);
        }
        assertThat(backwards).isEqualTo(-1);
        for (int k = 0; k < 20; k++) {
            int r = rnd.nextInt(model.size());
            byte[] m = b(model.get(r).member);
            assertThat(z.rank(m, 0, m.length, false)).isEqualTo(r);
            assertThat(z.rank(m, 0, m.length, true)).isEqualTo(model.size() - 1 - r);
            assertThat(z.score(m, 0, m.length)).isEqualTo(model.get(r).score);
            z.seek(r, c);
            assertThat(c.member()).isEqualTo(m);
            double lo = rnd.nextInt(40) - 5, hi = lo + rnd.nextInt(20) - 3;
            ScoreRange range = new ScoreRange(lo, rnd.nextBoolean(), hi, rnd.nextBoolean());
            List<Integer> in = new ArrayList<>();
            for (int j = 0; j < model.size(); j++) {
                double s = model.get(j).score;
                if (range.gteMin(s) && range.lteMax(s)) in.add(j);
            }
            assertThat(z.countInRange(range)).as(range.toString()).isEqualTo(in.size());
            assertThat(z.firstInRange(range)).isEqualTo(in.isEmpty() ? -1 : in.get(0));
            assertThat(z.lastInRange(range)).isEqualTo(in.isEmpty() ? -1 : in.get(in.size() - 1));
        }
        byte[] absent = b("absent");
        assertThat(z.rank(absent, 0, absent.length, false)).isEqualTo(-1);
        assertThat(z.score(absent, 0, absent.length)).isNaN();
    }

    @Test
    void randomOperationsMatchANaiveModelInBothEncodings() {
        for (long entries : new long[] {128, 0}) {
            Random rnd = new Random(42 + entries);
            EncodingLimits l = limits(entries, 64);
            ZSetValue z = ZSetValue.forFirstAdd(1, l);
            List<Entry> model = new ArrayList<>();
            for (int step = 0; step < 6000; step++) {
                int op = rnd.nextInt(10);
                String m = "m" + rnd.nextInt(entries == 0 ? 3000 : 100);
                byte[] k = b(m);
                double s = rnd.nextInt(30);
                int at = indexOf(model, m);
                if (op < 6) {
                    int out = z.add(k, 0, k.length, s, 0, l, null);
                    if (at < 0) {
                        assertThat(out).isEqualTo(ZSetValue.ADDED);
                        model.add(new Entry(m, s));
                    } else {
                        assertThat(out).isEqualTo(model.get(at).score == s ? 0 : ZSetValue.UPDATED);
                        model.set(at, new Entry(m, s));
                    }
                } else if (op < 8) {
                    assertThat(z.remove(k, 0, k.length)).isEqualTo(at >= 0);
                    if (at >= 0) model.remove(at);
                } else if (op == 8 && !model.isEmpty()) {
                    model.sort(ORDER);
                    int from = rnd.nextInt(model.size());
                    int count = Math.min(model.size() - from, rnd.nextInt(entries == 0 ? 200 : 5) + 1);
                    z.removeRange(from, count);
                    model.subList(from, from + count).clear();
                } else if (!model.isEmpty()) {
                    double lo = rnd.nextInt(30);
                    ScoreRange range = new ScoreRange(lo, false, lo + 2, true);
                    long removed = z.removeInRange(range);
                    int before = model.size();
                    model.removeIf(e -> range.gteMin(e.score) && range.lteMax(e.score));
                    assertThat(removed).isEqualTo(before - model.size());
                }
                if (step % 500 == 0) check(z, model, rnd);
            }
            check(z, model, rnd);
            assertThat(z.encoding()).isEqualTo(entries == 0 ? "skiplist" : "listpack");
            ZSetValue copy = z.duplicate();
            check(copy, model, rnd);
            byte[] d1 = new byte[20], d2 = new byte[20];
            z.digest(d1);
            copy.digest(d2);
            assertThat(d1).isEqualTo(d2);
        }
    }

    private static int indexOf(List<Entry> model, String m) {
        for (int i = 0; i < model.size(); i++) if (model.get(i).member.equals(m)) return i;
        return -1;
    }

    @Test
    void lexRangesOnEqualScoresMatchInBothEncodings() {
        Random rnd = new Random(5);
        EncodingLimits small = limits(1000, 64);
        EncodingLimits none = limits(0, 64);
        ZSetValue compact = ZSetValue.compact();
        ZSetValue large = ZSetValue.large();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String m = Integer.toString(rnd.nextInt(100000), 36);
            add(compact, m, 0, small);
            add(large, m, 0, none);
            if (!all.contains(m)) all.add(m);
        }
        all.sort((x, y) -> Arrays.compareUnsigned(b(x), b(y)));
        for (int k = 0; k < 300; k++) {
            byte[] lo = pickBound(rnd), hi = pickBound(rnd);
            LexRange r = new LexRange(lo, rnd.nextBoolean(), hi, rnd.nextBoolean());
            long expected = all.stream().filter(m -> r.gteMin(b(m)) && r.lteMax(b(m))).count();
            assertThat(compact.lexCount(r)).isEqualTo(expected);
            assertThat(large.lexCount(r)).isEqualTo(expected);
            assertThat(large.firstInLexRange(r)).isEqualTo(compact.firstInLexRange(r));
            assertThat(large.lastInLexRange(r)).isEqualTo(compact.lastInLexRange(r));
        }
        LexRange r = new LexRange(b("a"), false, LexRange.PLUS_INFINITY, true);
        long n = compact.lexCount(r);
        assertThat(large.removeInLexRange(r)).isEqualTo(n);
        assertThat(compact.removeInLexRange(r)).isEqualTo(n);
        assertThat(members(large)).isEqualTo(members(compact));
    }

    private static byte[] pickBound(Random rnd) {
        int p = rnd.nextInt(20);
        if (p == 0) return LexRange.MINUS_INFINITY;
        if (p == 1) return LexRange.PLUS_INFINITY;
        return b(Integer.toString(rnd.nextInt(100000), 36));
    }

    @Test
    void largeFormKeepsLeavesFullOnOrderedLoadsAndMergesAfterDeletes() {
        EncodingLimits none = limits(0, 64);
        ZSetValue z = ZSetValue.large();
        for (int i = 0; i < 64 * 100; i++) add(z, "m" + i, i, none);
        assertThat(z.leafCount()).isEqualTo(100);
        for (int i = 64 * 100 - 1; i >= 0; i--) {
            if (i % 8 != 0) {
                byte[] k = b("m" + i);
                z.remove(k, 0, k.length);
            }
        }
        assertThat(z.size()).isEqualTo(800);
        assertThat(z.leafCount()).isLessThanOrEqualTo(800 / 16 + 1);
    }

    @Test
    void scoreUpdatesInPlaceOrByMovingKeepTheOrder() {
        EncodingLimits none = limits(0, 64);
        ZSetValue z = ZSetValue.large();
        for (int i = 0; i < 100; i++) add(z, "m" + i, i * 10, none);
        byte[] k = b("m50");
        add(z, "m50", 505, none);
        assertThat(z.rank(k, 0, k.length, false)).isEqualTo(50);
        add(z, "m50", 5, none);
        assertThat(z.rank(k, 0, k.length, false)).isEqualTo(1);
        add(z, "m50", 10_000, none);
        assertThat(z.rank(k, 0, k.length, false)).isEqualTo(99);
        assertThat(z.countInRange(new ScoreRange(500, false, 505, false))).isZero();
        assertThat(members(z).get(1)).isEqualTo("m1");
    }

    @Test
    void memoryUsageOfTheListpackCountsEntryEncodings() {
        EncodingLimits l = limits(128, 64);
        ZSetValue z = ZSetValue.compact();
        add(z, "a", 1, l);
        // 7 header/end + member "a" (2 + 1 backlen) + score 1 (1 + 1) = 12 bytes -> 16, plus robj 16.
        assertThat(z.memoryUsage(5)).isEqualTo(32);
        add(z, "12345", 1.5, l);
        // + "12345" as 16-bit int (3 + 1) + "1.5" string (4 + 1) = 21 -> 32 (as Redis 7.0.15 reports).
        assertThat(z.memoryUsage(5)).isEqualTo(48);
    }
}

package io.basalt.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The small world {@link DifferentialIT} draws its commands from: a dozen keys per type
 * prefix plus a few shared keys that every family touches (so WRONGTYPE happens), and pools
 * of members, values and numbers that are small enough to collide often, with a tail of
 * values around encoding thresholds, 64-bit edges, long strings and non-ASCII bytes.
 * Pools are bounded (a few hundred distinct members), so no collection grows past
 * {@link #WHOLE}, the count the generator uses to ask for a whole collection.
 */
final class Universe {
    static final int KEYS_PER_PREFIX = 12;
    static final int SHARED_KEYS = 4;
    /** A count at least as large as any collection can grow, so "random" commands return everything. */
    static final String WHOLE = "100000";

    static final String STR = "str:";
    static final String HASH = "hash:";
    static final String LIST = "list:";
    static final String SET = "set:";
    static final String ZSET = "zset:";
    /** Sorted sets whose scores are all 0: the only keys lex-range commands touch (see {@link CollectionCatalog}). */
    static final String ZLEX = "zlex:";
    static final String GEO = "geo:";
    static final String HLL = "hll:";
    static final String SHARED = "any:";
    static final List<String> PREFIXES = List.of(STR, HASH, LIST, SET, ZSET, ZLEX, GEO, HLL);

    /** Strings whose lengths sit on either side of the embstr (44), listpack value (16 lowered, 64) limits. */
    private static final String[] THRESHOLD_STRINGS = thresholdStrings();
    private static final String[] LONG_STRINGS = {"L".repeat(100), "M".repeat(200) + "!", "N".repeat(300), "P".repeat(1000)};
    private static final String[] INT_EDGES = {"9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "-9223372036854775809", "-0", "007", " 1", "1 ", "+1", "0x1f", "2147483647", "-2147483648", "4294967296",
        "1234567890123456789", "12345678901234567890"};
    private static final String[] WORDS = {"a", "b", "c", "apple", "banana", "cherry", "zebra", "Z", "", "hello world",
        "A", "aa", "ab", "abc", "x"};
    /** Bytes that are not ASCII (sent as ISO-8859-1, so one char is one byte); no NUL, which strcoll would cut at. */
    private static final String[] BINARY = {"\u00ff", "caf\u00e9", "\u00c3\u00a9t\u00c3\u00a9", "\u0001\u007f"};
    private static final String[] DECIMALS = {"3.5", "-0.25", "1e3", "0.1", "1.5e-7", "1E5", "-2.5", "10.50", "5.0"};
    private static final String[] SCORE_SPECIALS = {"inf", "-inf", "+inf", "-0", "0", "1e308", "-1e308",
        "9007199254740993", "123456789012345678", "0.30000000000000004"};

    final Random rnd;
    private final List<String> allKeys = new ArrayList<>();
    private final Set<String> keySet;

    Universe(long seed) {
        rnd = new Random(seed);
        for (String p : PREFIXES) {
            for (int i = 0; i < KEYS_PER_PREFIX; i++) allKeys.add(p + i);
        }
        for (int i = 0; i < SHARED_KEYS; i++) allKeys.add(SHARED + i);
        keySet = Set.copyOf(allKeys);
    }

    private static String[] thresholdStrings() {
        int[] lengths = {15, 16, 17, 44, 45, 63, 64, 65};
        String[] out = new String[lengths.length];
        for (int i = 0; i < lengths.length; i++) out[i] = "t" + "v".repeat(lengths[i] - 1);
        return out;
    }

    /** Every key the generator can name (the end-of-run comparison walks these). */
    List<String> allKeys() {
        return allKeys;
    }

    boolean isKey(String s) {
        return keySet.contains(s);
    }

    boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    /** Mostly a key of this type's prefix, sometimes a shared key that may hold any type. */
    String key(String prefix) {
        return ownKey(chance(12) ? SHARED : prefix);
    }

    String ownKey(String prefix) {
        return prefix + rnd.nextInt(prefix.equals(SHARED) ? SHARED_KEYS : KEYS_PER_PREFIX);
    }

    String anyKey() {
        return allKeys.get(rnd.nextInt(allKeys.size()));
    }

    List<String> keys(String prefix, int min, int max) {
        int n = between(min, max);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(key(prefix));
        return out;
    }

    List<String> ownKeys(String prefix, int min, int max) {
        int n = between(min, max);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(ownKey(prefix));
        return out;
    }

    /** A set or sorted-set member, list element or HLL element. */
    String member() {
        int r = rnd.nextInt(100);
        if (r < 40) return Integer.toString(rnd.nextInt(24));
        if (r < 60) return "m" + rnd.nextInt(40);
        if (r < 70) return Integer.toString(rnd.nextInt(100) - 50);
        if (r < 80) return pick(WORDS);
        if (r < 88) return pick(THRESHOLD_STRINGS);
        if (r < 94) return pick(INT_EDGES);
        if (r < 98) return pick(LONG_STRINGS);
        return pick(BINARY);
    }

    /** An integer member: small, negative or at the 16/32/64-bit intset encoding edges. */
    String integerMember() {
        if (chance(85)) return Integer.toString(rnd.nextInt(600) - 100);
        return pick("32767", "32768", "-32769", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
                "-9223372036854775808", "100000");
    }

    List<String> members(int min, int max) {
        int n = between(min, max);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(member());
        return out;
    }

    String field() {
        int r = rnd.nextInt(100);
        if (r < 60) return "f" + rnd.nextInt(20);
        if (r < 75) return Integer.toString(rnd.nextInt(10));
        return member();
    }

    /** A string or hash value: numbers (for INCR and SORT BY), words, thresholds, edges. */
    String value() {
        int r = rnd.nextInt(100);
        if (r < 30) return Integer.toString(rnd.nextInt(110) - 10);
        if (r < 48) return pick(WORDS);
        if (r < 58) return pick(DECIMALS);
        if (r < 73) return member();
        if (r < 83) return pick(THRESHOLD_STRINGS);
        if (r < 91) return pick(INT_EDGES);
        if (r < 96) return pick(LONG_STRINGS);
        if (r < 98) return pick(BINARY);
        return pick("inf", "-inf", "nan");
    }

    /** An increment, count or other integer argument; a tail of 64-bit edges and non-integers. */
    String integer() {
        if (chance(92)) return pick("-1", "0", "1", "2", "3", "5", "10", "-5", "100", "-100", "7");
        return pick("9223372036854775807", "-9223372036854775808", "9223372036854775808", "x", "1.5", "");
    }

    /** A list/range index: mostly near the ends, sometimes far out or at the 64-bit edges. */
    String index() {
        if (chance(94)) return Integer.toString(rnd.nextInt(31) - 15);
        return pick("1000", "-1000", "9223372036854775807", "-9223372036854775808", "x");
    }

    /** A non-negative count, small; with a tail of 0, huge and negative. */
    String count() {
        if (chance(90)) return Integer.toString(1 + rnd.nextInt(6));
        return pick("0", "100", "-1", "9223372036854775807", "x");
    }

    String score() {
        int r = rnd.nextInt(100);
        if (r < 50) return Integer.toString(rnd.nextInt(26) - 5);
        if (r < 72) return pick(DECIMALS);
        if (r < 92) return pick(SCORE_SPECIALS);
        if (r < 99) return Integer.toString(rnd.nextInt(2000) - 1000);
        return pick("nan", "abc", "");
    }

    /** A score range end: infinities, inclusive or exclusive ("(") scores, rarely malformed. */
    String scoreBound() {
        int r = rnd.nextInt(100);
        if (r < 20) return pick("-inf", "+inf", "inf", "(-inf", "(+inf");
        if (r < 98) return (chance(30) ? "(" : "") + (chance(70) ? Integer.toString(rnd.nextInt(26) - 5) : pick(DECIMALS));
        return pick("(", "x", "((1", "nan");
    }

    /** A lex range end: "-", "+", "[member" or "(member", rarely malformed. */
    String lexBound() {
        int r = rnd.nextInt(100);
        if (r < 20) return pick("-", "+");
        if (r < 98) return (chance(50) ? "[" : "(") + member();
        return pick("m", "", "[");
    }

    /** A relative TTL far above the run's length, so nothing expires between the two servers' clocks. */
    String seconds() {
        if (chance(95)) return pick("1000", "86400", "1000000", "5000");
        return pick("0", "-1", "x", "9223372036854775807", "9223372036854775");
    }

    String millis() {
        if (chance(95)) return pick("1000000", "3600000", "86400000");
        return pick("0", "-1", "x", "9223372036854775807");
    }

    /**
     * An absolute time in seconds: far in the future (2100, 2101) or in the past (deletes
     * at once). Never near now, so GT/LT against relative TTLs never depends on the clock.
     */
    String unixSeconds() {
        return pick("4102444800", "4133980800", "1", "1000000000");
    }

    String unixMillis() {
        return pick("4102444800000", "4133980800123", "1", "1000000000000");
    }

    /**
     * Future times only, for SET EXAT/PXAT: Redis 7.0 stores a SET whose time has passed and
     * leaves it to active expiry, so DBSIZE and DEBUG DIGEST would then depend on timing.
     */
    String futureUnixSeconds() {
        return pick("4102444800", "4133980800");
    }

    String futureUnixMillis() {
        return pick("4102444800000", "4133980800123");
    }

    /**
     * A member's fixed position (two variants), so distinct members never share a point and
     * distance ties, whose order Redis leaves to qsort, do not occur. Points lie in a
     * 0.5-degree square around 13.25E 38.25N plus a few far ones.
     */
    String[] position(String member, int variant) {
        int h = member.hashCode() * 31 + variant;
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        double lon;
        double lat;
        if ((h & 0x3f) == 0) {
            lon = -120 + (h >>> 8 & 0xff);
            lat = -60 + (h >>> 16 & 0x7f);
        } else {
            lon = 13.0 + ((h >>> 6) & 0xffff) / 131072.0;
            lat = 38.0 + ((h >>> 22) & 0x3ff) / 2048.0;
        }
        return new String[] {fixed(lon), fixed(lat)};
    }

    /** A point to search from: mostly inside the square, sometimes an invalid coordinate. */
    String[] center() {
        if (chance(97)) return new String[] {fixed(13.0 + rnd.nextInt(500) / 1000.0), fixed(38.0 + rnd.nextInt(500) / 1000.0)};
        return pick(new String[] {"181", "0"}, new String[] {"0", "86"}, new String[] {"x", "1"});
    }

    static String fixed(double d) {
        return java.math.BigDecimal.valueOf(d).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    String unit() {
        return pick("m", "km", "mi", "ft", "KM", "yards");
    }

    String radius() {
        return pick("1", "5", "10", "50", "500", "0", "3000", "-1", "x", "0.5");
    }
}

package io.basalt.keyspace.type;

import java.util.Arrays;

/**
 * A member interval as ZRANGEBYLEX gives it (Redis's zlexrangespec): each end a member
 * (inclusive "[" or exclusive "(") or one of the two infinities "-" and "+", which compare
 * below and above every member (Redis's shared.minstring / shared.maxstring, told apart by
 * identity).
 */
public final class LexRange {
    /** "-": below every member. */
    public static final byte[] MINUS_INFINITY = new byte[0];
    /** "+": above every member. */
    public static final byte[] PLUS_INFINITY = new byte[0];

    private final byte[] min;
    private final boolean minExclusive;
    private final byte[] max;
    private final boolean maxExclusive;

    public LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.maxExclusive = maxExclusive;
    }

    /** Redis's sdscmplex of a member slice against a bound. */
    private static int compare(byte[] b, int off, int len, byte[] bound) {
        if (bound == MINUS_INFINITY) return 1;
        if (bound == PLUS_INFINITY) return -1;
        return Arrays.compareUnsigned(b, off, off + len, bound, 0, bound.length);
    }

    public boolean gteMin(byte[] b, int off, int len) {
        int c = compare(b, off, len, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    public boolean lteMax(byte[] b, int off, int len) {
        int c = compare(b, off, len, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    public boolean gteMin(byte[] m) {
        return gteMin(m, 0, m.length);
    }

    public boolean lteMax(byte[] m) {
        return lteMax(m, 0, m.length);
    }

    /** True when no member can fall in the interval (sdscmplex(min, max) > 0, or equal and an end excluded). */
    public boolean isEmpty() {
        int c;
        if (min == max) c = 0;
        else if (min == MINUS_INFINITY || max == PLUS_INFINITY) c = -1;
        else if (min == PLUS_INFINITY || max == MINUS_INFINITY) c = 1;
        else c = Arrays.compareUnsigned(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }

    byte[] min() {
        return min;
    }

    boolean minExclusive() {
        return minExclusive;
    }

    byte[] max() {
        return max;
    }

    boolean maxExclusive() {
        return maxExclusive;
    }
}

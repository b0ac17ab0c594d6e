package io.basalt.keyspace.type;

import java.util.Arrays;

/**
 * A run of sorted-set entries in order (score, then member bytes), as parallel arrays: the
 * whole content of the compact ("listpack") encoding, or one leaf of {@link ZSetTree}, where
 * leaves are doubly linked so a {@link ZSetValue.Cursor} walks the set in either direction.
 */
final class ZSetLeaf {
    byte[][] members;
    double[] scores;
    int n;
    ZSetLeaf prev;
    ZSetLeaf next;

    ZSetLeaf(int capacity) {
        members = new byte[capacity][];
        scores = new double[capacity];
    }

    /** Orders (s1, m1) against (s2, b[off..off+len)): score first, then member bytes as memcmp. */
    static int compare(double s1, byte[] m1, double s2, byte[] b, int off, int len) {
        if (s1 < s2) return -1;
        if (s1 > s2) return 1;
        return Arrays.compareUnsigned(m1, 0, m1.length, b, off, off + len);
    }

    /** First index whose entry is not below (s, member). */
    int lowerBound(double s, byte[] b, int off, int len) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(scores[mid], members[mid], s, b, off, len) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Number of entries whose score is below {@code s} (at most {@code s} if inclusive). */
    int countScoreBelow(double s, boolean inclusive) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double v = scores[mid];
            if (inclusive ? v <= s : v < s) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Number of entries whose member is below {@code m} (at most {@code m} if inclusive), members assumed in order. */
    int countMemberBelow(byte[] m, boolean inclusive) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(members[mid], m);
            if (inclusive ? c <= 0 : c < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Index of the member by a linear scan (the compact encoding's lookup), or -1. */
    int indexOf(byte[] b, int off, int len) {
        for (int i = 0; i < n; i++) {
            byte[] m = members[i];
            if (m.length == len && Arrays.equals(m, 0, len, b, off, off + len)) return i;
        }
        return -1;
    }

    /** Inserts at {@code pos}, growing the arrays by half when full (compact runs grow; tree leaves never fill). */
    void insertAt(int pos, byte[] m, double s) {
        if (n == members.length) {
            int cap = Math.max(4, n + (n >> 1));
            members = Arrays.copyOf(members, cap);
            scores = Arrays.copyOf(scores, cap);
        }
        System.arraycopy(members, pos, members, pos + 1, n - pos);
        System.arraycopy(scores, pos, scores, pos + 1, n - pos);
        members[pos] = m;
        scores[pos] = s;
        n++;
    }

    void removeAt(int pos) {
        removeRange(pos, 1);
    }

    void removeRange(int from, int count) {
        System.arraycopy(members, from + count, members, from, n - from - count);
        System.arraycopy(scores, from + count, scores, from, n - from - count);
        Arrays.fill(members, n - count, n, null);
        n -= count;
    }

    /** Moves entries [from, n) to the start of the empty leaf {@code dst}. */
    void moveTail(int from, ZSetLeaf dst) {
        int k = n - from;
        System.arraycopy(members, from, dst.members, 0, k);
        System.arraycopy(scores, from, dst.scores, 0, k);
        Arrays.fill(members, from, n, null);
        dst.n = k;
        n = from;
    }

    /** Appends all of {@code src}'s entries (they fit). */
    void append(ZSetLeaf src) {
        System.arraycopy(src.members, 0, members, n, src.n);
        System.arraycopy(src.scores, 0, scores, n, src.n);
        n += src.n;
    }
}

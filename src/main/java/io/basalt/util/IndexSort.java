package io.basalt.util;

/**
 * Sorts of an array of indices under a caller's order, for results where the placement of
 * equal elements is part of the reply (SORT). {@link #stable} keeps equal elements in input
 * order, as glibc's qsort (a merge sort) does; {@link #partial} is the Bentley-McIlroy
 * quicksort of Redis's pqsort, which only recurses into parts that overlap a wanted range
 * and moves equal elements the way that algorithm does.
 */
public final class IndexSort {
    private IndexSort() {}

    /** An order on indices: negative, zero or positive like a comparator. */
    @FunctionalInterface
    public interface Order {
        int compare(int a, int b);
    }

    /** Stable merge sort of {@code v}. */
    public static void stable(int[] v, Order order) {
        if (v.length > 1) mergeSort(v, new int[v.length], 0, v.length, order);
    }

    private static void mergeSort(int[] v, int[] tmp, int from, int to, Order order) {
        if (to - from < 2) return;
        int mid = from + (to - from) / 2;
        mergeSort(v, tmp, from, mid, order);
        mergeSort(v, tmp, mid, to, order);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) tmp[k++] = order.compare(v[i], v[j]) <= 0 ? v[i++] : v[j++];
        while (i < mid) tmp[k++] = v[i++];
        // What is left of the right half is already in place.
        System.arraycopy(tmp, from, v, from, k - from);
    }

    /**
     * Sorts {@code v} far enough that positions {@code lo..hi} (inclusive, {@code lo <= hi})
     * hold what a full sort would put there; parts entirely outside are left unsorted.
     */
    public static void partial(int[] v, Order order, int lo, int hi) {
        partial(v, 0, v.length, order, lo, hi);
    }

    private static void partial(int[] v, int a, int n, Order order, int lo, int hi) {
        while (true) {
            if (n < 7) {
                for (int m = a + 1; m < a + n; m++) {
                    for (int l = m; l > a && order.compare(v[l - 1], v[l]) > 0; l--) swap(v, l, l - 1);
                }
                return;
            }
            int pm = a + n / 2;
            if (n > 7) {
                int pl = a, pn = a + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = median(v, pl, pl + d, pl + 2 * d, order);
                    pm = median(v, pm - d, pm, pm + d, order);
                    pn = median(v, pn - 2 * d, pn - d, pn, order);
                }
                pm = median(v, pl, pm, pn, order);
            }
            swap(v, a, pm);
            // Partition around v[a]: equal elements gather at both ends, then move to the middle.
            int pa = a + 1, pb = pa, pc = a + n - 1, pd = pc;
            while (true) {
                int r;
                while (pb <= pc && (r = order.compare(v[pb], v[a])) <= 0) {
                    if (r == 0) swap(v, pa++, pb);
                    pb++;
                }
                while (pb <= pc && (r = order.compare(v[pc], v[a])) >= 0) {
                    if (r == 0) swap(v, pc, pd--);
                    pc--;
                }
                if (pb > pc) break;
                swap(v, pb++, pc--);
            }
            int end = a + n;
            int r = Math.min(pa - a, pb - pa);
            swapRuns(v, a, pb - r, r);
            r = Math.min(pd - pc, end - pd - 1);
            swapRuns(v, pb, end - r, r);
            r = pb - pa;
            if (r > 1 && hi >= a && lo <= a + r - 1) partial(v, a, r, order, lo, hi);
            r = pd - pc;
            if (r <= 1 || hi < end - r || lo > end - 1) return;
            a = end - r;
            n = r;
        }
    }

    private static int median(int[] v, int a, int b, int c, Order order) {
        if (order.compare(v[a], v[b]) < 0) {
            if (order.compare(v[b], v[c]) < 0) return b;
            return order.compare(v[a], v[c]) < 0 ? c : a;
        }
        if (order.compare(v[b], v[c]) > 0) return b;
        return order.compare(v[a], v[c]) < 0 ? a : c;
    }

    private static void swap(int[] v, int i, int j) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }

    private static void swapRuns(int[] v, int i, int j, int n) {
        for (int k = 0; k < n; k++) swap(v, i + k, j + k);
    }
}

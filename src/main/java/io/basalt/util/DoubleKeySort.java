package io.basalt.util;

/**
 * Sorts a permutation of indexes by double keys the way Redis orders results with C's
 * comparators ({@code a > b ? 1 : a == b ? 0 : -1}, negated for descending order), so that
 * entries with equal keys come out in Redis's order too:
 * <ul>
 * <li>{@link #stable}: glibc's qsort, a top-down merge sort that keeps equal keys in their
 *     original order;</li>
 * <li>{@link #partial}: Redis's pqsort (Bentley and McIlroy's quicksort that only recurses
 *     into partitions overlapping the wanted ranks), used when a COUNT keeps fewer results
 *     than were found. It is not stable, so equal keys end up as its swaps leave them.</li>
 * </ul>
 */
public final class DoubleKeySort {
    private final int[] order;
    private final double[] keys;
    private final boolean descending;

    private DoubleKeySort(int[] order, double[] keys, boolean descending) {
        this.order = order;
        this.keys = keys;
        this.descending = descending;
    }

    /** Sorts {@code order[0..n)} by {@code keys[order[i]]}, equal keys keeping their order. */
    public static void stable(int[] order, int n, double[] keys, boolean descending) {
        new DoubleKeySort(order, keys, descending).mergeSort(0, n, new int[n]);
    }

    /**
     * Reorders {@code order[0..n)} so that positions {@code first..last} hold what a full sort
     * would put there, exactly as Redis's pqsort(array, n, size, cmp, first, last) does.
     */
    public static void partial(int[] order, int n, double[] keys, boolean descending, int first, int last) {
        new DoubleKeySort(order, keys, descending).quickSort(0, n, first, last);
    }

    private int compare(int x, int y) {
        double a = keys[x];
        double b = keys[y];
        int c = a > b ? 1 : a == b ? 0 : -1;
        return descending ? -c : c;
    }

    /** glibc's msort: halves (the first one the smaller), then a merge preferring the left run. */
    private void mergeSort(int from, int n, int[] tmp) {
        if (n <= 1) return;
        int n1 = n / 2;
        int n2 = n - n1;
        mergeSort(from, n1, tmp);
        mergeSort(from + n1, n2, tmp);
        int left = from;
        int right = from + n1;
        int t = 0;
        while (n1 > 0 && n2 > 0) {
            if (compare(order[left], order[right]) <= 0) {
                tmp[t++] = order[left++];
                n1--;
            } else {
                tmp[t++] = order[right++];
                n2--;
            }
        }
        while (n1-- > 0) tmp[t++] = order[left++];
        System.arraycopy(tmp, 0, order, from, t);
    }

    private int cmpAt(int i, int j) {
        return compare(order[i], order[j]);
    }

    private void swap(int i, int j) {
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }

    /** Swaps the runs at i and j element by element, front to back, as the C macro does. */
    private void swapRuns(int i, int j, int n) {
        for (int k = 0; k < n; k++) swap(i + k, j + k);
    }

    private int median(int a, int b, int c) {
        return cmpAt(a, b) < 0
                ? (cmpAt(b, c) < 0 ? b : (cmpAt(a, c) < 0 ? c : a))
                : (cmpAt(b, c) > 0 ? b : (cmpAt(a, c) < 0 ? a : c));
    }

    /** Whether the ranks first..last all lie outside the partition [from, from + n). */
    private static boolean outside(int from, int n, int first, int last) {
        return (first < from && last < from) || (first >= from + n && last >= from + n);
    }

    private void quickSort(int from, int n, int first, int last) {
        while (true) {
            if (n < 7) {
                for (int m = from + 1; m < from + n; m++) {
                    for (int l = m; l > from && cmpAt(l - 1, l) > 0; l--) swap(l, l - 1);
                }
                return;
            }
            int pm = from + n / 2;
            if (n > 7) {
                int pl = from;
                int pn = from + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = median(pl, pl + d, pl + 2 * d);
                    pm = median(pm - d, pm, pm + d);
                    pn = median(pn - 2 * d, pn - d, pn);
                }
                pm = median(pl, pm, pn);
            }
            swap(from, pm);
            // Equal keys gather at both ends (pa, pd), then move to the middle.
            int pa = from + 1;
            int pb = pa;
            int pc = from + n - 1;
            int pd = pc;
            while (true) {
                int c;
                while (pb <= pc && (c = cmpAt(pb, from)) <= 0) {
                    if (c == 0) swap(pa++, pb);
                    pb++;
                }
                while (pb <= pc && (c = cmpAt(pc, from)) >= 0) {
                    if (c == 0) swap(pc, pd--);
                    pc--;
                }
                if (pb > pc) break;
                swap(pb++, pc--);
            }
            int end = from + n;
            int r = Math.min(pa - from, pb - pa);
            swapRuns(from, pb - r, r);
            r = Math.min(pd - pc, end - pd - 1);
            swapRuns(pb, end - r, r);
            if ((r = pb - pa) > 1 && !outside(from, r, first, last)) quickSort(from, r, first, last);
            if ((r = pd - pc) > 1) {
                from = end - r;
                n = r;
                if (!outside(from, n, first, last)) continue;
            }
            return;
        }
    }
}

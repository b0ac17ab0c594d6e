package io.basalt.util;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class IndexSortTest {
    private static int[] identity(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }

    @Test
    void stableSortKeepsEqualKeysInInputOrder() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 200; n += 13) {
            int[] keys = new int[n];
            for (int i = 0; i < n; i++) keys[i] = random.nextInt(5);
            int[] v = identity(n);
            IndexSort.stable(v, (a, b) -> Integer.compare(keys[a], keys[b]));
            for (int i = 1; i < n; i++) {
                assertThat(keys[v[i - 1]]).isLessThanOrEqualTo(keys[v[i]]);
                if (keys[v[i - 1]] == keys[v[i]]) assertThat(v[i - 1]).isLessThan(v[i]);
            }
        }
    }

    @Test
    void partialSortPlacesTheWantedRangeAsAFullSortWould() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(120);
            int[] keys = new int[n];
            for (int i = 0; i < n; i++) keys[i] = random.nextInt(1000) * n + i;
            int lo = random.nextInt(n), hi = lo + random.nextInt(n - lo);
            int[] v = identity(n);
            IndexSort.partial(v, (a, b) -> Integer.compare(keys[a], keys[b]), lo, hi);
            int[] sorted = identity(n);
            IndexSort.stable(sorted, (a, b) -> Integer.compare(keys[a], keys[b]));
            assertThat(Arrays.copyOfRange(v, lo, hi + 1)).isEqualTo(Arrays.copyOfRange(sorted, lo, hi + 1));
        }
    }

    @Test
    void partialSortMovesTiesAsRedisPqsortDoes() {
        // Every key equal: redis-server 7.0.15 answers SORT of 1..12 BY a missing key ALPHA LIMIT 0 3 with 12 2 3.
        int[] v = identity(12);
        IndexSort.partial(v, (a, b) -> 0, 0, 2);
        assertThat(Arrays.copyOfRange(v, 0, 3)).containsExactly(11, 1, 2);
        v = identity(12);
        IndexSort.partial(v, (a, b) -> 0, 2, 6);
        assertThat(Arrays.copyOfRange(v, 2, 7)).containsExactly(2, 3, 4, 5, 6);
    }
}

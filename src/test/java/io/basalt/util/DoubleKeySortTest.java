package io.basalt.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DoubleKeySortTest {
    @Test
    void sortsLikeCQsort() {
        int[] order = {0, 1, 2, 3, 4, 5};
        double[] keys = {3, 1, 2, 1, 3, 0};
        DoubleKeySort.stable(order, 6, keys, false);
        assertThat(order).containsExactly(5, 1, 3, 2, 0, 4);
        order = new int[] {0, 1, 2, 3, 4, 5};
        DoubleKeySort.stable(order, 6, keys, true);
        assertThat(order).containsExactly(0, 4, 2, 1, 3, 5);
    }

    /**
     * Cases recorded from C: GEOSEARCH's comparators over arrays of Redis's 40-byte geoPoint
     * structs, sorted by glibc 2.36's qsort (full = 1) or by Redis 7.0.15's pqsort for the
     * first count ranks. Each line: n count descending full keys... | resulting indexes.
     */
    @Test
    void recordedCases() throws IOException {
        String text;
        try (InputStream in = DoubleKeySortTest.class.getResourceAsStream("/geo/redis-sort-cases.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        int cases = 0;
        for (String line : text.split("\n")) {
            String[] parts = line.split(" \\|");
            String[] h = parts[0].split(" ");
            int n = Integer.parseInt(h[0]);
            int count = Integer.parseInt(h[1]);
            boolean descending = h[2].equals("1");
            boolean full = h[3].equals("1");
            double[] keys = new double[n];
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                keys[i] = Double.parseDouble(h[4 + i]);
                order[i] = i;
            }
            if (full) DoubleKeySort.stable(order, n, keys, descending);
            else DoubleKeySort.partial(order, n, keys, descending, 0, count - 1);
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < (full ? n : count); i++) got.append(' ').append(order[i]);
            assertThat(got.toString()).as(line).isEqualTo(parts[1]);
            cases++;
        }
        assertThat(cases).isGreaterThan(100);
    }
}

package io.basalt.observability;

import io.basalt.util.LatencyHistogram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {
    /** Pairs (recorded usec, printed value) observed in Redis 7.0.15's INFO latencystats. */
    @Test
    void singleValuesMatchRedis() {
        long[][] vectors = {{6, 6015}, {11, 11007}, {19, 19071}, {21, 21119}, {26, 26111}, {142, 142335}, {1, 1003}};
        for (long[] v : vectors) {
            LatencyHistogram h = new LatencyHistogram();
            h.record(v[0] * 1000);
            assertThat(h.valueAtPercentile(50)).as("usec %d", v[0]).isEqualTo(v[1]);
            assertThat(h.valueAtPercentile(99.9)).isEqualTo(v[1]);
        }
    }

    @Test
    void percentilesOverManyValues() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 7; i++) h.record(19_000);
        h.record(142_000);
        assertThat(h.valueAtPercentile(50)).isEqualTo(19071);
        assertThat(h.valueAtPercentile(99)).isEqualTo(142335);
        assertThat(h.totalCount()).isEqualTo(8);
        LatencyHistogram clamp = new LatencyHistogram();
        clamp.record(0);
        clamp.record(5_000_000_000L);
        assertThat(clamp.valueAtPercentile(0)).isEqualTo(1);
        assertThat(clamp.valueAtPercentile(100)).isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(clamp.valueAtPercentile(100)).isLessThan(1_010_000_000L);
    }
}

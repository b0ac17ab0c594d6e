package io.basalt.observability;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstantaneousMetricsTest {
    @Test
    void ratesAverageTheLastSixteenSamplesAndDecayWhenIdle() {
        Harness h = new Harness();
        InstantaneousMetrics m = new InstantaneousMetrics(h.engine);
        long t = 1_000_000_000L;
        m.maybeSample(t);
        for (int i = 0; i < 16; i++) {
            h.engine.stats().commandsProcessed += 5000; // 5000 per 100 ms = 50,000 per second
            t += 100_000;
            m.maybeSample(t);
        }
        assertThat(m.get(InstantaneousMetrics.OPS)).isEqualTo(50_000);
        for (int i = 0; i < 16; i++) {
            t += 100_000;
            m.maybeSample(t);
        }
        assertThat(m.get(InstantaneousMetrics.OPS)).isZero();
    }
}

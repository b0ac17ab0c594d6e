package io.basalt.observability;

import io.basalt.command.Engine;
import io.basalt.command.ServerStats;

/**
 * instantaneous_ops_per_sec and the kbps fields: like Redis's trackInstantaneousMetric, one
 * sample per 100 ms of the per-second rate since the previous sample, averaged over the last
 * 16. Sampled by a cron task (so an idle server decays to 0, as Redis does).
 */
final class InstantaneousMetrics {
    private static final int SAMPLES = 16;
    private static final long PERIOD_MICROS = 100_000;
    static final int OPS = 0, NET_IN = 1, NET_OUT = 2;

    private final Engine engine;
    private final long[][] samples = new long[3][SAMPLES];
    private final long[] lastValue = new long[3];
    private long lastMicros = -1;
    private int index;

    InstantaneousMetrics(Engine engine) {
        this.engine = engine;
    }

    /** Takes a sample if the period has passed. Called inside the execution order. */
    void maybeSample(long nowMicros) {
        if (lastMicros >= 0 && nowMicros - lastMicros < PERIOD_MICROS) return;
        ServerStats s = engine.stats();
        long[] now = {s.commandsProcessed, s.netInputBytes, s.netOutputBytes};
        if (lastMicros >= 0) {
            long dt = Math.max(1, nowMicros - lastMicros);
            for (int m = 0; m < 3; m++) samples[m][index] = (now[m] - lastValue[m]) * 1_000_000 / dt;
            index = (index + 1) % SAMPLES;
        }
        System.arraycopy(now, 0, lastValue, 0, 3);
        lastMicros = nowMicros;
    }

    long get(int metric) {
        long sum = 0;
        for (long v : samples[metric]) sum += v;
        return sum / SAMPLES;
    }
}

package io.basalt.observability;

import io.basalt.command.CommandSpec;
import io.basalt.protocol.ReplyWriter;

/**
 * Per-command latency histograms reported as Redis 7.0's LATENCY HISTOGRAM reports its
 * HdrHistogram (1 ns .. 1 s, 2 significant digits) through a logarithmic iterator that starts
 * at 1024 ns and doubles: bucket k counts the calls up to level L = 1024·2^k ns (up to the end
 * of the HdrHistogram sub-bucket holding L, whose width is L/128) and is labelled with that
 * end in µs. Only the bucket counts are kept, which is all the reply needs.
 */
public final class LatencyHistogram {
    static final int BUCKETS = 21;
    private static final long MAX_NANOS = 1_000_000_000L;

    private LatencyHistogram() {}

    /** Records one call of {@code durationMicros}. */
    static void record(CommandSpec spec, long durationMicros) {
        long[] h = spec.latencyHistogram;
        if (h == null) h = spec.latencyHistogram = new long[BUCKETS];
        long ns = Math.max(1, Math.min(MAX_NANOS, durationMicros * 1000));
        int k = 0;
        while (k < BUCKETS - 1 && ns > upperNanos(k)) k++;
        h[k]++;
    }

    /** The last nanosecond value HdrHistogram counts at level k. */
    private static long upperNanos(int k) {
        long level = 1024L << k;
        return level + (level >> 7) - 1;
    }

    /** {@code {calls, histogram_usec: {µs: cumulative count...}}} for one command. */
    static void reply(ReplyWriter r, long[] h) {
        long total = 0;
        int nonEmpty = 0;
        for (long n : h) {
            total += n;
            if (n > 0) nonEmpty++;
        }
        r.map(2);
        r.bulk("calls");
        r.integer(total);
        r.bulk("histogram_usec");
        r.map(nonEmpty);
        long cumulative = 0;
        for (int k = 0; k < h.length; k++) {
            if (h[k] == 0) continue;
            cumulative += h[k];
            r.integer(upperNanos(k) / 1000);
            r.integer(cumulative);
        }
    }
}

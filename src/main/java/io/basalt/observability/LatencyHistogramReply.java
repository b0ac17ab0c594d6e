package io.basalt.observability;

import io.basalt.protocol.ReplyWriter;
import io.basalt.util.LatencyHistogram;

import java.util.ArrayList;
import java.util.List;

/**
 * LATENCY HISTOGRAM's view of a command's latency histogram, as Redis's fillCommandCDF walks
 * its hdr_histogram with a logarithmic iterator starting at 1024 ns and doubling: each step
 * reports the cumulative count up to the end of the sub-bucket holding the level, labelled
 * with that end in microseconds, and only steps whose count grew are printed.
 */
final class LatencyHistogramReply {
    private static final long FIRST_LEVEL_NANOS = 1024;

    private LatencyHistogramReply() {}

    /** {@code {calls, histogram_usec: {µs: cumulative count...}}} for one command. */
    static void reply(ReplyWriter r, LatencyHistogram h) {
        long total = h.totalCount();
        List<long[]> steps = new ArrayList<>();
        long previous = 0;
        for (long level = FIRST_LEVEL_NANOS; previous < total; level <<= 1) {
            long cumulative = h.countAtOrBelow(level);
            if (cumulative > previous) steps.add(new long[] {LatencyHistogram.highestEquivalent(level) / 1000, cumulative});
            previous = cumulative;
            if (level > LatencyHistogram.MAX_VALUE) break;
        }
        r.map(2);
        r.bulk("calls");
        r.integer(total);
        r.bulk("histogram_usec");
        r.map(steps.size());
        for (long[] s : steps) {
            r.integer(s[0]);
            r.integer(s[1]);
        }
    }
}

package io.basalt.observability;

import io.basalt.command.CallListener;
import io.basalt.command.Client;
import io.basalt.command.CommandSpec;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.util.LatencyHistogram;


/**
 * Per-command latency histograms for INFO latencystats, fed by every executed command while
 * latency-tracking is yes (Redis records duration*1000 ns, so microsecond resolution).
 * Runs inside the execution order; the histograms live on the command specs, so CONFIG
 * RESETSTAT clears them with the other per-command statistics.
 */
public final class LatencyTracker implements CallListener {
    private volatile boolean enabled = true;

    public LatencyTracker(Config config) {
        config.watch(Directives.LATENCY_TRACKING, v -> enabled = (Boolean) v);
    }

    @Override
    public void afterCall(Client c, CommandSpec spec, long startMicros, long durationMicros) {
        if (!enabled) return;
        LatencyHistogram h = spec.latencyHistogram;
        if (h == null) h = spec.latencyHistogram = new LatencyHistogram();
        h.record(durationMicros * 1000);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The histogram of a command, or null if it never ran while tracking was on. */
    public LatencyHistogram histogram(CommandSpec spec) {
        return spec.latencyHistogram;
    }
}

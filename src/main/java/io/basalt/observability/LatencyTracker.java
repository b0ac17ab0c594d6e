package io.basalt.observability;

import io.basalt.command.CallListener;
import io.basalt.command.Client;
import io.basalt.command.CommandSpec;
import io.basalt.config.Config;
import io.basalt.config.Directives;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Per-command latency histograms for INFO latencystats, fed by every executed command while
 * latency-tracking is yes (Redis records duration*1000 ns, so microsecond resolution).
 * Runs inside the execution order; CONFIG RESETSTAT calls {@link #reset}.
 */
public final class LatencyTracker implements CallListener {
    private final Map<CommandSpec, LatencyHistogram> histograms = new IdentityHashMap<>();
    private volatile boolean enabled = true;

    public LatencyTracker(Config config) {
        config.watch(Directives.LATENCY_TRACKING, v -> enabled = (Boolean) v);
    }

    @Override
    public void afterCall(Client c, CommandSpec spec, long startMicros, long durationMicros) {
        if (!enabled) return;
        LatencyHistogram h = histograms.get(spec);
        if (h == null) {
            h = new LatencyHistogram();
            histograms.put(spec, h);
        }
        h.record(durationMicros * 1000);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The histogram of a command, or null if it never ran while tracking was on. */
    public LatencyHistogram histogram(CommandSpec spec) {
        return histograms.get(spec);
    }

    public void reset() {
        histograms.clear();
    }
}

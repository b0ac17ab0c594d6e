package io.basalt.observability;

import io.basalt.command.Engine;
import io.basalt.command.spi.ServerControl;
import io.basalt.config.Directives;


/**
 * Process-wide facts the INFO sections and MEMORY share: run id, start time (from
 * {@link ServerControl} when the server wiring set one, else the time the engine was
 * built), memory baselines, instantaneous metrics and latency histograms.
 */
public final class ServerInfo {
    private final Engine engine;
    private final String runId = io.basalt.util.RandomIds.hex40();
    private final long builtMillis;
    final MemoryReport memory;
    final InstantaneousMetrics metrics;
    final LatencyTracker latency;

    ServerInfo(Engine engine) {
        this.engine = engine;
        this.builtMillis = engine.clock().millis();
        this.memory = new MemoryReport(engine);
        this.metrics = new InstantaneousMetrics(engine);
        this.latency = new LatencyTracker(engine.config());
    }

    public Engine engine() {
        return engine;
    }

    public String runId() {
        return runId;
    }

    public long startMillis() {
        ServerControl c = engine.control();
        return c != null ? c.startMillis() : builtMillis;
    }

    public long uptimeSeconds() {
        return (engine.clock().millis() - startMillis()) / 1000;
    }

    public int port() {
        ServerControl c = engine.control();
        return c != null ? c.port() : engine.config().getInt(Directives.PORT);
    }

    public LatencyTracker latency() {
        return latency;
    }
}

package io.basalt.observability;

import io.basalt.command.CallListener;
import io.basalt.command.Client;
import io.basalt.command.CommandFlag;
import io.basalt.command.CommandSpec;
import io.basalt.command.Engine;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.util.Clock;

import java.util.List;

/**
 * One server's slow log, latency monitor and MONITOR subscribers, fed after each command
 * in the order of Redis's call(): latency event, slow log, MONITOR, latency histogram.
 */
public final class Observer implements CallListener {
    private final Engine engine;
    private final Clock clock;
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    private volatile long slowerThan;
    private volatile long slowlogMaxLen;
    private volatile long latencyThreshold;

    Observer(Engine engine) {
        this.engine = engine;
        this.clock = engine.clock();
        Config config = engine.config();
        config.watch(Directives.SLOWLOG_LOG_SLOWER_THAN, v -> slowerThan = (Long) v);
        config.watch(Directives.SLOWLOG_MAX_LEN, v -> slowlogMaxLen = (Long) v);
        config.watch(Directives.LATENCY_MONITOR_THRESHOLD, v -> latencyThreshold = (Long) v);
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public LatencyMonitor latency() {
        return latency;
    }

    long latencyThreshold() {
        return latencyThreshold;
    }

    long slowerThan() {
        return slowerThan;
    }

    @Override
    public void afterCall(Client c, CommandSpec spec, long startMicros, long durationMicros) {
        long ms = durationMicros / 1000;
        if (latencyThreshold > 0 && ms >= latencyThreshold) {
            latency.addSample(spec.has(CommandFlag.FAST) ? "fast-command" : "command", ms, clock.millis() / 1000);
        }
        byte[][] logged = null;
        if (!spec.has(CommandFlag.SKIP_SLOWLOG) && slowerThan >= 0 && slowlogMaxLen > 0) {
            if (durationMicros >= slowerThan) {
                logged = Monitors.loggedArgs(c, spec);
                slowLog.push(c, logged, durationMicros, clock.millis() / 1000);
            }
            slowLog.trimTo(slowlogMaxLen);
        }
        List<Client> monitors = engine.clients().monitors();
        if (!monitors.isEmpty() && !spec.has(CommandFlag.ADMIN) && !spec.has(CommandFlag.SKIP_MONITOR)) {
            if (logged == null) logged = Monitors.loggedArgs(c, spec);
            Monitors.feed(monitors, c, logged, clock.micros());
        }
    }
}

package io.basalt.observability;

import io.basalt.command.Client;
import io.basalt.command.CommandFamily;
import io.basalt.command.Engine;
import io.basalt.command.InfoRegistry;
import io.basalt.protocol.Args;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * INFO and MEMORY. One instance serves one engine: {@link #attach} installs the built-in INFO
 * sections, in Redis's output order, the latency listener and the metrics sampling cron task.
 */
public final class InfoCommands implements CommandFamily {
    private ServerInfo info;

    @Override
    public void register(Binder b) {
        b.bind("info", this::info);
        b.bind("memory|usage", c -> MemoryCommands.usage(c));
        b.bind("memory|stats", c -> MemoryCommands.stats(c, info.memory.snapshot()));
        b.bind("memory|doctor", c -> MemoryCommands.verbatim(c, info.memory.doctor()));
        b.bind("memory|malloc-stats", c -> c.reply().bulk("Stats not supported for the current allocator"));
        b.bind("memory|purge", MemoryCommands::purge);
        b.bind("memory|help", MemoryCommands::help);
    }

    @Override
    public void attach(Engine engine) {
        info = new ServerInfo(engine);
        engine.stats().lastSave = engine.clock().millis() / 1000;
        InfoRegistry r = engine.info();
        r.register(new ServerSection(info));
        r.register(new ClientsSection(info));
        r.register(new MemorySection(info));
        r.register(new StatsSection(info));
        r.register(new CpuSection(info));
        r.register(new ModulesSection(info));
        r.register(new CommandStatsSection(info));
        r.register(new ErrorStatsSection(info));
        r.register(new LatencyStatsSection(info));
        r.register(new ClusterSection(info));
        r.register(new KeyspaceSection(info));
        engine.addCallListener(info.latency);
        // Redis's trackInstantaneousMetric runs from serverCron every 100 ms, on one clock.
        InstantaneousMetrics metrics = info.metrics;
        engine.addCronTask(() -> metrics.maybeSample(engine.clock().micros()));
    }

    /** The facts this family keeps for its engine (tests, CONFIG RESETSTAT). */
    public ServerInfo serverInfo() {
        return info;
    }

    private void info(Client c) {
        Args a = c.args();
        List<String> sections = new ArrayList<>(a.count() - 1);
        for (int i = 1; i < a.count(); i++) sections.add(a.string(i));
        String text = c.engine().info().render(sections);
        c.reply().verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
    }
}

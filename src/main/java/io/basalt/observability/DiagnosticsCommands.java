package io.basalt.observability;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.CommandSpec;
import io.basalt.command.Engine;
import io.basalt.command.Help;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** SLOWLOG, LATENCY and MONITOR: reading what the {@link Observer} records after each call. */
public final class DiagnosticsCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("slowlog|get", DiagnosticsCommands::slowlogGet);
        b.bind("slowlog|len", DiagnosticsCommands::slowlogLen);
        b.bind("slowlog|reset", DiagnosticsCommands::slowlogReset);
        b.bind("slowlog|help", DiagnosticsCommands::slowlogHelp);
        b.bind("latency|latest", DiagnosticsCommands::latencyLatest);
        b.bind("latency|history", DiagnosticsCommands::latencyHistory);
        b.bind("latency|reset", DiagnosticsCommands::latencyReset);
        b.bind("latency|doctor", DiagnosticsCommands::latencyDoctor);
        b.bind("latency|histogram", DiagnosticsCommands::latencyHistogram);
        b.bind("latency|help", DiagnosticsCommands::latencyHelp);
        b.bind("monitor", DiagnosticsCommands::monitor);
    }

    @Override
    public void attach(Engine engine) {
        Observer o = new Observer(engine);
        engine.provide(Observer.class, o);
        engine.addCallListener(o);
    }

    private static Observer observer(Client c) {
        return c.engine().service(Observer.class);
    }

    // ---- SLOWLOG ---------------------------------------------------------------------------

    static void slowlogGet(Client c) {
        Args a = c.args();
        if (a.count() > 3) throw new CommandError(Errors.subcommandSyntax(a.string(1), "SLOWLOG"));
        SlowLog log = observer(c).slowLog();
        long count = 10;
        if (a.count() == 3) {
            count = Arguments.longArg(a, 2, Errors.SLOWLOG_COUNT);
            if (count < -1) throw new CommandError(Errors.SLOWLOG_COUNT);
            if (count == -1) count = log.size();
        }
        long n = Math.min(count, log.size());
        ReplyWriter r = c.reply();
        r.array(n);
        Iterator<SlowLog.Entry> it = log.iterator();
        for (long i = 0; i < n; i++) {
            SlowLog.Entry e = it.next();
            r.array(6);
            r.integer(e.id());
            r.integer(e.unixSeconds());
            r.integer(e.micros());
            r.array(e.args().length);
            for (byte[] arg : e.args()) r.bulk(arg);
            r.bulk(e.address());
            r.bulk(e.name());
        }
    }

    static void slowlogLen(Client c) {
        c.reply().integer(observer(c).slowLog().size());
    }

    static void slowlogReset(Client c) {
        observer(c).slowLog().reset();
        c.reply().ok();
    }

    static void slowlogHelp(Client c) {
        Help.reply(c, "SLOWLOG",
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.");
    }

    // ---- LATENCY ---------------------------------------------------------------------------

    static void latencyLatest(Client c) {
        Map<String, LatencyMonitor.Series> events = observer(c).latency().events();
        ReplyWriter r = c.reply();
        r.array(events.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            LatencyMonitor.Series s = e.getValue();
            int last = s.last();
            r.array(4);
            r.bulk(e.getKey());
            r.integer(s.time[last]);
            r.integer(s.latency[last]);
            r.integer(s.max);
        }
    }

    static void latencyHistory(Client c) {
        LatencyMonitor.Series s = observer(c).latency().events().get(c.args().string(2));
        ReplyWriter r = c.reply();
        if (s == null) {
            r.array(0);
            return;
        }
        int samples = 0;
        for (long t : s.time) if (t != 0) samples++;
        r.array(samples);
        for (int j = 0; j < LatencyMonitor.HISTORY; j++) {
            int i = (s.idx + j) % LatencyMonitor.HISTORY;
            if (s.time[i] == 0) continue;
            r.array(2);
            r.integer(s.time[i]);
            r.integer(s.latency[i]);
        }
    }

    static void latencyReset(Client c) {
        Args a = c.args();
        LatencyMonitor m = observer(c).latency();
        int resets = 0;
        if (a.count() == 2) {
            resets = m.reset(null);
        } else {
            for (int j = 2; j < a.count(); j++) resets += m.reset(a.string(j));
        }
        c.reply().integer(resets);
    }

    static void latencyDoctor(Client c) {
        Observer o = observer(c);
        String report = o.latency().report(o.latencyThreshold(), o.slowerThan(), c.engine().clock().millis() / 1000);
        c.reply().verbatim("txt", report.getBytes(StandardCharsets.UTF_8));
    }

    static void latencyHistogram(Client c) {
        Args a = c.args();
        List<CommandSpec> out = new ArrayList<>();
        if (a.count() == 2) {
            for (CommandSpec spec : c.engine().commands().all()) {
                if (spec.latencyHistogram != null) out.add(spec);
                for (CommandSpec sub : spec.subcommands()) if (sub.latencyHistogram != null) out.add(sub);
            }
        } else {
            for (int j = 2; j < a.count(); j++) {
                CommandSpec spec = c.engine().commands().find(a.string(j));
                if (spec == null) continue;
                if (spec.latencyHistogram != null) out.add(spec);
                for (CommandSpec sub : spec.subcommands()) if (sub.latencyHistogram != null) out.add(sub);
            }
        }
        ReplyWriter r = c.reply();
        r.map(out.size());
        for (CommandSpec spec : out) {
            r.bulk(spec.fullName());
            LatencyHistogramReply.reply(r, spec.latencyHistogram);
        }
    }

    static void latencyHelp(Client c) {
        Help.reply(c, "LATENCY",
                "DOCTOR",
                "    Return a human readable latency analysis report.",
                "GRAPH <event>",
                "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>",
                "    Return time-latency samples for the <event> class.",
                "LATEST",
                "    Return the latest latency samples for all events.",
                "RESET [<event> ...]",
                "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
                "HISTOGRAM [COMMAND ...]",
                "    Return a cumulative distribution of latencies in the format of a histogram for the specified "
                        + "command names.",
                "    If no commands are specified then all histograms are replied.");
    }

    // ---- MONITOR ---------------------------------------------------------------------------

    static void monitor(Client c) {
        if (c.has(Client.MULTI)) throw new CommandError(Errors.MONITOR_IN_MULTI);
        if (c.has(Client.MONITOR)) return;
        c.engine().clients().startMonitoring(c);
        c.reply().ok();
    }
}

package io.basalt.observability;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.Help;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.MemoryUsage;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** MEMORY subcommands (object.c memoryCommand). */
final class MemoryCommands {
    private MemoryCommands() {}

    private static final byte[] SAMPLES = "SAMPLES".getBytes(StandardCharsets.US_ASCII);
    private static final String[] HELP = {
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
    };

    /** MEMORY USAGE key [SAMPLES count]: looks the key up without expiring it, as Redis does. */
    static void usage(Client c) {
        Args a = c.args();
        long samples = MemoryUsage.DEFAULT_SAMPLES;
        for (int j = 3; j < a.count(); j++) {
            if (a.is(j, SAMPLES) && j + 1 < a.count()) {
                samples = Arguments.longArg(a, j + 1);
                if (samples < 0) throw new CommandError(Errors.SYNTAX);
                if (samples == 0) samples = Long.MAX_VALUE;
                j++;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        Database db = c.db();
        int slot = db.slotOf(a.buffer(), a.offset(2), a.length(2));
        if (slot < 0) {
            c.reply().nullBulk();
            return;
        }
        c.reply().integer(MemoryUsage.keyUsage(db.keyAt(slot), db.valueAt(slot), samples));
    }

    static void stats(Client c, MemoryReport.Snapshot m) {
        ReplyWriter r = c.reply();
        r.map(27 + m.dbs.size());
        entry(r, "peak.allocated", m.peakAllocated);
        entry(r, "total.allocated", m.used);
        entry(r, "startup.allocated", m.startupAllocated);
        entry(r, "replication.backlog", 0);
        entry(r, "clients.slaves", 0);
        entry(r, "clients.normal", m.clientsNormal);
        entry(r, "cluster.links", 0);
        entry(r, "aof.buffer", 0);
        entry(r, "lua.caches", 0);
        entry(r, "functions.caches", 0);
        for (long[] db : m.dbs) {
            r.bulk("db." + db[0]);
            r.map(3);
            entry(r, "overhead.hashtable.main", db[1]);
            entry(r, "overhead.hashtable.expires", db[2]);
            entry(r, "overhead.hashtable.slot-to-keys", 0);
        }
        entry(r, "overhead.total", m.overheadTotal);
        entry(r, "keys.count", m.totalKeys);
        entry(r, "keys.bytes-per-key", m.bytesPerKey());
        entry(r, "dataset.bytes", m.dataset());
        doubleEntry(r, "dataset.percentage", (float) m.datasetPerc());
        doubleEntry(r, "peak.percentage", (float) m.peakPerc());
        entry(r, "allocator.allocated", m.used);
        entry(r, "allocator.active", m.committed);
        entry(r, "allocator.resident", m.rss);
        doubleEntry(r, "allocator-fragmentation.ratio", (float) m.allocatorFrag());
        entry(r, "allocator-fragmentation.bytes", m.allocatorFragBytes());
        doubleEntry(r, "allocator-rss.ratio", (float) m.allocatorRss());
        entry(r, "allocator-rss.bytes", m.allocatorRssBytes());
        doubleEntry(r, "rss-overhead.ratio", 1.0f);
        entry(r, "rss-overhead.bytes", 0);
        doubleEntry(r, "fragmentation", (float) m.totalFrag());
        entry(r, "fragmentation.bytes", m.totalFragBytes());
    }

    private static void entry(ReplyWriter r, String name, long v) {
        r.bulk(name);
        r.integer(v);
    }

    /** Redis keeps these ratios as C floats and prints them with "%.17g". */
    private static void doubleEntry(ReplyWriter r, String name, float v) {
        r.bulk(name);
        r.doubleValue(g17(v).getBytes(StandardCharsets.US_ASCII));
    }

    /** C's "%.17g". */
    static String g17(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0" : "0";
        BigDecimal bd = new BigDecimal(d).round(new MathContext(17, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 17) {
            BigDecimal mantissa = bd.movePointLeft(exp).stripTrailingZeros();
            String e = Integer.toString(Math.abs(exp));
            return mantissa.toPlainString() + (exp < 0 ? "e-" : "e+") + (e.length() < 2 ? "0" + e : e);
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    static void verbatim(Client c, String text) {
        c.reply().verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Redis asks jemalloc to return dirty pages to the system; the JVM's counterpart is a
     * collection, after which Shenandoah uncommits the free heap at once (it otherwise waits
     * ShenandoahUncommitDelay, 5 minutes). So RSS after MEMORY PURGE follows the live data.
     */
    static void purge(Client c) {
        System.gc();
        c.reply().ok();
    }

    static void help(Client c) {
        Help.reply(c, "MEMORY", HELP);
    }
}

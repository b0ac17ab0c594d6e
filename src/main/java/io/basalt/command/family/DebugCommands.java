package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Help;
import io.basalt.command.spi.DatasetStore;
import io.basalt.keyspace.AccessClock;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.DatasetDigest;
import io.basalt.keyspace.type.ListValue;
import io.basalt.keyspace.type.Values;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.util.Locale;

/**
 * DEBUG (debug.c): the subcommands tests and operators rely on. DEBUG is one command of
 * arity -2 whose first argument names the action; the dispatcher gates it behind
 * enable-debug-command.
 */
public final class DebugCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("debug", DebugCommands::debug);
    }

    static void debug(Client c) {
        Args a = c.args();
        String sub = a.string(1).toLowerCase(Locale.ROOT);
        int n = a.count();
        switch (sub) {
            case "help" -> {
                if (n != 2) throw syntax(a);
                help(c);
            }
            case "digest" -> {
                if (n != 2) throw syntax(a);
                c.reply().simple(DatasetDigest.hex(DatasetDigest.dataset(c.engine().keyspace())));
            }
            case "digest-value" -> digestValue(c);
            case "object" -> {
                if (n != 3) throw syntax(a);
                object(c);
            }
            case "sleep" -> {
                if (n != 3) throw syntax(a);
                sleep(c);
            }
            case "set-active-expire" -> {
                if (n != 3) throw syntax(a);
                c.engine().keyspace().setActiveExpireEnabled(atoi(a.string(2)) != 0);
                c.reply().ok();
            }
            case "reload" -> reload(c);
            default -> throw syntax(a);
        }
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]. */
    private static void reload(Client c) {
        Args a = c.args();
        boolean flush = true, save = true, merge = false;
        for (int j = 2; j < a.count(); j++) {
            String opt = a.string(j).toLowerCase(Locale.ROOT);
            switch (opt) {
                case "merge" -> merge = true;
                case "noflush" -> flush = false;
                case "nosave" -> save = false;
                default -> throw new CommandError(Errors.DEBUG_RELOAD_OPTIONS);
            }
        }
        String error = c.engine().service(DatasetStore.class).reload(save, flush, merge);
        if (error != null) throw new CommandError(error);
        c.reply().ok();
    }

    private static CommandError syntax(Args a) {
        return new CommandError(Errors.subcommandSyntax(a.string(1), "DEBUG"));
    }

    private static void digestValue(Client c) {
        Args a = c.args();
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        for (int j = 2; j < a.count(); j++) {
            r.simple(DatasetDigest.hex(DatasetDigest.value(c.db(), a.buffer(), a.offset(j), a.length(j))));
        }
    }

    /**
     * "Value at:0x.. refcount:.. encoding:.. serializedlength:.. lru:.. lru_seconds_idle:..",
     * plus quicklist details for lists; serializedlength is the RDB encoding's size
     * (rdbSavedObjectLen), LZF included.
     */
    private static void object(Client c) {
        Args a = c.args();
        Database db = c.db();
        int slot = db.slotOf(a.buffer(), a.offset(2), a.length(2));
        if (slot < 0) throw new CommandError(Errors.NO_SUCH_KEY);
        Object v = db.valueAt(slot);
        AccessClock access = c.engine().keyspace().access();
        int lru = db.lruAt(slot);
        StringBuilder out = new StringBuilder("Value at:0x").append(Long.toHexString(System.identityHashCode(v) & 0xffffffffL))
                .append(" refcount:").append(Values.refcount(v)).append(" encoding:").append(Values.encoding(v))
                .append(" serializedlength:").append(c.engine().service(DatasetStore.class).serializedLength(v))
                .append(" lru:").append(lru).append(" lru_seconds_idle:").append(access.idleMillis(lru) / 1000);
        if (v instanceof ListValue list) {
            out.append(" ql_nodes:").append(list.nodeCount())
                    .append(" ql_avg_node:").append(String.format("%.2f", (double) list.size() / Math.max(1, list.nodeCount())))
                    .append(" ql_listpack_max:").append(list.fill())
                    .append(" ql_compressed:0 ql_uncompressed_size:").append(list.listpackBytes());
        }
        c.reply().simple(out.toString());
    }

    /** DEBUG SLEEP: blocks the execution order like Redis blocks its event loop. */
    private static void sleep(Client c) {
        double seconds = strtod(c.args().string(2));
        long micros = (long) (seconds * 1_000_000);
        if (micros > 0) {
            try {
                Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        c.reply().ok();
    }

    /** C's strtod: the longest numeric prefix, 0 when there is none. */
    static double strtod(String s) {
        String t = s.stripLeading();
        for (int end = t.length(); end > 0; end--) {
            try {
                String p = t.substring(0, end);
                char last = p.charAt(p.length() - 1);
                if (last == 'd' || last == 'D' || last == 'f' || last == 'F') continue;
                return Double.parseDouble(p);
            } catch (NumberFormatException e) {
                // try a shorter prefix
            }
        }
        return 0;
    }

    /** C's atoi: optional sign and leading digits, 0 otherwise. */
    static int atoi(String s) {
        String t = s.stripLeading();
        int i = 0;
        boolean neg = false;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) neg = t.charAt(i++) == '-';
        long v = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && v < Integer.MAX_VALUE) v = v * 10 + (t.charAt(i++) - '0');
        return (int) (neg ? -v : v);
    }

    private static void help(Client c) {
        Help.reply(c, "DEBUG", HELP);
    }

    /** Redis 7.0.15's DEBUG HELP text (built with jemalloc, so MALLCTL is listed). */
    private static final String[] HELP = {
            "AOF-FLUSH-SLEEP <microsec>",
            "    Server will sleep before flushing the AOF, this is used for testing.",
            "ASSERT",
            "    Crash by assertion failed.",
            "CHANGE-REPL-ID",
            "    Change the replication IDs of the instance.",
            "    Dangerous: should be used only for testing the replication subsystem.",
            "CONFIG-REWRITE-FORCE-ALL",
            "    Like CONFIG REWRITE but writes all configuration options, including",
            "    keywords not listed in original configuration file or default values.",
            "CRASH-AND-RECOVER [<milliseconds>]",
            "    Hard crash and restart after a <milliseconds> delay (default 0).",
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LEAK <string>",
            "    Create a memory leak of the input string.",
            "LOG <message>",
            "    Write <message> to the server log.",
            "HTSTATS <dbid>",
            "    Return hash table statistics of the specified Redis database.",
            "HTSTATS-KEY <key>",
            "    Like HTSTATS but for the hash table stored at <key>'s value.",
            "LOADAOF",
            "    Flush the AOF buffers on disk and reload the AOF in memory.",
            "REPLICATE <string>",
            "    Replicates the provided string to replicas, allowing data divergence.",
            "MALLCTL <key> [<val>]",
            "    Get or set a malloc tuning integer.",
            "MALLCTL-STR <key> [<val>]",
            "    Get or set a malloc tuning string.",
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "DROP-CLUSTER-PACKET-FILTER <packet-type>",
            "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
            "OOM",
            "    Crash the server simulating an out-of-memory error.",
            "PANIC",
            "    Crash the server simulating a panic.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "RESTART [<milliseconds>]",
            "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
            "SDSLEN <key>",
            "    Show low level SDS string info representing `key` and value.",
            "SEGFAULT",
            "    Crash the server with sigsegv.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "QUICKLIST-PACKED-THRESHOLD <size>",
            "    Sets the threshold for elements to be inserted as plain vs packed nodes",
            "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
            "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
            "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
            "STRINGMATCH-TEST",
            "    Run a fuzz tester against the stringmatchlen() function.",
            "STRUCTSIZE",
            "    Return the size of different Redis core C structures.",
            "LISTPACK <key>",
            "    Show low level info about the listpack encoding of <key>.",
            "QUICKLIST <key> [<0|1>]",
            "    Show low level info about the quicklist encoding of <key>.",
            "    The optional argument (0 by default) sets the level of detail",
            "CLIENT-EVICTION",
            "    Show low level client eviction pools info (maxmemory-clients).",
            "PAUSE-CRON <0|1>",
            "    Stop periodic cron job processing.",
            "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
            "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
            "    In case NEVER is provided the last observed peak will never be reset",
            "    In case RESET is provided the peak reset time will be restored to the default value",
            "REPLYBUFFER RESIZING <0|1>",
            "    Enable or disable the reply buffer resize cron job",
            "CLUSTERLINK KILL <to|from|all> <node-id>",
            "    Kills the link based on the direction to/from (both) with the provided node.",
    };
}

package io.basalt.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.basalt.config.Directive.IMMUTABLE;
import static io.basalt.config.Directive.PROTECTED;
import static io.basalt.config.Directive.SENSITIVE;
import static io.basalt.config.Types.BOOL;
import static io.basalt.config.Types.STRING;
import static io.basalt.config.Types.WORDS;
import static io.basalt.config.Types.number;
import static io.basalt.config.Types.oneOf;

/** The table of every directive Basalt accepts, with Redis 7.0's names, defaults and limits. */
public final class Directives {
    private Directives() {}

    private static final List<Directive> ALL = new ArrayList<>();
    private static final Map<String, Directive> BY_NAME = new HashMap<>();
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;

    // ---- network -------------------------------------------------------------------------
    public static final Directive PORT = define("port", number(0, 65535, false), 6379L, 0);
    public static final Directive BIND = define("bind", WORDS, List.of("*", "-::*"), 0);
    public static final Directive PROTECTED_MODE = define("protected-mode", BOOL, true, 0);
    public static final Directive TCP_BACKLOG = define("tcp-backlog", number(0, INT_MAX, false), 511L, IMMUTABLE);
    public static final Directive TCP_KEEPALIVE = define("tcp-keepalive", number(0, INT_MAX, false), 300L, 0);
    public static final Directive TIMEOUT = define("timeout", number(0, INT_MAX, false), 0L, 0);
    public static final Directive MAXCLIENTS = define("maxclients", number(1, INT_MAX, false), 10000L, 0);
    public static final Directive IO_THREADS = define("io-threads", number(1, 128, false), 1L, IMMUTABLE);

    // ---- general -------------------------------------------------------------------------
    public static final Directive DATABASES = define("databases", number(1, INT_MAX, false), 16L, IMMUTABLE);
    public static final Directive DIR = define("dir", STRING, "", PROTECTED);
    public static final Directive LOGLEVEL = define("loglevel", oneOf("debug", "verbose", "notice", "warning", "nothing"), "notice", 0);
    public static final Directive LOGFILE = define("logfile", STRING, "", IMMUTABLE);
    public static final Directive PIDFILE = define("pidfile", STRING, "", IMMUTABLE);
    public static final Directive DAEMONIZE = define("daemonize", BOOL, false, IMMUTABLE);
    public static final Directive ALWAYS_SHOW_LOGO = define("always-show-logo", BOOL, false, IMMUTABLE);
    public static final Directive HZ = define("hz", number(0, INT_MAX, false), 10L, 0);
    public static final Directive DYNAMIC_HZ = define("dynamic-hz", BOOL, true, 0);
    public static final Directive ACTIVE_EXPIRE_EFFORT = define("active-expire-effort", number(1, 10, false), 1L, 0);
    public static final Directive REQUIREPASS = define("requirepass", STRING, "", SENSITIVE);
    public static final Directive ENABLE_DEBUG_COMMAND = define("enable-debug-command", oneOf("no", "yes", "local"), "no", IMMUTABLE);
    public static final Directive ENABLE_PROTECTED_CONFIGS = define("enable-protected-configs", oneOf("no", "yes", "local"), "no", IMMUTABLE);
    public static final Directive ENABLE_MODULE_COMMAND = define("enable-module-command", oneOf("no", "yes", "local"), "no", IMMUTABLE);

    // ---- limits --------------------------------------------------------------------------
    public static final Directive PROTO_MAX_BULK_LEN = define("proto-max-bulk-len", number(1024 * 1024, LONG_MAX, true), 512L * 1024 * 1024, 0);
    public static final Directive CLIENT_QUERY_BUFFER_LIMIT = define("client-query-buffer-limit", number(1024 * 1024, LONG_MAX, true), 1024L * 1024 * 1024, 0);
    public static final Directive CLIENT_OUTPUT_BUFFER_LIMIT = define("client-output-buffer-limit", OutputBufferLimitType.INSTANCE,
            List.of("normal", "0", "0", "0", "slave", "268435456", "67108864", "60", "pubsub", "33554432", "8388608", "60"), 0);
    public static final Directive MAXMEMORY = define("maxmemory", number(0, LONG_MAX, true), 0L, 0);
    public static final Directive MAXMEMORY_POLICY = define("maxmemory-policy", oneOf("volatile-lru", "volatile-lfu",
            "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction", 0);
    public static final Directive LFU_LOG_FACTOR = define("lfu-log-factor", number(0, INT_MAX, false), 10L, 0);
    public static final Directive LFU_DECAY_TIME = define("lfu-decay-time", number(0, INT_MAX, false), 1L, 0);

    // ---- observability -------------------------------------------------------------------
    public static final Directive SLOWLOG_LOG_SLOWER_THAN = define("slowlog-log-slower-than", number(-1, LONG_MAX, false), 10000L, 0);
    public static final Directive SLOWLOG_MAX_LEN = define("slowlog-max-len", number(0, LONG_MAX, false), 128L, 0);
    public static final Directive LATENCY_MONITOR_THRESHOLD = define("latency-monitor-threshold", number(0, LONG_MAX, false), 0L, 0);
    public static final Directive LATENCY_TRACKING = define("latency-tracking", BOOL, true, 0);

    // ---- persistence (accepted; the engine lands with the persistence issue) -------------
    public static final Directive SAVE = define("save", WORDS, List.of("3600", "1", "300", "100", "60", "10000"), 0);
    public static final Directive DBFILENAME = define("dbfilename", STRING, "dump.rdb", PROTECTED);
    public static final Directive APPENDONLY = define("appendonly", BOOL, false, 0);

    static Directive define(String name, ValueType type, Object defaultValue, int flags) {
        return define(name, List.of(), type, defaultValue, flags);
    }

    static Directive define(String name, List<String> aliases, ValueType type, Object defaultValue, int flags) {
        Directive d = new Directive(ALL.size(), name, aliases, type, defaultValue, flags);
        ALL.add(d);
        BY_NAME.put(name, d);
        for (String a : aliases) BY_NAME.put(a, d);
        return d;
    }

    public static List<Directive> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** A directive by name or alias, case-insensitively; null if unknown. */
    public static Directive lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

}

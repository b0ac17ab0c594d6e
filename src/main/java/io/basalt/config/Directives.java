package io.basalt.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.basalt.config.Directive.DENY_LOADING;
import static io.basalt.config.Directive.HIDDEN;
import static io.basalt.config.Directive.IMMUTABLE;
import static io.basalt.config.Directive.NOT_IMPLEMENTED;
import static io.basalt.config.Directive.PROTECTED;
import static io.basalt.config.Directive.SENSITIVE;
import static io.basalt.config.Types.BOOL;
import static io.basalt.config.Types.MEMORY;
import static io.basalt.config.Types.OCTAL;
import static io.basalt.config.Types.PERCENT;
import static io.basalt.config.Types.checked;
import static io.basalt.config.Types.enumOf;
import static io.basalt.config.Types.flagsOf;
import static io.basalt.config.Types.numeric;
import static io.basalt.config.Types.oneOf;
import static io.basalt.config.Types.string;

/**
 * Every directive Redis 7.0.15 accepts (its standardConfig table, TLS included, as Debian
 * builds it), in Redis's table order, with its aliases, type, bounds, default and flags.
 * Directives whose effect Basalt does not have yet carry {@link Directive#NOT_IMPLEMENTED}:
 * they are accepted, shown and rewritten like Redis's, and listed once in the start-up log.
 * The directives handled only by the file loader (include, rename-command, user,
 * loadmodule, sentinel, module "x.y" configs, deprecated ones) are in {@link ConfigLoader}.
 */
public final class Directives {
    private Directives() {}

    private static final List<Directive> ALL = new ArrayList<>();
    private static final Map<String, Directive> BY_NAME = new HashMap<>();
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long UINT_MAX = 0xffffffffL;
    private static final long LONG_MAX = Long.MAX_VALUE;
    /** 2^64-1, compared unsigned. */
    private static final long ULLONG_MAX = -1L;
    private static final String NO_DEFRAG = "Active defragmentation cannot be enabled: it requires a Redis server "
            + "compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution";
    /** Redis starts in the directory it was launched from; CONFIG GET dir is always absolute. */
    private static final String DEFAULT_DIR = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize().toString();

    public static final Directive RDBCHECKSUM = define("rdbchecksum", List.of(), BOOL,
            true, IMMUTABLE);
    public static final Directive DAEMONIZE = define("daemonize", List.of(), BOOL,
            false, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive IO_THREADS_DO_READS = define("io-threads-do-reads", List.of(), BOOL,
            false, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive ALWAYS_SHOW_LOGO = define("always-show-logo", List.of(), BOOL,
            false, IMMUTABLE);
    public static final Directive PROTECTED_MODE = define("protected-mode", List.of(), BOOL,
            true, 0);
    public static final Directive RDBCOMPRESSION = define("rdbcompression", List.of(), BOOL,
            true, 0);
    public static final Directive RDB_DEL_SYNC_FILES = define("rdb-del-sync-files", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive ACTIVEREHASHING = define("activerehashing", List.of(), BOOL,
            true, 0);
    public static final Directive STOP_WRITES_ON_BGSAVE_ERROR = define("stop-writes-on-bgsave-error", List.of(), BOOL,
            true, 0);
    public static final Directive SET_PROC_TITLE = define("set-proc-title", List.of(), BOOL,
            true, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive DYNAMIC_HZ = define("dynamic-hz", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive LAZYFREE_LAZY_EVICTION = define("lazyfree-lazy-eviction", List.of(), BOOL,
            false, 0);
    public static final Directive LAZYFREE_LAZY_EXPIRE = define("lazyfree-lazy-expire", List.of(), BOOL,
            false, 0);
    public static final Directive LAZYFREE_LAZY_SERVER_DEL = define("lazyfree-lazy-server-del", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive LAZYFREE_LAZY_USER_DEL = define("lazyfree-lazy-user-del", List.of(), BOOL,
            false, 0);
    public static final Directive LAZYFREE_LAZY_USER_FLUSH = define("lazyfree-lazy-user-flush", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive REPL_DISABLE_TCP_NODELAY = define("repl-disable-tcp-nodelay", List.of(), BOOL,
            false, 0);
    public static final Directive REPL_DISKLESS_SYNC = define("repl-diskless-sync", List.of(), BOOL,
            true, 0);
    public static final Directive AOF_REWRITE_INCREMENTAL_FSYNC = define("aof-rewrite-incremental-fsync", List.of(), BOOL,
            true, 0);
    public static final Directive NO_APPENDFSYNC_ON_REWRITE = define("no-appendfsync-on-rewrite", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive CLUSTER_REQUIRE_FULL_COVERAGE = define("cluster-require-full-coverage", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive RDB_SAVE_INCREMENTAL_FSYNC = define("rdb-save-incremental-fsync", List.of(), BOOL,
            true, 0);
    public static final Directive AOF_LOAD_TRUNCATED = define("aof-load-truncated", List.of(), BOOL,
            true, 0);
    public static final Directive AOF_USE_RDB_PREAMBLE = define("aof-use-rdb-preamble", List.of(), BOOL,
            true, 0);
    public static final Directive AOF_TIMESTAMP_ENABLED = define("aof-timestamp-enabled", List.of(), BOOL,
            false, 0);
    public static final Directive CLUSTER_REPLICA_NO_FAILOVER = define("cluster-replica-no-failover", List.of("cluster-slave-no-failover"), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive REPLICA_LAZY_FLUSH = define("replica-lazy-flush", List.of("slave-lazy-flush"), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive REPLICA_SERVE_STALE_DATA = define("replica-serve-stale-data", List.of("slave-serve-stale-data"), BOOL,
            true, 0);
    public static final Directive REPLICA_READ_ONLY = define("replica-read-only", List.of("slave-read-only"), BOOL,
            true, 0);
    public static final Directive REPLICA_IGNORE_MAXMEMORY = define("replica-ignore-maxmemory", List.of("slave-ignore-maxmemory"), BOOL,
            true, 0);
    public static final Directive JEMALLOC_BG_THREAD = define("jemalloc-bg-thread", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive ACTIVEDEFRAG = define("activedefrag", List.of(), checked(BOOL, v -> (Boolean) v ? NO_DEFRAG : null),
            false, NOT_IMPLEMENTED);
    public static final Directive SYSLOG_ENABLED = define("syslog-enabled", List.of(), BOOL,
            false, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive CLUSTER_ENABLED = define("cluster-enabled", List.of(), BOOL,
            false, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive APPENDONLY = define("appendonly", List.of(), BOOL,
            false, DENY_LOADING);
    public static final Directive CLUSTER_ALLOW_READS_WHEN_DOWN = define("cluster-allow-reads-when-down", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive CLUSTER_ALLOW_PUBSUBSHARD_WHEN_DOWN = define("cluster-allow-pubsubshard-when-down", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive CRASH_LOG_ENABLED = define("crash-log-enabled", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive CRASH_MEMCHECK_ENABLED = define("crash-memcheck-enabled", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive USE_EXIT_ON_PANIC = define("use-exit-on-panic", List.of(), BOOL,
            false, HIDDEN | NOT_IMPLEMENTED);
    public static final Directive DISABLE_THP = define("disable-thp", List.of(), BOOL,
            true, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive CLUSTER_ALLOW_REPLICA_MIGRATION = define("cluster-allow-replica-migration", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive REPLICA_ANNOUNCED = define("replica-announced", List.of(), BOOL,
            true, 0);
    public static final Directive LATENCY_TRACKING = define("latency-tracking", List.of(), BOOL,
            true, 0);
    public static final Directive AOF_DISABLE_AUTO_GC = define("aof-disable-auto-gc", List.of(), BOOL,
            false, 0);
    public static final Directive REPLICA_IGNORE_DISK_WRITE_ERRORS = define("replica-ignore-disk-write-errors", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive ACLFILE = define("aclfile", List.of(), string(false),
            "", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive UNIXSOCKET = define("unixsocket", List.of(), string(true),
            "", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive PIDFILE = define("pidfile", List.of(), string(true),
            "", IMMUTABLE);
    public static final Directive REPLICA_ANNOUNCE_IP = define("replica-announce-ip", List.of("slave-announce-ip"), string(true),
            "", 0);
    public static final Directive MASTERUSER = define("masteruser", List.of(), string(true),
            "", SENSITIVE);
    public static final Directive CLUSTER_ANNOUNCE_IP = define("cluster-announce-ip", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive CLUSTER_CONFIG_FILE = define("cluster-config-file", List.of(), string(false),
            "nodes.conf", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive CLUSTER_ANNOUNCE_HOSTNAME = define("cluster-announce-hostname", List.of(), checked(string(true), Directives::validHostname),
            "", NOT_IMPLEMENTED);
    public static final Directive SYSLOG_IDENT = define("syslog-ident", List.of(), string(false),
            "redis", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive DBFILENAME = define("dbfilename", List.of(), checked(string(false), v -> baseName(v, "dbfilename can't be a path, just a filename", null)),
            "dump.rdb", PROTECTED);
    public static final Directive APPENDFILENAME = define("appendfilename", List.of(), checked(string(false), v -> baseName(v, "appendfilename can't be a path, just a filename", "appendfilename can't be empty")),
            "appendonly.aof", IMMUTABLE);
    public static final Directive APPENDDIRNAME = define("appenddirname", List.of(), checked(string(false), v -> baseName(v, "appenddirname can't be a path, just a dirname", "appenddirname can't be empty")),
            "appendonlydir", IMMUTABLE);
    public static final Directive SERVER_CPULIST = define("server_cpulist", List.of(), string(true),
            "", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive BIO_CPULIST = define("bio_cpulist", List.of(), string(true),
            "", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive AOF_REWRITE_CPULIST = define("aof_rewrite_cpulist", List.of(), string(true),
            "", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive BGSAVE_CPULIST = define("bgsave_cpulist", List.of(), string(true),
            "", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive IGNORE_WARNINGS = define("ignore-warnings", List.of(), string(false),
            "", NOT_IMPLEMENTED);
    public static final Directive PROC_TITLE_TEMPLATE = define("proc-title-template", List.of(), checked(string(false), Directives::validProcTitle),
            "{title} {listen-addr} {server-mode}", NOT_IMPLEMENTED);
    public static final Directive BIND_SOURCE_ADDR = define("bind-source-addr", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive LOGFILE = define("logfile", List.of(), string(false),
            "", IMMUTABLE);
    public static final Directive MASTERAUTH = define("masterauth", List.of(), string(true),
            "", SENSITIVE);
    public static final Directive REQUIREPASS = define("requirepass", List.of(), string(true),
            "", SENSITIVE);
    public static final Directive SUPERVISED = define("supervised", List.of(), oneOf("upstart", "systemd", "auto", "no"),
            "no", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive SYSLOG_FACILITY = define("syslog-facility", List.of(), oneOf("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"),
            "local0", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive REPL_DISKLESS_LOAD = define("repl-diskless-load", List.of(), oneOf("disabled", "on-empty-db", "swapdb"),
            "disabled", DENY_LOADING);
    public static final Directive LOGLEVEL = define("loglevel", List.of(), oneOf("debug", "verbose", "notice", "warning"),
            "notice", 0);
    public static final Directive MAXMEMORY_POLICY = define("maxmemory-policy", List.of(), oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"),
            "noeviction", 0);
    public static final Directive APPENDFSYNC = define("appendfsync", List.of(), oneOf("everysec", "always", "no"),
            "everysec", 0);
    public static final Directive OOM_SCORE_ADJ = define("oom-score-adj", List.of(), enumOf(new String[] {"no", "yes", "relative", "absolute"}, new int[] {0, 1, 1, 2}),
            "no", NOT_IMPLEMENTED);
    public static final Directive ACL_PUBSUB_DEFAULT = define("acl-pubsub-default", List.of(), oneOf("allchannels", "resetchannels"),
            "resetchannels", NOT_IMPLEMENTED);
    public static final Directive SANITIZE_DUMP_PAYLOAD = define("sanitize-dump-payload", List.of(), oneOf("no", "yes", "clients"),
            "no", NOT_IMPLEMENTED);
    public static final Directive ENABLE_PROTECTED_CONFIGS = define("enable-protected-configs", List.of(), oneOf("no", "yes", "local"),
            "no", IMMUTABLE);
    public static final Directive ENABLE_DEBUG_COMMAND = define("enable-debug-command", List.of(), oneOf("no", "yes", "local"),
            "no", IMMUTABLE);
    public static final Directive ENABLE_MODULE_COMMAND = define("enable-module-command", List.of(), oneOf("no", "yes", "local"),
            "no", IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive CLUSTER_PREFERRED_ENDPOINT_TYPE = define("cluster-preferred-endpoint-type", List.of(), oneOf("ip", "hostname", "unknown-endpoint"),
            "ip", NOT_IMPLEMENTED);
    public static final Directive PROPAGATION_ERROR_BEHAVIOR = define("propagation-error-behavior", List.of(), oneOf("ignore", "panic", "panic-on-replicas"),
            "ignore", NOT_IMPLEMENTED);
    public static final Directive SHUTDOWN_ON_SIGINT = define("shutdown-on-sigint", List.of(), checked(flagsOf(new String[] {"default", "save", "nosave", "now", "force"}, new int[] {0, 1, 2, 4, 8}), Directives::validShutdownFlags),
            "default", 0);
    public static final Directive SHUTDOWN_ON_SIGTERM = define("shutdown-on-sigterm", List.of(), checked(flagsOf(new String[] {"default", "save", "nosave", "now", "force"}, new int[] {0, 1, 2, 4, 8}), Directives::validShutdownFlags),
            "default", 0);
    public static final Directive DATABASES = define("databases", List.of(), numeric(1, INT_MAX, 0, false),
            16L, IMMUTABLE);
    public static final Directive PORT = define("port", List.of(), numeric(0, 65535, 0, false),
            6379L, 0);
    public static final Directive IO_THREADS = define("io-threads", List.of(), numeric(1, 128, 0, false),
            1L, IMMUTABLE);
    public static final Directive AUTO_AOF_REWRITE_PERCENTAGE = define("auto-aof-rewrite-percentage", List.of(), numeric(0, INT_MAX, 0, false),
            100L, 0);
    public static final Directive CLUSTER_REPLICA_VALIDITY_FACTOR = define("cluster-replica-validity-factor", List.of("cluster-slave-validity-factor"), numeric(0, INT_MAX, 0, false),
            10L, NOT_IMPLEMENTED);
    public static final Directive LIST_MAX_LISTPACK_SIZE = define("list-max-listpack-size", List.of("list-max-ziplist-size"), numeric(INT_MIN, INT_MAX, 0, false),
            -2L, NOT_IMPLEMENTED);
    public static final Directive TCP_KEEPALIVE = define("tcp-keepalive", List.of(), numeric(0, INT_MAX, 0, false),
            300L, NOT_IMPLEMENTED);
    public static final Directive CLUSTER_MIGRATION_BARRIER = define("cluster-migration-barrier", List.of(), numeric(0, INT_MAX, 0, false),
            1L, NOT_IMPLEMENTED);
    public static final Directive ACTIVE_DEFRAG_CYCLE_MIN = define("active-defrag-cycle-min", List.of(), numeric(1, 99, 0, false),
            1L, NOT_IMPLEMENTED);
    public static final Directive ACTIVE_DEFRAG_CYCLE_MAX = define("active-defrag-cycle-max", List.of(), numeric(1, 99, 0, false),
            25L, NOT_IMPLEMENTED);
    public static final Directive ACTIVE_DEFRAG_THRESHOLD_LOWER = define("active-defrag-threshold-lower", List.of(), numeric(0, 1000, 0, false),
            10L, NOT_IMPLEMENTED);
    public static final Directive ACTIVE_DEFRAG_THRESHOLD_UPPER = define("active-defrag-threshold-upper", List.of(), numeric(0, 1000, 0, false),
            100L, NOT_IMPLEMENTED);
    public static final Directive LFU_LOG_FACTOR = define("lfu-log-factor", List.of(), numeric(0, INT_MAX, 0, false),
            10L, 0);
    public static final Directive LFU_DECAY_TIME = define("lfu-decay-time", List.of(), numeric(0, INT_MAX, 0, false),
            1L, 0);
    public static final Directive REPLICA_PRIORITY = define("replica-priority", List.of("slave-priority"), numeric(0, INT_MAX, 0, false),
            100L, 0);
    public static final Directive REPL_DISKLESS_SYNC_DELAY = define("repl-diskless-sync-delay", List.of(), numeric(0, INT_MAX, 0, false),
            5L, 0);
    public static final Directive MAXMEMORY_SAMPLES = define("maxmemory-samples", List.of(), numeric(1, INT_MAX, 0, false),
            5L, 0);
    public static final Directive MAXMEMORY_EVICTION_TENACITY = define("maxmemory-eviction-tenacity", List.of(), numeric(0, 100, 0, false),
            10L, 0);
    public static final Directive TIMEOUT = define("timeout", List.of(), numeric(0, INT_MAX, 0, false),
            0L, 0);
    public static final Directive REPLICA_ANNOUNCE_PORT = define("replica-announce-port", List.of("slave-announce-port"), numeric(0, 65535, 0, false),
            0L, 0);
    public static final Directive TCP_BACKLOG = define("tcp-backlog", List.of(), numeric(0, INT_MAX, 0, false),
            511L, IMMUTABLE);
    public static final Directive CLUSTER_PORT = define("cluster-port", List.of(), numeric(0, 65535, 0, false),
            0L, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive CLUSTER_ANNOUNCE_BUS_PORT = define("cluster-announce-bus-port", List.of(), numeric(0, 65535, 0, false),
            0L, NOT_IMPLEMENTED);
    public static final Directive CLUSTER_ANNOUNCE_PORT = define("cluster-announce-port", List.of(), numeric(0, 65535, 0, false),
            0L, NOT_IMPLEMENTED);
    public static final Directive CLUSTER_ANNOUNCE_TLS_PORT = define("cluster-announce-tls-port", List.of(), numeric(0, 65535, 0, false),
            0L, NOT_IMPLEMENTED);
    public static final Directive REPL_TIMEOUT = define("repl-timeout", List.of(), numeric(1, INT_MAX, 0, false),
            60L, 0);
    public static final Directive REPL_PING_REPLICA_PERIOD = define("repl-ping-replica-period", List.of("repl-ping-slave-period"), numeric(1, INT_MAX, 0, false),
            10L, 0);
    public static final Directive LIST_COMPRESS_DEPTH = define("list-compress-depth", List.of(), numeric(0, INT_MAX, 0, false),
            0L, NOT_IMPLEMENTED);
    public static final Directive RDB_KEY_SAVE_DELAY = define("rdb-key-save-delay", List.of(), numeric(INT_MIN, INT_MAX, 0, false),
            0L, HIDDEN);
    public static final Directive KEY_LOAD_DELAY = define("key-load-delay", List.of(), numeric(INT_MIN, INT_MAX, 0, false),
            0L, HIDDEN | NOT_IMPLEMENTED);
    public static final Directive ACTIVE_EXPIRE_EFFORT = define("active-expire-effort", List.of(), numeric(1, 10, 0, false),
            1L, 0);
    public static final Directive HZ = define("hz", List.of(), clamped(numeric(0, INT_MAX, 0, false), 1, 500),
            10L, 0);
    public static final Directive MIN_REPLICAS_TO_WRITE = define("min-replicas-to-write", List.of("min-slaves-to-write"), numeric(0, INT_MAX, 0, false),
            0L, 0);
    public static final Directive MIN_REPLICAS_MAX_LAG = define("min-replicas-max-lag", List.of("min-slaves-max-lag"), numeric(0, INT_MAX, 0, false),
            10L, 0);
    public static final Directive WATCHDOG_PERIOD = define("watchdog-period", List.of(), numeric(0, INT_MAX, 0, false),
            0L, HIDDEN | NOT_IMPLEMENTED);
    public static final Directive SHUTDOWN_TIMEOUT = define("shutdown-timeout", List.of(), numeric(0, INT_MAX, 0, false),
            10L, 0);
    public static final Directive REPL_DISKLESS_SYNC_MAX_REPLICAS = define("repl-diskless-sync-max-replicas", List.of(), numeric(0, INT_MAX, 0, false),
            0L, 0);
    public static final Directive MAXCLIENTS = define("maxclients", List.of(), numeric(1, UINT_MAX, 0, true),
            10000L, 0);
    public static final Directive UNIXSOCKETPERM = define("unixsocketperm", List.of(), numeric(0, 0777, OCTAL, true),
            0L, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive SOCKET_MARK_ID = define("socket-mark-id", List.of(), numeric(0, UINT_MAX, 0, true),
            0L, IMMUTABLE | NOT_IMPLEMENTED);
    public static final Directive ACTIVE_DEFRAG_MAX_SCAN_FIELDS = define("active-defrag-max-scan-fields", List.of(), numeric(1, LONG_MAX, 0, false),
            1000L, NOT_IMPLEMENTED);
    public static final Directive SLOWLOG_MAX_LEN = define("slowlog-max-len", List.of(), numeric(0, LONG_MAX, 0, false),
            128L, 0);
    public static final Directive ACLLOG_MAX_LEN = define("acllog-max-len", List.of(), numeric(0, LONG_MAX, 0, false),
            128L, NOT_IMPLEMENTED);
    public static final Directive BUSY_REPLY_THRESHOLD = define("busy-reply-threshold", List.of("lua-time-limit"), numeric(0, LONG_MAX, 0, false),
            5000L, 0);
    public static final Directive CLUSTER_NODE_TIMEOUT = define("cluster-node-timeout", List.of(), numeric(0, LONG_MAX, 0, false),
            15000L, NOT_IMPLEMENTED);
    public static final Directive SLOWLOG_LOG_SLOWER_THAN = define("slowlog-log-slower-than", List.of(), numeric(-1, LONG_MAX, 0, false),
            10000L, 0);
    public static final Directive LATENCY_MONITOR_THRESHOLD = define("latency-monitor-threshold", List.of(), numeric(0, LONG_MAX, 0, false),
            0L, 0);
    public static final Directive PROTO_MAX_BULK_LEN = define("proto-max-bulk-len", List.of(), numeric(1024 * 1024, LONG_MAX, MEMORY, false),
            512L * 1024 * 1024L, 0);
    public static final Directive STREAM_NODE_MAX_ENTRIES = define("stream-node-max-entries", List.of(), numeric(0, LONG_MAX, 0, false),
            100L, NOT_IMPLEMENTED);
    public static final Directive REPL_BACKLOG_SIZE = define("repl-backlog-size", List.of(), numeric(1, LONG_MAX, MEMORY, false),
            1024 * 1024L, 0);
    public static final Directive MAXMEMORY = define("maxmemory", List.of(), numeric(0, ULLONG_MAX, MEMORY, true),
            0L, 0);
    public static final Directive CLUSTER_LINK_SENDBUF_LIMIT = define("cluster-link-sendbuf-limit", List.of(), numeric(0, ULLONG_MAX, MEMORY, true),
            0L, NOT_IMPLEMENTED);
    public static final Directive HASH_MAX_LISTPACK_ENTRIES = define("hash-max-listpack-entries", List.of("hash-max-ziplist-entries"), numeric(0, LONG_MAX, 0, true),
            512L, NOT_IMPLEMENTED);
    public static final Directive SET_MAX_INTSET_ENTRIES = define("set-max-intset-entries", List.of(), numeric(0, LONG_MAX, 0, true),
            512L, NOT_IMPLEMENTED);
    public static final Directive ZSET_MAX_LISTPACK_ENTRIES = define("zset-max-listpack-entries", List.of("zset-max-ziplist-entries"), numeric(0, LONG_MAX, 0, true),
            128L, NOT_IMPLEMENTED);
    public static final Directive ACTIVE_DEFRAG_IGNORE_BYTES = define("active-defrag-ignore-bytes", List.of(), numeric(1, LONG_MAX, MEMORY, true),
            100L << 20L, NOT_IMPLEMENTED);
    public static final Directive HASH_MAX_LISTPACK_VALUE = define("hash-max-listpack-value", List.of("hash-max-ziplist-value"), numeric(0, LONG_MAX, MEMORY, true),
            64L, NOT_IMPLEMENTED);
    public static final Directive STREAM_NODE_MAX_BYTES = define("stream-node-max-bytes", List.of(), numeric(0, LONG_MAX, MEMORY, true),
            4096L, NOT_IMPLEMENTED);
    public static final Directive ZSET_MAX_LISTPACK_VALUE = define("zset-max-listpack-value", List.of("zset-max-ziplist-value"), numeric(0, LONG_MAX, MEMORY, true),
            64L, NOT_IMPLEMENTED);
    public static final Directive HLL_SPARSE_MAX_BYTES = define("hll-sparse-max-bytes", List.of(), numeric(0, LONG_MAX, MEMORY, true),
            3000L, 0);
    public static final Directive TRACKING_TABLE_MAX_KEYS = define("tracking-table-max-keys", List.of(), numeric(0, LONG_MAX, 0, true),
            1000000L, NOT_IMPLEMENTED);
    public static final Directive CLIENT_QUERY_BUFFER_LIMIT = define("client-query-buffer-limit", List.of(), numeric(1024 * 1024, LONG_MAX, MEMORY, true),
            1024L * 1024 * 1024L, 0);
    public static final Directive MAXMEMORY_CLIENTS = define("maxmemory-clients", List.of(), numeric(-100, LONG_MAX, MEMORY | PERCENT, false),
            0L, NOT_IMPLEMENTED);
    public static final Directive REPL_BACKLOG_TTL = define("repl-backlog-ttl", List.of(), numeric(0, LONG_MAX, 0, false),
            60 * 60L, 0);
    public static final Directive AUTO_AOF_REWRITE_MIN_SIZE = define("auto-aof-rewrite-min-size", List.of(), numeric(0, LONG_MAX, MEMORY, false),
            64L * 1024 * 1024L, 0);
    public static final Directive LOADING_PROCESS_EVENTS_INTERVAL_BYTES = define("loading-process-events-interval-bytes", List.of(), numeric(1024, INT_MAX, 0, false),
            1024 * 1024 * 2L, HIDDEN | NOT_IMPLEMENTED);
    public static final Directive TLS_PORT = define("tls-port", List.of(), numeric(0, 65535, 0, false),
            0L, NOT_IMPLEMENTED);
    public static final Directive TLS_SESSION_CACHE_SIZE = define("tls-session-cache-size", List.of(), numeric(0, INT_MAX, 0, false),
            20 * 1024L, NOT_IMPLEMENTED);
    public static final Directive TLS_SESSION_CACHE_TIMEOUT = define("tls-session-cache-timeout", List.of(), numeric(0, INT_MAX, 0, false),
            300L, NOT_IMPLEMENTED);
    public static final Directive TLS_CLUSTER = define("tls-cluster", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive TLS_REPLICATION = define("tls-replication", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive TLS_AUTH_CLIENTS = define("tls-auth-clients", List.of(), oneOf("no", "yes", "optional"),
            "yes", NOT_IMPLEMENTED);
    public static final Directive TLS_PREFER_SERVER_CIPHERS = define("tls-prefer-server-ciphers", List.of(), BOOL,
            false, NOT_IMPLEMENTED);
    public static final Directive TLS_SESSION_CACHING = define("tls-session-caching", List.of(), BOOL,
            true, NOT_IMPLEMENTED);
    public static final Directive TLS_CERT_FILE = define("tls-cert-file", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_KEY_FILE = define("tls-key-file", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_KEY_FILE_PASS = define("tls-key-file-pass", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_CLIENT_CERT_FILE = define("tls-client-cert-file", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_CLIENT_KEY_FILE = define("tls-client-key-file", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_CLIENT_KEY_FILE_PASS = define("tls-client-key-file-pass", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_DH_PARAMS_FILE = define("tls-dh-params-file", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_CA_CERT_FILE = define("tls-ca-cert-file", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_CA_CERT_DIR = define("tls-ca-cert-dir", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_PROTOCOLS = define("tls-protocols", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_CIPHERS = define("tls-ciphers", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive TLS_CIPHERSUITES = define("tls-ciphersuites", List.of(), string(true),
            "", NOT_IMPLEMENTED);
    public static final Directive DIR = define("dir", List.of(), SpecialTypes.DIR,
            DEFAULT_DIR, PROTECTED | DENY_LOADING);
    public static final Directive SAVE = define("save", List.of(), SpecialTypes.SAVE,
            List.of("3600", "1", "300", "100", "60", "10000"), 0);
    public static final Directive CLIENT_OUTPUT_BUFFER_LIMIT = define("client-output-buffer-limit", List.of(), SpecialTypes.CLIENT_OUTPUT_BUFFER_LIMIT,
            SpecialTypes.OBUF_DEFAULT, 0);
    public static final Directive OOM_SCORE_ADJ_VALUES = define("oom-score-adj-values", List.of(), SpecialTypes.OOM_SCORE_ADJ_VALUES,
            List.of("0", "200", "800"), NOT_IMPLEMENTED);
    public static final Directive NOTIFY_KEYSPACE_EVENTS = define("notify-keyspace-events", List.of(), SpecialTypes.NOTIFY_KEYSPACE_EVENTS,
            0L, 0);
    public static final Directive BIND = define("bind", List.of(), SpecialTypes.BIND,
            List.of("*", "-::*"), 0);
    public static final Directive REPLICAOF = define("replicaof", List.of("slaveof"), SpecialTypes.REPLICAOF,
            List.of(), IMMUTABLE);
    public static final Directive LATENCY_TRACKING_INFO_PERCENTILES = define("latency-tracking-info-percentiles", List.of(), SpecialTypes.LATENCY_PERCENTILES,
            List.of("50", "99", "99.9"), 0);

    static Directive define(String name, List<String> aliases, ValueType type, Object defaultValue, int flags) {
        Directive d = new Directive(ALL.size(), name, aliases, type, defaultValue, flags);
        ALL.add(d);
        BY_NAME.put(name, d);
        for (String a : aliases) BY_NAME.put(a, d);
        return d;
    }

    /** Every directive in table order (aliases are not separate entries). */
    public static List<Directive> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** A directive by name or alias, case-insensitively; null if unknown. */
    public static Directive lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** Redis's hz handling: any value in range is accepted, then capped to [1, 500]. */
    private static ValueType clamped(ValueType base, long min, long max) {
        return new ValueType() {
            @Override
            public Object parse(List<String> args) throws ConfigException {
                long v = (Long) base.parse(args);
                return Math.max(min, Math.min(max, v));
            }

            @Override
            public String format(Object value) {
                return base.format(value);
            }
        };
    }

    private static String baseName(Object value, String notBase, String empty) {
        String v = (String) value;
        if (empty != null && v.isEmpty()) return empty;
        return v.indexOf('/') >= 0 ? notBase : null;
    }

    private static String validHostname(Object value) {
        String v = (String) value;
        if (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 256) return "Hostnames must be less than 256 characters";
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
            }
        }
        return null;
    }

    private static String validShutdownFlags(Object value) {
        String v = (String) value;
        List<String> flags = List.of(v.split(" "));
        if (flags.contains("save") && flags.contains("nosave")) {
            return "shutdown options SAVE and NOSAVE can't be used simultaneously";
        }
        return null;
    }

    /**
     * Redis expands the template with an empty title to validate it: every {variable} must be
     * known, braces balanced ("{{" is a literal brace), and the result non-blank.
     */
    private static String validProcTitle(Object value) {
        String t = (String) value;
        StringBuilder out = new StringBuilder();
        int p = 0;
        String bad = "template format is invalid or contains unknown variables";
        while (p < t.length()) {
            int sv = t.indexOf('{', p);
            if (sv < 0) {
                out.append(t, p, t.length());
                break;
            }
            out.append(t, p, sv);
            sv++;
            if (sv >= t.length()) return bad;
            if (t.charAt(sv) == '{') {
                out.append('{');
                p = sv + 1;
                continue;
            }
            int ev = t.indexOf('}', sv);
            if (ev < 0) return bad;
            switch (t.substring(sv, ev)) {
                case "title", "server-mode", "unixsocket", "config-file" -> { }
                case "listen-addr", "port", "tls-port" -> out.append('x');
                default -> {
                    return bad;
                }
            }
            p = ev + 1;
        }
        return out.toString().strip().isEmpty() ? bad : null;
    }
}

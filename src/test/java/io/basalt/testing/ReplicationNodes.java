package io.basalt.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The servers of one replication test, Basalt or redis-server in any role: started with the
 * replication defaults every node shares, made replicas of each other, polled until the
 * replicas have converged, compared by DEBUG DIGEST, and all stopped on {@link #close()}
 * (their directories removed), whatever the test did to them.
 * <pre>
 * try (ReplicationNodes nodes = new ReplicationNodes()) {
 *     Node master = nodes.start(Kind.BASALT);
 *     Node replica = nodes.start(Kind.REDIS, ReplicationNodes.replicaOf(master));
 *     ReplicationNodes.awaitSameData(master, replica);
 * }
 * </pre>
 */
public final class ReplicationNodes implements AutoCloseable {
    /**
     * How long a test waits for the servers to do something (sync, catch up, make progress
     * under load): generous, as the suite shares 2 cores; {@code -Drepl.deadlineSeconds=N}.
     */
    public static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("repl.deadlineSeconds", 60));
    /**
     * A backlog with room for every write a test makes while a replica is away, so that its
     * resync is partial however fast the load runs (the default is 1 MB).
     */
    public static final String[] ROOMY_BACKLOG = {"--repl-backlog-size", "64mb"};
    /**
     * Flags every node gets. Redis 7.0 waits 5 s (repl-diskless-sync-delay) before each
     * diskless full sync for more replicas to join; tests that want the wait ask for it.
     */
    private static final String[] COMMON_ARGS = {"--save", "", "--appendonly", "no", "--enable-debug-command", "yes",
        "--repl-diskless-sync-delay", "0"};

    /** The server a node runs. */
    public enum Kind {
        REDIS, BASALT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The node kinds the scenarios run with, from {@code -Drepl.kinds=redis,basalt} (the
     * default): {@code redis} alone runs every scenario on redis-server only, which
     * validates the scenarios' expectations against Redis 7.0.
     */
    public static List<Kind> kinds() {
        List<Kind> out = new ArrayList<>();
        for (String k : System.getProperty("repl.kinds", "redis,basalt").split(",")) {
            if (!k.isBlank()) out.add(Kind.valueOf(k.strip().toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    /** A scenario's roles: the kind of the master and the kind of its replicas. */
    public record Roles(Kind master, Kind replica) {
        /** Whether the roles need redis-server and it is not installed (the test is then skipped). */
        public boolean redisMissing() {
            return (master == Kind.REDIS || replica == Kind.REDIS) && !RedisProcess.available();
        }

        @Override
        public String toString() {
            return "master=" + master + " replica=" + replica;
        }
    }

    /** Every master/replica combination of {@link #kinds()}: the parameters of each replication scenario. */
    public static List<Roles> roles() {
        List<Roles> out = new ArrayList<>();
        for (Kind m : kinds()) {
            for (Kind r : kinds()) out.add(new Roles(m, r));
        }
        return out;
    }

    /**
     * The seed of a test's data and load: {@code -Drepl.seed=N} replays a run, otherwise a
     * new one, printed so that a failure's seed is in the test's output.
     */
    public static long seed() {
        long seed = Long.getLong("repl.seed", System.nanoTime());
        System.out.println("replication test seed: " + seed + " (replay with -Drepl.seed=" + seed + ")");
        return seed;
    }

    private final Path root;
    private final List<Node> nodes = new ArrayList<>();

    public ReplicationNodes() throws IOException {
        root = Files.createTempDirectory("basalt-repl-");
    }

    /** A node in a fresh directory with {@link #COMMON_ARGS} and then {@code args}. */
    public Node start(Kind kind, String... args) throws IOException {
        Path dir = Files.createTempDirectory(root, kind + "-");
        return add(new Node(kind, dir, null, args, launch(kind, dir, 0, args)));
    }

    /**
     * A node started from a config file, as the seeds' servers are: {@code config} is the
     * file's text for the chosen port and directory; {@code password} is its requirepass
     * (null: none), used by this helper's own connections.
     */
    public Node startWithConfig(Kind kind, String password, ManagedProcess.ConfigText config) throws IOException {
        ManagedProcess p = kind == Kind.REDIS ? RedisProcess.startWithConfig(config) : ServerProcess.startWithConfig(config);
        return add(new Node(kind, p.dir(), password, null, p));
    }

    private Node add(Node n) {
        nodes.add(n);
        return n;
    }

    private static ManagedProcess launch(Kind kind, Path dir, int port, String[] args) throws IOException {
        List<String> all = new ArrayList<>(List.of(COMMON_ARGS));
        all.addAll(List.of(args));
        String[] a = all.toArray(new String[0]);
        return kind == Kind.REDIS ? RedisProcess.startIn(dir, port, a) : ServerProcess.startIn(dir, port, a);
    }

    /** Stops every node still running (SIGTERM, then SIGKILL after a deadline) and removes their directories. */
    @Override
    public void close() {
        for (Node n : nodes) n.process.close();
        ManagedProcess.deleteTree(root);
    }

    /** One server of the test; {@link #restart()} replaces its process, keeping port and directory. */
    public final class Node {
        private final Kind kind;
        private final Path dir;
        private final String password;
        private final String[] args;
        private ManagedProcess process;

        private Node(Kind kind, Path dir, String password, String[] args, ManagedProcess process) {
            this.kind = kind;
            this.dir = dir;
            this.password = password;
            this.args = args;
            this.process = process;
        }

        public int port() {
            return process.port();
        }

        /** The log of the running (or last) process. */
        public String logText() {
            return process.logText();
        }

        /** How many times {@code line} occurs in the log. */
        public int logCount(String line) {
            String log = logText();
            int n = 0;
            for (int at = log.indexOf(line); at >= 0; at = log.indexOf(line, at + line.length())) n++;
            return n;
        }

        /** A connection, authenticated when the node has a password. */
        public RawClient client() throws IOException {
            RawClient c = process.connect();
            if (password != null) {
                String ok = c.text("AUTH", password);
                if (!ok.equals("+OK\r\n")) {
                    c.close();
                    throw new IOException(this + ": AUTH failed: " + ok);
                }
            }
            return c;
        }

        /** A Jedis connection (10 s timeout), authenticated when the node has a password. */
        public Jedis jedis() {
            return new Jedis(new HostAndPort(ManagedProcess.HOST, port()),
                    DefaultJedisClientConfig.builder().timeoutMillis(10_000).password(password).build());
        }

        /** One command's exact reply on a fresh connection. */
        public String call(String... command) throws IOException {
            try (RawClient c = client()) {
                return c.text(command);
            }
        }

        /** An INFO section as field → value, in the server's order. */
        public Map<String, String> info(String section) throws IOException {
            Object reply = Resp.parse(call("INFO", section).getBytes(StandardCharsets.UTF_8));
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : String.valueOf(reply).split("\r\n")) {
                int colon = line.indexOf(':');
                if (line.isEmpty() || line.startsWith("#") || colon < 0) continue;
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
            return out;
        }

        /** INFO replication as field → value. */
        public Map<String, String> replication() throws IOException {
            return info("replication");
        }

        /** An INFO stats counter (sync_full, sync_partial_ok, ...). */
        public long stat(String field) throws IOException {
            String v = info("stats").get(field);
            if (v == null) throw new IllegalStateException(this + ": no " + field + " in INFO stats");
            return Long.parseLong(v);
        }

        /** {@code REPLICAOF 127.0.0.1 <port>}; fails unless the reply is Redis's. */
        public void replicaOf(int masterPort) throws IOException {
            String reply = call("REPLICAOF", ManagedProcess.HOST, Integer.toString(masterPort));
            if (!reply.startsWith("+OK")) throw new IllegalStateException(this + ": REPLICAOF replied " + reply);
        }

        public void replicaOf(Node master) throws IOException {
            replicaOf(master.port());
        }

        /** {@code REPLICAOF NO ONE}: promotes the node to master. */
        public void promote() throws IOException {
            String reply = call("REPLICAOF", "NO", "ONE");
            if (!reply.equals("+OK\r\n")) throw new IllegalStateException(this + ": REPLICAOF NO ONE replied " + reply);
        }

        /**
         * {@code SHUTDOWN SAVE} and waits for the exit. SAVE because the nodes run without
         * save points: only a saved RDB carries the replication id and offset over a restart.
         */
        public void shutdownSave() throws IOException, InterruptedException {
            try (RawClient c = client()) {
                c.send(RawClient.multibulk(bytes("SHUTDOWN"), bytes("SAVE")));
                // No reply on success: the server closes the connection as it exits.
                c.readUntilClose(Duration.ofSeconds(30));
            }
            if (!process.process().waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this + " did not exit after SHUTDOWN SAVE");
            }
        }

        /** kill -9. */
        public void kill() throws InterruptedException {
            process.process().destroyForcibly();
            process.process().waitFor();
        }

        /** Starts the node again on the same port, in the same directory, with the same arguments. */
        public void restart() throws IOException {
            if (args == null) throw new IllegalStateException(this + " was started from a config file: restart it from one");
            if (process.isAlive()) throw new IllegalStateException(this + " is still running");
            process = launch(kind, dir, process.port(), args);
        }

        @Override
        public String toString() {
            return kind + ":" + port();
        }
    }

    // ---- waiting and comparing ------------------------------------------------------------

    /** A state a test waits for: why it does not hold yet, or null once it does. May talk to the servers. */
    @FunctionalInterface
    public interface Pending {
        String reason() throws IOException;
    }

    /** Polls every 20 ms until nothing is pending; on the deadline fails with the last reason. */
    public static void await(Duration within, Pending pending) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        for (String why; (why = pending.reason()) != null; ) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + why);
            ManagedProcess.sleep(20);
        }
    }

    /**
     * Polls until every replica's link is up and its offset equals {@code master}'s
     * master_repl_offset (a sub-replica in a chain compares with the chain's head: it
     * receives the head's stream unchanged).
     */
    public static void awaitConverged(Node master, Node... replicas) throws IOException {
        await(DEADLINE, () -> lagging(master, replicas));
    }

    /** Why a replica has not converged, or null when all have. */
    private static String lagging(Node master, Node... replicas) throws IOException {
        String want = master.replication().get("master_repl_offset");
        for (Node r : replicas) {
            Map<String, String> info = r.replication();
            if (!"up".equals(info.get("master_link_status"))) return r + " master_link_status:" + info.get("master_link_status");
            if (!want.equals(info.get("slave_repl_offset"))) {
                return r + " slave_repl_offset:" + info.get("slave_repl_offset") + ", " + master + " master_repl_offset:" + want;
            }
        }
        return null;
    }

    /**
     * Polls until the replicas have converged and hold {@code master}'s dataset; on the
     * deadline fails with the keys that differ. Converging and comparing repeat together
     * because a key expiring on the master between the two moves the offset.
     */
    public static void awaitSameData(Node master, Node... replicas) throws IOException {
        await(DEADLINE, () -> {
            String lag = lagging(master, replicas);
            return lag != null ? lag : differentData(master, replicas);
        });
    }

    /**
     * Why a replica's data is not the master's, or null. Equal DEBUG DIGESTs settle it;
     * otherwise the datasets are compared key by key, as loaded data: a replica loading the
     * master's RDB turns the -0 score of a small skiplist it converts to a listpack into 0
     * (Redis does so too, see {@link Datasets#compareLoaded}), which changes the digest only.
     */
    private static String differentData(Node master, Node... replicas) {
        try (Jedis m = master.jedis()) {
            String want = Datasets.digest(m);
            Map<String, Datasets.Entry> masterData = null;
            for (Node r : replicas) {
                try (Jedis j = r.jedis()) {
                    if (want.equals(Datasets.digest(j))) continue;
                    if (masterData == null) masterData = Datasets.read(m);
                    List<String> differences = Datasets.compareLoaded(masterData, Datasets.read(j)).differences();
                    if (!differences.isEmpty()) return "the data of " + r + " differs from " + master + "'s: " + differences;
                }
            }
        }
        return null;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The arguments that make a node a replica of {@code master} from its start. */
    public static String[] replicaOf(Node master) {
        return replicaOf(master.port());
    }

    /** The arguments that make a node a replica of whatever listens on {@code port} (a master, a proxy). */
    public static String[] replicaOf(int port) {
        return new String[] {"--replicaof", ManagedProcess.HOST, Integer.toString(port)};
    }
}

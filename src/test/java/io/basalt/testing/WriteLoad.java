package io.basalt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A seeded random write load of every data type for replication tests, on one connection:
 * strings (SET with and without TTL, APPEND, SETRANGE, GETDEL), counters (INCR, INCRBY,
 * DECRBY, INCRBYFLOAT), hashes, lists (pushes, pops, LTRIM, LMOVE), sets (SADD, SREM, SPOP),
 * sorted sets (ZADD, ZINCRBY, ZREM), key TTLs (EXPIRE, a few sub-second PEXPIREs so that the
 * master expires keys and propagates DELs, PERSIST), DEL and UNLINK, and MULTI/EXEC blocks,
 * spread over databases 0, 1 and 9 with SELECT. Each key prefix holds one type, so no write
 * fails with WRONGTYPE: any error reply is a finding.
 * <p>
 * A "write" is one step: a command or a MULTI/EXEC block (with the SELECT before it, if
 * any); it is acknowledged when every reply of the step came back without an error. Runs
 * in the caller's thread ({@link #run}) or on a background thread ({@link #start}) until a
 * duration or a number of writes is reached, {@link #stop()} is called, or the connection
 * fails (a killed server: see {@link #failure()}).
 */
public final class WriteLoad implements AutoCloseable {
    /** Keys per type and database: few enough that writes often hit existing keys. */
    private static final int KEYS = 40;
    private static final String[] PREFIXES = {"s:", "n:", "f:", "h:", "l:", "t:", "z:"};

    private final ReplicationNodes.Node target;
    private final SplittableRandom rnd;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String firstError;
    private volatile IOException failure;
    private volatile boolean stopping;
    private Thread thread;
    private int db = 0;
    private Boolean transactions;

    public WriteLoad(ReplicationNodes.Node target, long seed) {
        this.target = target;
        this.rnd = new SplittableRandom(seed);
    }

    /** Runs {@code writes} writes in the caller's thread; returns how many were acknowledged. */
    public long run(long writes) throws IOException {
        long before = acknowledged.get();
        try (RawClient c = target.client()) {
            for (long i = 0; i < writes; i++) step(c);
        }
        return acknowledged.get() - before;
    }

    /** Starts writing on a background thread until {@link #stop()}, for at most {@link ReplicationNodes#DEADLINE}. */
    public WriteLoad start() {
        return start(ReplicationNodes.DEADLINE);
    }

    /** Starts writing on a background thread for at most {@code duration} (or until {@link #stop()}). */
    public WriteLoad start(Duration duration) {
        if (thread != null) throw new IllegalStateException("already started");
        long end = System.nanoTime() + duration.toNanos();
        thread = new Thread(() -> {
            try (RawClient c = target.client()) {
                while (!stopping && System.nanoTime() < end) step(c);
            } catch (IOException e) {
                failure = e;
            }
        }, "write-load-" + target);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Ends the background load and waits for it; returns the writes acknowledged in all. */
    public long stop() throws InterruptedException {
        stopping = true;
        if (thread != null) thread.join();
        return acknowledged.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Polls until at least {@code writes} writes were acknowledged in all (the load made progress). */
    public void awaitAcknowledged(long writes) throws IOException {
        ReplicationNodes.await(ReplicationNodes.DEADLINE, () -> {
            if (acknowledged.get() >= writes) return null;
            if (thread != null && !thread.isAlive()) {
                throw new AssertionError("the load ended after " + acknowledged.get() + " writes: " + failure);
            }
            return "acknowledged " + acknowledged.get() + " of " + writes + " writes (first error: " + firstError + ")";
        });
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long errors() {
        return errors.get();
    }

    /** The first error reply, or null: the load's commands never fail on a healthy master. */
    public String firstError() {
        return firstError;
    }

    /** The I/O failure that ended the background load (the server went away), or null. */
    public IOException failure() {
        return failure;
    }

    // ---- the writes ------------------------------------------------------------------------

    /** Whether the target knows MULTI (COMMAND INFO names a known command, and answers null for an unknown one). */
    private boolean supportsTransactions(RawClient c) throws IOException {
        if (transactions == null) {
            byte[] info = c.call(command("COMMAND", "INFO", "MULTI"));
            transactions = new String(info, StandardCharsets.UTF_8).contains("multi");
        }
        return transactions;
    }

    private void step(RawClient c) throws IOException {
        List<List<byte[]>> commands = new ArrayList<>();
        if (rnd.nextInt(10) == 0) {
            db = DatasetGenerator.DBS[rnd.nextInt(DatasetGenerator.DBS.length)];
            commands.add(command("SELECT", Integer.toString(db)));
        }
        if (rnd.nextInt(25) == 0) {
            // A server without transactions yet (Basalt before issue 7) gets the block's writes alone.
            boolean multi = supportsTransactions(c);
            if (multi) commands.add(command("MULTI"));
            for (int i = 1 + rnd.nextInt(3); i > 0; i--) commands.add(write());
            if (multi) commands.add(command("EXEC"));
        } else {
            commands.add(write());
        }
        boolean ok = true;
        for (List<byte[]> cmd : commands) {
            byte[] reply = c.call(cmd);
            if (reply.length > 0 && reply[0] == '-') {
                ok = false;
                errors.incrementAndGet();
                if (firstError == null) {
                    firstError = new String(reply, StandardCharsets.UTF_8).strip() + " for " + ReplicaStream.text(cmd);
                }
            }
        }
        if (ok) acknowledged.incrementAndGet();
    }

    private List<byte[]> write() {
        int k = rnd.nextInt(KEYS);
        int op = rnd.nextInt(100);
        if (op < 10) return rnd.nextInt(5) == 0
                ? command("SET", "s:" + k, value(), "EX", Integer.toString(600 + rnd.nextInt(3000)))
                : command("SET", "s:" + k, value());
        if (op < 13) return command("APPEND", "s:" + k, value());
        if (op < 15) return command("SETRANGE", "s:" + k, Integer.toString(rnd.nextInt(64)), value());
        if (op < 16) return command("GETDEL", "s:" + k);
        if (op < 19) return command("INCR", "n:" + k);
        if (op < 21) return command(rnd.nextBoolean() ? "INCRBY" : "DECRBY", "n:" + k, Integer.toString(rnd.nextInt(1000)));
        if (op < 23) return command("INCRBYFLOAT", "f:" + k, Double.toString(rnd.nextInt(1000) / 8.0));
        if (op < 31) return command("HSET", "h:" + k, field(), value(), field(), value());
        if (op < 33) return command("HDEL", "h:" + k, field());
        if (op < 35) return command("HINCRBY", "h:" + k, "count", Integer.toString(rnd.nextInt(100)));
        if (op < 42) return command(rnd.nextBoolean() ? "LPUSH" : "RPUSH", "l:" + k, value(), value());
        if (op < 45) return command(rnd.nextBoolean() ? "LPOP" : "RPOP", "l:" + k);
        if (op < 46) return command("LTRIM", "l:" + k, "0", "49");
        if (op < 47) return command("LMOVE", "l:" + k, "l:" + rnd.nextInt(KEYS), "LEFT", "RIGHT");
        if (op < 54) return command("SADD", "t:" + k, member(), member());
        if (op < 56) return command("SREM", "t:" + k, member());
        if (op < 57) return command("SPOP", "t:" + k);
        if (op < 64) return command("ZADD", "z:" + k, score(), member(), score(), member());
        if (op < 66) return command("ZINCRBY", "z:" + k, score(), member());
        if (op < 68) return command("ZREM", "z:" + k, member());
        if (op < 74) return command("EXPIRE", anyKey(k), Integer.toString(600 + rnd.nextInt(7200)));
        if (op < 75) return command("PEXPIRE", anyKey(k), Integer.toString(50 + rnd.nextInt(500)));
        if (op < 78) return command("PERSIST", anyKey(k));
        if (op < 80) return command(rnd.nextBoolean() ? "DEL" : "UNLINK", anyKey(k));
        return command("SET", "s:" + k, value());
    }

    private String anyKey(int k) {
        return PREFIXES[rnd.nextInt(PREFIXES.length)] + k;
    }

    private String field() {
        return "f" + rnd.nextInt(20);
    }

    private String member() {
        return "m" + rnd.nextInt(60);
    }

    private String score() {
        return rnd.nextInt(8) == 0 ? Double.toString(rnd.nextDouble() * 100) : Integer.toString(rnd.nextInt(2000) - 1000);
    }

    /** Short text, sometimes empty, sometimes with bytes that need binary-safe handling (stored as UTF-8). */
    private String value() {
        return switch (rnd.nextInt(8)) {
            case 0 -> "";
            case 1 -> "\u0000\r\n\u00ff" + rnd.nextInt(100);
            case 2 -> Long.toString(rnd.nextLong());
            default -> "v" + rnd.nextInt(100_000) + "-".repeat(rnd.nextInt(40));
        };
    }

    private static List<byte[]> command(String... words) {
        List<byte[]> out = new ArrayList<>(words.length);
        for (String w : words) out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }
}

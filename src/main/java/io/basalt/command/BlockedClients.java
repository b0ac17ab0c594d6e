package io.basalt.command;

import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.TypeNames;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.LongDouble;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, BLMPOP...), Redis's blocked.c.
 * <p>
 * A handler that finds nothing to serve calls {@link #block}: the client keeps a copy of its
 * arguments, joins the FIFO queue of every key it waits for, and reads no further input.
 * When a key is created ({@link io.basalt.keyspace.KeyAddListener}) it is marked ready;
 * after the command that created it, {@link #serveReadyKeys} re-runs the waiting commands in
 * the order their clients blocked, while the key holds a value of the type they wait for.
 * A re-run either serves the client (its reply is the command's normal reply), fails it
 * (e.g. BLMOVE into a key of the wrong type) or leaves it blocked where it was in the queue
 * (another client took the elements first). Re-running the command rather than a separate
 * "serve" path keeps one implementation of each pop, as Redis 7.2 also does.
 * <p>
 * Timeouts: the cron and every read batch check the earliest deadline, and each blocked
 * connection also schedules a wake-up at its own deadline, so a timeout fires within a few
 * milliseconds even at hz 10.
 */
public final class BlockedClients {
    /** What a client waits for: a key holding a value of this type. */
    public enum Kind {
        LIST(TypeNames.LIST), ZSET(TypeNames.ZSET);

        final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }
    }

    /** A key of one database, as a map key. */
    private record DbKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof DbKey k && k.db == db && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    /** The blocked state of one client. */
    static final class Waiting {
        final Client client;
        final Kind kind;
        final List<DbKey> keys;
        /** Absolute deadline in ms, or 0 to wait forever. */
        final long deadline;
        final Args args;
        final CommandSpec spec;
        final long sequence;
        /** Set while the command re-runs; a re-run that blocks again only clears it. */
        boolean rerunning;

        Waiting(Client client, Kind kind, List<DbKey> keys, long deadline, Args args, CommandSpec spec, long sequence) {
            this.client = client;
            this.kind = kind;
            this.keys = keys;
            this.deadline = deadline;
            this.args = args;
            this.spec = spec;
            this.sequence = sequence;
        }
    }

    private final Engine engine;
    private final Map<DbKey, ArrayDeque<Waiting>> byKey = new HashMap<>();
    /** Keys created since the last serve, in the order they were, without repeats. */
    private LinkedHashSet<DbKey> ready = new LinkedHashSet<>();
    private final TreeSet<Waiting> byDeadline = new TreeSet<>((x, y) -> x.deadline != y.deadline
            ? Long.compare(x.deadline, y.deadline) : Long.compare(x.sequence, y.sequence));
    private long sequence;
    private int count;

    BlockedClients(Engine engine) {
        this.engine = engine;
    }

    /** Number of clients blocked on keys (INFO's blocked_clients). */
    public int count() {
        return count;
    }

    /** Clients with a deadline (INFO's clients_in_timeout_table). */
    public int withTimeout() {
        return byDeadline.size();
    }

    /**
     * Redis's getTimeoutFromObjectOrReply for a timeout in seconds: the seconds (a long
     * double) times 1000, rounded up, as the absolute deadline in ms; 0 waits forever. A
     * value beyond the 64-bit range converts to LLONG_MIN on x86 and is refused as negative;
     * a deadline past the end of time saturates (Redis's sum overflows and never fires).
     */
    public long deadline(Client c, int arg) {
        Args a = c.args();
        LongDouble t = LongDouble.parse(a.buffer(), a.offset(arg), a.length(arg));
        if (t == null) throw new CommandError(Errors.TIMEOUT_NOT_FLOAT);
        long ms = Long.MIN_VALUE;
        if (!t.isInfinite()) {
            BigDecimal v = t.toBigDecimal().movePointRight(3).setScale(0, RoundingMode.CEILING);
            if (v.toBigInteger().bitLength() < 64) ms = v.longValue();
        }
        if (ms < 0) throw new CommandError(Errors.TIMEOUT_NEGATIVE);
        if (ms == 0) return 0;
        long now = engine.keyspace().now();
        return ms > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ms;
    }

    /**
     * Whether a command may block its client: not inside a transaction nor from the AOF, where
     * Redis answers as if the timeout had passed (Redis's CLIENT_DENY_BLOCKING; scripts join
     * when they land).
     */
    public static boolean mayBlock(Client c) {
        return !c.has(Client.MULTI | Client.DENY_BLOCKING);
    }

    /** True while {@code c}'s blocked command re-runs to be served (its propagated form may differ). */
    public static boolean isServing(Client c) {
        BlockedClients.Waiting w = c.waiting();
        return w != null && w.rerunning;
    }

    /**
     * Blocks {@code c} on the {@code keyCount} keys starting at argument {@code firstKey}
     * until one of them holds a value of {@code kind}'s type or {@code deadline} passes
     * (0: never). Called by a command that found nothing to serve; it writes no reply. A
     * command re-run for a ready key that blocks again keeps its place and deadline.
     */
    public void block(Client c, Kind kind, int firstKey, int keyCount, long deadline) {
        Waiting w = c.waiting();
        if (w != null && w.rerunning) {
            w.rerunning = false;
            return;
        }
        Args a = c.args();
        List<DbKey> keys = new ArrayList<>(keyCount);
        for (int i = firstKey; i < firstKey + keyCount; i++) {
            DbKey k = new DbKey(c.db().id(), a.copy(i));
            if (!keys.contains(k)) keys.add(k);
        }
        w = new Waiting(c, kind, keys, deadline, a.copyRange(0, a.count()), c.lastCommand(), sequence++);
        c.setWaiting(w);
        c.set(Client.BLOCKED);
        for (DbKey k : keys) byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(w);
        if (deadline != 0) {
            byDeadline.add(w);
            c.connection().wakeAt(deadline);
        }
        if (count++ == 0) engine.keyspace().setKeyAddListener(this::keyAdded);
    }

    private void keyAdded(Database db, byte[] key) {
        DbKey k = new DbKey(db.id(), key);
        if (byKey.containsKey(k)) ready.add(k);
    }

    /** After SWAPDB every key the clients wait for in those databases may hold new data. */
    public void signalDatabases(int first, int second) {
        for (DbKey k : byKey.keySet()) {
            if (k.db == first || k.db == second) ready.add(k);
        }
    }

    /**
     * Redis's handleClientsBlockedOnKeys: serves the clients waiting on keys created since
     * the last call, key by key in creation order, each key's clients in blocking order.
     * Serving may create keys (BLMOVE's destination): those are served in the same call.
     */
    public void serveReadyKeys() {
        while (!ready.isEmpty()) {
            LinkedHashSet<DbKey> batch = ready;
            ready = new LinkedHashSet<>();
            for (DbKey k : batch) serveKey(k);
        }
    }

    private void serveKey(DbKey k) {
        ArrayDeque<Waiting> queue = byKey.get(k);
        if (queue == null) return;
        Keyspace ks = engine.keyspace();
        Database db = ks.db(k.db);
        for (Waiting w : queue.toArray(new Waiting[0])) {
            if (w.client.waiting() != w) continue;
            int slot = ks.findQuiet(db, k.key, 0, k.key.length);
            if (slot < 0) return;
            String type = TypeNames.of(db.valueAt(slot));
            if (!type.equals(Kind.LIST.typeName) && !type.equals(Kind.ZSET.typeName)) return;
            if (!type.equals(w.kind.typeName)) continue;
            rerun(w);
        }
    }

    /** Runs the blocked command again; unless it blocked once more, the client is done waiting. */
    private void rerun(Waiting w) {
        Client c = w.client;
        Args current = c.args();
        c.setArgs(w.args);
        w.rerunning = true;
        long start = engine.clock().nanos();
        long errorsBefore = c.reply().errorCount();
        try {
            engine.dispatcher().executeServed(c, w.spec);
        } finally {
            c.setArgs(current);
        }
        if (w.rerunning) {
            w.rerunning = false;
            finish(w, start, c.reply().errorCount() > errorsBefore);
        }
    }

    /** Ends the wait of a timed-out or unblocked client with the timeout reply (a null array). */
    private void timeOut(Waiting w) {
        w.client.reply().nullArray();
        finish(w, engine.clock().nanos(), false);
    }

    private void finish(Waiting w, long startNanos, boolean failed) {
        forget(w.client);
        engine.dispatcher().recordUnblocked(w.spec, startNanos, failed);
        w.client.connection().resume();
    }

    /** Times out every client whose deadline has passed. */
    public void expireTimeouts() {
        long now = engine.clock().millis();
        while (!byDeadline.isEmpty() && byDeadline.first().deadline <= now) timeOut(byDeadline.first());
    }

    /**
     * CLIENT UNBLOCK: ends a client's wait with the timeout reply, or with an UNBLOCKED
     * error when {@code error}. False when the client is not blocked on keys.
     */
    public boolean unblock(Client c, boolean error) {
        Waiting w = c.waiting();
        if (w == null) return false;
        if (error) {
            c.reply().error(Errors.UNBLOCKED);
            finish(w, engine.clock().nanos(), true);
        } else {
            timeOut(w);
        }
        return true;
    }

    /** Removes a client's wait without replying (served, timed out, or disconnected). */
    public void forget(Client c) {
        Waiting w = c.waiting();
        if (w == null) return;
        c.setWaiting(null);
        c.clear(Client.BLOCKED);
        for (DbKey k : w.keys) {
            ArrayDeque<Waiting> q = byKey.get(k);
            q.remove(w);
            if (q.isEmpty()) byKey.remove(k);
        }
        byDeadline.remove(w);
        if (--count == 0) engine.keyspace().setKeyAddListener(null);
    }
}

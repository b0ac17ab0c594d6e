package io.basalt.persistence;

import io.basalt.config.ServerVersion;
import io.basalt.keyspace.AccessClock;
import io.basalt.keyspace.DatabaseSnapshot;
import io.basalt.keyspace.Keyspace;
import io.basalt.util.Crc64;
import io.basalt.util.ProcessMetrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static io.basalt.persistence.RdbFormat.OPCODE_EOF;
import static io.basalt.persistence.RdbFormat.OPCODE_SELECTDB;

/**
 * A whole-dataset RDB as of the instant it began, produced without fork and without
 * copying the dataset (see {@link DatabaseSnapshot}): Redis's rdbSaveRio over any
 * {@link RdbSink}.
 * <p>
 * In the background the walk takes the execution lock for one short slice at a time (up
 * to {@link #SLICE_BYTES} of output or {@link #SLICE_NANOS}), encodes entries into the
 * active buffer, swaps buffers, and writes and checksums the full one outside the lock.
 * Commands meanwhile hand pending entries they are about to change to {@link #entry},
 * which encodes them into the same active buffer, preceded by SELECTDB when they belong to
 * another database than the last record (the RDB format allows any order). The extra
 * memory is therefore bounded by the two buffers plus the entries commands touched
 * within one slice.
 */
final class Snapshot implements DatabaseSnapshot.EntrySink {
    static final int SLICE_BYTES = 1 << 20;
    static final long SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(1000);

    /** The replication position stored in the AUX fields (Redis's rdbSaveInfo); null without one. */
    record ReplicationInfo(int streamDb, String replId, long offset) {}

    private final RdbSink sink;
    private final boolean compress;
    private final boolean checksum;
    private final AccessClock access;
    private final RdbWriter.AccessInfo accessInfo;
    private final List<DatabaseSnapshot> dbs = new ArrayList<>();
    private final long keysTotal;
    private RdbWriter active;
    private RdbWriter spare;
    private int walkIndex = -1;
    private int outputDb = -1;
    private long crc;
    private volatile long keysProcessed;
    private long bytesWritten;
    private volatile IOException failure;
    private long peakBuffered;
    private volatile boolean cancelled;
    /** The walk is over and every database detached: {@link #produce} has nothing left to do. */
    private boolean walkDone;

    /** Starts the snapshot: must run inside the execution order; O(databases). */
    Snapshot(Keyspace keyspace, RdbSink sink, boolean compress, boolean checksum, RdbWriter.AccessInfo accessInfo,
             ReplicationInfo repl, boolean aofBase) {
        this.sink = sink;
        this.compress = compress;
        this.checksum = checksum;
        this.access = keyspace.access();
        this.accessInfo = accessInfo;
        this.active = new RdbWriter(SLICE_BYTES + (SLICE_BYTES >> 2), compress);
        active.writeHeader();
        active.writeAux("redis-ver", ServerVersion.REDIS_VERSION);
        active.writeAux("redis-bits", 64);
        active.writeAux("ctime", keyspace.clock().millis() / 1000);
        active.writeAux("used-mem", ProcessMetrics.heapUsed());
        if (repl != null) {
            active.writeAux("repl-stream-db", repl.streamDb());
            active.writeAux("repl-id", repl.replId());
            active.writeAux("repl-offset", repl.offset());
        }
        active.writeAux("aof-base", aofBase ? 1 : 0);
        long total = 0;
        for (int i = 0; i < keyspace.count(); i++) {
            DatabaseSnapshot d = keyspace.db(i).beginSnapshot(this);
            if (d == null) continue;
            dbs.add(d);
            total += d.keys();
        }
        this.keysTotal = total;
    }

    long keysTotal() {
        return keysTotal;
    }

    long keysProcessed() {
        return keysProcessed;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Memory the snapshot holds beyond the dataset: its two encode buffers (INFO's current_cow_size). */
    long bufferedBytes() {
        return active.buffer().length + (spare == null ? 0 : spare.buffer().length);
    }

    long peakBufferedBytes() {
        return Math.max(peakBuffered, bufferedBytes());
    }

    /** Stops writing output; the walk still completes (quickly) so every entry is done again. */
    void cancel() {
        cancelled = true;
    }

    /**
     * Cancels and completes the walk at once (inside the execution order, without encoding
     * anything), so the tables' snapshot marks are free for another snapshot: a table carries
     * one mark, and a second snapshot flipping it mid-walk would skip the first's pending
     * entries and take its delivered ones. The background thread then finds nothing to do.
     */
    void abort() {
        cancel();
        while (!produce(Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE)) {
            active.reset();
        }
        active.reset();
    }

    @Override
    public void entry(int db, byte[] key, Object value, long expireAt, int accessWord) {
        keysProcessed++;
        if (cancelled || failure != null) return;
        if (db != outputDb) {
            active.writeByte(OPCODE_SELECTDB);
            active.writeLength(db);
            outputDb = db;
        }
        long info = switch (accessInfo) {
            case IDLE -> access.idleMillis(accessWord) / 1000;
            case FREQ -> access.frequency(accessWord);
            case NONE -> 0;
        };
        active.writeRecord(key, value, expireAt, accessInfo, info);
    }

    /**
     * Walks until the active buffer holds {@code bytes} or {@code nanos} passed; true once
     * the whole dataset is walked (then the walk has been ended and EOF written).
     */
    private boolean produce(int bytes, long nanos, int maxKeys) {
        if (walkDone) return true;
        long deadline = System.nanoTime() + nanos;
        long keysAtStart = keysProcessed;
        int steps = 0;
        while (true) {
            if (walkIndex >= 0 && dbs.get(walkIndex).step()) {
                if (active.size() >= bytes || keysProcessed - keysAtStart >= maxKeys) return false;
                if ((++steps & 63) == 0 && System.nanoTime() > deadline) return false;
                continue;
            }
            if (++walkIndex == dbs.size()) {
                for (DatabaseSnapshot d : dbs) d.end();
                walkDone = true;
                active.writeByte(OPCODE_EOF);
                return true;
            }
            DatabaseSnapshot d = dbs.get(walkIndex);
            active.writeSelectDb(d.dbId(), d.keys(), d.volatileKeys());
            outputDb = d.dbId();
        }
    }

    /** The whole snapshot on the calling thread, which holds the execution lock (SAVE, shutdown). */
    void runInForeground() throws IOException {
        boolean finished;
        do {
            finished = produce(SLICE_BYTES, Long.MAX_VALUE, Integer.MAX_VALUE);
            drain(active, finished);
        } while (!finished);
        complete();
    }

    /**
     * The snapshot on its own thread, joining the execution order one slice at a time.
     * {@code keyDelayMicros} (rdb-key-save-delay, for tests) sleeps after each key, outside the lock.
     */
    void runInBackground(ReentrantLock lock, long keyDelayMicros) throws IOException {
        // Slices are bounded in bytes and time; with a key delay, one key per slice.
        boolean finished = false;
        while (!finished) {
            RdbWriter full;
            lock.lock();
            try {
                finished = keyDelayMicros > 0 ? produce(SLICE_BYTES, SLICE_NANOS, 1) : produce(SLICE_BYTES, SLICE_NANOS, Integer.MAX_VALUE);
                peakBuffered = Math.max(peakBuffered, bufferedBytes());
                full = active;
                active = spare != null ? spare : new RdbWriter(SLICE_BYTES + (SLICE_BYTES >> 2), compress);
                spare = null;
            } finally {
                lock.unlock();
            }
            drain(full, finished);
            full.reset();
            lock.lock();
            try {
                spare = full;
            } finally {
                lock.unlock();
            }
            if (keyDelayMicros > 0 && !finished) LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(keyDelayMicros));
        }
        // Durable outside the lock; published under it, so a save that stopped this one
        // (SHUTDOWN's, DEBUG RELOAD's) is never overwritten by this older dataset.
        if (!cancelled && failure == null) {
            try {
                sink.sync();
            } catch (IOException e) {
                failure = e;
            }
        }
        lock.lock();
        try {
            complete();
        } finally {
            lock.unlock();
        }
    }

    private void drain(RdbWriter w, boolean finished) {
        if (cancelled || failure != null) {
            w.reset();
            return;
        }
        try {
            crc = Crc64.update(crc, w.buffer(), 0, w.size());
            sink.write(w.buffer(), 0, w.size());
            bytesWritten += w.size();
            if (finished) {
                byte[] sum = new byte[8];
                long value = checksum ? crc : 0;
                for (int i = 0; i < 8; i++) sum[i] = (byte) (value >>> (8 * i));
                sink.write(sum, 0, 8);
                bytesWritten += 8;
            }
        } catch (IOException e) {
            failure = e;
        }
        w.reset();
    }

    private void complete() throws IOException {
        if (cancelled) {
            sink.abort();
            throw new IOException("snapshot cancelled");
        }
        if (failure == null) {
            try {
                sink.commit();
                return;
            } catch (IOException e) {
                failure = e;
            }
        }
        sink.abort();
        throw failure;
    }
}

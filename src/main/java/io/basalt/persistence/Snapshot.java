package io.basalt.persistence;

import io.basalt.keyspace.DatabaseSnapshot;
import io.basalt.keyspace.Keyspace;
import io.basalt.util.Crc64;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The whole dataset as of the instant the snapshot began, produced without fork and without
 * copying the dataset (see {@link DatabaseSnapshot}), as an RDB or as AOF commands (its
 * {@link SnapshotEncoder}), over any {@link RdbSink}: Redis's rdbSaveRio and
 * rewriteAppendOnlyFileRio in a forked child.
 * <p>
 * In the background the walk takes the execution lock for one short slice at a time (up
 * to {@link #SLICE_BYTES} of output or {@link #SLICE_NANOS}), encodes entries into the
 * active buffer, swaps buffers, and writes and checksums the full one outside the lock.
 * Commands meanwhile hand pending entries they are about to change to {@link #entry},
 * which encodes them into the same active buffer, preceded by a database switch when they
 * belong to another database than the last record (RDB and AOF both allow any order). The extra
 * memory is therefore bounded by the two buffers plus the entries commands touched
 * within one slice.
 */
final class Snapshot implements DatabaseSnapshot.EntrySink {
    static final int SLICE_BYTES = 1 << 20;
    static final long SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(1000);

    private final RdbSink sink;
    private final SnapshotEncoder encoder;
    private final boolean compress;
    private final List<DatabaseSnapshot> dbs = new ArrayList<>();
    private final long keysTotal;
    private RdbWriter active;
    private RdbWriter spare;
    private int walkIndex = -1;
    /** The walk is over and the tables released (its last output may still be draining). */
    private boolean walkFinished;
    private int outputDb = -1;
    private long crc;
    private volatile long keysProcessed;
    private volatile IOException failure;
    private long peakBuffered;
    private volatile boolean cancelled;

    /** Starts the snapshot: must run inside the execution order; O(databases). */
    Snapshot(Keyspace keyspace, RdbSink sink, SnapshotEncoder encoder, boolean compress) {
        this.sink = sink;
        this.encoder = encoder;
        this.compress = compress;
        this.active = new RdbWriter(SLICE_BYTES + (SLICE_BYTES >> 2), compress);
        encoder.begin(active);
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

    /** Memory the snapshot holds beyond the dataset: its two encode buffers (INFO's current_cow_size). */
    long bufferedBytes() {
        return active.buffer().length + (spare == null ? 0 : spare.buffer().length);
    }

    long peakBufferedBytes() {
        return Math.max(peakBuffered, bufferedBytes());
    }

    /**
     * Stops the snapshot, as Redis kills its child: inside the execution order, the walk
     * completes at once dropping its output (so every entry is done again and another
     * snapshot may start: a table carries one mark, and a second snapshot flipping it
     * mid-walk would skip the first's pending entries), and the sink is released (its temp
     * file removed) even if the snapshot's thread is still writing.
     */
    void cancel() {
        cancelled = true;
        while (!produce(Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE)) active.reset();
        active.reset();
        sink.abort();
    }

    /**
     * Completes the walk now, inside the execution order, so another snapshot may start on the
     * same tables (one snapshot walks a table at a time). A live snapshot's remaining entries
     * are encoded into its buffer for its thread to write; a cancelled one's are dropped.
     */
    void finishWalkNow() {
        while (!produce(Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE)) {
            // produce returns false only on its limits, none of which apply here.
        }
    }

    @Override
    public void entry(int db, byte[] key, Object value, long expireAt, int accessWord) {
        keysProcessed++;
        if (cancelled || failure != null) return;
        if (db != outputDb) {
            encoder.switchDatabase(active, db);
            outputDb = db;
        }
        encoder.entry(active, key, value, expireAt, accessWord);
    }

    /**
     * Walks until the active buffer holds {@code bytes} or {@code nanos} passed; true once
     * the whole dataset is walked (then the walk has been ended and EOF written).
     */
    private boolean produce(int bytes, long nanos, int maxKeys) {
        if (walkFinished) return true;
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
                encoder.end(active);
                walkFinished = true;
                return true;
            }
            DatabaseSnapshot d = dbs.get(walkIndex);
            encoder.beginDatabase(active, d.dbId(), d.keys(), d.volatileKeys());
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
     * {@code keyDelayMicros} (rdb-key-save-delay, for tests) paces the walk as Redis's child
     * sleeps after each key: with it, a slice is one step of the walk, followed (outside the
     * lock) by the delay of every key the slice saved.
     */
    void runInBackground(ReentrantLock lock, long keyDelayMicros) throws IOException {
        // Slices are bounded in bytes and time; with a key delay, one step per slice.
        boolean finished = false;
        while (!finished) {
            RdbWriter full;
            long keysBefore = keysProcessed;
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
            if (keyDelayMicros > 0 && !finished) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(keyDelayMicros * Math.max(1, keysProcessed - keysBefore)));
            }
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
            if (encoder.checksums()) crc = Crc64.update(crc, w.buffer(), 0, w.size());
            sink.write(w.buffer(), 0, w.size());
            if (finished) {
                byte[] trailer = encoder.trailer(crc);
                sink.write(trailer, 0, trailer.length);
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

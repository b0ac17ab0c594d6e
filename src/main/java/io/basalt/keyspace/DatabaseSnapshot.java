package io.basalt.keyspace;

import io.basalt.util.Hashing;

/**
 * A point-in-time view of one database for a snapshot taken without fork (BGSAVE, AOF
 * rewrite, replication full syncs). Starting it marks every entry of the database's tables
 * as pending in O(1) (a flipped mark bit, see {@link KeyTable}); from then on each pending
 * entry reaches the {@link EntrySink} exactly once, as it was at the start:
 * <ul>
 * <li>by the snapshot's own walk ({@link #step}), which follows the SCAN cursor and so
 * meets every key that stays present, across resizes, at least once;
 * <li>or, if a command is about to change or delete the entry first, by the table itself
 * just before the change ({@link #preserve}).
 * </ul>
 * Delivering marks the entry done, so duplicates from the walk are skipped and new keys
 * (born done) are never delivered. Nothing is copied up front: the extra memory is what the
 * sink buffers. FLUSHDB, FLUSHALL and SWAPDB replace a database's tables instead of
 * emptying them, so the snapshot keeps walking the tables it started with.
 * Every method runs inside the execution order.
 */
public final class DatabaseSnapshot {
    /** Receives each entry of the snapshot once. */
    public interface EntrySink {
        /** {@code expireAt} is -1 without a TTL; {@code accessWord} is the LRU/LFU word. */
        void entry(int db, byte[] key, Object value, long expireAt, int accessWord);
    }

    private final int dbId;
    private final KeyTable main;
    private final ExpireTable expires;
    private final EntrySink sink;
    private final long keys, volatileKeys;
    private long cursor;
    private boolean walked;

    DatabaseSnapshot(int dbId, KeyTable main, ExpireTable expires, EntrySink sink) {
        this.dbId = dbId;
        this.main = main;
        this.expires = expires;
        this.sink = sink;
        this.keys = main.size();
        this.volatileKeys = expires.size();
        main.beginSnapshot(this);
    }

    public int dbId() {
        return dbId;
    }

    /** Keys and keys with a TTL when the snapshot started (RESIZEDB's hint). */
    public long keys() {
        return keys;
    }

    public long volatileKeys() {
        return volatileKeys;
    }

    public boolean walked() {
        return walked;
    }

    /** One cursor step of the walk (a bucket or two); true while there is more to walk. */
    public boolean step() {
        if (walked) return false;
        cursor = main.scan(cursor, ref -> {
            if (main.isPending(ref)) deliver(ref);
        });
        if (cursor == 0) walked = true;
        return !walked;
    }

    /** Called by the table before a pending entry changes. */
    void preserve(int ref) {
        deliver(ref);
    }

    private void deliver(int ref) {
        main.markDone(ref);
        byte[] key = main.keyAt(ref);
        long expireAt = -1;
        if (expires.size() > 0) {
            int e = expires.find(key, Hashing.hash(key));
            if (e >= 0) expireAt = expires.whenAt(e);
        }
        sink.entry(dbId, key, main.valueAt(ref), expireAt, main.lruAt(ref));
    }

    /** Detaches from the table once the walk is complete (every entry is done again). */
    public void end() {
        if (!walked) throw new IllegalStateException("snapshot ended before its walk completed");
        main.endSnapshot();
    }
}

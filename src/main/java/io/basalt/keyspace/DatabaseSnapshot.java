package io.basalt.keyspace;

import io.basalt.util.Hashing;

/**
 * A point-in-time view of one database for a snapshot taken without fork (BGSAVE, AOF
 * rewrite, replication full syncs). Starting it marks every entry of the database's key
 * table as pending in O(1) (a flipped mark bit, see {@link KeyTable}); from then on each
 * pending entry reaches the {@link EntrySink} exactly once, as it was at the start:
 * <ul>
 * <li>by the snapshot's own walk ({@link #step}), slot by slot over the table generations
 * that existed when it started;
 * <li>or, if a command is about to change or delete the entry first, just before the
 * change ({@link KeyTable#beforeChange});
 * <li>or, if the table moves a pending entry to a slot the walk has passed (a deletion
 * shifting a cluster back) or will never visit (a resize's new generation), at the move.
 * </ul>
 * Delivering marks the entry done; new keys are born done. Nothing is copied up front: the
 * extra memory is what the sink buffers. FLUSHDB, FLUSHALL and SWAPDB replace a database's
 * tables instead of emptying them, so the snapshot keeps walking the tables it started
 * with. Every method runs inside the execution order.
 */
public final class DatabaseSnapshot {
    /** Receives each entry of the snapshot once. */
    public interface EntrySink {
        /** {@code expireAt} is -1 without a TTL; {@code accessWord} is the LRU/LFU word. */
        void entry(int db, byte[] key, Object value, long expireAt, int accessWord);
    }

    /** Slots examined per {@link #step}: small enough to keep a step short, large enough to amortise the call. */
    private static final int SLOTS_PER_STEP = 64;

    private final int dbId;
    private final KeyTable main;
    private final ExpireTable expires;
    private final EntrySink sink;
    private final long keys, volatileKeys;
    private final KeyTable.ValueGen[] gens;
    private int genIndex;
    private int slot;
    private boolean walked;

    DatabaseSnapshot(int dbId, KeyTable main, ExpireTable expires, EntrySink sink) {
        this.dbId = dbId;
        this.main = main;
        this.expires = expires;
        this.sink = sink;
        this.keys = main.size();
        this.volatileKeys = expires.size();
        this.gens = main.beginSnapshot(this);
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

    /** Walks a few dozen slots; true while there is more to walk. */
    public boolean step() {
        for (int n = 0; n < SLOTS_PER_STEP; n++) {
            if (genIndex == gens.length) {
                walked = true;
                return false;
            }
            KeyTable.ValueGen g = gens[genIndex];
            if (slot == g.capacity()) {
                genIndex++;
                slot = 0;
                continue;
            }
            if (g.keyIn(slot) != null && main.isPending(g, slot)) deliver(g, slot);
            slot++;
        }
        return true;
    }

    /** True if the walk will not (again) look at slot {@code i} of {@code g}. */
    boolean walkedPast(KeyTable.ValueGen g, int i) {
        for (int k = 0; k < gens.length; k++) {
            if (gens[k] == g) return k < genIndex || (k == genIndex && i < slot);
        }
        return true;
    }

    void deliver(KeyTable.ValueGen g, int i) {
        main.markDone(g, i);
        byte[] key = g.keyIn(i);
        long expireAt = -1;
        if (expires.size() > 0) {
            int e = expires.find(key, Hashing.hash(key));
            if (e >= 0) expireAt = expires.whenAt(e);
        }
        sink.entry(dbId, key, g.values[i], expireAt, KeyTable.accessWord(g, i));
    }

    /** Detaches from the table once the walk is complete (every entry is done again). */
    public void end() {
        if (!walked) throw new IllegalStateException("snapshot ended before its walk completed");
        main.endSnapshot();
    }
}

package io.basalt.keyspace;

import io.basalt.util.OpenTable;

/**
 * The main table of a database: key → value, plus the 24-bit LRU/LFU word Redis keeps per
 * object. The word's top bit is the entry's snapshot mark: an entry is still owed to the
 * running snapshot while its mark differs from {@link #doneMark} (see {@link DatabaseSnapshot}).
 * <p>
 * Each entry also carries its size as Redis would allocate it ({@link MemoryUsage#keyUsage}),
 * and the table keeps their sum, so the dataset's footprint is known at any time without a
 * walk: it is what {@code used_memory} and eviction count. The sum travels with the table
 * through FLUSHDB, SWAPDB and loads.
 */
final class KeyTable extends OpenTable {
    private static final int MARK = 1 << 31;
    /** The mark of entries the running (or last) snapshot already has; new entries are born with it. */
    private int doneMark;
    /** The snapshot walking this table, told before a pending entry changes; null when none. */
    private DatabaseSnapshot snapshot;
    /** Sum of the entries' sizes. */
    private long bytes;

    static final class ValueGen extends Gen {
        final KeyTable owner;
        final Object[] values;
        final int[] lru;
        final int[] sizes;

        ValueGen(KeyTable owner, int capacity) {
            super(capacity);
            this.owner = owner;
            values = new Object[capacity];
            lru = new int[capacity];
            sizes = new int[capacity];
        }

        @Override
        protected void copyTo(int from, Gen dst, int to) {
            ValueGen d = (ValueGen) dst;
            d.values[to] = values[from];
            d.lru[to] = lru[from];
            d.sizes[to] = sizes[from];
            owner.moved(d, to);
        }

        @Override
        protected void moveWithin(int from, int to) {
            values[to] = values[from];
            lru[to] = lru[from];
            sizes[to] = sizes[from];
            owner.moved(this, to);
        }

        @Override
        protected void clearValues(int slot) {
            values[slot] = null;
            lru[slot] = 0;
            sizes[slot] = 0;
        }
    }

    @Override
    protected Gen newGen(int capacity) {
        return new ValueGen(this, capacity);
    }

    private ValueGen g(int ref) {
        return (ValueGen) gen(ref);
    }

    Object valueAt(int ref) {
        return g(ref).values[index(ref)];
    }

    void setValueAt(int ref, Object v) {
        g(ref).values[index(ref)] = v;
    }

    int lruAt(int ref) {
        return g(ref).lru[index(ref)] & ~MARK;
    }

    void setLruAt(int ref, int lru) {
        int[] words = g(ref).lru;
        int i = index(ref);
        words[i] = (words[i] & MARK) | lru;
    }

    /** Fills a slot just inserted: the entry is born already done for any running snapshot. */
    void initEntry(int ref, Object value, int lru) {
        ValueGen g = g(ref);
        int i = index(ref);
        g.values[i] = value;
        g.lru[i] = doneMark | lru;
        resized(ref);
    }

    /** Re-measures the entry at {@code ref} after its value was replaced or changed in place. */
    void resized(int ref) {
        ValueGen g = g(ref);
        int i = index(ref);
        long size = MemoryUsage.keyUsage(g.keyIn(i), g.values[i], MemoryUsage.DEFAULT_SAMPLES);
        int clamped = (int) Math.min(size, Integer.MAX_VALUE);
        bytes += clamped - g.sizes[i];
        g.sizes[i] = clamped;
    }

    /** Removes the entry at {@code ref}, and its size from the sum. */
    void remove(int ref) {
        bytes -= g(ref).sizes[index(ref)];
        removeAt(ref);
    }

    /** The entries' summed sizes (keys, values and dict entries in Redis's allocation model). */
    long bytes() {
        return bytes;
    }

    // ---- snapshots -------------------------------------------------------------------------

    /** Starts a snapshot: every present entry becomes pending. Returns the generations to walk, in order. */
    ValueGen[] beginSnapshot(DatabaseSnapshot s) {
        doneMark ^= MARK;
        snapshot = s;
        ValueGen old = (ValueGen) oldGen(), cur = (ValueGen) currentGen();
        return old == null ? new ValueGen[] {cur} : new ValueGen[] {old, cur};
    }

    void endSnapshot() {
        snapshot = null;
    }

    boolean isPending(ValueGen g, int i) {
        return (g.lru[i] & MARK) != doneMark;
    }

    void markDone(ValueGen g, int i) {
        g.lru[i] = (g.lru[i] & ~MARK) | doneMark;
    }

    static int accessWord(ValueGen g, int i) {
        return g.lru[i] & ~MARK;
    }

    /** Called before the entry at {@code ref} may change: hands a pending entry to the snapshot first. */
    void beforeChange(int ref) {
        if (snapshot != null && isPending(g(ref), index(ref))) snapshot.deliver(g(ref), index(ref));
    }

    /**
     * An entry moved (a resize, or a deletion shifting its cluster back): if it is pending and
     * now sits where the walk has already been (or will never go), the snapshot takes it now.
     */
    private void moved(ValueGen g, int i) {
        if (snapshot != null && isPending(g, i) && snapshot.walkedPast(g, i)) snapshot.deliver(g, i);
    }
}

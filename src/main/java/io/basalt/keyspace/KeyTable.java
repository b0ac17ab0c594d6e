package io.basalt.keyspace;

import io.basalt.util.OpenTable;

/**
 * The main table of a database: key → value, plus the 24-bit LRU/LFU word Redis keeps per
 * object. The word's top bit is the entry's snapshot mark: an entry is still owed to the
 * running snapshot while its mark differs from {@link #doneMark} (see {@link DatabaseSnapshot}).
 */
final class KeyTable extends OpenTable {
    private static final int MARK = 1 << 31;
    /** The mark of entries the running (or last) snapshot already has; new entries are born with it. */
    private int doneMark;
    /** The snapshot walking this table, told before a pending entry changes; null when none. */
    private DatabaseSnapshot snapshot;

    static final class ValueGen extends Gen {
        final Object[] values;
        final int[] lru;

        ValueGen(int capacity) {
            super(capacity);
            values = new Object[capacity];
            lru = new int[capacity];
        }

        @Override
        protected void copyTo(int from, Gen dst, int to) {
            ValueGen d = (ValueGen) dst;
            d.values[to] = values[from];
            d.lru[to] = lru[from];
        }

        @Override
        protected void moveWithin(int from, int to) {
            values[to] = values[from];
            lru[to] = lru[from];
        }

        @Override
        protected void clearValues(int slot) {
            values[slot] = null;
            lru[slot] = 0;
        }
    }

    @Override
    protected Gen newGen(int capacity) {
        return new ValueGen(capacity);
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
    }

    // ---- snapshots -------------------------------------------------------------------------

    /** Starts a snapshot: every present entry becomes pending. */
    void beginSnapshot(DatabaseSnapshot s) {
        doneMark ^= MARK;
        snapshot = s;
    }

    void endSnapshot() {
        snapshot = null;
    }

    boolean isPending(int ref) {
        return (g(ref).lru[index(ref)] & MARK) != doneMark;
    }

    void markDone(int ref) {
        int[] words = g(ref).lru;
        int i = index(ref);
        words[i] = (words[i] & ~MARK) | doneMark;
    }

    /** Called before the entry at {@code ref} may change: hands a pending entry to the snapshot first. */
    void beforeChange(int ref) {
        if (snapshot != null && isPending(ref)) snapshot.preserve(ref);
    }
}

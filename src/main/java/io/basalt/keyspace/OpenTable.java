package io.basalt.keyspace;

import io.basalt.util.Hashing;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Open-addressing hash table keyed by {@code byte[]} with linear probing and backward-shift
 * deletion (no tombstones). Subclasses keep their values in parallel arrays.
 * <p>
 * Because deletion leaves no holes, every key sits in the unbroken run of slots that
 * starts at its home bucket ({@code hash & mask}). {@link #scan} therefore visits keys by
 * home bucket, in Redis's reverse-binary cursor order, which gives SCAN the same guarantee
 * as Redis's chained dict: a key present for the whole iteration is returned at least
 * once, across any number of grows and shrinks.
 */
abstract class OpenTable {
    static final int MIN_CAPACITY = 8;

    byte[][] keys;
    int mask;
    int size;
    private int growAt;

    OpenTable() {
        keys = new byte[MIN_CAPACITY][];
        mask = MIN_CAPACITY - 1;
        growAt = MIN_CAPACITY * 3 / 4;
    }

    /** Replaces the parallel value arrays with empty ones of {@code capacity}, keeping the old ones for transfer. */
    abstract void beginResize(int capacity);

    /** Copies the values of old slot {@code from} to new slot {@code to}. */
    abstract void transfer(int from, int to);

    abstract void endResize();

    abstract void moveSlot(int from, int to);

    abstract void clearSlot(int slot);

    public final int size() {
        return size;
    }

    public final int capacity() {
        return keys.length;
    }

    final int home(byte[] key) {
        return (int) Hashing.hash(key) & mask;
    }

    /** Slot of the key equal to the slice, or -1. */
    final int find(byte[] b, int off, int len, long hash) {
        byte[][] ks = keys;
        int m = mask;
        int i = (int) hash & m;
        while (true) {
            byte[] k = ks[i];
            if (k == null) return -1;
            if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) return i;
            i = (i + 1) & m;
        }
    }

    final int find(byte[] key, long hash) {
        return find(key, 0, key.length, hash);
    }

    /** Places a key known to be absent; returns its slot. The caller fills the values. */
    final int insertAbsent(byte[] key, long hash) {
        if (size >= growAt) resize(keys.length * 2);
        byte[][] ks = keys;
        int m = mask;
        int i = (int) hash & m;
        while (ks[i] != null) i = (i + 1) & m;
        ks[i] = key;
        size++;
        return i;
    }

    /** Removes the entry at {@code slot}, shifting later members of its run back. */
    final void removeAt(int slot) {
        byte[][] ks = keys;
        int m = mask;
        int hole = slot;
        int i = (slot + 1) & m;
        while (true) {
            byte[] k = ks[i];
            if (k == null) break;
            int h = home(k);
            // Move k into the hole if its home is not in the cyclic range (hole, i].
            if (((i - h) & m) >= ((i - hole) & m)) {
                ks[hole] = k;
                moveSlot(i, hole);
                hole = i;
            }
            i = (i + 1) & m;
        }
        ks[hole] = null;
        clearSlot(hole);
        size--;
        if (keys.length > MIN_CAPACITY && size * 10 < keys.length) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size) * 2) * 2));
        }
    }

    final void resize(int capacity) {
        byte[][] old = keys;
        keys = new byte[capacity][];
        mask = capacity - 1;
        growAt = (int) (capacity * 3L / 4);
        beginResize(capacity);
        for (int i = 0; i < old.length; i++) {
            byte[] k = old[i];
            if (k == null) continue;
            int j = home(k);
            while (keys[j] != null) j = (j + 1) & mask;
            keys[j] = k;
            transfer(i, j);
        }
        endResize();
    }

    /** Empties the table, returning to the minimum capacity. */
    void clear() {
        keys = new byte[MIN_CAPACITY][];
        mask = MIN_CAPACITY - 1;
        growAt = MIN_CAPACITY * 3 / 4;
        size = 0;
        beginResize(MIN_CAPACITY);
        endResize();
    }

    /** A uniformly chosen occupied slot, or -1 when empty. Load never falls below 10%. */
    final int randomSlot(RandomGenerator random) {
        if (size == 0) return -1;
        while (true) {
            int i = random.nextInt(keys.length);
            if (keys[i] != null) return i;
        }
    }

    /**
     * Visits every key whose home bucket is the one {@code cursor} designates and returns the
     * next cursor (0 when the iteration is complete), exactly as Redis's dictScan does for a
     * table that is not rehashing.
     */
    final long scan(long cursor, SlotVisitor visitor) {
        if (size == 0) return 0;
        int m = mask;
        int bucket = (int) (cursor & m);
        byte[][] ks = keys;
        for (int i = bucket; ks[i] != null; i = (i + 1) & m) {
            if (home(ks[i]) == bucket) visitor.visit(i);
            if (((i + 1) & m) == bucket) break;
        }
        long v = cursor | ~((long) m);
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }
}

package io.basalt.util;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Open-addressing hash table keyed by {@code byte[]}, with linear probing, backward-shift
 * deletion (no tombstones) and incremental resizing. Subclasses keep values in parallel
 * arrays of a {@link Gen} (one generation of the table).
 * <p>
 * <b>Why SCAN keeps Redis's guarantee.</b> Deletion leaves no holes, so every key sits in the
 * unbroken run of slots starting at its home bucket ({@code hash & mask}). {@link #scan}
 * visits keys by home bucket in Redis's reverse-binary cursor order, exactly as dictScan
 * visits chained buckets, including its two-table walk while a resize is in progress: a key
 * present for the whole iteration is returned at least once.
 * <p>
 * <b>Why resizing is incremental.</b> Rehashing millions of keys at once stalls every client
 * for hundreds of milliseconds. Like Redis's dict, a resize allocates the new generation and
 * moves the old one over in small steps (on writes and from the cron). Entries move a whole
 * cluster (a maximal run of occupied slots) at a time: no probe sequence crosses an empty
 * slot, so lookups in the old generation stay correct while it empties.
 * <p>
 * Slot references returned by lookups encode the generation ({@link #OLD} bit) and stay
 * valid until the next insert or removal.
 */
public abstract class OpenTable {
    public static final int MIN_CAPACITY = 8;
    /** Marks a slot reference into the old generation during a resize. */
    public static final int OLD = 1 << 30;
    private static final int STEP_SLOTS = 64;

    /** One generation: keys plus the subclass's parallel value arrays. */
    public abstract static class Gen {
        final byte[][] keys;
        final int mask;
        int size;

        protected Gen(int capacity) {
            keys = new byte[capacity][];
            mask = capacity - 1;
        }

        public final int capacity() {
            return keys.length;
        }

        /** The key in slot {@code slot}, or null when the slot is empty. */
        public final byte[] keyIn(int slot) {
            return keys[slot];
        }

        /** Copies the values of {@code from} here into slot {@code to} of {@code dst}. */
        protected abstract void copyTo(int from, Gen dst, int to);

        protected abstract void moveWithin(int from, int to);

        protected abstract void clearValues(int slot);
    }

    Gen cur;
    /** The generation being emptied into {@link #cur}, or null. */
    Gen old;
    private int rehashPos;
    private int rehashRemaining;

    protected OpenTable() {
        cur = newGen(MIN_CAPACITY);
    }

    protected abstract Gen newGen(int capacity);

    public final int size() {
        return cur.size + (old == null ? 0 : old.size);
    }

    public final int capacity() {
        return cur.keys.length;
    }

    public final boolean isRehashing() {
        return old != null;
    }

    public static int home(byte[] key, int mask) {
        return (int) Hashing.hash(key) & mask;
    }

    protected final Gen gen(int ref) {
        return (ref & OLD) == 0 ? cur : old;
    }

    /** The generations in use: the one being emptied by a resize (or null), then the current one. */
    protected final Gen oldGen() {
        return old;
    }

    protected final Gen currentGen() {
        return cur;
    }

    public static int index(int ref) {
        return ref & ~OLD;
    }

    public final byte[] keyAt(int ref) {
        return gen(ref).keys[index(ref)];
    }

    // ---- lookup and update ---------------------------------------------------------------

    private static int findIn(Gen g, byte[] b, int off, int len, long hash) {
        byte[][] ks = g.keys;
        int m = g.mask;
        int i = (int) hash & m;
        while (true) {
            byte[] k = ks[i];
            if (k == null) return -1;
            if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) return i;
            i = (i + 1) & m;
        }
    }

    /** Reference of the key equal to the slice, or -1. */
    public final int find(byte[] b, int off, int len, long hash) {
        int i = findIn(cur, b, off, len, hash);
        if (i >= 0 || old == null) return i;
        i = findIn(old, b, off, len, hash);
        return i < 0 ? -1 : i | OLD;
    }

    public final int find(byte[] key, long hash) {
        return find(key, 0, key.length, hash);
    }

    /** Places a key known to be absent; returns its reference. The caller fills the values. */
    public final int insertAbsent(byte[] key, long hash) {
        if (old != null) rehashStep(STEP_SLOTS);
        if (size() >= cur.keys.length / 4 * 3) {
            if (old != null) finishRehash();
            startResize(cur.keys.length * 2);
        }
        Gen g = cur;
        int i = (int) hash & g.mask;
        while (g.keys[i] != null) i = (i + 1) & g.mask;
        g.keys[i] = key;
        g.size++;
        return i;
    }

    /** Removes the entry at {@code ref}, shifting later members of its run back. */
    public final void removeAt(int ref) {
        Gen g = gen(ref);
        byte[][] ks = g.keys;
        int m = g.mask;
        int hole = index(ref);
        int i = (hole + 1) & m;
        while (true) {
            byte[] k = ks[i];
            if (k == null) break;
            int h = home(k, m);
            // k may fill the hole unless its home lies cyclically in (hole, i].
            if (((i - h) & m) >= ((i - hole) & m)) {
                ks[hole] = k;
                g.moveWithin(i, hole);
                hole = i;
            }
            i = (i + 1) & m;
        }
        ks[hole] = null;
        g.clearValues(hole);
        g.size--;
        if (old != null) {
            rehashStep(STEP_SLOTS);
        } else if (cur.keys.length > MIN_CAPACITY && cur.size * 10 < cur.keys.length) {
            startResize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, cur.size) * 2) * 2));
        }
    }

    // ---- incremental resize --------------------------------------------------------------

    private void startResize(int capacity) {
        Gen from = cur;
        cur = newGen(capacity);
        if (from.size == 0) return;
        old = from;
        // Start right after an empty slot so every cluster is met at its first slot.
        int m = from.mask;
        int start = 0;
        while (from.keys[start] != null) start = (start + 1) & m;
        rehashPos = (start + 1) & m;
        rehashRemaining = from.keys.length;
    }

    /** Moves up to about {@code maxSlots} slots of the old generation; whole clusters at a time. */
    public final void rehashStep(int maxSlots) {
        Gen o = old;
        if (o == null) return;
        int m = o.mask;
        while (maxSlots > 0 && rehashRemaining > 0 && o.size > 0) {
            int i = rehashPos;
            while (o.keys[i] != null) {
                byte[] k = o.keys[i];
                Gen n = cur;
                int j = home(k, n.mask);
                while (n.keys[j] != null) j = (j + 1) & n.mask;
                n.keys[j] = k;
                o.copyTo(i, n, j);
                n.size++;
                o.keys[i] = null;
                o.clearValues(i);
                o.size--;
                i = (i + 1) & m;
                rehashRemaining--;
                maxSlots--;
            }
            rehashPos = (i + 1) & m;
            rehashRemaining--;
            maxSlots--;
        }
        if (o.size == 0 || rehashRemaining <= 0) old = null;
    }

    public final void finishRehash() {
        while (old != null) rehashStep(Integer.MAX_VALUE);
    }

    /** Rehashes for about {@code nanos} (the cron's share, as Redis's dictRehashMilliseconds). */
    public final void rehashFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (old != null && System.nanoTime() < end) rehashStep(1024);
    }

    /** Empties the table, returning to the minimum capacity. */
    public void clear() {
        cur = newGen(MIN_CAPACITY);
        old = null;
    }

    // ---- sampling and iteration ----------------------------------------------------------

    /** A uniformly chosen occupied slot reference, or -1 when empty. Load never falls below 10%. */
    public final int randomSlot(RandomGenerator random) {
        if (size() == 0) return -1;
        int curCap = cur.keys.length;
        int oldCap = old == null ? 0 : old.keys.length;
        while (true) {
            int i = random.nextInt(curCap + oldCap);
            if (i < curCap) {
                if (cur.keys[i] != null) return i;
            } else if (old.keys[i - curCap] != null) {
                return (i - curCap) | OLD;
            }
        }
    }

    /** The occupied slot at {@code cursor} in the old (if any) then current generation, for sampling. */
    public final int slotAt(long cursor, boolean inOld) {
        Gen g = inOld ? old : cur;
        if (g == null) return -1;
        int i = (int) (cursor & g.mask);
        if (g.keys[i] == null) return -1;
        return inOld ? i | OLD : i;
    }

    /** Visits every occupied slot of both generations; the visitor must not insert or remove. */
    public final void forEach(SlotVisitor visitor) {
        if (old != null) forEachIn(old, OLD, visitor);
        forEachIn(cur, 0, visitor);
    }

    /**
     * The occupied slot after {@code ref} in {@link #forEach}'s order (start with -1), or -1
     * at the end: iteration without a visitor. No insert or removal meanwhile.
     */
    public final int nextSlot(int ref) {
        Gen g;
        int i;
        if (ref < 0) {
            g = old != null ? old : cur;
            i = 0;
        } else {
            g = gen(ref);
            i = index(ref) + 1;
        }
        while (true) {
            byte[][] ks = g.keys;
            for (; i < ks.length; i++) {
                if (ks[i] != null) return g == old ? i | OLD : i;
            }
            if (g == cur) return -1;
            g = cur;
            i = 0;
        }
    }

    private static void forEachIn(Gen g, int bit, SlotVisitor visitor) {
        byte[][] ks = g.keys;
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] != null) visitor.visit(i | bit);
        }
    }

    private void visitBucket(Gen g, int bucket, int oldBit, SlotVisitor visitor) {
        byte[][] ks = g.keys;
        int m = g.mask;
        for (int i = bucket; ks[i] != null; i = (i + 1) & m) {
            if (home(ks[i], m) == bucket) visitor.visit(i | oldBit);
            if (((i + 1) & m) == bucket) break;
        }
    }

    /**
     * Visits every key whose home bucket the cursor designates and returns the next cursor
     * (0 when the iteration is complete): Redis's dictScan, including its walk of the larger
     * table's expansions of the smaller table's bucket during a resize.
     */
    public final long scan(long cursor, SlotVisitor visitor) {
        if (size() == 0) return 0;
        long v = cursor;
        if (old == null) {
            visitBucket(cur, (int) (v & cur.mask), 0, visitor);
        } else {
            boolean curSmaller = cur.keys.length < old.keys.length;
            Gen small = curSmaller ? cur : old;
            Gen large = curSmaller ? old : cur;
            int smallBit = curSmaller ? 0 : OLD;
            int largeBit = curSmaller ? OLD : 0;
            long m0 = small.mask, m1 = large.mask;
            visitBucket(small, (int) (v & m0), smallBit, visitor);
            // Walk the larger table's expansions of the small bucket, incrementing the
            // reversed cursor over the larger mask until the bits they differ in wrap.
            do {
                visitBucket(large, (int) (v & m1), largeBit, visitor);
                v = nextCursor(v, m1);
            } while ((v & (m0 ^ m1)) != 0);
            return v;
        }
        return nextCursor(cursor, cur.mask);
    }

    /** Redis's reverse-binary increment: set the bits above the mask, reverse, add one, reverse. */
    private static long nextCursor(long v, long mask) {
        v |= ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }
}

package io.basalt.keyspace.type;

import io.basalt.util.Ascii;
import io.basalt.util.DigestMix;
import io.basalt.util.Hashing;
import io.basalt.util.OpenTable;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The set type API (t_set.c's setType* layer). Two encodings, as in Redis 7.0:
 * <ul>
 * <li><b>intset</b>: sorted {@code long}s while every member is a canonical 64-bit integer
 * and there are at most set-max-intset-entries of them. Iteration is ascending, so SMEMBERS
 * and SSCAN match Redis byte for byte. The element width Redis's intset would use (2, 4 or
 * 8 bytes, never narrowing) is tracked for MEMORY USAGE only.</li>
 * <li><b>hashtable</b>: the members as {@code byte[]} keys of an {@link OpenTable} without
 * values (about 40 bytes per 16-byte member, against Redis's 83).</li>
 * </ul>
 * The conversion is one-way and happens where setTypeAdd does it: adding a non-integer or
 * growing past the limit. Integer arguments are parsed into a caller's one-slot holder
 * ({@code scratch}) so lookups allocate nothing.
 */
public final class SetValue implements CollectionValue, ScoredSet {
    public static final String INTSET = "intset";
    public static final String HASHTABLE = "hashtable";
    private static final int OBJ_SET = 2;
    /** Redis caps set-max-intset-entries at 2^30 because of intset internals. */
    private static final long INTSET_MAX_ENTRIES = 1L << 30;
    /** intset header (encoding and length, two uint32) and sizeof(dict) in Redis 7.0. */
    private static final int INTSET_HEADER = 8;
    private static final int DICT_STRUCT = 56;

    /** Compact form; null once converted. */
    private long[] ints;
    private int count;
    private byte width;
    /** Large form; null while compact. */
    private Members table;

    /** The hashtable form: keys only. */
    static final class Members extends OpenTable {
        private static final class KeysOnly extends Gen {
            KeysOnly(int capacity) {
                super(capacity);
            }

            @Override
            protected void copyTo(int from, Gen dst, int to) {}

            @Override
            protected void moveWithin(int from, int to) {}

            @Override
            protected void clearValues(int slot) {}
        }

        @Override
        protected Gen newGen(int capacity) {
            return new KeysOnly(capacity);
        }
    }

    /**
     * A view of one member during iteration or after a random pick: valid until the set
     * changes or the view moves on. Integers are formatted into the view's own buffer.
     */
    public static final class Member {
        private byte[] bytes;
        private int length;
        private final byte[] digits = new byte[20];
        private boolean stored;
        private int position = -1;

        public byte[] bytes() {
            return bytes;
        }

        public int offset() {
            return 0;
        }

        public int length() {
            return length;
        }

        /** The member as an array of its own: the stored one when the set keeps it (never mutate it). */
        public byte[] toBytes() {
            return stored ? bytes : Arrays.copyOf(bytes, length);
        }

        /** Starts the view over, before the first member. */
        public void rewind() {
            position = -1;
        }

        void loadInteger(long v) {
            bytes = digits;
            length = Ascii.format(v, digits, 0);
            stored = false;
        }

        void loadStored(byte[] member) {
            bytes = member;
            length = member.length;
            stored = true;
        }
    }

    private SetValue(boolean compact) {
        if (compact) {
            ints = new long[4];
            width = 2;
        } else {
            table = new Members();
        }
    }

    /** setTypeCreate: an intset if the first member is an integer, else a hashtable. */
    public static SetValue createFor(byte[] b, int off, int len) {
        return new SetValue(Ascii.isLong(b, off, len));
    }

    /** An empty intset, as SINTERSTORE, SUNIONSTORE and SDIFFSTORE start their result. */
    public static SetValue empty() {
        return new SetValue(true);
    }

    /** An empty set in the large encoding, as rdbLoad creates one that will outgrow the intset. */
    public static SetValue emptyHashtable() {
        return new SetValue(false);
    }

    @Override
    public String typeName() {
        return TypeNames.SET;
    }

    @Override
    public String encoding() {
        return ints != null ? INTSET : HASHTABLE;
    }

    /** True while the set is the compact "intset" (then {@link #intsetWidth}/{@link #intAt} expose it). */
    public boolean isIntset() {
        return ints != null;
    }

    /** Bytes per element Redis's intset would use: 2, 4 or 8. */
    public int intsetWidth() {
        return width;
    }

    /** The {@code i}-th smallest member of an intset. */
    public long intAt(int i) {
        return ints[i];
    }

    @Override
    public long size() {
        return ints != null ? count : table.size();
    }

    // ---- membership ----------------------------------------------------------------------

    /** setTypeAdd: true if the member was new. Converts at Redis's points. */
    public boolean add(byte[] b, int off, int len, long maxIntsetEntries, long[] scratch) {
        if (ints != null) {
            if (!Ascii.parse(b, off, len, scratch)) {
                convert();
                insertBytes(Arrays.copyOfRange(b, off, off + len), Hashing.hash(b, off, len));
                return true;
            }
            if (!insertInteger(scratch[0])) return false;
            if (count > Math.min(maxIntsetEntries, INTSET_MAX_ENTRIES)) convert();
            return true;
        }
        long h = Hashing.hash(b, off, len);
        if (table.find(b, off, len, h) >= 0) return false;
        insertBytes(Arrays.copyOfRange(b, off, off + len), h);
        return true;
    }

    /** setTypeRemove: true if the member was there. The encoding never changes back. */
    public boolean remove(byte[] b, int off, int len, long[] scratch) {
        if (ints != null) {
            if (!Ascii.parse(b, off, len, scratch)) return false;
            int i = Arrays.binarySearch(ints, 0, count, scratch[0]);
            if (i < 0) return false;
            System.arraycopy(ints, i + 1, ints, i, count - i - 1);
            count--;
            if (ints.length > 16 && count < ints.length / 4) ints = Arrays.copyOf(ints, ints.length / 2);
            return true;
        }
        int ref = table.find(b, off, len, Hashing.hash(b, off, len));
        if (ref < 0) return false;
        table.removeAt(ref);
        return true;
    }

    public boolean contains(byte[] b, int off, int len, long[] scratch) {
        if (ints != null) {
            return Ascii.parse(b, off, len, scratch) && Arrays.binarySearch(ints, 0, count, scratch[0]) >= 0;
        }
        return table.find(b, off, len, Hashing.hash(b, off, len)) >= 0;
    }

    private boolean insertInteger(long v) {
        int i = Arrays.binarySearch(ints, 0, count, v);
        if (i >= 0) return false;
        i = -i - 1;
        if (count == ints.length) ints = Arrays.copyOf(ints, count * 2);
        System.arraycopy(ints, i, ints, i + 1, count - i);
        ints[i] = v;
        count++;
        width = (byte) Math.max(width, widthOf(v));
        return true;
    }

    /** _intsetValueEncoding: the narrowest of int16/int32/int64 that holds {@code v}. */
    private static int widthOf(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) return 8;
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) return 4;
        return 2;
    }

    private void insertBytes(byte[] member, long hash) {
        table.insertAbsent(member, hash);
    }

    /** setTypeConvert: intset to hashtable. */
    private void convert() {
        Members t = new Members();
        for (int i = 0; i < count; i++) {
            byte[] m = Ascii.bytes(ints[i]);
            t.insertAbsent(m, Hashing.hash(m));
        }
        table = t;
        ints = null;
        count = 0;
    }

    // ---- as an input of the sorted-set algebra (every member scores 1) ---------------------

    @Override
    public double score(byte[] b, int off, int len) {
        return contains(b, off, len, new long[1]) ? 1.0 : Double.NaN;
    }

    @Override
    public void forEachScored(ScoredSet.Visitor visitor) {
        Member m = new Member();
        while (next(m)) visitor.visit(m.bytes(), m.offset(), m.length(), 1.0);
    }

    // ---- iteration and sampling ----------------------------------------------------------

    /** Moves {@code m} to the next member (ascending for an intset); false past the last one. */
    public boolean next(Member m) {
        if (ints != null) {
            int p = m.position + 1;
            if (p >= count) return false;
            m.position = p;
            m.loadInteger(ints[p]);
            return true;
        }
        int ref = table.nextSlot(m.position);
        if (ref < 0) return false;
        m.position = ref;
        m.loadStored(table.keyAt(ref));
        return true;
    }

    /** Loads a uniformly chosen member into {@code m}; the set must not be empty. */
    public void random(RandomGenerator random, Member m) {
        if (ints != null) {
            m.loadInteger(ints[random.nextInt(count)]);
        } else {
            m.loadStored(table.keyAt(table.randomSlot(random)));
        }
    }

    /**
     * SPOP's "case 3": moves {@code keep} random members into a new set built like
     * setTypeCreate + setTypeAdd (so it may be an intset even if this one is not), leaving
     * the rest here. Returns the new set.
     */
    public SetValue keepRandom(long keep, RandomGenerator random, long maxIntsetEntries, long[] scratch) {
        SetValue kept = null;
        Member m = new Member();
        for (long i = 0; i < keep; i++) {
            random(random, m);
            if (kept == null) kept = createFor(m.bytes, 0, m.length);
            kept.add(m.bytes, 0, m.length, maxIntsetEntries, scratch);
            remove(m.bytes, 0, m.length, scratch);
        }
        return kept;
    }

    /**
     * SRANDMEMBER's cases 3 and 4 for {@code 0 < count < size}: a temporary set of
     * {@code count} distinct random members. When the count is close to the size, copy
     * everything and drop random members; otherwise pick until enough are distinct.
     */
    public SetValue sampleDistinct(long count, RandomGenerator random) {
        SetValue d = new SetValue(false);
        Member m = new Member();
        if (count * 3 > size()) {
            while (next(m)) d.insertBytes(m.toBytes(), Hashing.hash(m.bytes, 0, m.length));
            while (d.size() > count) d.table.removeAt(d.table.randomSlot(random));
        } else {
            while (d.size() < count) {
                random(random, m);
                long h = Hashing.hash(m.bytes, 0, m.length);
                if (d.table.find(m.bytes, 0, m.length, h) < 0) d.insertBytes(m.toBytes(), h);
            }
        }
        return d;
    }

    /**
     * One SSCAN step: an intset returns everything and cursor 0; a hashtable visits buckets
     * until {@code wanted} members are collected or ten times as many buckets were visited.
     * Returns the next cursor.
     */
    public long scan(long cursor, long wanted, List<byte[]> out) {
        if (ints != null) {
            for (int i = 0; i < count; i++) out.add(Ascii.bytes(ints[i]));
            return 0;
        }
        Members t = table;
        long maxIterations = wanted * 10;
        do {
            cursor = t.scan(cursor, slot -> out.add(t.keyAt(slot)));
        } while (cursor != 0 && maxIterations-- != 0 && out.size() < wanted);
        return cursor;
    }

    // ---- generic key commands ------------------------------------------------------------

    /** setTypeDup: same encoding; member arrays are immutable, so the copy shares them. */
    @Override
    public SetValue duplicate() {
        if (ints != null) {
            SetValue s = new SetValue(true);
            s.ints = Arrays.copyOf(ints, Math.max(4, count));
            s.count = count;
            s.width = width;
            return s;
        }
        SetValue s = new SetValue(false);
        Member m = new Member();
        while (next(m)) s.insertBytes(m.bytes, Hashing.hash(m.bytes));
        return s;
    }

    @Override
    public int redisType() {
        return OBJ_SET;
    }

    /** debug.c: every member's string form xor-ed in, so the order does not matter. */
    @Override
    public void digest(byte[] digest) {
        Member m = new Member();
        while (next(m)) DigestMix.xor(digest, m.bytes, 0, m.length);
    }

    /**
     * objectComputeSize: the intset blob, or the dict plus sampled entries scaled to the size.
     * The dict's bucket count is the power of two Redis grows to for this size; Redis's own
     * count also depends on history (no shrink above 10% fill, both tables while rehashing).
     */
    @Override
    public long memoryUsage(long samples) {
        if (ints != null) {
            return RedisAllocation.ROBJ + RedisAllocation.jemallocSize(INTSET_HEADER + (long) count * width);
        }
        long size = table.size();
        long asize = RedisAllocation.ROBJ + DICT_STRUCT + RedisAllocation.POINTER * RedisAllocation.dictSlots(size);
        long elesize = 0;
        long sampled = 0;
        Member m = new Member();
        while (sampled < samples && next(m)) {
            elesize += RedisAllocation.DICT_ENTRY + RedisAllocation.sdsAllocSize(m.length, m.length);
            sampled++;
        }
        if (sampled > 0) asize += (long) ((double) elesize / sampled * size);
        return asize;
    }
}

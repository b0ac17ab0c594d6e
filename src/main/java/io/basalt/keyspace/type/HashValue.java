package io.basalt.keyspace.type;

import io.basalt.util.DigestMix;
import io.basalt.util.Hashing;
import io.basalt.util.OpenTable;
import io.basalt.util.SlotVisitor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The hash type (t_hash.c's type API). Small hashes are compact, as Redis's listpack: the
 * field/value pairs packed one after the other in insertion order into one array, each
 * element a length (7-bit groups) then its bytes, searched linearly. A hash converts, one
 * way, to its large form when it gets more fields than hash-max-listpack-entries or a field
 * or value longer than hash-max-listpack-value: an {@link OpenTable} of fields with a
 * parallel array of values (no per-field object besides the two byte arrays).
 * <p>
 * Commands see neither form: they address an entry by a handle ({@link #find},
 * {@link #first}/{@link #next}, {@link #random}), valid until the hash is next written,
 * and read its field and value as slices.
 */
public final class HashValue implements CollectionValue {
    /** Redis's OBJ_HASH type code. */
    public static final int OBJ_HASH = 4;
    /** An empty listpack: the 6-byte header and the end byte. */
    private static final int LISTPACK_EMPTY = 7;
    /** Redis's LISTPACK_MAX_SAFETY_SIZE: a listpack never grows past 1 GB. */
    private static final long LISTPACK_SAFETY = 1L << 30;
    /** sizeof(dict) in Redis 7.0, for MEMORY USAGE. */
    private static final int DICT_STRUCT = 56;
    /** Redis's DICT_HT_INITIAL_SIZE. */
    private static final int DICT_MIN_SLOTS = 4;

    // Compact form; packed is null once the hash is large.
    private byte[] packed;
    private int used;
    private int count;
    /** The size Redis's listpack would have, for MEMORY USAGE and the 1 GB safety limit. */
    private int listpackBytes;

    // Large form.
    private Fields table;
    /** The bucket count Redis's dict would have (its growth and shrink rules), for MEMORY USAGE. */
    private long dictSlots;

    private HashValue(byte[] packed) {
        this.packed = packed;
        this.listpackBytes = LISTPACK_EMPTY;
    }

    /** A new, empty, compact hash (createHashObject); the caller adds a field before storing it. */
    public static HashValue create() {
        return new HashValue(new byte[16]);
    }

    @Override
    public String typeName() {
        return TypeNames.HASH;
    }

    @Override
    public String encoding() {
        return packed != null ? "listpack" : "hashtable";
    }

    @Override
    public long size() {
        return packed != null ? count : table.size();
    }

    // ---- conversion ----------------------------------------------------------------------

    /**
     * Redis's hashTypeTryConversion, run before a command writes several fields and values:
     * converts now if one of them is longer than hash-max-listpack-value ({@code longest})
     * or their total ({@code total} bytes) would push the listpack past its safety limit.
     */
    public void prepareWrite(long longest, long total, EncodingLimits limits) {
        if (packed == null) return;
        if (longest > limits.hashMaxListpackValue || listpackBytes + total > LISTPACK_SAFETY) convert();
    }

    /** hashTypeConvert to "hashtable" (loading converts after filling a listpack, or up front for a big saved table). */
    public void convertToHashtable() {
        if (packed != null) convert();
    }

    private void convert() {
        Fields t = new Fields();
        for (int p = 0; p < used; ) {
            int flen = readLength(packed, p);
            int fo = p + lengthSize(flen);
            int vp = fo + flen;
            int vlen = readLength(packed, vp);
            int vo = vp + lengthSize(vlen);
            byte[] field = Arrays.copyOfRange(packed, fo, fo + flen);
            int ref = t.insertAbsent(field, Hashing.hash(field));
            t.setValueAt(ref, Arrays.copyOfRange(packed, vo, vo + vlen));
            p = vo + vlen;
        }
        // hashTypeConvertListpack presizes the dict to the field count.
        dictSlots = dictSize(count);
        table = t;
        packed = null;
        used = 0;
        count = 0;
        listpackBytes = 0;
    }

    /** _dictNextExp: the power of two at or above {@code n}, at least 4. */
    private static long dictSize(long n) {
        long s = DICT_MIN_SLOTS;
        while (s < n) s <<= 1;
        return s;
    }

    // ---- reads ---------------------------------------------------------------------------

    /** The handle of the field equal to the slice, or -1. */
    public int find(byte[] b, int off, int len) {
        if (packed == null) return table.find(b, off, len, Hashing.hash(b, off, len));
        byte[] pk = packed;
        for (int p = 0; p < used; ) {
            int flen = readLength(pk, p);
            int fo = p + lengthSize(flen);
            if (flen == len && Arrays.equals(pk, fo, fo + flen, b, off, off + len)) return p;
            int vp = fo + flen;
            int vlen = readLength(pk, vp);
            p = vp + lengthSize(vlen) + vlen;
        }
        return -1;
    }

    /** The first entry's handle in iteration order (insertion order while compact), or -1. */
    public int first() {
        if (packed == null) return table.next(-1);
        return count == 0 ? -1 : 0;
    }

    /** The handle after {@code h} in iteration order, or -1. */
    public int next(int h) {
        if (packed == null) return table.next(h);
        int end = valueOffset(h) + valueLength(h);
        return end < used ? end : -1;
    }

    public byte[] fieldBuffer(int h) {
        return packed != null ? packed : table.keyAt(h);
    }

    public int fieldOffset(int h) {
        return packed != null ? h + lengthSize(readLength(packed, h)) : 0;
    }

    public int fieldLength(int h) {
        return packed != null ? readLength(packed, h) : table.keyAt(h).length;
    }

    public byte[] valueBuffer(int h) {
        return packed != null ? packed : table.valueAt(h);
    }

    public int valueOffset(int h) {
        if (packed == null) return 0;
        int vp = fieldOffset(h) + fieldLength(h);
        return vp + lengthSize(readLength(packed, vp));
    }

    public int valueLength(int h) {
        if (packed == null) return table.valueAt(h).length;
        return readLength(packed, fieldOffset(h) + fieldLength(h));
    }

    /** A uniformly chosen entry's handle; the hash must not be empty. */
    public int random(RandomGenerator random) {
        if (packed == null) return table.randomSlot(random);
        int h = 0;
        for (int i = random.nextInt(count); i > 0; i--) h = next(h);
        return h;
    }

    /** Fills {@code out[0..n)} with uniformly chosen handles, repeats allowed; the hash must not be empty. */
    public void randomHandles(RandomGenerator random, int[] out, int n) {
        if (packed == null) {
            for (int i = 0; i < n; i++) out[i] = table.randomSlot(random);
            return;
        }
        int[] all = handles();
        for (int i = 0; i < n; i++) out[i] = all[random.nextInt(all.length)];
    }

    /** Every entry's handle in iteration order. */
    public int[] handles() {
        int[] out = new int[(int) size()];
        int n = 0;
        for (int h = first(); h >= 0; h = next(h)) out[n++] = h;
        return out;
    }

    /**
     * {@code n} distinct handles chosen uniformly ({@code n} below the size), in random
     * order. Like Redis, a large hash with many more fields than asked is sampled at random
     * instead of listed, so a small sample of a huge hash stays cheap.
     */
    public int[] randomDistinct(RandomGenerator random, int n) {
        if (packed == null && (long) n * 3 <= size()) {
            int[] out = new int[n];
            HandleSet seen = new HandleSet(n);
            for (int k = 0; k < n; ) {
                int h = table.randomSlot(random);
                if (seen.add(h)) out[k++] = h;
            }
            return out;
        }
        int[] all = handles();
        for (int k = 0; k < n; k++) {
            int j = k + random.nextInt(all.length - k);
            int t = all[k];
            all[k] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, n);
    }

    /** Open addressing over handles (all non-negative), for distinct sampling. */
    private static final class HandleSet {
        private final int[] slots;

        HandleSet(int n) {
            slots = new int[Integer.highestOneBit(Math.max(n, 2) * 2 - 1) << 1];
            Arrays.fill(slots, -1);
        }

        boolean add(int h) {
            int m = slots.length - 1;
            int i = (h * 0x9E3779B9) >>> 1 & m;
            while (slots[i] != -1) {
                if (slots[i] == h) return false;
                i = (i + 1) & m;
            }
            slots[i] = h;
            return true;
        }
    }

    /**
     * One HSCAN call (scanGenericCommand): a compact hash returns everything and cursor 0;
     * a large one walks buckets from {@code cursor} until it holds {@code count} fields or
     * has visited ten times as many buckets. Returns the next cursor.
     */
    public long scan(long cursor, long count, HandleList out) {
        if (packed != null) {
            for (int h = first(); h >= 0; h = next(h)) out.visit(h);
            return 0;
        }
        // Redis counts fields and values in one list, hence the doubled count (with C's wrap).
        long limit = count * 2;
        long maxIterations = limit * 10;
        do {
            cursor = table.scan(cursor, out);
        } while (cursor != 0 && maxIterations-- != 0 && Long.compareUnsigned(out.size() * 2L, limit) < 0);
        return cursor;
    }

    /** A growable list of handles, filled by {@link #scan}. */
    public static final class HandleList implements SlotVisitor {
        private int[] items = new int[16];
        private int size;

        @Override
        public void visit(int handle) {
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            items[size++] = handle;
        }

        public int size() {
            return size;
        }

        public int get(int i) {
            return items[i];
        }
    }

    // ---- writes --------------------------------------------------------------------------

    /**
     * Redis's hashTypeSet: sets the field to the value, converting first when either is
     * longer than hash-max-listpack-value and after when the hash has more fields than
     * hash-max-listpack-entries. Returns true if the field is new. Both slices are copied.
     */
    public boolean set(byte[] fb, int foff, int flen, byte[] vb, int voff, int vlen, EncodingLimits limits) {
        if (packed != null && (flen > limits.hashMaxListpackValue || vlen > limits.hashMaxListpackValue)) convert();
        if (packed == null) return setLarge(fb, foff, flen, vb, voff, vlen);
        int h = find(fb, foff, flen);
        if (h >= 0) {
            replaceValue(h, vb, voff, vlen);
            return false;
        }
        append(fb, foff, flen);
        append(vb, voff, vlen);
        count++;
        listpackBytes += Listpack.entrySize(fb, foff, flen) + Listpack.entrySize(vb, voff, vlen);
        if (count > limits.hashMaxListpackEntries) convert();
        return true;
    }

    private boolean setLarge(byte[] fb, int foff, int flen, byte[] vb, int voff, int vlen) {
        long hash = Hashing.hash(fb, foff, flen);
        int ref = table.find(fb, foff, flen, hash);
        byte[] value = Arrays.copyOfRange(vb, voff, voff + vlen);
        if (ref >= 0) {
            table.setValueAt(ref, value);
            return false;
        }
        // _dictExpandIfNeeded: a full dict doubles before the insert.
        long n = table.size();
        if (n >= dictSlots) dictSlots = dictSize(n + 1);
        ref = table.insertAbsent(Arrays.copyOfRange(fb, foff, foff + flen), hash);
        table.setValueAt(ref, value);
        return true;
    }

    /** Removes the field; true if it was there. The caller deletes the key once the hash is empty. */
    public boolean delete(byte[] b, int off, int len) {
        if (packed == null) {
            int ref = table.find(b, off, len, Hashing.hash(b, off, len));
            if (ref < 0) return false;
            table.removeAt(ref);
            // htNeedsResize: a dict under 10% full shrinks to fit.
            long n = table.size();
            if (dictSlots > DICT_MIN_SLOTS && n * 100 / dictSlots < 10) dictSlots = dictSize(n);
            return true;
        }
        int h = find(b, off, len);
        if (h < 0) return false;
        int fo = fieldOffset(h), flen = fieldLength(h);
        int vo = valueOffset(h), vlen = valueLength(h);
        listpackBytes -= Listpack.entrySize(packed, fo, flen) + Listpack.entrySize(packed, vo, vlen);
        int end = vo + vlen;
        System.arraycopy(packed, end, packed, h, used - end);
        used -= end - h;
        count--;
        if (packed.length > 64 && used < packed.length / 4) packed = Arrays.copyOf(packed, packed.length / 2);
        return true;
    }

    private void replaceValue(int h, byte[] vb, int voff, int vlen) {
        int vp = fieldOffset(h) + fieldLength(h);
        int oldLen = readLength(packed, vp);
        int oldStart = vp + lengthSize(oldLen);
        listpackBytes += Listpack.entrySize(vb, voff, vlen) - Listpack.entrySize(packed, oldStart, oldLen);
        int oldEnd = oldStart + oldLen;
        int newEnd = vp + lengthSize(vlen) + vlen;
        ensureCapacity(used + newEnd - oldEnd);
        System.arraycopy(packed, oldEnd, packed, newEnd, used - oldEnd);
        used += newEnd - oldEnd;
        int p = writeLength(packed, vp, vlen);
        System.arraycopy(vb, voff, packed, p, vlen);
    }

    private void append(byte[] b, int off, int len) {
        ensureCapacity(used + lengthSize(len) + len);
        int p = writeLength(packed, used, len);
        System.arraycopy(b, off, packed, p, len);
        used = p + len;
    }

    private void ensureCapacity(int n) {
        if (n > packed.length) packed = Arrays.copyOf(packed, Math.max(n, packed.length + (packed.length >> 1)));
    }

    // ---- element lengths in the packed form ------------------------------------------------

    private static int readLength(byte[] b, int p) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[p++];
            v |= (x & 0x7f) << shift;
            if (x >= 0) return v;
        }
    }

    private static int lengthSize(int len) {
        if (len < 1 << 7) return 1;
        if (len < 1 << 14) return 2;
        if (len < 1 << 21) return 3;
        if (len < 1 << 28) return 4;
        return 5;
    }

    private static int writeLength(byte[] b, int p, int len) {
        while (len >= 0x80) {
            b[p++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        b[p++] = (byte) len;
        return p;
    }

    // ---- CollectionValue -----------------------------------------------------------------

    @Override
    public HashValue duplicate() {
        HashValue copy = new HashValue(packed == null ? null : Arrays.copyOf(packed, Math.max(used, 1)));
        copy.used = used;
        copy.count = count;
        copy.listpackBytes = listpackBytes;
        if (packed == null) {
            Fields t = new Fields();
            for (int h = first(); h >= 0; h = next(h)) {
                byte[] field = table.keyAt(h).clone();
                int ref = t.insertAbsent(field, Hashing.hash(field));
                t.setValueAt(ref, table.valueAt(h).clone());
            }
            copy.table = t;
            // hashTypeDup presizes the copy to the field count.
            copy.dictSlots = dictSize(table.size());
        }
        return copy;
    }

    @Override
    public int redisType() {
        return OBJ_HASH;
    }

    /** debug.c: per entry, mix the field then the value into a fresh digest; xor them all in. */
    @Override
    public void digest(byte[] digest) {
        byte[] entry = new byte[20];
        for (int h = first(); h >= 0; h = next(h)) {
            Arrays.fill(entry, (byte) 0);
            DigestMix.mix(entry, fieldBuffer(h), fieldOffset(h), fieldLength(h));
            DigestMix.mix(entry, valueBuffer(h), valueOffset(h), valueLength(h));
            DigestMix.xor(digest, entry);
        }
    }

    /**
     * objectComputeSize: the object plus its listpack allocation, or the dict (struct, bucket
     * array, and entries estimated from the first {@code samples} fields and values as sds
     * strings).
     */
    @Override
    public long memoryUsage(long samples) {
        if (packed != null) return RedisAllocation.ROBJ + RedisAllocation.jemallocSize(listpackBytes);
        long size = RedisAllocation.ROBJ + DICT_STRUCT + RedisAllocation.POINTER * dictSlots;
        long elesize = 0, sampled = 0;
        for (int h = first(); h >= 0 && sampled < samples; h = next(h)) {
            int flen = fieldLength(h), vlen = valueLength(h);
            elesize += RedisAllocation.sdsAllocSize(flen, flen) + RedisAllocation.sdsAllocSize(vlen, vlen)
                    + RedisAllocation.DICT_ENTRY;
            sampled++;
        }
        if (sampled > 0) size += (long) ((double) elesize / sampled * table.size());
        return size;
    }

    // ---- the large form's table ----------------------------------------------------------

    /** Fields as the table's keys, values in a parallel array. */
    private static final class Fields extends OpenTable {
        private static final class ValueGen extends Gen {
            final byte[][] values;

            ValueGen(int capacity) {
                super(capacity);
                values = new byte[capacity][];
            }

            @Override
            protected void copyTo(int from, Gen dst, int to) {
                ((ValueGen) dst).values[to] = values[from];
            }

            @Override
            protected void moveWithin(int from, int to) {
                values[to] = values[from];
            }

            @Override
            protected void clearValues(int slot) {
                values[slot] = null;
            }
        }

        @Override
        protected Gen newGen(int capacity) {
            return new ValueGen(capacity);
        }

        byte[] valueAt(int ref) {
            return ((ValueGen) gen(ref)).values[index(ref)];
        }

        void setValueAt(int ref, byte[] value) {
            ((ValueGen) gen(ref)).values[index(ref)] = value;
        }

        /** The occupied slot after {@code ref} (-1: from the start): the old generation, then the current one. */
        int next(int ref) {
            int i = ref < 0 ? 0 : index(ref) + 1;
            if (ref < 0 || (ref & OLD) != 0) {
                ValueGen o = (ValueGen) gen(OLD);
                if (o != null) {
                    for (byte[][] vs = o.values; i < vs.length; i++) {
                        if (vs[i] != null) return i | OLD;
                    }
                }
                i = 0;
            }
            byte[][] vs = ((ValueGen) gen(0)).values;
            for (; i < vs.length; i++) {
                if (vs[i] != null) return i;
            }
            return -1;
        }
    }
}

package io.basalt.keyspace;

import io.basalt.keyspace.type.MemorySized;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.StringValue;
import io.basalt.util.Jemalloc;

/**
 * MEMORY USAGE and MEMORY STATS estimates in Redis 7.0's terms (object.c): what Redis with
 * jemalloc would allocate for a key, its value and its table entry. Deterministic, so the
 * same dataset reports the same numbers on Basalt and on Redis.
 */
public final class MemoryUsage {
    private MemoryUsage() {}

    /** sizeof(robj), sizeof(dictEntry), sizeof(dictEntry*) on 64-bit Redis. */
    public static final int ROBJ = 16;
    public static final int DICT_ENTRY = 24;
    public static final int POINTER = 8;
    public static final int DEFAULT_SAMPLES = 5;

    /** Bytes for the key, value and dict entry; {@code samples} bounds nested sampling. */
    public static long keyUsage(byte[] key, Object value, long samples) {
        return valueUsage(value, samples) + sdsAllocSize(key.length, key.length) + DICT_ENTRY;
    }

    /** objectComputeSize for the value alone. */
    public static long valueUsage(Object v, long samples) {
        if (v instanceof Long) return ROBJ;
        if (v instanceof byte[] b) {
            if (b.length <= StringValue.EMBSTR_LIMIT) return jemallocSize(ROBJ + 3 + b.length + 1);
            return ROBJ + sdsAllocSize(b.length, b.length);
        }
        if (v instanceof RawString r) return ROBJ + sdsAllocSize(r.length(), r.buffer().length);
        if (v instanceof MemorySized m) return m.memoryUsage(samples);
        throw new IllegalStateException("no size for value type " + v.getClass().getName());
    }

    /** zmalloc_size of an sds of {@code len} bytes with room for {@code alloc}. */
    public static long sdsAllocSize(int len, int alloc) {
        return jemallocSize((long) sdsHeader(alloc) + alloc + 1);
    }

    /** Redis's sdsReqType header size (sds type 5 for short strings, then 8/16/32/64). */
    static int sdsHeader(long len) {
        if (len < 1 << 5) return 1;
        if (len < 1 << 8) return 3;
        if (len < 1 << 16) return 5;
        if (len < 1L << 32) return 9;
        return 17;
    }

    /** The jemalloc size class a request of {@code n} bytes lands in. */
    public static long jemallocSize(long n) {
        return Jemalloc.usableSize(n);
    }

    /** Slots a Redis dict of {@code used} entries has: the power of two it grows to, at least 4. */
    public static long dictSlots(long used) {
        if (used == 0) return 0;
        long s = 4;
        while (s < used) s <<= 1;
        return s;
    }

    /** MEMORY STATS overhead.hashtable.main of a database. */
    public static long mainTableOverhead(Database db) {
        return (long) db.size() * (DICT_ENTRY + ROBJ) + dictSlots(db.size()) * POINTER;
    }

    /** MEMORY STATS overhead.hashtable.expires of a database. */
    public static long expiresTableOverhead(Database db) {
        return (long) db.volatileCount() * DICT_ENTRY + dictSlots(db.volatileCount()) * POINTER;
    }

    /** Sum of {@link #keyUsage} over every key of every database. */
    public static long datasetBytes(Keyspace ks) {
        long[] total = new long[1];
        for (int j = 0; j < ks.count(); j++) {
            Database db = ks.db(j);
            db.forEachSlot(slot -> total[0] += keyUsage(db.keyAt(slot), db.valueAt(slot), DEFAULT_SAMPLES));
        }
        return total[0];
    }
}

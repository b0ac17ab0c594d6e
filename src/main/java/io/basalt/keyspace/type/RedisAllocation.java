package io.basalt.keyspace.type;

/**
 * Redis 7.0's allocation model on 64-bit jemalloc, for MEMORY USAGE estimates: object and
 * dict-entry sizes, sds headers, jemalloc size classes and dict bucket counts. Shared by the
 * keyspace's estimate and every value type's {@link MemorySized#memoryUsage}.
 */
public final class RedisAllocation {
    private RedisAllocation() {}

    /** sizeof(robj), sizeof(dictEntry), sizeof(dictEntry*) on 64-bit Redis. */
    public static final int ROBJ = 16;
    public static final int DICT_ENTRY = 24;
    public static final int POINTER = 8;

    /** zmalloc_size of an sds of {@code len} bytes with room for {@code alloc}. */
    public static long sdsAllocSize(int len, int alloc) {
        return jemallocSize((long) sdsHeader(alloc) + alloc + 1);
    }

    /** Redis's sdsReqType header size (sds type 5 for short strings, then 8/16/32/64). */
    public static int sdsHeader(long len) {
        if (len < 1 << 5) return 1;
        if (len < 1 << 8) return 3;
        if (len < 1 << 16) return 5;
        if (len < 1L << 32) return 9;
        return 17;
    }

    /** The jemalloc size class a request of {@code n} bytes lands in (4 classes per doubling). */
    public static long jemallocSize(long n) {
        if (n <= 8) return 8;
        if (n <= 128) return (n + 15) & ~15L;
        int lg = 63 - Long.numberOfLeadingZeros(n - 1);
        long spacing = 1L << (lg - 2);
        return (n + spacing - 1) & ~(spacing - 1);
    }

    /** Slots a Redis dict of {@code used} entries has: the power of two it grows to, at least 4. */
    public static long dictSlots(long used) {
        if (used == 0) return 0;
        return used <= 4 ? 4 : Long.highestOneBit(used - 1) << 1;
    }
}

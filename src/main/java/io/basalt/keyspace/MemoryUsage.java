package io.basalt.keyspace;

import io.basalt.keyspace.type.MemorySized;

import static io.basalt.keyspace.type.RedisAllocation.DICT_ENTRY;
import static io.basalt.keyspace.type.RedisAllocation.POINTER;
import static io.basalt.keyspace.type.RedisAllocation.ROBJ;
import static io.basalt.keyspace.type.RedisAllocation.dictSlots;
import static io.basalt.keyspace.type.RedisAllocation.jemallocSize;
import static io.basalt.keyspace.type.RedisAllocation.sdsAllocSize;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.StringValue;

/**
 * MEMORY USAGE and MEMORY STATS estimates in Redis 7.0's terms (object.c): what Redis with
 * jemalloc would allocate for a key, its value and its table entry. Deterministic, so the
 * same dataset reports the same numbers on Basalt and on Redis.
 */
public final class MemoryUsage {
    private MemoryUsage() {}

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
        // Only tests store other objects (stand-ins for "a value of another type"): a bare robj.
        return ROBJ;
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

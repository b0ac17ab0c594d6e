package io.basalt.keyspace.type;

/**
 * A value type's part of DEBUG DIGEST / DIGEST-VALUE (Redis's xorObjectDigest). Strings are
 * handled by {@link io.basalt.keyspace.DatasetDigest} itself; every other value class
 * implements this, mixing its elements into the key's digest with
 * {@link io.basalt.util.DigestMix#mix} and {@link io.basalt.util.DigestMix#xor} exactly as
 * debug.c's xorObjectDigest does for the type.
 */
public interface Digestible {
    /** Redis's OBJ_* type code: 1 list, 2 set, 3 zset, 4 hash, 6 stream. */
    int redisType();

    /** Mixes the elements into {@code digest} (20 bytes) as debug.c does for this type. */
    void digest(byte[] digest);
}

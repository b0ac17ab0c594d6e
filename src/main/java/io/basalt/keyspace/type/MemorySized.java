package io.basalt.keyspace.type;

/**
 * A value type's answer to MEMORY USAGE (Redis's objectComputeSize): the bytes Redis 7.0
 * would use for the value object and its encoding, estimated from at most {@code samples}
 * elements of nested structures. Strings are sized by {@link io.basalt.keyspace.MemoryUsage}.
 */
public interface MemorySized {
    long memoryUsage(long samples);
}

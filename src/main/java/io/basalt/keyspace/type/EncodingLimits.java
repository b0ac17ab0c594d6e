package io.basalt.keyspace.type;

/**
 * The thresholds at which a compact encoding converts to its large form, as the
 * {@code *-max-listpack-*}, {@code set-max-intset-entries} and {@code hll-sparse-max-bytes}
 * directives set them. One instance per server, updated by CONFIG SET (under the execution
 * lock); a conversion is one-way, as in Redis: lowering a limit affects only values written
 * afterwards.
 */
public final class EncodingLimits {
    public long hashMaxListpackEntries = 128;
    public long hashMaxListpackValue = 64;
    public long setMaxIntsetEntries = 512;
    public long zsetMaxListpackEntries = 128;
    public long zsetMaxListpackValue = 64;
    /** Positive: entries per quicklist node; -1..-5: node size limit 4, 8, 16, 32, 64 KB. */
    public int listMaxListpackSize = -2;
    /** Quicklist nodes at each end kept uncompressed (0: no compression). */
    public int listCompressDepth = 0;
    /** Largest sparse HyperLogLog (header included) before it turns dense. */
    public long hllSparseMaxBytes = 3000;
}

package io.basalt.persistence;

/**
 * What a {@link Snapshot} writes for the dataset: RDB records ({@link RdbRecords}: SAVE,
 * BGSAVE, AOF bases with the RDB preamble) or AOF commands ({@link AofRewriter}: AOF bases
 * without it). The snapshot owns the walk, its buffers and the sink; an encoder only turns
 * each event of the walk into bytes appended to the buffer it is given.
 */
interface SnapshotEncoder {
    /** Before anything else: the RDB header and AUX fields, or an AOF timestamp annotation. */
    void begin(RdbWriter out);

    /** The walk enters a non-empty database that held {@code keys} keys ({@code volatileKeys} with a TTL) at the start. */
    void beginDatabase(RdbWriter out, int db, long keys, long volatileKeys);

    /** The next entry belongs to database {@code db}, not to the last one written. */
    void switchDatabase(RdbWriter out, int db);

    /** One key as it was when the snapshot began; {@code expireAt} is -1 without a TTL. */
    void entry(RdbWriter out, byte[] key, Object value, long expireAt, int accessWord);

    /** After the last entry: the RDB's EOF opcode. */
    void end(RdbWriter out);

    /** Whether {@link #trailer} needs the CRC64 of all the output before it. */
    boolean checksums();

    /** The bytes after everything else, given the output's CRC64 (0 unless {@link #checksums}). */
    byte[] trailer(long crc);
}

package io.basalt.persistence;

import io.basalt.config.ServerVersion;
import io.basalt.keyspace.AccessClock;
import io.basalt.util.ProcessMetrics;

import static io.basalt.persistence.RdbFormat.OPCODE_EOF;
import static io.basalt.persistence.RdbFormat.OPCODE_SELECTDB;

/**
 * A snapshot as an RDB (Redis's rdbSaveRio): header and AUX fields, function libraries, SELECTDB and RESIZEDB per
 * database, one record per key with its expiry and LRU/LFU information, EOF, and the CRC64
 * (zero with {@code rdbchecksum no}).
 */
final class RdbRecords implements SnapshotEncoder {
    private final AccessClock access;
    private final RdbWriter.AccessInfo accessInfo;
    private final boolean checksum;
    private final long ctimeSeconds;
    private final ReplicationInfo repl;
    private final boolean aofBase;
    private final java.util.List<byte[]> libraries;

    /**
     * {@code aofBase}: the RDB preamble of an AOF (the {@code aof-base} AUX field is 1);
     * {@code libraries}: the function libraries' codes, saved before the databases.
     */
    RdbRecords(AccessClock access, RdbWriter.AccessInfo accessInfo, boolean checksum, long ctimeSeconds,
               ReplicationInfo repl, boolean aofBase, java.util.List<byte[]> libraries) {
        this.libraries = libraries;
        this.access = access;
        this.accessInfo = accessInfo;
        this.checksum = checksum;
        this.ctimeSeconds = ctimeSeconds;
        this.repl = repl;
        this.aofBase = aofBase;
    }

    @Override
    public void begin(RdbWriter out) {
        out.writeHeader();
        out.writeAux("redis-ver", ServerVersion.REDIS_VERSION);
        out.writeAux("redis-bits", 64);
        out.writeAux("ctime", ctimeSeconds);
        out.writeAux("used-mem", ProcessMetrics.heapUsed());
        if (repl != null) {
            out.writeAux("repl-stream-db", repl.streamDb());
            out.writeAux("repl-id", repl.replId());
            out.writeAux("repl-offset", repl.offset());
        }
        out.writeAux("aof-base", aofBase ? 1 : 0);
        for (byte[] code : libraries) FunctionsPayload.writeLibrary(out, code);
    }

    @Override
    public void beginDatabase(RdbWriter out, int db, long keys, long volatileKeys) {
        out.writeSelectDb(db, keys, volatileKeys);
    }

    @Override
    public void switchDatabase(RdbWriter out, int db) {
        // RDB records may come in any order; a bare SELECTDB switches database.
        out.writeByte(OPCODE_SELECTDB);
        out.writeLength(db);
    }

    @Override
    public void entry(RdbWriter out, byte[] key, Object value, long expireAt, int accessWord) {
        long info = switch (accessInfo) {
            case IDLE -> access.idleMillis(accessWord) / 1000;
            case FREQ -> access.frequency(accessWord);
            case NONE -> 0;
        };
        out.writeRecord(key, value, expireAt, accessInfo, info);
    }

    @Override
    public void end(RdbWriter out) {
        out.writeByte(OPCODE_EOF);
    }

    @Override
    public boolean checksums() {
        return checksum;
    }

    @Override
    public byte[] trailer(long crc) {
        byte[] sum = new byte[8];
        long value = checksum ? crc : 0;
        for (int i = 0; i < 8; i++) sum[i] = (byte) (value >>> (8 * i));
        return sum;
    }
}

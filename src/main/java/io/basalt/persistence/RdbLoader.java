package io.basalt.persistence;

import io.basalt.keyspace.AccessClock;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.util.Ascii;
import io.basalt.util.Log;

import java.util.HashMap;
import java.util.Map;

import static io.basalt.persistence.RdbFormat.*;

/**
 * Redis's rdbLoadRio: reads a whole RDB (header, AUX fields, function libraries, databases,
 * EOF and checksum) into databases that are not live yet, so a failure leaves nothing
 * half-loaded; the libraries' codes are handed back for the caller to create.
 */
final class RdbLoader {
    /** What a load found besides the keys: counts for INFO and the log, the AUX fields. */
    record Result(long keysLoaded, long keysExpired, long emptyKeysSkipped, Map<String, String> aux,
                  java.util.List<ExpiredKey> expiredKeys, java.util.List<byte[]> libraries) {}

    /** How to treat what is read: the server's policies at load time. */
    record Options(EncodingLimits limits, AccessClock access, boolean lfuPolicy,
                   boolean shareIntegers, boolean dropExpired, boolean verifyChecksum, long now) {}

    private RdbLoader() {}

    static Result load(RdbReader in, Database[] dbs, Options o) {
        byte[] magic = new byte[9];
        for (int i = 0; i < 9; i++) magic[i] = (byte) in.readByte();
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) throw new RdbException("Wrong signature trying to load DB from file");
        }
        int version = parseVersion(magic);
        if (version < 1 || version > VERSION) throw new RdbException("Can't handle RDB format version " + version);

        Map<String, String> aux = new HashMap<>();
        Database db = dbs[0];
        long expireAt = -1, idle = -1;
        int freq = -1;
        long loaded = 0, expired = 0, empty = 0;
        java.util.List<ExpiredKey> expiredKeys = new java.util.ArrayList<>();
        java.util.List<byte[]> libraries = new java.util.ArrayList<>();
        while (true) {
            int type = in.readByte();
            switch (type) {
                case OPCODE_EXPIRETIME -> {
                    expireAt = in.readSeconds() * 1000;
                    continue;
                }
                case OPCODE_EXPIRETIME_MS -> {
                    expireAt = in.readMillis();
                    continue;
                }
                case OPCODE_FREQ -> {
                    freq = in.readByte();
                    continue;
                }
                case OPCODE_IDLE -> {
                    idle = in.readLength();
                    continue;
                }
                case OPCODE_SELECTDB -> {
                    long id = in.readLength();
                    if (id >= dbs.length) throw new RdbException("FATAL: Data file was created with a Redis server configured to handle more than "
                            + dbs.length + " databases. Exiting");
                    db = dbs[(int) id];
                    continue;
                }
                case OPCODE_RESIZEDB -> {
                    in.readLength();
                    in.readLength();
                    continue;
                }
                case OPCODE_AUX -> {
                    String key = Ascii.string(in.readString());
                    String value = Ascii.string(in.readString());
                    aux.put(key, value);
                    continue;
                }
                case OPCODE_MODULE_AUX -> throw new RdbException("The RDB file contains AUX module data I can't load: Basalt does not support modules");
                case OPCODE_FUNCTION2, OPCODE_FUNCTION -> {
                    try {
                        libraries.add(FunctionsPayload.readLibrary(in, type));
                    } catch (IllegalArgumentException e) {
                        throw new RdbException(e.getMessage());
                    }
                    continue;
                }
                case OPCODE_EOF -> {
                    verifyChecksum(in, version, o.verifyChecksum());
                    return new Result(loaded, expired, empty, aux, expiredKeys, libraries);
                }
                default -> { /* a key/value record of this type */ }
            }
            byte[] key = in.readString();
            Object value = in.readObject(type, o.limits(), o.shareIntegers());
            if (value == null) {
                empty++;
            } else if (o.dropExpired() && expireAt != -1 && expireAt < o.now()) {
                expired++;
                expiredKeys.add(new ExpiredKey(db.id(), key));
            } else {
                if (db.slotOf(key) >= 0) throw new RdbException("RDB has duplicated key '" + Ascii.string(key) + "' in DB " + db.id());
                int slot = db.add(key, value, accessWord(o, idle, freq));
                if (expireAt != -1) db.setExpireAt(slot, expireAt);
                loaded++;
            }
            expireAt = -1;
            idle = -1;
            freq = -1;
        }
    }

    private static int parseVersion(byte[] header) {
        int v = 0;
        for (int i = 5; i < 9; i++) {
            int d = header[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** objectSetLRUOrLFU: a frequency applies under an LFU policy, an idle time under any other. */
    private static int accessWord(Options o, long idle, int freq) {
        if (o.lfuPolicy()) return freq >= 0 ? o.access().wordForFrequency(freq) : o.access().initial();
        return idle >= 0 ? o.access().wordForIdle(idle) : o.access().initial();
    }

    private static void verifyChecksum(RdbReader in, int version, boolean verify) {
        if (version < 5) return;
        long computed = in.checksum();
        long expected = 0;
        for (int i = 0; i < 8; i++) expected |= (long) in.readByte() << (8 * i);
        if (!verify) return;
        if (expected == 0) {
            Log.warning("RDB file was saved with checksum disabled: no check performed.");
        } else if (expected != computed) {
            // Redis's words and order: "expected" is the checksum of what was read, "got" the stored one.
            throw new RdbException("Wrong RDB checksum expected: (" + Long.toHexString(computed) + ") but got ("
                    + Long.toHexString(expected) + ")");
        }
    }
}

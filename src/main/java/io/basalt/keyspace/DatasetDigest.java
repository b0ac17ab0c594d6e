package io.basalt.keyspace;

import io.basalt.keyspace.type.Digestible;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.StringValue;
import io.basalt.util.Ascii;

import static io.basalt.util.DigestMix.mix;
import static io.basalt.util.DigestMix.xor;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE with Redis's exact semantics (debug.c), so datasets
 * can be compared across Basalt and Redis servers. Per key: digest = mix(key), then
 * mix(type code as 4 big-endian bytes), then the value's part (strings: mix of their string
 * form, so integers digest as their decimal text), then xor "!!expire!!" if the key has a
 * TTL. Per database with keys: final = mix(final, db id) then final ^= each key digest.
 * Logically expired keys still count, as Redis iterates its dict without expiring.
 */
public final class DatasetDigest {
    private DatasetDigest() {}

    public static final int OBJ_STRING = 0;
    private static final byte[] EXPIRE_MARK = Ascii.bytes("!!expire!!");
    /** The whole dataset's digest: 20 zero bytes when every database is empty. */
    public static byte[] dataset(Keyspace ks) {
        byte[] fin = new byte[20];
        byte[] kd = new byte[20];
        for (int j = 0; j < ks.count(); j++) {
            Database db = ks.db(j);
            if (db.size() == 0) continue;
            mix(fin, int32(j));
            db.forEachSlot(slot -> {
                byte[] key = db.keyAt(slot);
                java.util.Arrays.fill(kd, (byte) 0);
                mix(kd, key);
                valueDigest(db, key, db.valueAt(slot), kd);
                xor(fin, kd);
            });
        }
        return fin;
    }

    /** DIGEST-VALUE of one key: 20 zero bytes when missing (expired keys included, as in Redis). */
    public static byte[] value(Database db, byte[] b, int off, int len) {
        byte[] d = new byte[20];
        int slot = db.slotOf(b, off, len);
        if (slot >= 0) valueDigest(db, db.keyAt(slot), db.valueAt(slot), d);
        return d;
    }

    /** Redis's xorObjectDigest: type, value, expire mark. */
    private static void valueDigest(Database db, byte[] key, Object v, byte[] digest) {
        if (StringValue.isString(v)) {
            mix(digest, int32(OBJ_STRING));
            if (v instanceof RawString r) mix(digest, r.buffer(), 0, r.length());
            else mix(digest, StringValue.bytes(v));
        } else if (v instanceof Digestible d) {
            mix(digest, int32(d.redisType()));
            d.digest(digest);
        } else {
            throw new IllegalStateException("no digest for value type " + v.getClass().getName());
        }
        if (db.expireOf(key) != -1) xor(digest, EXPIRE_MARK);
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static String hex(byte[] digest) {
        StringBuilder sb = new StringBuilder(40);
        for (byte b : digest) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}

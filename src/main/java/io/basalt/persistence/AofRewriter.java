package io.basalt.persistence;

import io.basalt.keyspace.type.HashValue;
import io.basalt.keyspace.type.ListValue;
import io.basalt.keyspace.type.SetValue;
import io.basalt.keyspace.type.StringValue;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.util.Ascii;
import io.basalt.util.Doubles;

/**
 * A snapshot as AOF commands (Redis's rewriteAppendOnlyFileRio, the base file without the
 * RDB preamble): an optional {@code #TS:} annotation, a FUNCTION LOAD per function library,
 * per non-empty database a SELECT, then
 * per key SET, or RPUSH, SADD, ZADD, HMSET with at most 64 items per command, and PEXPIREAT
 * for a key with an expiry. An entry a command hands over out of order is preceded by the
 * SELECT of its database.
 */
final class AofRewriter implements SnapshotEncoder {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    static final int ITEMS_PER_COMMAND = 64;

    private static final byte[] SELECT = Ascii.bytes("SELECT");
    private static final byte[] SET = Ascii.bytes("SET");
    private static final byte[] RPUSH = Ascii.bytes("RPUSH");
    private static final byte[] SADD = Ascii.bytes("SADD");
    private static final byte[] ZADD = Ascii.bytes("ZADD");
    private static final byte[] HMSET = Ascii.bytes("HMSET");
    private static final byte[] PEXPIREAT = Ascii.bytes("PEXPIREAT");
    private static final byte[] NO_TRAILER = new byte[0];
    private static final byte[] FUNCTION = Ascii.bytes("FUNCTION");
    private static final byte[] LOAD = Ascii.bytes("LOAD");

    private final long unixSeconds;
    private final java.util.List<byte[]> libraries;
    private final byte[] number = new byte[Doubles.MAX_FORMAT_LENGTH];
    private final byte[] header = new byte[24];
    private RdbWriter out;

    /** {@code unixSeconds} >= 0 starts the file with a {@code #TS:} annotation (aof-timestamp-enabled). */
    AofRewriter(long unixSeconds, java.util.List<byte[]> libraries) {
        this.unixSeconds = unixSeconds;
        this.libraries = libraries;
    }

    @Override
    public void begin(RdbWriter out) {
        this.out = out;
        if (unixSeconds >= 0) {
            byte[] ts = Ascii.bytes("#TS:" + unixSeconds + "\r\n");
            out.writeRaw(ts, 0, ts.length);
        }
        for (byte[] code : libraries) {
            array(3);
            bulk(FUNCTION);
            bulk(LOAD);
            bulk(code);
        }
    }

    @Override
    public void beginDatabase(RdbWriter out, int db, long keys, long volatileKeys) {
        switchDatabase(out, db);
    }

    @Override
    public void switchDatabase(RdbWriter out, int db) {
        this.out = out;
        array(2);
        bulk(SELECT);
        bulk(db);
    }

    @Override
    public void entry(RdbWriter out, byte[] key, Object v, long expireAt, int accessWord) {
        this.out = out;
        if (StringValue.isString(v)) {
            array(3);
            bulk(SET);
            bulk(key);
            if (v instanceof Long l) bulk(l);
            else bulk(StringValue.view(v), 0, StringValue.length(v));
        } else if (v instanceof ListValue l) {
            list(key, l);
        } else if (v instanceof SetValue s) {
            set(key, s);
        } else if (v instanceof ZSetValue z) {
            zset(key, z);
        } else if (v instanceof HashValue h) {
            hash(key, h);
        } else {
            throw new IllegalStateException("no AOF form for " + v.getClass().getSimpleName());
        }
        if (expireAt != -1) {
            array(3);
            bulk(PEXPIREAT);
            bulk(key);
            bulk(expireAt);
        }
    }

    @Override
    public void end(RdbWriter out) {
        // An AOF has no end marker.
    }

    @Override
    public boolean checksums() {
        return false;
    }

    @Override
    public byte[] trailer(long crc) {
        return NO_TRAILER;
    }

    /** The header of the next batch of at most 64 items, when {@code written} items are done. */
    private void batch(byte[] command, byte[] key, long total, long written, int wordsPerItem) {
        long items = Math.min(ITEMS_PER_COMMAND, total - written);
        array(2 + items * wordsPerItem);
        bulk(command);
        bulk(key);
    }

    private void list(byte[] key, ListValue l) {
        long n = l.size();
        for (long done = 0; done < n; ) {
            int items = (int) Math.min(ITEMS_PER_COMMAND, n - done);
            batch(RPUSH, key, n, done, 1);
            for (byte[] e : l.copyRange(done, items, false)) bulk(e);
            done += items;
        }
    }

    private void set(byte[] key, SetValue s) {
        long n = s.size(), done = 0;
        SetValue.Member m = new SetValue.Member();
        while (s.next(m)) {
            if (done % ITEMS_PER_COMMAND == 0) batch(SADD, key, n, done, 1);
            bulk(m.bytes(), m.offset(), m.length());
            done++;
        }
    }

    private void zset(byte[] key, ZSetValue z) {
        long n = z.size(), done = 0;
        ZSetValue.Cursor c = new ZSetValue.Cursor();
        for (z.seek(0, c); c.valid(); c.next()) {
            if (done % ITEMS_PER_COMMAND == 0) batch(ZADD, key, n, done, 2);
            int len = Doubles.format(c.score(), number, 0);
            bulk(number, 0, len);
            bulk(c.member());
            done++;
        }
    }

    private void hash(byte[] key, HashValue h) {
        long n = h.size(), done = 0;
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            if (done % ITEMS_PER_COMMAND == 0) batch(HMSET, key, n, done, 2);
            bulk(h.fieldBuffer(e), h.fieldOffset(e), h.fieldLength(e));
            bulk(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e));
            done++;
        }
    }

    private void array(long n) {
        header('*', n);
    }

    private void bulk(byte[] b) {
        bulk(b, 0, b.length);
    }

    private void bulk(long v) {
        int len = Ascii.format(v, number, 0);
        bulk(number, 0, len);
    }

    private void bulk(byte[] b, int off, int len) {
        header('$', len);
        out.writeRaw(b, off, len);
        out.writeByte('\r');
        out.writeByte('\n');
    }

    private void header(char type, long n) {
        header[0] = (byte) type;
        int end = Ascii.format(n, header, 1);
        header[end++] = '\r';
        header[end++] = '\n';
        out.writeRaw(header, 0, end);
    }
}

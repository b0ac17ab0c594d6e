package io.basalt.persistence;

import io.basalt.command.Engine;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.HashValue;
import io.basalt.keyspace.type.ListValue;
import io.basalt.keyspace.type.SetValue;
import io.basalt.keyspace.type.StringValue;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.util.Ascii;
import io.basalt.util.Doubles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The dataset as AOF commands (Redis's rewriteAppendOnlyFileRio, the base file without the
 * RDB preamble): per non-empty database a SELECT, then per key SET, or RPUSH, SADD, ZADD,
 * HMSET with at most 64 items per command, and PEXPIREAT for a key with an expiry. Walks the
 * live tables, so it runs inside the execution order (start-up); a background rewrite needs
 * a point-in-time view of the dataset instead.
 */
final class AofRewriter {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    static final int ITEMS_PER_COMMAND = 64;

    private static final byte[] SELECT = Ascii.bytes("SELECT");
    private static final byte[] SET = Ascii.bytes("SET");
    private static final byte[] RPUSH = Ascii.bytes("RPUSH");
    private static final byte[] SADD = Ascii.bytes("SADD");
    private static final byte[] ZADD = Ascii.bytes("ZADD");
    private static final byte[] HMSET = Ascii.bytes("HMSET");
    private static final byte[] PEXPIREAT = Ascii.bytes("PEXPIREAT");

    private final OutputStream out;
    private final byte[] number = new byte[Doubles.MAX_FORMAT_LENGTH];

    private AofRewriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the whole dataset; {@code unixSeconds} >= 0 starts the file with a {@code #TS:} annotation. */
    static void write(Engine engine, OutputStream out, long unixSeconds) throws IOException {
        AofRewriter w = new AofRewriter(out);
        if (unixSeconds >= 0) out.write(Ascii.bytes("#TS:" + unixSeconds + "\r\n"));
        Keyspace ks = engine.keyspace();
        try {
            for (int i = 0; i < ks.count(); i++) {
                Database db = ks.db(i);
                if (db.size() == 0) continue;
                w.array(2);
                w.bulk(SELECT);
                w.bulk(i);
                db.forEachSlot(slot -> w.key(db, slot));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void key(Database db, int slot) {
        try {
            byte[] key = db.keyAt(slot);
            Object v = db.valueAt(slot);
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
            long expire = db.expireOf(key);
            if (expire != -1) {
                array(3);
                bulk(PEXPIREAT);
                bulk(key);
                bulk(expire);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header of the next batch of at most 64 items, when {@code written} items are done. */
    private void batch(byte[] command, byte[] key, long total, long written, int wordsPerItem) throws IOException {
        long items = Math.min(ITEMS_PER_COMMAND, total - written);
        array(2 + items * wordsPerItem);
        bulk(command);
        bulk(key);
    }

    private void list(byte[] key, ListValue l) throws IOException {
        long n = l.size();
        for (long done = 0; done < n; ) {
            int items = (int) Math.min(ITEMS_PER_COMMAND, n - done);
            batch(RPUSH, key, n, done, 1);
            for (byte[] e : l.copyRange(done, items, false)) bulk(e);
            done += items;
        }
    }

    private void set(byte[] key, SetValue s) throws IOException {
        long n = s.size(), done = 0;
        SetValue.Member m = new SetValue.Member();
        while (s.next(m)) {
            if (done % ITEMS_PER_COMMAND == 0) batch(SADD, key, n, done, 1);
            bulk(m.bytes(), m.offset(), m.length());
            done++;
        }
    }

    private void zset(byte[] key, ZSetValue z) throws IOException {
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

    private void hash(byte[] key, HashValue h) throws IOException {
        long n = h.size(), done = 0;
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            if (done % ITEMS_PER_COMMAND == 0) batch(HMSET, key, n, done, 2);
            bulk(h.fieldBuffer(e), h.fieldOffset(e), h.fieldLength(e));
            bulk(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e));
            done++;
        }
    }

    private void array(long n) throws IOException {
        header('*', n);
    }

    private void bulk(byte[] b) throws IOException {
        bulk(b, 0, b.length);
    }

    private void bulk(long v) throws IOException {
        int len = Ascii.format(v, number, 0);
        bulk(number, 0, len);
    }

    private void bulk(byte[] b, int off, int len) throws IOException {
        header('$', len);
        out.write(b, off, len);
        out.write('\r');
        out.write('\n');
    }

    private void header(char type, long n) throws IOException {
        byte[] h = new byte[24];
        h[0] = (byte) type;
        int end = Ascii.format(n, h, 1);
        h[end++] = '\r';
        h[end++] = '\n';
        out.write(h, 0, end);
    }
}

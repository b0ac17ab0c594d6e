package io.basalt.persistence;

import io.basalt.keyspace.type.HashValue;
import io.basalt.keyspace.type.ListValue;
import io.basalt.keyspace.type.Listpack;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.SetValue;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.util.Ascii;
import io.basalt.util.Doubles;

import java.util.Arrays;

import static io.basalt.persistence.RdbFormat.*;

/**
 * Encodes RDB data into a growable buffer, as Redis's rdbSave* functions write it into a
 * rio: lengths, strings (integer-encoded when short and numeric), values of every type in
 * the encodings Redis 7.0 writes, key/value records with their expiry and LRU/LFU opcodes.
 * The same writer feeds files, DUMP payloads and (later) replication; the owner drains
 * {@link #buffer()} and {@link #reset()}s it.
 */
public final class RdbWriter {
    private byte[] buf;
    private int pos;
    private final boolean compress;
    private final Scratch scratch = new Scratch();

    public RdbWriter(int initialCapacity, boolean compress) {
        this.buf = new byte[Math.max(16, initialCapacity)];
        this.compress = compress;
    }

    public byte[] buffer() {
        return buf;
    }

    public int size() {
        return pos;
    }

    public void reset() {
        pos = 0;
    }

    /** The bytes written so far, as a new array. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
        long need = (long) pos + more;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 16) throw new IllegalStateException("RDB buffer over 2 GB");
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, buf.length * 2L)));
        }
    }

    // ---- primitives ------------------------------------------------------------------------

    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void writeRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void writeLittle(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) buf[pos++] = (byte) (v >>> (8 * i));
    }

    /** rdbSaveLen: 6, 14, 32 or 64 bits, big-endian after the prefix. */
    public void writeLength(long len) {
        ensure(9);
        if (len < 1 << 6) {
            buf[pos++] = (byte) len;
        } else if (len < 1 << 14) {
            buf[pos++] = (byte) ((LEN_14BIT << 6) | (len >>> 8));
            buf[pos++] = (byte) len;
        } else if (len <= 0xffffffffL) {
            buf[pos++] = (byte) LEN_32BIT;
            for (int i = 3; i >= 0; i--) buf[pos++] = (byte) (len >>> (8 * i));
        } else {
            buf[pos++] = (byte) LEN_64BIT;
            for (int i = 7; i >= 0; i--) buf[pos++] = (byte) (len >>> (8 * i));
        }
    }

    public void writeMillis(long ms) {
        writeLittle(ms, 8);
    }

    public void writeBinaryDouble(double d) {
        writeLittle(Double.doubleToRawLongBits(d), 8);
    }

    /** rdbEncodeInteger: true if {@code v} fit an 8, 16 or 32-bit encoding and was written. */
    private boolean writeEncodedInteger(long v) {
        int enc;
        int bytes;
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            enc = ENC_INT8;
            bytes = 1;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            enc = ENC_INT16;
            bytes = 2;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = ENC_INT32;
            bytes = 4;
        } else {
            return false;
        }
        writeByte((LEN_ENCODED << 6) | enc);
        writeLittle(v, bytes);
        return true;
    }

    /**
     * rdbSaveRawString: short canonical integers as integers, then (with rdbcompression and
     * more than 20 bytes) LZF when it saves at least 4 bytes, else length and bytes.
     */
    public void writeString(byte[] b, int off, int len) {
        if (len <= 11 && len > 0) {
            long[] v = scratch.number;
            if (Ascii.parse(b, off, len, v) && writeEncodedInteger(v[0])) return;
        }
        if (compress && len > 20 && writeCompressed(b, off, len)) return;
        writeLength(len);
        writeRaw(b, off, len);
    }

    public void writeString(byte[] b) {
        writeString(b, 0, b.length);
    }

    /** rdbSaveLongLongAsStringObject: an integer-encoded string value. */
    public void writeLongString(long v) {
        if (writeEncodedInteger(v)) return;
        ensure(21 + 9);
        byte[] digits = scratch.digits;
        int n = Ascii.format(v, digits, 0);
        writeLength(n);
        writeRaw(digits, 0, n);
    }

    private boolean writeCompressed(byte[] b, int off, int len) {
        int max = len - 4;
        ensure(1 + 9 + 9 + max);
        int mark = pos;
        pos += 1 + 9 + 9;
        int n = io.basalt.util.Lzf.compress(b, off, len, buf, pos, max);
        pos = mark;
        if (n == 0) return false;
        // The compressed bytes were placed after room for the worst-case prefix; move them up.
        int data = mark + 1 + 9 + 9;
        writeByte((LEN_ENCODED << 6) | ENC_LZF);
        writeLength(n);
        writeLength(len);
        System.arraycopy(buf, data, buf, pos, n);
        pos += n;
        return true;
    }

    // ---- values ----------------------------------------------------------------------------

    /** The RDB type byte Redis 7.0 writes for a value (rdbSaveObjectType). */
    public static int typeOf(Object v) {
        if (v instanceof byte[] || v instanceof Long || v instanceof RawString) return TYPE_STRING;
        if (v instanceof ListValue) return TYPE_LIST_QUICKLIST_2;
        if (v instanceof SetValue s) return s.isIntset() ? TYPE_SET_INTSET : TYPE_SET;
        if (v instanceof ZSetValue z) return z.encoding().equals(ZSetValue.LISTPACK) ? TYPE_ZSET_LISTPACK : TYPE_ZSET_2;
        if (v instanceof HashValue h) return h.encoding().equals("listpack") ? TYPE_HASH_LISTPACK : TYPE_HASH;
        throw new IllegalArgumentException("no RDB type for " + v.getClass().getSimpleName());
    }

    /** rdbSaveObject: the value's payload in the encoding {@link #typeOf} names. */
    public void writeObject(Object v) {
        switch (v) {
            case byte[] b -> writeString(b, 0, b.length);
            case Long l -> writeLongString(l);
            case RawString r -> writeString(r.buffer(), 0, r.length());
            case ListValue l -> writeList(l);
            case SetValue s -> writeSet(s);
            case ZSetValue z -> writeZSet(z);
            case HashValue h -> writeHash(h);
            default -> throw new IllegalArgumentException("no RDB encoding for " + v.getClass().getSimpleName());
        }
    }

    private void writeList(ListValue list) {
        int[] nodes = {0};
        list.forEachNode((lp, size) -> nodes[0]++);
        writeLength(nodes[0]);
        list.forEachNode((lp, size) -> {
            writeLength(CONTAINER_PACKED);
            writeString(lp, 0, size);
        });
    }

    private void writeSet(SetValue set) {
        if (set.isIntset()) {
            int n = (int) set.size();
            int width = set.intsetWidth();
            byte[] blob = new byte[8 + n * width];
            little(blob, 0, width, 4);
            little(blob, 4, n, 4);
            for (int i = 0; i < n; i++) little(blob, 8 + i * width, set.intAt(i), width);
            writeString(blob, 0, blob.length);
            return;
        }
        writeLength(set.size());
        SetValue.Member m = scratch.set;
        m.rewind();
        while (set.next(m)) writeString(m.bytes(), m.offset(), m.length());
    }

    private static void little(byte[] b, int p, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b[p + i] = (byte) (v >>> (8 * i));
    }

    private void writeZSet(ZSetValue z) {
        if (z.encoding().equals(ZSetValue.LISTPACK)) {
            Listpack.Builder lp = new Listpack.Builder();
            byte[] text = scratch.digits;
            z.forEachScored((b, off, len, score) -> {
                lp.add(b, off, len);
                addScore(lp, score, text);
            });
            byte[] blob = lp.build();
            writeString(blob, 0, blob.length);
            return;
        }
        // Greatest to smallest, as Redis walks its skiplist from the tail (its loader then
        // always inserts at the head): the same value gives Redis's bytes.
        writeLength(z.size());
        ZSetValue.Cursor c = new ZSetValue.Cursor();
        for (z.seek(z.size() - 1, c); c.valid(); c.prev()) {
            byte[] m = c.member();
            writeString(m, 0, m.length);
            writeBinaryDouble(c.score());
        }
    }

    /** A score as zzlInsertAt stores it: d2string's text (integers as such, "-0" kept), then lpAppend's integer test. */
    private static void addScore(Listpack.Builder lp, double score, byte[] text) {
        if (score == 0 && Double.doubleToRawLongBits(score) != 0) {
            lp.add(NEGATIVE_ZERO, 0, NEGATIVE_ZERO.length);
        } else if (score > -D2STRING_INTEGER_LIMIT && score < D2STRING_INTEGER_LIMIT && score == Math.rint(score)) {
            lp.add((long) score);
        } else {
            lp.add(text, 0, Doubles.format(score, text, 0));
        }
    }

    private static final byte[] NEGATIVE_ZERO = {'-', '0'};
    /** d2string prints integral doubles strictly inside ±2^52 as integers. */
    private static final double D2STRING_INTEGER_LIMIT = 4503599627370496.0;

    private void writeHash(HashValue h) {
        if (h.encoding().equals("listpack")) {
            Listpack.Builder lp = new Listpack.Builder();
            for (int e = h.first(); e >= 0; e = h.next(e)) {
                lp.add(h.fieldBuffer(e), h.fieldOffset(e), h.fieldLength(e));
                lp.add(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e));
            }
            byte[] blob = lp.build();
            writeString(blob, 0, blob.length);
            return;
        }
        writeLength(h.size());
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            writeString(h.fieldBuffer(e), h.fieldOffset(e), h.fieldLength(e));
            writeString(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e));
        }
    }

    // ---- records ---------------------------------------------------------------------------

    /** How a record carries the key's access word: not at all, as LRU idle seconds, or as an LFU counter. */
    public enum AccessInfo { NONE, IDLE, FREQ }

    /**
     * rdbSaveKeyValuePair: [EXPIRETIME_MS] [IDLE | FREQ] type key value. {@code expireAt}
     * is -1 without a TTL; {@code access} is the idle seconds or the LFU counter.
     */
    public void writeRecord(byte[] key, Object value, long expireAt, AccessInfo info, long access) {
        if (expireAt != -1) {
            writeByte(OPCODE_EXPIRETIME_MS);
            writeMillis(expireAt);
        }
        if (info == AccessInfo.IDLE) {
            writeByte(OPCODE_IDLE);
            writeLength(access);
        } else if (info == AccessInfo.FREQ) {
            writeByte(OPCODE_FREQ);
            writeByte((int) access);
        }
        writeByte(typeOf(value));
        writeString(key, 0, key.length);
        writeObject(value);
    }

    public void writeHeader() {
        writeRaw(MAGIC, 0, MAGIC.length);
        byte[] version = String.format("%04d", VERSION).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        writeRaw(version, 0, version.length);
    }

    public void writeAux(String name, String value) {
        writeByte(OPCODE_AUX);
        writeString(Ascii.bytes(name));
        writeString(Ascii.bytes(value));
    }

    public void writeAux(String name, long value) {
        writeAux(name, Long.toString(value));
    }

    public void writeSelectDb(int db, long keys, long volatileKeys) {
        writeByte(OPCODE_SELECTDB);
        writeLength(db);
        writeByte(OPCODE_RESIZEDB);
        writeLength(keys);
        writeLength(volatileKeys);
    }

    /** The EOF opcode and the checksum of everything before it (0 with rdbchecksum no). */
    public void writeEof(long checksum) {
        writeByte(OPCODE_EOF);
        writeLittle(checksum, 8);
    }

    /** Scratch space reused across calls, so encoding allocates nothing per scratch. */
    private static final class Scratch {
        final long[] number = new long[1];
        final byte[] digits = new byte[Doubles.MAX_FORMAT_LENGTH + 8];
        final SetValue.Member set = new SetValue.Member();
    }
}

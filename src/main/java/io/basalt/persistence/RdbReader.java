package io.basalt.persistence;

import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.keyspace.type.HashValue;
import io.basalt.keyspace.type.ListValue;
import io.basalt.keyspace.type.Listpack;
import io.basalt.keyspace.type.SetValue;
import io.basalt.keyspace.type.StringValue;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.util.Ascii;
import io.basalt.util.Crc64;
import io.basalt.util.Doubles;
import io.basalt.util.Lzf;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static io.basalt.persistence.RdbFormat.*;

/**
 * Decodes RDB data from a byte array (RESTORE) or a stream (files, replication) as Redis's
 * rdbLoad* functions do, checksumming what it consumes. Values of every type and every
 * encoding a Redis 7.0 (or older) RDB holds are rebuilt through the value types' own APIs,
 * converting at the points rdbLoadObject converts. Anything malformed throws
 * {@link RdbException}; nothing here trusts a length before checking it against what is there.
 */
public final class RdbReader {
    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final boolean exact;
    private byte[] buf;
    private int pos, limit;
    /** Checksum of the bytes consumed before {@link #crcFrom} in the current buffer. */
    private long crc;
    private int crcFrom;
    private long consumedBefore;
    private final long[] scratch = new long[1];
    private final double[] newScore = new double[1];

    /** Reads {@code b[off, off+len)}, nothing more. */
    public RdbReader(byte[] b, int off, int len) {
        this.in = null;
        this.exact = false;
        this.buf = b;
        this.pos = off;
        this.limit = off + len;
        this.crcFrom = off;
    }

    public RdbReader(InputStream in) {
        this(in, false);
    }

    /**
     * With {@code exact}, never reads past what the RDB needs, so the stream can go on with
     * what follows it (an AOF tail after an RDB preamble); give it a buffered stream.
     */
    public RdbReader(InputStream in, boolean exact) {
        this.in = in;
        this.exact = exact;
        this.buf = new byte[CHUNK];
    }

    /** Bytes consumed so far (for error messages and progress). */
    public long offset() {
        return consumedBefore + pos;
    }

    /** CRC-64 of everything consumed so far. */
    public long checksum() {
        crc = Crc64.update(crc, buf, crcFrom, pos - crcFrom);
        crcFrom = pos;
        return crc;
    }

    /** True when nothing is left (a byte-array reader only). */
    public boolean atEnd() {
        return pos == limit && in == null;
    }

    private void require(int n) {
        if (limit - pos >= n) return;
        if (in == null) throw new RdbException("Short read");
        checksum();
        int keep = limit - pos;
        if (n > buf.length) buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        System.arraycopy(buf, pos, buf, 0, keep);
        consumedBefore += pos;
        pos = 0;
        crcFrom = 0;
        limit = keep;
        try {
            while (limit < n) {
                int r = in.read(buf, limit, exact ? n - limit : buf.length - limit);
                if (r < 0) throw new RdbException("Short read");
                limit += r;
            }
        } catch (IOException e) {
            throw new RdbException("Read error: " + e.getMessage());
        }
    }

    // ---- primitives ------------------------------------------------------------------------

    public int readByte() {
        require(1);
        return buf[pos++] & 0xff;
    }

    private long readLittle(int bytes) {
        require(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (long) (buf[pos + i] & 0xff) << (8 * i);
        pos += bytes;
        return v;
    }

    public long readMillis() {
        return readLittle(8);
    }

    public long readSeconds() {
        return (int) readLittle(4);
    }

    public double readBinaryDouble() {
        return Double.longBitsToDouble(readLittle(8));
    }

    /** Reads {@code n} bytes into a new array, refilling in chunks (a declared length reserves nothing in advance). */
    public byte[] readBytes(long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 16) throw new RdbException("String too long: " + n);
        int len = (int) n;
        if (in == null) {
            require(len);
            byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }
        byte[] out = new byte[Math.min(len, CHUNK)];
        int got = 0;
        while (got < len) {
            int step = Math.min(len - got, CHUNK);
            require(step);
            if (got + step > out.length) out = Arrays.copyOf(out, (int) Math.min(len, Math.max(got + step, out.length * 2L)));
            System.arraycopy(buf, pos, out, got, step);
            pos += step;
            got += step;
        }
        return out;
    }

    /** Set by {@link #readLengthOrEncoding}: the value is a special string encoding, not a length. */
    private boolean encoded;

    private long readLengthOrEncoding() {
        int first = readByte();
        int type = (first & 0xc0) >> 6;
        encoded = false;
        if (type == LEN_ENCODED) {
            encoded = true;
            return first & 0x3f;
        }
        if (type == LEN_6BIT) return first & 0x3f;
        if (type == LEN_14BIT) return ((first & 0x3f) << 8) | readByte();
        if (first == LEN_32BIT) {
            require(4);
            long v = 0;
            for (int i = 0; i < 4; i++) v = (v << 8) | (buf[pos++] & 0xff);
            return v;
        }
        if (first == LEN_64BIT) {
            require(8);
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos++] & 0xff);
            if (v < 0) throw new RdbException("Length out of range");
            return v;
        }
        throw new RdbException("Unknown length encoding " + first + " in rdbLoadLen()");
    }

    public long readLength() {
        long len = readLengthOrEncoding();
        if (encoded) throw new RdbException("Unexpected string encoding where a length belongs");
        return len;
    }

    /** rdbGenericLoadStringObject: plain, integer-encoded or LZF-compressed. */
    public byte[] readString() {
        long len = readLengthOrEncoding();
        if (!encoded) return readBytes(len);
        return switch ((int) len) {
            case ENC_INT8 -> Ascii.bytes((byte) readLittle(1));
            case ENC_INT16 -> Ascii.bytes((short) readLittle(2));
            case ENC_INT32 -> Ascii.bytes((int) readLittle(4));
            case ENC_LZF -> readCompressed();
            default -> throw new RdbException("Unknown RDB string encoding type " + len);
        };
    }

    private byte[] readCompressed() {
        long clen = readLength();
        long len = readLength();
        if (len == 0) throw new RdbException("Invalid LZF compressed string");
        byte[] packed = readBytes(clen);
        if (len > Integer.MAX_VALUE - 16) throw new RdbException("String too long: " + len);
        byte[] out = new byte[(int) len];
        try {
            if (Lzf.decompress(packed, 0, packed.length, out, 0, out.length) != len) throw new RdbException("Invalid LZF compressed string");
        } catch (IllegalArgumentException e) {
            throw new RdbException("Invalid LZF compressed string");
        }
        return out;
    }

    /** rdbLoadDoubleValue: the old text form (type 3 sorted sets). */
    private double readTextDouble() {
        int len = readByte();
        switch (len) {
            case 255:
                return Double.NEGATIVE_INFINITY;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 253:
                return Double.NaN;
            default:
                byte[] text = readBytes(len);
                return Doubles.parse(text, 0, text.length);
        }
    }

    // ---- values ----------------------------------------------------------------------------

    /**
     * rdbLoadObject: the value of RDB {@code type}, or null when it is an empty collection
     * (Redis skips those keys). {@code limits} are the server's encoding thresholds.
     */
    public Object readObject(int type, EncodingLimits limits, boolean shareIntegers) {
        return switch (type) {
            case TYPE_STRING -> {
                // tryObjectEncoding's choice, without copying the array just read.
                byte[] s = readString();
                yield s.length <= 20 && Ascii.parse(s, 0, s.length, scratch) ? StringValue.ofLong(scratch[0], shareIntegers) : s;
            }
            case TYPE_LIST -> readLinkedList(limits);
            case TYPE_SET -> readSet(limits);
            case TYPE_ZSET, TYPE_ZSET_2 -> readZSet(limits, type == TYPE_ZSET_2);
            case TYPE_HASH -> readHash(limits);
            case TYPE_LIST_QUICKLIST, TYPE_LIST_QUICKLIST_2 -> readQuicklist(limits, type == TYPE_LIST_QUICKLIST_2);
            case TYPE_LIST_ZIPLIST -> readZiplistList(limits);
            case TYPE_SET_INTSET -> readIntset(limits);
            case TYPE_ZSET_LISTPACK, TYPE_ZSET_ZIPLIST -> readPackedZSet(limits, type == TYPE_ZSET_LISTPACK);
            case TYPE_HASH_LISTPACK, TYPE_HASH_ZIPLIST -> readPackedHash(limits, type == TYPE_HASH_LISTPACK);
            case TYPE_HASH_ZIPMAP -> readZipmap(limits);
            case TYPE_MODULE, TYPE_MODULE_2 -> throw new RdbException("The RDB file contains module data I can't load: Basalt does not support modules");
            case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2 -> throw new RdbException("The RDB file contains a stream, a type Basalt does not support yet");
            default -> throw new RdbException("Unknown RDB encoding type " + type);
        };
    }

    private long readCount() {
        long n = readLength();
        if (n > Integer.MAX_VALUE) throw new RdbException("Collection too large: " + n);
        return n;
    }

    private ListValue readLinkedList(EncodingLimits limits) {
        long n = readCount();
        ListValue list = ListValue.create(limits);
        for (long i = 0; i < n; i++) {
            byte[] e = readString();
            list.push(false, e, 0, e.length);
        }
        return n == 0 ? null : list;
    }

    private ListValue readQuicklist(EncodingLimits limits, boolean version2) {
        long nodes = readCount();
        ListValue list = ListValue.create(limits);
        for (long i = 0; i < nodes; i++) {
            int container = CONTAINER_PACKED;
            if (version2) {
                long c = readLength();
                if (c != CONTAINER_PACKED && c != CONTAINER_PLAIN) throw new RdbException("Quicklist integrity check failed.");
                container = (int) c;
            }
            byte[] blob = readString();
            if (container == CONTAINER_PLAIN) {
                list.push(false, blob, 0, blob.length);
            } else if (version2) {
                int entries = validListpack(blob, null, "Quicklist listpack integrity check failed.");
                if (entries > 0) list.appendNode(blob, entries);
            } else {
                ziplist(blob, pusher(list));
            }
        }
        return list.size() == 0 ? null : list;
    }

    private ListValue readZiplistList(EncodingLimits limits) {
        byte[] blob = readString();
        ListValue list = ListValue.create(limits);
        try {
            ziplist(blob, pusher(list));
        } catch (IllegalArgumentException e) {
            throw new RdbException("List ziplist integrity check failed.");
        }
        return list.size() == 0 ? null : list;
    }

    private Listpack.EntryVisitor pusher(ListValue list) {
        byte[] digits = new byte[20];
        return new Listpack.EntryVisitor() {
            @Override
            public void string(byte[] b, int off, int len) {
                list.push(false, b, off, len);
            }

            @Override
            public void integer(long v) {
                list.push(false, digits, 0, Ascii.format(v, digits, 0));
            }
        };
    }

    private static void ziplist(byte[] blob, Listpack.EntryVisitor v) {
        LegacyEncodings.ziplistEntries(blob, 0, blob.length, v);
    }

    private static int validListpack(byte[] blob, Listpack.EntryVisitor visitor, String failure) {
        try {
            return Listpack.forEach(blob, visitor == null ? IGNORE : visitor);
        } catch (IllegalArgumentException e) {
            throw new RdbException(failure);
        }
    }

    private static final Listpack.EntryVisitor IGNORE = new Listpack.EntryVisitor() {
        @Override
        public void string(byte[] b, int off, int len) {}

        @Override
        public void integer(long v) {}
    };

    private SetValue readSet(EncodingLimits limits) {
        long n = readCount();
        if (n == 0) return null;
        SetValue set = n > limits.setMaxIntsetEntries ? SetValue.emptyHashtable() : SetValue.empty();
        for (long i = 0; i < n; i++) {
            byte[] m = readString();
            if (!set.add(m, 0, m.length, limits.setMaxIntsetEntries, scratch)) throw new RdbException("Duplicate set members detected");
        }
        return set;
    }

    private SetValue readIntset(EncodingLimits limits) {
        byte[] blob = readString();
        long[] members;
        try {
            members = LegacyEncodings.intset(blob, 0, blob.length);
        } catch (IllegalArgumentException e) {
            throw new RdbException("Intset integrity check failed.");
        }
        if (members.length == 0) return null;
        SetValue set = SetValue.empty();
        byte[] digits = new byte[20];
        for (long m : members) set.add(digits, 0, Ascii.format(m, digits, 0), limits.setMaxIntsetEntries, scratch);
        return set;
    }

    private ZSetValue readZSet(EncodingLimits limits, boolean binaryScores) {
        long n = readCount();
        if (n == 0) return null;
        ZSetValue z = ZSetValue.large();
        for (long i = 0; i < n; i++) {
            byte[] m = readString();
            double score = binaryScores ? readBinaryDouble() : readTextDouble();
            if (Double.isNaN(score)) throw new RdbException("Zset with NAN score detected");
            if (z.add(m, 0, m.length, score, 0, RELAXED, newScore) != ZSetValue.ADDED) throw new RdbException("Duplicate zset fields detected");
        }
        // Sorted sets are not saved in order, so Redis converts after loading.
        z.compactIfFits(limits);
        return z;
    }

    /** Limits no load reaches: compact encodings are filled as saved, then checked against the real ones. */
    private static final EncodingLimits RELAXED = relaxed();

    private static EncodingLimits relaxed() {
        EncodingLimits l = new EncodingLimits();
        l.hashMaxListpackEntries = Long.MAX_VALUE;
        l.hashMaxListpackValue = Long.MAX_VALUE;
        l.zsetMaxListpackEntries = Long.MAX_VALUE;
        l.zsetMaxListpackValue = Long.MAX_VALUE;
        return l;
    }

    private ZSetValue readPackedZSet(EncodingLimits limits, boolean listpack) {
        byte[] blob = readString();
        ZSetValue z = ZSetValue.compact();
        PairCollector pairs = new PairCollector() {
            @Override
            void pair(byte[] k, int koff, int klen, byte[] v, int voff, int vlen, boolean vIsInt, long vInt) {
                double score = vIsInt ? vInt : Doubles.parse(v, voff, vlen);
                if (Double.isNaN(score)) throw new RdbException("Zset with NAN score detected");
                if (z.add(k, koff, klen, score, 0, RELAXED, newScore) != ZSetValue.ADDED) throw new RdbException("Duplicate zset fields detected");
            }
        };
        collect(blob, listpack, pairs, "Zset listpack integrity check failed.");
        if (z.size() == 0) return null;
        if (z.size() > limits.zsetMaxListpackEntries) z.convertToSkiplist();
        return z;
    }

    private HashValue readHash(EncodingLimits limits) {
        long n = readCount();
        if (n == 0) return null;
        HashValue h = HashValue.create();
        if (n > limits.hashMaxListpackEntries) h.convertToHashtable();
        for (long i = 0; i < n; i++) {
            byte[] f = readString();
            byte[] v = readString();
            if (!h.set(f, 0, f.length, v, 0, v.length, limits)) throw new RdbException("Duplicate hash fields detected");
        }
        return h;
    }

    private HashValue readPackedHash(EncodingLimits limits, boolean listpack) {
        byte[] blob = readString();
        HashValue h = HashValue.create();
        PairCollector pairs = new PairCollector() {
            @Override
            void pair(byte[] k, int koff, int klen, byte[] v, int voff, int vlen, boolean vIsInt, long vInt) {
                if (!h.set(k, koff, klen, v, voff, vlen, RELAXED)) throw new RdbException("Duplicate hash fields detected");
            }
        };
        collect(blob, listpack, pairs, "Hash listpack integrity check failed.");
        if (h.size() == 0) return null;
        if (h.size() > limits.hashMaxListpackEntries) h.convertToHashtable();
        return h;
    }

    private HashValue readZipmap(EncodingLimits limits) {
        byte[] blob = readString();
        HashValue h = HashValue.create();
        try {
            LegacyEncodings.zipmapPairs(blob, 0, blob.length, (b, foff, flen, voff, vlen) -> {
                if (!h.set(b, foff, flen, b, voff, vlen, limits)) throw new RdbException("Hash zipmap with dup elements");
            });
        } catch (IllegalArgumentException e) {
            throw new RdbException("Zipmap integrity check failed.");
        }
        return h.size() == 0 ? null : h;
    }

    private static void collect(byte[] blob, boolean listpack, PairCollector pairs, String failure) {
        try {
            if (listpack) Listpack.forEach(blob, pairs);
            else ziplist(blob, pairs);
        } catch (IllegalArgumentException e) {
            throw new RdbException(failure);
        }
        if (pairs.pending) throw new RdbException(failure);
    }

    /** Pairs up the entries of a packed hash or sorted set (field then value, member then score). */
    private abstract static class PairCollector implements Listpack.EntryVisitor {
        private byte[] first = new byte[64];
        private int firstLength;
        boolean pending;
        private final byte[] digits = new byte[20];

        abstract void pair(byte[] k, int koff, int klen, byte[] v, int voff, int vlen, boolean vIsInt, long vInt);

        @Override
        public void string(byte[] b, int off, int len) {
            if (!pending) {
                keep(b, off, len);
                return;
            }
            pending = false;
            pair(first, 0, firstLength, b, off, len, false, 0);
        }

        @Override
        public void integer(long v) {
            int n = Ascii.format(v, digits, 0);
            if (!pending) {
                keep(digits, 0, n);
                return;
            }
            pending = false;
            pair(first, 0, firstLength, digits, 0, n, true, v);
        }

        private void keep(byte[] b, int off, int len) {
            if (len > first.length) first = new byte[len];
            System.arraycopy(b, off, first, 0, len);
            firstLength = len;
            pending = true;
        }
    }
}

package io.basalt.testing;

import io.basalt.util.Lzf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Test-side encoders for the blob formats Redis 7.0 loads but no longer writes (ziplist,
 * zipmap, intset), written the way Redis's own encoders lay them out, plus the RDB string
 * and DUMP payload framing around them. Fixtures for the decoders in
 * {@code io.basalt.persistence.LegacyEncodings} and for RESTORE into real Redis.
 */
public final class LegacyBlobs {
    private LegacyBlobs() {}

    /** RDB object types of the legacy encodings (rdb.h). */
    public static final int TYPE_STRING = 0, TYPE_HASH_ZIPMAP = 9, TYPE_LIST_ZIPLIST = 10, TYPE_SET_INTSET = 11,
            TYPE_ZSET_ZIPLIST = 12, TYPE_HASH_ZIPLIST = 13, TYPE_LIST_QUICKLIST = 14;

    /** The RDB version Redis 7.0 writes in a DUMP payload's footer. */
    public static final int RDB_VERSION = 10;

    // ---- ziplist -----------------------------------------------------------------------

    /** Builds a ziplist entry by entry, choosing encodings like ziplist.c's ziplistPush. */
    public static final class Ziplist {
        private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
        private int count;
        private int lastSize;
        private int lastStart = -1;
        private boolean countUnknown;

        /** A value as Redis stores it: an integer when it is one (zipTryEncoding), else a string. */
        public Ziplist add(String s) {
            return add(s.getBytes(StandardCharsets.UTF_8));
        }

        public Ziplist add(byte[] s) {
            Long v = integerValue(s);
            return v != null ? addInt(v) : addString(s);
        }

        /** A string entry even if the bytes look like an integer (Redis never writes one). */
        public Ziplist addString(byte[] s) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int n = s.length;
            if (n <= 0x3f) {
                e.write(n);
            } else if (n <= 0x3fff) {
                e.write(0x40 | (n >>> 8));
                e.write(n & 0xff);
            } else {
                e.write(0x80);
                e.write(n >>> 24);
                e.write(n >>> 16);
                e.write(n >>> 8);
                e.write(n);
            }
            e.writeBytes(s);
            return entry(e.toByteArray());
        }

        /** An integer entry in the smallest encoding, like zipTryEncoding. */
        public Ziplist addInt(long v) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            if (v >= 0 && v <= 12) {
                e.write(0xf1 + (int) v);
            } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                e.write(0xfe);
                little(e, v, 1);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                e.write(0xc0);
                little(e, v, 2);
            } else if (v >= -(1 << 23) && v < (1 << 23)) {
                e.write(0xf0);
                little(e, v, 3);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                e.write(0xd0);
                little(e, v, 4);
            } else {
                e.write(0xe0);
                little(e, v, 8);
            }
            return entry(e.toByteArray());
        }

        /** Writes 0xFFFF as the header count, as Redis does past 65534 entries. */
        public Ziplist countUnknown() {
            countUnknown = true;
            return this;
        }

        private Ziplist entry(byte[] encodingAndData) {
            int start = entries.size();
            if (lastSize < 254) {
                entries.write(lastSize);
            } else {
                entries.write(0xfe);
                little(entries, lastSize, 4);
            }
            entries.writeBytes(encodingAndData);
            lastSize = entries.size() - start;
            lastStart = start;
            count++;
            return this;
        }

        public byte[] build() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int total = 10 + entries.size() + 1;
            little(b, total, 4);
            little(b, lastStart < 0 ? 10 : 10 + lastStart, 4);
            little(b, countUnknown || count >= 0xffff ? 0xffff : count, 2);
            b.writeBytes(entries.toByteArray());
            b.write(0xff);
            return b.toByteArray();
        }
    }

    public static Ziplist ziplist() {
        return new Ziplist();
    }

    /** A ziplist of the values, each stored as Redis would store it. */
    public static byte[] ziplist(String... values) {
        Ziplist z = new Ziplist();
        for (String v : values) z.add(v);
        return z.build();
    }

    /** The integer a string encodes when Redis would store it as one (zipTryEncoding: string2ll, under 32 bytes). */
    static Long integerValue(byte[] s) {
        if (s.length == 0 || s.length >= 32) return null;
        String text = new String(s, StandardCharsets.ISO_8859_1);
        if (!text.matches("-?(0|[1-9][0-9]*)") || text.equals("-0")) return null;
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- zipmap ------------------------------------------------------------------------

    /** Builds a zipmap: count byte (254 once that many), pairs, 0xFF. */
    public static final class Zipmap {
        private final ByteArrayOutputStream pairs = new ByteArrayOutputStream();
        private int count;

        public Zipmap put(String field, String value) {
            return put(field.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), 0);
        }

        /** A pair whose value is followed by {@code free} unused bytes (Redis leaves up to 4 after an update). */
        public Zipmap put(byte[] field, byte[] value, int free) {
            length(field.length);
            pairs.writeBytes(field);
            length(value.length);
            pairs.write(free);
            pairs.writeBytes(value);
            for (int i = 0; i < free; i++) pairs.write('?');
            count++;
            return this;
        }

        private void length(int n) {
            if (n < 254) {
                pairs.write(n);
            } else {
                pairs.write(254);
                little(pairs, n, 4);
            }
        }

        public byte[] build() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(Math.min(count, 254));
            b.writeBytes(pairs.toByteArray());
            b.write(0xff);
            return b.toByteArray();
        }
    }

    public static Zipmap zipmap() {
        return new Zipmap();
    }

    // ---- intset ------------------------------------------------------------------------

    /** An intset of the members (sorted here) in the narrowest width that holds them all. */
    public static byte[] intset(long... members) {
        int width = 2;
        for (long m : members) {
            if (m < Integer.MIN_VALUE || m > Integer.MAX_VALUE) width = 8;
            else if ((m < Short.MIN_VALUE || m > Short.MAX_VALUE) && width < 4) width = 4;
        }
        long[] sorted = members.clone();
        Arrays.sort(sorted);
        return intsetOfWidth(width, sorted);
    }

    /** An intset with the given width and members exactly as given (for malformed fixtures too). */
    public static byte[] intsetOfWidth(int width, long... members) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        little(b, width, 4);
        little(b, members.length, 4);
        for (long m : members) little(b, m, width);
        return b.toByteArray();
    }

    // ---- RDB framing -------------------------------------------------------------------

    /** An RDB length (rdbSaveLen): 6-bit, 14-bit big-endian, or 0x80 + 32-bit big-endian. */
    public static byte[] rdbLength(long n) {
        if (n < 64) return new byte[] {(byte) n};
        if (n < 16384) return new byte[] {(byte) (0x40 | (n >>> 8)), (byte) n};
        return new byte[] {(byte) 0x80, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** A plain RDB string: length then bytes. */
    public static byte[] rdbString(byte[] s) {
        return concat(rdbLength(s.length), s);
    }

    /**
     * An LZF-compressed RDB string (0xC3, compressed length, original length, data),
     * compressed with {@link Lzf#compress} into at most {@code len - 4} bytes as Redis asks.
     */
    public static byte[] rdbLzfString(byte[] s) {
        byte[] out = new byte[s.length];
        int n = Lzf.compress(s, 0, s.length, out, 0, s.length - 4);
        if (n == 0) throw new IllegalArgumentException("not compressible enough for Redis to store it compressed");
        return concat(new byte[] {(byte) 0xc3}, rdbLength(n), rdbLength(s.length), Arrays.copyOf(out, n));
    }

    /** A DUMP payload: the RDB type byte and value, the RDB version (u16 LE), and CRC64 (LE) of all before it. */
    public static byte[] dump(int type, byte[]... value) {
        return withFooter(RDB_VERSION, concat(new byte[] {(byte) type}, concat(value)));
    }

    /** Appends the version and checksum footer to a type byte and value. */
    public static byte[] withFooter(int rdbVersion, byte[] typeAndValue) {
        byte[] withVersion = concat(typeAndValue, new byte[] {(byte) rdbVersion, (byte) (rdbVersion >>> 8)});
        ByteArrayOutputStream crc = new ByteArrayOutputStream();
        little(crc, io.basalt.util.Crc64.update(0, withVersion, 0, withVersion.length), 8);
        return concat(withVersion, crc.toByteArray());
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    private static void little(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b.write((int) (v >>> (8 * i)));
    }
}

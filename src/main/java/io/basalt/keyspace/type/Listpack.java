package io.basalt.keyspace.type;

import io.basalt.util.Ascii;

/**
 * Redis's listpack format (listpack.c) over a byte array: a 6-byte header (total bytes as
 * a 32-bit and element count as a 16-bit little-endian number), the entries, and a 0xFF
 * terminator. An entry is an encoding byte (small integers and short string lengths live
 * in it), the data, and a back-length (the size of encoding plus data, written so it reads
 * from its last byte backwards) that lets the list be walked from either end.
 *
 * <p>Strings that are canonical 64-bit integers are stored as integers, exactly as Redis
 * stores them: entry sizes, and so node fills and MEMORY USAGE, equal Redis's, and an
 * integer entry reads back as the same decimal text. Static helpers only: the owner keeps
 * the array (which may have spare capacity past the listpack's end) and its size.
 */
public final class Listpack {
    private Listpack() {}

    public static final int HEADER = 6;
    /** Bytes of an empty listpack: header and terminator. */
    public static final int EMPTY = HEADER + 1;
    public static final int EOF = 0xff;
    /** Element counts this large are stored as "unknown" (Redis's LP_HDR_NUMELE_UNKNOWN). */
    private static final int COUNT_UNKNOWN = 0xffff;

    private static final int STR_6 = 0x80, INT_13 = 0xc0, STR_12 = 0xe0, STR_32 = 0xf0;
    private static final int INT_16 = 0xf1, INT_24 = 0xf2, INT_32 = 0xf3, INT_64 = 0xf4;

    // ---- encoding ----------------------------------------------------------------------

    /** Bytes of the encoding and data of an integer entry (lpEncodeIntegerGetType). */
    static int intLength(long v) {
        if (v >= 0 && v <= 127) return 1;
        if (v >= -4096 && v <= 4095) return 2;
        if (v >= -32768 && v <= 32767) return 3;
        if (v >= -8388608 && v <= 8388607) return 4;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 5;
        return 9;
    }

    /** Bytes of the encoding and data of a string entry of {@code len} bytes. */
    static int stringLength(int len) {
        if (len < 64) return 1 + len;
        if (len < 4096) return 2 + len;
        return 5 + len;
    }

    /** Bytes the back-length of an entry of {@code l} encoded bytes takes. */
    static int backlenSize(int l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }

    /**
     * Whole entry size of a value: an integer if it is one (lpStringToInt64), else a string.
     * Also what MEMORY USAGE counts for the compact hashes and sorted sets.
     */
    static int entrySize(byte[] v, int off, int len) {
        int l = Ascii.isLong(v, off, len) ? intLength(valueOf(v, off, len)) : stringLength(len);
        return l + backlenSize(l);
    }

    /** Whole entry size of an integer. */
    static int entrySize(long v) {
        int l = intLength(v);
        return l + backlenSize(l);
    }

    /** The value of bytes already checked with {@link Ascii#isLong}, parsed without allocating. */
    static long valueOf(byte[] v, int off, int len) {
        boolean negative = v[off] == '-';
        long acc = 0;
        for (int i = negative ? off + 1 : off; i < off + len; i++) acc = acc * 10 - (v[i] - '0');
        return negative ? acc : -acc;
    }

    /** Writes the value as an entry at {@code p}; returns the offset after it. */
    static int write(byte[] b, int p, byte[] v, int off, int len) {
        int start = p;
        if (Ascii.isLong(v, off, len)) {
            p = writeInt(b, p, valueOf(v, off, len));
        } else {
            if (len < 64) {
                b[p++] = (byte) (STR_6 | len);
            } else if (len < 4096) {
                b[p++] = (byte) (STR_12 | (len >>> 8));
                b[p++] = (byte) len;
            } else {
                b[p++] = (byte) STR_32;
                p = little(b, p, len, 4);
            }
            System.arraycopy(v, off, b, p, len);
            p += len;
        }
        return writeBacklen(b, p, p - start);
    }

    private static int writeInt(byte[] b, int p, long v) {
        int n = intLength(v);
        switch (n) {
            case 1 -> b[p++] = (byte) v;
            case 2 -> {
                long u = v < 0 ? (1 << 13) + v : v;
                b[p++] = (byte) (INT_13 | (u >>> 8));
                b[p++] = (byte) u;
            }
            case 3 -> {
                b[p++] = (byte) INT_16;
                p = little(b, p, v, 2);
            }
            case 4 -> {
                b[p++] = (byte) INT_24;
                p = little(b, p, v, 3);
            }
            case 5 -> {
                b[p++] = (byte) INT_32;
                p = little(b, p, v, 4);
            }
            default -> {
                b[p++] = (byte) INT_64;
                p = little(b, p, v, 8);
            }
        }
        return p;
    }

    private static int little(byte[] b, int p, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b[p++] = (byte) (v >>> (8 * i));
        return p;
    }

    /**
     * The back-length of an entry of {@code l} bytes: 7 bits per byte, most significant
     * first; every byte but the first has its high bit set, so reading backwards from the
     * last byte knows when to stop.
     */
    private static int writeBacklen(byte[] b, int p, int l) {
        int n = backlenSize(l);
        for (int k = 0; k < n; k++) {
            int bits = (l >>> (7 * (n - 1 - k))) & 127;
            b[p++] = (byte) (k == 0 ? bits : bits | 128);
        }
        return p;
    }

    /** Writes the header fields for a listpack of {@code bytes} total bytes holding {@code count} entries. */
    static void header(byte[] b, int bytes, int count) {
        little(b, 0, bytes, 4);
        little(b, 4, Math.min(count, COUNT_UNKNOWN), 2);
    }

    // ---- decoding ----------------------------------------------------------------------

    /** Bytes of encoding and data of the entry at {@code p}. */
    static int encodedLength(byte[] b, int p) {
        int e = b[p] & 0xff;
        if ((e & 0x80) == 0) return 1;
        if ((e & 0xc0) == STR_6) return 1 + (e & 0x3f);
        if ((e & 0xe0) == INT_13) return 2;
        if ((e & 0xf0) == STR_12) return 2 + (((e & 0x0f) << 8) | (b[p + 1] & 0xff));
        return switch (e) {
            case INT_16 -> 3;
            case INT_24 -> 4;
            case INT_32 -> 5;
            case INT_64 -> 9;
            case STR_32 -> 5 + (int) readLittle(b, p + 1, 4);
            default -> throw new IllegalStateException("corrupt listpack entry 0x" + Integer.toHexString(e));
        };
    }

    /** Offset of the entry after the one at {@code p} (the terminator after the last). */
    static int next(byte[] b, int p) {
        int l = encodedLength(b, p);
        return p + l + backlenSize(l);
    }

    /** Offset of the entry before {@code p} (an entry or the terminator); p must not be the first. */
    static int prev(byte[] b, int p) {
        int q = p - 1;
        int l = 0, shift = 0;
        while (true) {
            l |= (b[q] & 127) << shift;
            if ((b[q] & 128) == 0) break;
            shift += 7;
            q--;
        }
        return p - backlenSize(l) - l;
    }

    static boolean isEnd(byte[] b, int p) {
        return (b[p] & 0xff) == EOF;
    }

    /** True if the entry at {@code p} is a string (else an integer). */
    static boolean isString(byte[] b, int p) {
        int e = b[p] & 0xff;
        return (e & 0xc0) == STR_6 || (e & 0xf0) == STR_12 || e == STR_32;
    }

    /** Offset of a string entry's bytes. */
    static int stringOffset(byte[] b, int p) {
        int e = b[p] & 0xff;
        if ((e & 0xc0) == STR_6) return p + 1;
        if ((e & 0xf0) == STR_12) return p + 2;
        return p + 5;
    }

    /** Length of a string entry's bytes. */
    static int stringSize(byte[] b, int p) {
        int e = b[p] & 0xff;
        if ((e & 0xc0) == STR_6) return e & 0x3f;
        if ((e & 0xf0) == STR_12) return ((e & 0x0f) << 8) | (b[p + 1] & 0xff);
        return (int) readLittle(b, p + 1, 4);
    }

    /** Value of an integer entry. */
    static long intValue(byte[] b, int p) {
        int e = b[p] & 0xff;
        if ((e & 0x80) == 0) return e;
        if ((e & 0xe0) == INT_13) {
            int u = ((e & 0x1f) << 8) | (b[p + 1] & 0xff);
            return u >= 1 << 12 ? u - (1 << 13) : u;
        }
        return switch (e) {
            case INT_16 -> (short) readLittle(b, p + 1, 2);
            case INT_24 -> ((int) readLittle(b, p + 1, 3) << 8) >> 8;
            case INT_32 -> (int) readLittle(b, p + 1, 4);
            default -> readLittle(b, p + 1, 8);
        };
    }

    private static long readLittle(byte[] b, int p, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (long) (b[p + i] & 0xff) << (8 * i);
        return v;
    }

    /**
     * True if the entry at {@code p} holds the value {@code v[off..off+len)} (lpCompare).
     * {@code isInt} and {@code intValue} describe the value once for a whole scan: an
     * integer entry equals only a value whose text is that integer's canonical form, as
     * Redis parses the candidate strictly before comparing numbers.
     */
    static boolean matches(byte[] b, int p, byte[] v, int off, int len, boolean isInt, long intValue) {
        if (isString(b, p)) {
            int o = stringOffset(b, p);
            return stringSize(b, p) == len && java.util.Arrays.equals(b, o, o + len, v, off, off + len);
        }
        return isInt && intValue == intValue(b, p);
    }

    /** The entry's value as a new array. */
    static byte[] value(byte[] b, int p) {
        if (isString(b, p)) {
            int o = stringOffset(b, p);
            return java.util.Arrays.copyOfRange(b, o, o + stringSize(b, p));
        }
        return Ascii.bytes(intValue(b, p));
    }

    // ---- whole listpacks, for persistence ----------------------------------------------

    /** Receives the entries of a listpack in order. */
    public interface EntryVisitor {
        /** A string entry, as a slice valid during the call. */
        void string(byte[] b, int off, int len);

        /** An integer entry. */
        void integer(long v);
    }

    /**
     * Checks that {@code b} holds exactly one well-formed listpack (header size, entries
     * within bounds with matching back-lengths, terminator, header count unless "unknown")
     * and visits its entries; anything else throws IllegalArgumentException. Returns the
     * number of entries. Untrusted input (RDB files, RESTORE payloads) goes through here.
     */
    public static int forEach(byte[] b, EntryVisitor visitor) {
        if (b.length < EMPTY || readLittle(b, 0, 4) != b.length) throw new IllegalArgumentException("listpack size mismatch");
        int declared = (int) readLittle(b, 4, 2);
        int p = HEADER, count = 0;
        while (true) {
            if (p >= b.length) throw new IllegalArgumentException("listpack without terminator");
            if (isEnd(b, p)) break;
            long l = encodedLengthChecked(b, p);
            if (l <= 0 || p + l > b.length - 1) throw new IllegalArgumentException("corrupt listpack entry");
            int after = (int) (p + l + backlenSize((int) l));
            if (after > b.length - 1 || !backlenMatches(b, (int) (p + l), (int) l)) throw new IllegalArgumentException("listpack back-length mismatch");
            if (isString(b, p)) visitor.string(b, stringOffset(b, p), stringSize(b, p));
            else visitor.integer(intValue(b, p));
            count++;
            p = after;
        }
        if (p != b.length - 1) throw new IllegalArgumentException("listpack data after terminator");
        if (declared != COUNT_UNKNOWN && declared != count) throw new IllegalArgumentException("listpack count mismatch");
        return count;
    }

    /** Like encodedLength, but -1 for an unknown encoding or a length field past the end. */
    private static long encodedLengthChecked(byte[] b, int p) {
        int e = b[p] & 0xff;
        if (e >= 0xf5) return -1;
        if ((e & 0xf0) == STR_12 && p + 1 >= b.length) return -1;
        if (e == STR_32) return p + 5 > b.length ? -1 : 5 + readLittle(b, p + 1, 4);
        return encodedLength(b, p);
    }

    private static boolean backlenMatches(byte[] b, int p, int l) {
        int n = backlenSize(l);
        if (p + n > b.length) return false;
        for (int k = 0; k < n; k++) {
            int bits = (l >>> (7 * (n - 1 - k))) & 127;
            if (b[p + k] != (byte) (k == 0 ? bits : bits | 128)) return false;
        }
        return true;
    }

    /** Builds a listpack entry by entry (strings that are integers stored as integers, as lpAppend does). */
    public static final class Builder {
        private byte[] b = new byte[64];
        private int p = HEADER;
        private int count;

        public Builder add(byte[] v, int off, int len) {
            ensure(stringLength(len) + 5);
            p = write(b, p, v, off, len);
            count++;
            return this;
        }

        public Builder add(long v) {
            ensure(14);
            int start = p;
            p = writeInt(b, p, v);
            p = writeBacklen(b, p, p - start);
            count++;
            return this;
        }

        private void ensure(int more) {
            if (p + more + 1 > b.length) b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, p + more + 1));
        }

        /** The finished listpack, exactly its size. */
        public byte[] build() {
            ensure(0);
            b[p] = (byte) EOF;
            byte[] out = java.util.Arrays.copyOf(b, p + 1);
            header(out, out.length, count);
            return out;
        }
    }
}

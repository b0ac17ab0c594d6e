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
}

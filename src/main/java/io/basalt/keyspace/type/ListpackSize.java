package io.basalt.keyspace.type;

import io.basalt.util.Ascii;

/**
 * Byte sizes of Redis 7.0 listpack entries (listpack.c's encodings), so MEMORY USAGE of a
 * compact collection reports what Redis's listpack would take: a 6-byte header, a 1-byte
 * terminator, and per entry its encoding, data and back-length.
 */
public final class ListpackSize {
    private ListpackSize() {}

    /** Header (total bytes, element count) plus the end marker. */
    public static final int EMPTY = 7;

    /** An entry holding {@code b[off..off+len)}: an integer encoding when the text is a canonical int64. */
    public static int entry(byte[] b, int off, int len, long[] scratch) {
        if (len > 0 && len <= 20 && Ascii.parse(b, off, len, scratch)) return entry(scratch[0]);
        int encoded = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
        return encoded + backlen(encoded);
    }

    /** An integer entry: 7-bit, 13, 16, 24, 32 or 64-bit encodings. */
    public static int entry(long v) {
        int encoded;
        if (v >= 0 && v <= 127) encoded = 1;
        else if (v >= -4096 && v <= 4095) encoded = 2;
        else if (v >= -32768 && v <= 32767) encoded = 3;
        else if (v >= -8388608 && v <= 8388607) encoded = 4;
        else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) encoded = 5;
        else encoded = 9;
        return encoded + backlen(encoded);
    }

    /** Bytes of the back-length field for an entry of {@code l} encoded bytes. */
    static int backlen(long l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }
}

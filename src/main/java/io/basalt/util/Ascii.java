package io.basalt.util;

import java.nio.charset.StandardCharsets;

/**
 * Numbers parsed from and formatted to ASCII bytes without going through {@link String},
 * following Redis's {@code string2ll} rules exactly: no sign but '-', no leading zeros,
 * no spaces, the whole slice must be consumed.
 */
public final class Ascii {
    private Ascii() {}

    /**
     * Parses a signed 64-bit integer with Redis's string2ll semantics.
     * Returns false if the bytes are not a canonical integer or overflow.
     */
    public static boolean isLong(byte[] b, int off, int len) {
        return parse(b, off, len, null);
    }

    /**
     * Parses like {@link #isLong} and returns the value; call only after {@link #isLong}
     * succeeded. Allocates a holder: hot paths use {@link #parse} with a reused one.
     */
    public static long parseLong(byte[] b, int off, int len) {
        long[] out = new long[1];
        parse(b, off, len, out);
        return out[0];
    }

    /**
     * Parses into {@code out[0]} and reports success. The one-element array lets hot paths
     * reuse a holder instead of allocating a result object.
     */
    public static boolean parse(byte[] b, int off, int len, long[] out) {
        if (len == 0 || len > 20) return false;
        int p = off, end = off + len;
        if (len == 1 && b[p] == '0') {
            if (out != null) out[0] = 0;
            return true;
        }
        boolean negative = false;
        if (b[p] == '-') {
            negative = true;
            p++;
            if (p == end) return false;
        }
        int d = b[p] - '0';
        if (d < 1 || d > 9) return false;
        // Accumulate as a negative number so Long.MIN_VALUE is representable.
        long v = -d;
        p++;
        while (p < end) {
            d = b[p] - '0';
            if (d < 0 || d > 9) return false;
            if (v < Long.MIN_VALUE / 10) return false;
            v *= 10;
            if (v < Long.MIN_VALUE + d) return false;
            v -= d;
            p++;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) return false;
            v = -v;
        }
        if (out != null) out[0] = v;
        return true;
    }

    /** Number of ASCII characters {@code v} takes in decimal. */
    public static int digits(long v) {
        if (v == Long.MIN_VALUE) return 20;
        int n = 1;
        if (v < 0) {
            n++;
            v = -v;
        }
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Writes {@code v} in decimal into {@code dst} at {@code off}; returns the end offset. */
    public static int format(long v, byte[] dst, int off) {
        int n = digits(v);
        int end = off + n;
        if (v == Long.MIN_VALUE) {
            byte[] min = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, dst, off, min.length);
            return end;
        }
        boolean negative = v < 0;
        if (negative) v = -v;
        int p = end;
        do {
            dst[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        if (negative) dst[--p] = '-';
        return end;
    }

    /** Decimal bytes of {@code v}. Allocates: for stored values, not for replies. */
    public static byte[] bytes(long v) {
        byte[] out = new byte[digits(v)];
        format(v, out, 0);
        return out;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes as text for logs and admin replies; invalid UTF-8 is replaced, never thrown. */
    public static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static String string(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    /** ASCII case-insensitive comparison of a slice against an upper-case ASCII token. */
    public static boolean equalsIgnoreCase(byte[] b, int off, int len, byte[] upperToken) {
        if (len != upperToken.length) return false;
        for (int i = 0; i < len; i++) {
            int c = b[off + i];
            if (c >= 'a' && c <= 'z') c -= 32;
            if (c != upperToken[i]) return false;
        }
        return true;
    }

    /** Lower case of ASCII letters only, as C's tolower in the C locale (Redis's strcasecmp). */
    public static String lower(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                if (out == null) out = s.toCharArray();
                out[i] = (char) (ch + 32);
            }
        }
        return out == null ? s : new String(out);
    }

    /** Upper case of ASCII letters only, as C's toupper in the C locale (Redis's sdstoupper). */
    public static String upper(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) if (out[i] >= 'a' && out[i] <= 'z') out[i] -= 32;
        return new String(out);
    }

    public static byte toLower(byte c) {
        return (c >= 'A' && c <= 'Z') ? (byte) (c + 32) : c;
    }
}

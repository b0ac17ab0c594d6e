package io.basalt.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Doubles as Redis 7.0 reads and writes them: parsed with glibc {@code strtod} semantics in
 * the C locale (decimal, hexadecimal, "inf"/"infinity", "nan") and printed as C's
 * {@code "%.17g"} (Redis's addReplyDouble, the sorted-set digest and ZSCAN of a skiplist).
 */
public final class Doubles {
    private Doubles() {}

    /** Longest {@code "%.17g"} output: sign, 17 digits, point and "e-308". */
    public static final int MAX_FORMAT_LENGTH = 24;

    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final byte[] INF = "inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEG_INF = "-inf".getBytes(StandardCharsets.US_ASCII);
    /** Integral doubles below this print as plain integers under "%.17g" (fewer than 18 digits). */
    private static final double PLAIN_INTEGER_LIMIT = 1e17;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
    };

    // ---- formatting ------------------------------------------------------------------------

    /** {@code "%.17g"} of {@code d} as new bytes ("inf", "-inf", "-0" included). */
    public static byte[] format(double d) {
        byte[] buf = new byte[MAX_FORMAT_LENGTH];
        int n = format(d, buf, 0);
        return java.util.Arrays.copyOf(buf, n);
    }

    /**
     * Writes {@code "%.17g"} of {@code d} at {@code off} (room for {@link #MAX_FORMAT_LENGTH}
     * bytes needed); returns the end offset. Integral values below 10^17 take a path that
     * does not allocate.
     */
    public static int format(double d, byte[] dst, int off) {
        if (d != d) {
            dst[off] = 'n';
            dst[off + 1] = 'a';
            dst[off + 2] = 'n';
            return off + 3;
        }
        if (Double.isInfinite(d)) {
            byte[] text = d > 0 ? INF : NEG_INF;
            System.arraycopy(text, 0, dst, off, text.length);
            return off + text.length;
        }
        if (d == 0) {
            if (Double.doubleToRawLongBits(d) != 0) dst[off++] = '-';
            dst[off] = '0';
            return off + 1;
        }
        if (Math.abs(d) < PLAIN_INTEGER_LIMIT && d == Math.rint(d)) return Ascii.format((long) d, dst, off);
        return formatExact(d, dst, off);
    }

    /** The general case: the exact binary value rounded to 17 significant digits, then %g's layout. */
    private static int formatExact(double d, byte[] dst, int off) {
        BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN_DIGITS);
        String digits = rounded.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - rounded.scale();
        int n = digits.length();
        while (n > 1 && digits.charAt(n - 1) == '0') n--;
        int p = off;
        if (d < 0) dst[p++] = '-';
        if (exponent < -4 || exponent >= 17) {
            dst[p++] = (byte) digits.charAt(0);
            if (n > 1) {
                dst[p++] = '.';
                for (int i = 1; i < n; i++) dst[p++] = (byte) digits.charAt(i);
            }
            dst[p++] = 'e';
            dst[p++] = exponent < 0 ? (byte) '-' : (byte) '+';
            int e = Math.abs(exponent);
            if (e < 10) dst[p++] = '0';
            return Ascii.format(e, dst, p);
        }
        if (exponent < 0) {
            dst[p++] = '0';
            dst[p++] = '.';
            for (int i = -1; i > exponent; i--) dst[p++] = '0';
            for (int i = 0; i < n; i++) dst[p++] = (byte) digits.charAt(i);
            return p;
        }
        for (int i = 0; i <= exponent; i++) dst[p++] = i < n ? (byte) digits.charAt(i) : (byte) '0';
        if (n > exponent + 1) {
            dst[p++] = '.';
            for (int i = exponent + 1; i < n; i++) dst[p++] = (byte) digits.charAt(i);
        }
        return p;
    }

    // ---- parsing ---------------------------------------------------------------------------

    /**
     * Redis's string2d (getDoubleFromObject: ZADD scores, WEIGHTS): the whole slice must be
     * one number strtod accepts, with no leading space; overflow to infinity, underflow to
     * zero and NaN are refused. Returns NaN when Redis refuses the text.
     */
    public static double parse(byte[] b, int off, int len) {
        if (len == 0 || isSpace(b[off])) return Double.NaN;
        int end = off + len;
        int numberEnd = scan(b, off, end);
        if (numberEnd != end) return Double.NaN;
        double v = value(b, off, end);
        if (Double.isInfinite(v) && !isInfinityLiteral(b, off)) return Double.NaN;
        if (v == 0 && hasNonZeroDigit(b, off, end)) return Double.NaN;
        return v;
    }

    /**
     * strtod over the slice read as a C string, requiring it to consume everything up to the
     * first NUL (zslParseRange's bounds): leading whitespace is skipped, an empty string is
     * 0, overflow gives infinity and underflow zero. Returns NaN when the text is refused or
     * is itself a NaN.
     */
    public static double parseBound(byte[] b, int off, int len) {
        long span = cNumber(b, off, len);
        if (span == EMPTY) return 0;
        if (span == REFUSED) return Double.NaN;
        return value(b, (int) (span >>> 32), (int) span);
    }

    private static final long EMPTY = -2, REFUSED = -1;

    /**
     * The number strtod reads from the slice as a C string (up to the first NUL, leading
     * whitespace skipped), as {@code start << 32 | end}; {@link #EMPTY} for an empty string,
     * {@link #REFUSED} when anything but the number is left over.
     */
    private static long cNumber(byte[] b, int off, int len) {
        int end = off;
        int limit = off + len;
        while (end < limit && b[end] != 0) end++;
        int p = off;
        while (p < end && isSpace(b[p])) p++;
        int numberEnd = scan(b, p, end);
        if (numberEnd == p) return end == off ? EMPTY : REFUSED;
        if (numberEnd != end) return REFUSED;
        return (long) p << 32 | end;
    }

    /**
     * strtod over the slice read as a C string, as SORT scores its weights: everything up to
     * the first NUL must convert (leading whitespace skipped, an empty string is 0), and a
     * result strtod flags with ERANGE is refused, as is NaN. ERANGE is glibc's: overflow to
     * infinity, and underflow, a tiny result that is not exact. Returns NaN when refused.
     */
    public static double parseInRange(byte[] b, int off, int len) {
        long span = cNumber(b, off, len);
        if (span == EMPTY) return 0;
        if (span == REFUSED) return Double.NaN;
        int p = (int) (span >>> 32), end = (int) span;
        double v = value(b, p, end);
        if (Double.isInfinite(v)) return isInfinityLiteral(b, p) ? v : Double.NaN;
        if (Math.abs(v) <= Double.MIN_NORMAL && underflows(b, p, end, v)) return Double.NaN;
        return v;
    }

    /**
     * Below this magnitude a value rounds, at 53 bits with an unbounded exponent, under
     * 2^-1022: glibc detects tininess after rounding (2^-1022 - 2^-1076, the midpoint that
     * rounds to even, i.e. up).
     */
    private static final BigDecimal TINY = new BigDecimal(Double.MIN_NORMAL)
            .subtract(new BigDecimal(Math.scalb(1.0, -1076)));

    /** glibc's underflow for a scanned finite number that converted to {@code v}: tiny and inexact. */
    private static boolean underflows(byte[] b, int p, int end, double v) {
        if (v == 0) return hasNonZeroDigit(b, p, end);
        BigDecimal exact = exactValue(b, p, end).abs();
        return exact.compareTo(TINY) < 0 && exact.compareTo(new BigDecimal(Math.abs(v))) != 0;
    }

    /** The exact value of a finite decimal or hexadecimal number {@link #scan} accepted in full. */
    private static BigDecimal exactValue(byte[] b, int p, int end) {
        int q = b[p] == '+' || b[p] == '-' ? p + 1 : p;
        boolean hex = end - q > 1 && b[q] == '0' && (b[q + 1] | 0x20) == 'x';
        if (!hex) return new BigDecimal(new String(b, q, end - q, StandardCharsets.US_ASCII));
        BigInteger mantissa = BigInteger.ZERO;
        long exponent = 0;
        boolean fraction = false;
        int i = q + 2;
        for (; i < end && (b[i] | 0x20) != 'p'; i++) {
            if (b[i] == '.') {
                fraction = true;
                continue;
            }
            mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(b[i], 16)));
            if (fraction) exponent -= 4;
        }
        if (i < end) {
            int j = i + 1;
            boolean negative = b[j] == '-';
            if (b[j] == '+' || b[j] == '-') j++;
            long e = 0;
            for (; j < end && e < Integer.MAX_VALUE; j++) e = e * 10 + (b[j] - '0');
            exponent += negative ? -e : e;
        }
        BigDecimal m = new BigDecimal(mantissa);
        if (exponent >= 0) return m.multiply(new BigDecimal(BigInteger.TWO.pow((int) exponent)));
        return m.divide(new BigDecimal(BigInteger.TWO.pow((int) -exponent)));
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(byte c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean matchesIgnoreCase(byte[] b, int p, int end, String word) {
        if (end - p < word.length()) return false;
        for (int i = 0; i < word.length(); i++) {
            if ((b[p + i] | 0x20) != word.charAt(i)) return false;
        }
        return true;
    }

    /**
     * The end of the longest prefix of {@code b[p..end)} that strtod converts (no leading
     * space handling), or {@code p} when none converts.
     */
    private static int scan(byte[] b, int p, int end) {
        int start = p;
        if (p < end && (b[p] == '+' || b[p] == '-')) p++;
        if (matchesIgnoreCase(b, p, end, "inf")) {
            return matchesIgnoreCase(b, p, end, "infinity") ? p + 8 : p + 3;
        }
        if (matchesIgnoreCase(b, p, end, "nan")) {
            int q = p + 3;
            if (q < end && b[q] == '(') {
                int r = q + 1;
                while (r < end && (isDigit(b[r]) || ((b[r] | 0x20) >= 'a' && (b[r] | 0x20) <= 'z') || b[r] == '_')) r++;
                if (r < end && b[r] == ')') return r + 1;
            }
            return q;
        }
        if (end - p >= 3 && b[p] == '0' && (b[p + 1] | 0x20) == 'x'
                && (isHexDigit(b[p + 2]) || (b[p + 2] == '.' && end - p >= 4 && isHexDigit(b[p + 3])))) {
            int q = p + 2;
            while (q < end && isHexDigit(b[q])) q++;
            if (q < end && b[q] == '.') {
                q++;
                while (q < end && isHexDigit(b[q])) q++;
            }
            return exponent(b, q, end, 'p');
        }
        int q = p;
        int digits = 0;
        while (q < end && isDigit(b[q])) {
            q++;
            digits++;
        }
        if (q < end && b[q] == '.') {
            q++;
            while (q < end && isDigit(b[q])) {
                q++;
                digits++;
            }
        }
        if (digits == 0) return start;
        return exponent(b, q, end, 'e');
    }

    /** Extends a mantissa ending at {@code q} by an exponent marked {@code marker}, if complete. */
    private static int exponent(byte[] b, int q, int end, char marker) {
        if (q < end && (b[q] | 0x20) == marker) {
            int r = q + 1;
            if (r < end && (b[r] == '+' || b[r] == '-')) r++;
            if (r < end && isDigit(b[r])) {
                while (r < end && isDigit(b[r])) r++;
                return r;
            }
        }
        return q;
    }

    private static boolean isInfinityLiteral(byte[] b, int p) {
        if (b[p] == '+' || b[p] == '-') p++;
        return (b[p] | 0x20) == 'i';
    }

    /** True if the mantissa of a scanned number has a non-zero digit (so a zero result underflowed). */
    private static boolean hasNonZeroDigit(byte[] b, int p, int end) {
        if (b[p] == '+' || b[p] == '-') p++;
        boolean hex = end - p > 1 && b[p] == '0' && (b[p + 1] | 0x20) == 'x';
        if (hex) p += 2;
        char marker = hex ? 'p' : 'e';
        for (; p < end && (b[p] | 0x20) != marker; p++) {
            if (b[p] != '0' && b[p] != '.') return true;
        }
        return false;
    }

    /** The correctly rounded value of a number {@link #scan} accepted in full. */
    private static double value(byte[] b, int p, int end) {
        boolean negative = b[p] == '-';
        int q = b[p] == '+' || b[p] == '-' ? p + 1 : p;
        byte first = (byte) (b[q] | 0x20);
        if (first == 'i') return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (first == 'n') return Double.NaN;
        double fast = simpleDecimal(b, q, end);
        if (fast >= 0) return negative ? -fast : fast;
        String text = new String(b, p, end - p, StandardCharsets.US_ASCII);
        boolean hex = end - q > 1 && b[q] == '0' && (b[q + 1] | 0x20) == 'x';
        if (hex && text.indexOf('p') < 0 && text.indexOf('P') < 0) text += "p0";
        return Double.parseDouble(text);
    }

    /**
     * Digits with an optional point, at most 15 of them and no exponent: exact as a long
     * divided by a power of ten (both exact doubles, so the quotient is correctly rounded).
     * -1 when the text needs the general parser.
     */
    private static double simpleDecimal(byte[] b, int p, int end) {
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (int i = p; i < end; i++) {
            byte c = b[i];
            if (c == '.' && fraction < 0) {
                fraction = 0;
            } else if (isDigit(c) && digits < 15) {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction >= 0) fraction++;
            } else {
                return -1;
            }
        }
        return fraction > 0 ? mantissa / POW10[fraction] : mantissa;
    }
}

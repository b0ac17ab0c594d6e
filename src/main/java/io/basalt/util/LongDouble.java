package io.basalt.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * An emulation of C's x87 {@code long double} (64-bit mantissa, 15-bit exponent, round to
 * nearest even), just enough for INCRBYFLOAT: parse as Redis's string2ld (glibc strtold on the
 * whole string), add, and print as Redis's ld2string in human mode ({@code "%.17Lf"} with the
 * trailing zeros and dot removed). Java's {@code double} has 53 bits and would print
 * {@code 10.5 + 0.1} as 10.59999999999999964; Redis prints 10.6.
 *
 * <p>Values are exact binary numbers {@code mantissa * 2^exponent}; arithmetic goes through
 * BigInteger, which is slow but only admin-speed is needed.
 */
public final class LongDouble {
    /** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs this long or longer. */
    public static final int MAX_CHARS = 5 * 1024;
    private static final int MANTISSA_BITS = 64;
    /** Exponent of the smallest subnormal: 2^-16445. */
    private static final int MIN_EXP = -16445;
    /** Values of 2^16384 or more overflow to infinity. */
    private static final int OVERFLOW_BITS = 16384;
    /** Decimal magnitudes outside these bounds overflow or underflow whatever the digits. */
    private static final long MAX_DECIMAL_MAGNITUDE = 4934;
    private static final long MIN_DECIMAL_MAGNITUDE = -4953;

    private final boolean negative;
    /** Non-negative, at most 64 bits. Zero for zero. */
    private final BigInteger mantissa;
    private final int exponent;
    private final boolean infinite;

    private LongDouble(boolean negative, BigInteger mantissa, int exponent, boolean infinite) {
        this.negative = negative;
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.infinite = infinite;
    }

    private static LongDouble zero(boolean negative) {
        return new LongDouble(negative, BigInteger.ZERO, 0, false);
    }

    private static LongDouble infinity(boolean negative) {
        return new LongDouble(negative, BigInteger.ZERO, 0, true);
    }

    /** The exact value of a 64-bit integer (it always fits the 64-bit mantissa). */
    public static LongDouble of(long v) {
        if (v == 0) return zero(false);
        BigInteger m = BigInteger.valueOf(v);
        return new LongDouble(v < 0, m.abs(), 0, false);
    }

    /** The exact value of a double (every double is a long double); NaN is refused. */
    public static LongDouble of(double v) {
        if (Double.isNaN(v)) throw new IllegalArgumentException("NaN");
        boolean negative = Math.copySign(1.0, v) < 0;
        if (Double.isInfinite(v)) return infinity(negative);
        if (v == 0) return zero(negative);
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long fraction = bits & ((1L << 52) - 1);
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = biased == 0 ? -1074 : biased - 1075;
        return new LongDouble(negative, BigInteger.valueOf(mantissa), exponent, false);
    }

    public boolean isInfinite() {
        return infinite;
    }

    public boolean isNegative() {
        return negative;
    }

    /**
     * Parses as Redis's string2ld: the whole slice must be a number strtold accepts (decimal,
     * hexadecimal, or inf/infinity), no leading space, no NUL, shorter than
     * {@link #MAX_CHARS}; overflow to infinity, underflow to zero and NaN are refused.
     * Returns null when Redis would refuse the value.
     */
    public static LongDouble parse(byte[] b, int off, int len) {
        if (len == 0 || len >= MAX_CHARS) return null;
        int p = off, end = off + len;
        boolean neg = false;
        if (b[p] == '-' || b[p] == '+') {
            neg = b[p] == '-';
            p++;
        }
        if (p == end) return null;
        if (isWord(b, p, end, "inf") || isWord(b, p, end, "infinity")) return infinity(neg);
        if (end - p >= 3 && b[p] == '0' && (b[p + 1] == 'x' || b[p + 1] == 'X')) return parseHex(b, p + 2, end, neg);
        return parseDecimal(b, p, end, neg);
    }

    public static LongDouble parse(byte[] b) {
        return parse(b, 0, b.length);
    }

    private static boolean isWord(byte[] b, int p, int end, String word) {
        if (end - p != word.length()) return false;
        for (int i = 0; i < word.length(); i++) {
            if (Ascii.toLower(b[p + i]) != word.charAt(i)) return false;
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** An exponent's digits, saturated far beyond any meaningful range; p at the first digit. */
    private static final long BAD_EXPONENT = Long.MIN_VALUE;

    /**
     * What follows the mantissa at {@code p}: nothing (exponent 0), or the marker
     * ({@code 'e'} or {@code 'p'}, either case), an optional sign and digits running to the
     * end. {@link #BAD_EXPONENT} for anything else, as strtold leaves such input unconsumed.
     */
    private static long exponent(byte[] b, int p, int end, char marker) {
        if (p == end) return 0;
        if ((b[p] | 0x20) != marker) return BAD_EXPONENT;
        int q = p + 1;
        boolean negative = false;
        if (q < end && (b[q] == '-' || b[q] == '+')) {
            negative = b[q] == '-';
            q++;
        }
        if (q == end) return BAD_EXPONENT;
        long e = exponentDigits(b, q, end);
        if (e == BAD_EXPONENT) return BAD_EXPONENT;
        return negative ? -e : e;
    }

    private static long exponentDigits(byte[] b, int p, int end) {
        long v = 0;
        for (; p < end; p++) {
            if (!isDigit(b[p])) return BAD_EXPONENT;
            if (v < 1_000_000_000L) v = v * 10 + (b[p] - '0');
        }
        return v;
    }

    private static LongDouble parseDecimal(byte[] b, int p, int end, boolean neg) {
        StringBuilder digits = new StringBuilder();
        int fraction = 0;
        boolean any = false;
        for (; p < end && isDigit(b[p]); p++) {
            digits.append((char) b[p]);
            any = true;
        }
        if (p < end && b[p] == '.') {
            p++;
            for (; p < end && isDigit(b[p]); p++) {
                digits.append((char) b[p]);
                fraction++;
                any = true;
            }
        }
        if (!any) return null;
        long exp = exponent(b, p, end, 'e');
        if (exp == BAD_EXPONENT) return null;
        BigInteger d = new BigInteger(digits.toString());
        if (d.signum() == 0) return zero(neg);
        long scale = exp - fraction;
        long magnitude = d.toString().length() + scale;
        if (magnitude > MAX_DECIMAL_MAGNITUDE || magnitude < MIN_DECIMAL_MAGNITUDE) return null;
        LongDouble r = scale >= 0
                ? round(neg, d.multiply(BigInteger.TEN.pow((int) scale)), BigInteger.ONE, 0)
                : round(neg, d, BigInteger.TEN.pow((int) -scale), 0);
        return r.infinite || r.mantissa.signum() == 0 ? null : r;
    }

    private static LongDouble parseHex(byte[] b, int p, int end, boolean neg) {
        BigInteger h = BigInteger.ZERO;
        long fraction = 0;
        boolean any = false;
        for (; p < end && hexValue(b[p]) >= 0; p++) {
            h = h.shiftLeft(4).add(BigInteger.valueOf(hexValue(b[p])));
            any = true;
        }
        if (p < end && b[p] == '.') {
            p++;
            for (; p < end && hexValue(b[p]) >= 0; p++) {
                h = h.shiftLeft(4).add(BigInteger.valueOf(hexValue(b[p])));
                fraction++;
                any = true;
            }
        }
        if (!any) return null;
        long exp = exponent(b, p, end, 'p');
        if (exp == BAD_EXPONENT) return null;
        if (h.signum() == 0) return zero(neg);
        long e2 = exp - 4 * fraction;
        long top = h.bitLength() + e2;
        if (top > OVERFLOW_BITS + 1) return null;
        if (top < MIN_EXP - 2) return null;
        LongDouble r = round(neg, h, BigInteger.ONE, (int) e2);
        return r.infinite || r.mantissa.signum() == 0 ? null : r;
    }

    /**
     * The long double nearest to {@code n / d * 2^e} (n, d positive), ties to even, with
     * subnormals and overflow to infinity as the x87 format has them.
     */
    private static LongDouble round(boolean neg, BigInteger n, BigInteger d, int e) {
        int t = n.bitLength() - d.bitLength();
        boolean atLeast = t >= 0 ? n.compareTo(d.shiftLeft(t)) >= 0 : n.shiftLeft(-t).compareTo(d) >= 0;
        long top = (long) (atLeast ? t : t - 1) + e;
        long q = Math.max(top - (MANTISSA_BITS - 1), MIN_EXP);
        long shift = e - q;
        BigInteger num = shift >= 0 ? n.shiftLeft((int) shift) : n;
        BigInteger den = shift >= 0 ? d : d.shiftLeft((int) -shift);
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger m = qr[0];
        int c = qr[1].shiftLeft(1).compareTo(den);
        if (c > 0 || (c == 0 && m.testBit(0))) m = m.add(BigInteger.ONE);
        if (m.signum() == 0) return zero(neg);
        if (m.bitLength() + q > OVERFLOW_BITS) return infinity(neg);
        return new LongDouble(neg, m, (int) q, false);
    }

    private BigInteger signed() {
        return negative ? mantissa.negate() : mantissa;
    }

    /**
     * The rounded sum, as the FPU computes it. Returns null for NaN (infinities of opposite
     * signs). A zero sum of opposite values is +0, as in round-to-nearest.
     */
    public LongDouble add(LongDouble o) {
        if (infinite || o.infinite) {
            if (infinite && o.infinite && negative != o.negative) return null;
            return infinite ? this : o;
        }
        if (mantissa.signum() == 0 && o.mantissa.signum() == 0) return zero(negative && o.negative);
        if (mantissa.signum() == 0) return o;
        if (o.mantissa.signum() == 0) return this;
        int e = Math.min(exponent, o.exponent);
        BigInteger sum = signed().shiftLeft(exponent - e).add(o.signed().shiftLeft(o.exponent - e));
        if (sum.signum() == 0) return zero(false);
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE, e);
    }

    /** The exact decimal value; only for finite values. */
    public BigDecimal toBigDecimal() {
        if (infinite) throw new ArithmeticException("infinite");
        BigDecimal v = exponent >= 0
                ? new BigDecimal(mantissa.shiftLeft(exponent))
                : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
        return negative ? v.negate() : v;
    }

    /**
     * Redis's ld2string in LD_STR_HUMAN mode: {@code "%.17Lf"} (exact value rounded half-even
     * as glibc does), trailing zeros and a trailing dot removed, "-0" printed as "0".
     * Infinities print as "inf" and "-inf".
     */
    public byte[] toHumanString() {
        if (infinite) return (negative ? "-inf" : "inf").getBytes(StandardCharsets.US_ASCII);
        BigDecimal v = toBigDecimal().setScale(17, RoundingMode.HALF_EVEN);
        String s = v.toPlainString();
        int l = s.length();
        while (s.charAt(l - 1) == '0') l--;
        if (s.charAt(l - 1) == '.') l--;
        s = s.substring(0, l);
        if (s.equals("-0")) s = "0";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return new String(toHumanString(), StandardCharsets.US_ASCII);
    }
}

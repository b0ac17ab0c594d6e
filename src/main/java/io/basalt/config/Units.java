package io.basalt.config;

/**
 * Number syntax of redis.conf: memory units (1k = 1000, 1kb = 1024, up to g/gb,
 * case-insensitive) as Redis's memtoull reads them, C's strtoll, and the unit notation
 * CONFIG REWRITE writes. Values are 64-bit two's complement, unsigned where Redis's are.
 */
public final class Units {
    private Units() {}

    /** Memory value or "argument must be a memory value". */
    public static long parseMemory(String s) throws ConfigException {
        Long v = memtoull(s);
        if (v == null) throw new ConfigException("argument must be a memory value");
        return v;
    }

    /**
     * Redis's memtoull: digits then an optional unit; no sign. Like C, an empty digit string
     * is 0 and overflow saturates at 2^64-1 before the (wrapping) unit multiplication.
     * Returns null when the text is not a memory value.
     */
    public static Long memtoull(String p) {
        if (p.startsWith("-")) return null;
        int u = 0;
        while (u < p.length() && p.charAt(u) >= '0' && p.charAt(u) <= '9') u++;
        String unit = p.substring(u);
        long mul;
        switch (unit.toLowerCase(java.util.Locale.ROOT)) {
            case "", "b" -> mul = 1;
            case "k" -> mul = 1000;
            case "kb" -> mul = 1024;
            case "m" -> mul = 1000 * 1000;
            case "mb" -> mul = 1024 * 1024;
            case "g" -> mul = 1000L * 1000 * 1000;
            case "gb" -> mul = 1024L * 1024 * 1024;
            default -> {
                return null;
            }
        }
        if (u >= 128) return null;
        long val = 0;
        boolean overflow = false;
        for (int i = 0; i < u; i++) {
            int d = p.charAt(i) - '0';
            // 2^64-1 = 1844674407370955161 * 10 + 5
            if (Long.compareUnsigned(val, 1844674407370955161L) > 0 || (val == 1844674407370955161L && d > 5)) {
                overflow = true;
            }
            val = val * 10 + d;
        }
        if (overflow) val = -1L;
        return val * mul;
    }

    /**
     * C's strtoll in {@code base}: leading white space, optional sign, digits; saturates on
     * overflow. With {@code whole} the entire text must be consumed (Redis's {@code *eptr == '\0'}).
     * Returns null when it is not.
     */
    public static Long strtoll(String s, int base, boolean whole) {
        int i = 0, n = s.length();
        while (i < n && isSpace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long v = 0;
        boolean overflow = false;
        while (i < n) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) break;
            if (!overflow) {
                try {
                    v = Math.addExact(Math.multiplyExact(v, base), d);
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
            i++;
        }
        if (i == digitsStart) {
            // No conversion: C sets endptr to the start of the text.
            if (!whole) return 0L;
            return s.isEmpty() ? 0L : null;
        }
        if (whole && i != n) return null;
        if (overflow) return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        return neg ? -v : v;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    /** CONFIG REWRITE's notation: the largest of gb/mb/kb that divides the value exactly. */
    public static String formatMemory(long bytes) {
        long gb = 1024L * 1024 * 1024, mb = 1024L * 1024, kb = 1024;
        if (bytes != 0 && bytes % gb == 0) return bytes / gb + "gb";
        if (bytes != 0 && bytes % mb == 0) return bytes / mb + "mb";
        if (bytes != 0 && bytes % kb == 0) return bytes / kb + "kb";
        return Long.toString(bytes);
    }
}

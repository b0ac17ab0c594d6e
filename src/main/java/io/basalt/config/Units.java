package io.basalt.config;

import java.util.Locale;

/** Redis's memory units: 1k = 1000, 1kb = 1024, and so on up to g/gb; case-insensitive. */
public final class Units {
    private Units() {}

    public static long parseMemory(String s) throws ConfigException {
        String v = s.toLowerCase(Locale.ROOT);
        long mul = 1;
        String digits = v;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
                {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                digits = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(digits);
            return Math.multiplyExact(n, mul);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("argument must be a memory value");
        }
    }
}

package io.basalt.observability;

import java.util.Locale;

/** Number and line formats INFO shares with Redis's sprintf calls. */
final class InfoFormat {
    private InfoFormat() {}

    static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    /** C's "%.2f". */
    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** C's "%.3f". */
    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Redis's bytesToHuman. */
    static String human(long n) {
        if (n < 0) return n + "B";
        if (n < 1024) return n + "B";
        if (n < 1024L * 1024) return f2(n / 1024.0) + "K";
        if (n < 1024L * 1024 * 1024) return f2(n / (1024.0 * 1024)) + "M";
        if (n < 1024L * 1024 * 1024 * 1024) return f2(n / (1024.0 * 1024 * 1024)) + "G";
        if (n < 1024L * 1024 * 1024 * 1024 * 1024) return f2(n / (1024.0 * 1024 * 1024 * 1024)) + "T";
        if (n < 1024L * 1024 * 1024 * 1024 * 1024 * 1024) return f2(n / (1024.0 * 1024 * 1024 * 1024 * 1024)) + "P";
        return n + "B";
    }

    /** getSafeInfoString: '#', ':', CR and LF become '_'. */
    static String safe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '#' || c == ':' || c == '\r' || c == '\n') {
                if (b == null) b = new StringBuilder(s);
                b.setCharAt(i, '_');
            }
        }
        return b == null ? s : b.toString();
    }
}

package io.basalt.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses RESP2/RESP3 reply bytes into plain Java values for assertions: bulk and simple
 * strings become {@link String}, integers {@link Long}, errors {@link Error}, arrays/sets/pushes
 * {@link List}, maps {@link Map}, nulls {@code null}, doubles {@link Double}, booleans {@link Boolean},
 * big numbers {@link java.math.BigInteger}; attributes are skipped.
 */
public final class Resp {
    /** An error reply. */
    public record Error(String message) {
        @Override
        public String toString() {
            return "(error) " + message;
        }
    }

    private final byte[] b;
    private int p;

    private Resp(byte[] b) {
        this.b = b;
    }

    /** All replies in {@code raw}. */
    public static List<Object> parseAll(byte[] raw) {
        Resp r = new Resp(raw);
        List<Object> out = new ArrayList<>();
        while (r.p < raw.length) out.add(r.value());
        return out;
    }

    public static Object parse(byte[] raw) {
        List<Object> all = parseAll(raw);
        if (all.size() != 1) throw new IllegalStateException("expected one reply, got " + all.size() + ": " + text(raw));
        return all.get(0);
    }

    /** Length of the first complete reply in {@code raw[0, len)}, or -1 if incomplete. */
    public static int completeLength(byte[] raw, int len) {
        Resp r = new Resp(java.util.Arrays.copyOf(raw, len));
        try {
            r.value();
            return r.p;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public static String text(byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8);
    }

    private String line() {
        int start = p;
        while (b[p] != '\r' || b[p + 1] != '\n') p++;
        String s = new String(b, start, p - start, StandardCharsets.UTF_8);
        p += 2;
        return s;
    }

    private Object value() {
        char t = (char) b[p++];
        String line = line();
        switch (t) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case ',':
                return Double.parseDouble(line.replace("inf", "Infinity"));
            case '#':
                return line.equals("t");
            case '_':
                return null;
            case '(':
                return new java.math.BigInteger(line);
            case '!': {
                int n = Integer.parseInt(line);
                if (p + n + 2 > b.length) throw new IllegalStateException("short blob error");
                String s = new String(b, p, n, StandardCharsets.UTF_8);
                p += n + 2;
                return new Error(s);
            }
            case '|': {
                // An attribute map precedes the value it describes; tests look at the value.
                int n = Integer.parseInt(line);
                for (int i = 0; i < 2 * n; i++) value();
                return value();
            }
            case '$':
            case '=': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                if (p + n + 2 > b.length) throw new IllegalStateException("short bulk");
                String s = new String(b, p, n, StandardCharsets.UTF_8);
                p += n + 2;
                return t == '=' ? s.substring(4) : s;
            }
            case '*':
            case '~':
            case '>': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) l.add(value());
                return l;
            }
            case '%': {
                int n = Integer.parseInt(line);
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) m.put(value(), value());
                return m;
            }
            default:
                throw new IllegalStateException("bad RESP type '" + t + "' in " + text(b));
        }
    }
}

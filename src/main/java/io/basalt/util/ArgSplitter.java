package io.basalt.util;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline request or config line into arguments with Redis's {@code sdssplitargs} rules
 * (double quotes with C escapes and \xHH, single quotes with \', a closing quote must be
 * followed by a space). Unescaping happens in place: it never lengthens a token.
 */
public final class ArgSplitter {
    private ArgSplitter() {}

    /** Receives each token as a slice of the (unescaped in place) input. */
    @FunctionalInterface
    public interface TokenSink {
        void token(byte[] b, int off, int len);
    }

    /** Splits a line of text, e.g. a config line; null when quotes are unbalanced. */
    public static List<String> split(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        if (!split(b, 0, b.length, (buf, off, len) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8)))) {
            return null;
        }
        return out;
    }

    /** Splits {@code b[from, to)}; false when quotes are unbalanced. */
    public static boolean split(byte[] b, int from, int to, TokenSink sink) {
        int p = from;
        while (true) {
            while (p < to && isSpace(b[p])) p++;
            if (p >= to) return true;
            int out = p;
            int start = p;
            boolean inDouble = false, inSingle = false, done = false;
            while (!done) {
                if (inDouble) {
                    if (p >= to) return false;
                    byte c = b[p];
                    if (c == '\\' && p + 3 < to && b[p + 1] == 'x' && isHex(b[p + 2]) && isHex(b[p + 3])) {
                        b[out++] = (byte) (hex(b[p + 2]) * 16 + hex(b[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < to) {
                        p++;
                        b[out++] = switch (b[p]) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> b[p];
                        };
                    } else if (c == '"') {
                        if (p + 1 < to && !isSpace(b[p + 1])) return false;
                        done = true;
                    } else {
                        b[out++] = c;
                    }
                } else if (inSingle) {
                    if (p >= to) return false;
                    byte c = b[p];
                    if (c == '\\' && p + 1 < to && b[p + 1] == '\'') {
                        p++;
                        b[out++] = '\'';
                    } else if (c == '\'') {
                        if (p + 1 < to && !isSpace(b[p + 1])) return false;
                        done = true;
                    } else {
                        b[out++] = c;
                    }
                } else {
                    if (p >= to) {
                        done = true;
                        continue;
                    }
                    byte c = b[p];
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> b[out++] = c;
                    }
                }
                if (p < to) p++;
            }
            sink.token(b, start, out - start);
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    }
}

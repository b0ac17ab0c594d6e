package io.basalt.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** RESP framing over raw reply bytes, and the normalisations of {@link Req.Normal}. */
final class Replies {
    private static final byte[] CLOCK = ":<positive, clock-dependent>\r\n".getBytes(StandardCharsets.US_ASCII);

    private Replies() {}

    /** The index just past the reply starting at {@code p}, or -1 if it is not complete before {@code limit}. */
    static int end(byte[] b, int p, int limit) {
        if (p >= limit) return -1;
        int eol = p + 1;
        while (eol + 1 < limit && !(b[eol] == '\r' && b[eol + 1] == '\n')) eol++;
        if (eol + 1 >= limit) return -1;
        int next = eol + 2;
        switch (b[p]) {
            case '$', '=', '!' -> {
                long n = number(b, p + 1, eol);
                if (n < 0) return next;
                long e = next + n + 2;
                return e <= limit ? (int) e : -1;
            }
            case '*', '~', '>', '%', '|' -> {
                long n = number(b, p + 1, eol);
                if (b[p] == '%' || b[p] == '|') n *= 2;
                for (long i = 0; i < n && next >= 0; i++) next = end(b, next, limit);
                return next;
            }
            default -> {
                return next;
            }
        }
    }

    private static long number(byte[] b, int from, int to) {
        return Long.parseLong(new String(b, from, to - from, StandardCharsets.US_ASCII));
    }

    /** The reply as the comparison sees it. */
    static byte[] normalise(byte[] reply, Req.Normal how) {
        return switch (how) {
            case EXACT -> reply;
            case SORTED -> sortElements(reply, 1);
            case SORTED_PAIRS -> sortElements(reply, 2);
            case CLOCK_SECONDS -> clock(reply, 4_000_000_000L);
            case CLOCK_MILLIS -> clock(reply, 4_000_000_000_000L);
        };
    }

    private static byte[] clock(byte[] reply, long below) {
        if (reply[0] != ':') return reply;
        long v = number(reply, 1, reply.length - 2);
        return v > 0 && v < below ? CLOCK : reply;
    }

    /**
     * An array's (or RESP3 set's or map's) elements, taken {@code group} at a time, sorted
     * bytewise; anything else unchanged. A map's entries are always pairs; in RESP3 the
     * pairs of WITHSCORES/WITHVALUES come as nested two-element arrays, sorted whole.
     */
    private static byte[] sortElements(byte[] reply, int group) {
        byte type = reply[0];
        if (type != '*' && type != '~' && type != '%') return reply;
        int eol = 1;
        while (reply[eol] != '\r') eol++;
        long n = number(reply, 1, eol);
        if (n <= 0) return reply;
        int p = eol + 2;
        if (type == '%') {
            n *= 2;
            group = 2;
        } else if (reply[p] == '*') {
            group = 1;
        }
        if (n % group != 0) return reply;
        List<byte[]> groups = new ArrayList<>();
        for (long i = 0; i < n; i += group) {
            int start = p;
            for (int k = 0; k < group; k++) p = end(reply, p, reply.length);
            groups.add(Arrays.copyOfRange(reply, start, p));
        }
        groups.sort(Arrays::compareUnsigned);
        ByteArrayOutputStream out = new ByteArrayOutputStream(reply.length);
        out.write(reply, 0, eol + 2);
        for (byte[] g : groups) out.writeBytes(g);
        return out.toByteArray();
    }
}

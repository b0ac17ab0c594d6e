package io.basalt.observability;

import io.basalt.command.Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/** SLOWLOG: the newest entries first, capped by slowlog-max-len; ids keep growing across RESET. */
public final class SlowLog {
    static final int MAX_ARGC = 32;
    static final int MAX_STRING = 128;

    /** One logged command, its arguments already trimmed as Redis trims them. */
    public record Entry(long id, long unixSeconds, long micros, byte[][] args, String address, byte[] name) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    /** Logs one command (the caller decided it was slow enough). */
    void push(Client c, byte[][] argv, long micros, long unixSeconds) {
        byte[] name = c.name();
        entries.addFirst(new Entry(nextId++, unixSeconds, micros, trim(argv), c.connection().address(),
                name == null ? new byte[0] : name));
    }

    /** Drops the oldest entries beyond slowlog-max-len. */
    void trimTo(long maxLen) {
        while (entries.size() > maxLen) entries.removeLast();
    }

    /** At most 32 arguments (the last tells how many more there were), each at most 128 bytes. */
    static byte[][] trim(byte[][] argv) {
        int n = Math.min(argv.length, MAX_ARGC);
        byte[][] out = new byte[n][];
        for (int j = 0; j < n; j++) {
            if (n != argv.length && j == n - 1) {
                out[j] = ascii("... (" + (argv.length - n + 1) + " more arguments)");
            } else if (argv[j].length > MAX_STRING) {
                byte[] more = ascii("... (" + (argv[j].length - MAX_STRING) + " more bytes)");
                byte[] t = Arrays.copyOf(argv[j], MAX_STRING + more.length);
                System.arraycopy(more, 0, t, MAX_STRING, more.length);
                out[j] = t;
            } else {
                out[j] = argv[j];
            }
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public int size() {
        return entries.size();
    }

    public void reset() {
        entries.clear();
    }

    /** Newest first. */
    public Iterator<Entry> iterator() {
        return entries.iterator();
    }
}

package io.basalt.util;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The server log, in Redis's format ({@code pid:role dd Mon yyyy HH:mm:ss.mmm <level> message})
 * so that scripts and Redis's own test tooling that read the log keep working.
 * Off the hot path only.
 */
public final class Log {
    private Log() {}

    public enum Level {
        DEBUG('.'), VERBOSE('-'), NOTICE('*'), WARNING('#'), NOTHING(' ');

        final char mark;

        Level(char mark) {
            this.mark = mark;
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final long PID = ProcessHandle.current().pid();

    private static volatile Level threshold = Level.NOTICE;
    private static volatile PrintStream out = System.out;
    private static volatile Supplier<Character> role = () -> 'M';

    public static long pid() {
        return PID;
    }

    public static void setLevel(Level level) {
        threshold = level;
    }

    /** Switches to a log file (appending), or back to standard output for an empty path. */
    public static synchronized void setFile(String path) throws IOException {
        PrintStream previous = out;
        out = path.isEmpty() ? System.out
                : new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8);
        if (previous != System.out && previous != out) previous.close();
    }

    public static void setRole(Supplier<Character> roleChar) {
        role = roleChar;
    }

    public static boolean enabled(Level level) {
        return level != Level.NOTHING && level.ordinal() >= threshold.ordinal();
    }

    public static void debug(String msg) {
        log(Level.DEBUG, msg);
    }

    public static void verbose(String msg) {
        log(Level.VERBOSE, msg);
    }

    public static void notice(String msg) {
        log(Level.NOTICE, msg);
    }

    public static void warning(String msg) {
        log(Level.WARNING, msg);
    }

    public static void log(Level level, String msg) {
        if (!enabled(level)) return;
        raw(PID + ":" + role.get() + " " + TIME.format(Instant.now()) + " " + level.mark + " " + msg);
    }

    /** A line written as is (the start-up banner). */
    public static synchronized void raw(String line) {
        out.println(line);
        out.flush();
    }
}

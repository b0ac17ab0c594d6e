package io.basalt.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One generated request: its arguments, how its reply is normalised before the two
 * servers' replies are compared, and, for a blocking command, the keys that must not all
 * be missing (else it would block, and the generator skips it).
 */
final class Req {
    /** How a reply is made comparable when Redis leaves part of it to hash order or the clock. */
    enum Normal {
        /** Byte for byte. */
        EXACT,
        /** An array whose order is hash order (SMEMBERS, HKEYS, KEYS...): elements sorted. */
        SORTED,
        /** A flat array of pairs in hash order (HGETALL, ...WITHVALUES/WITHSCORES): pairs sorted, each kept together. */
        SORTED_PAIRS,
        /**
         * A time in seconds read from the clock (TTL, EXPIRETIME of a relative expiry): any
         * positive value below 4e9 (before 2096) becomes one placeholder, since the servers
         * set and read it at slightly different instants. The absolute times the generator
         * uses (2100, 2101) stay exact.
         */
        CLOCK_SECONDS,
        /** As {@link #CLOCK_SECONDS} in milliseconds (PTTL, PEXPIRETIME): below 4e12. */
        CLOCK_MILLIS
    }

    final List<String> args = new ArrayList<>();
    Normal normal = Normal.EXACT;
    /** Keys of a blocking command; null for every other command. */
    List<String> blockingKeys;
    /** A request sent just before this one, to put the server in a known state. */
    Req prelude;
    /** False where a mutated argument could make the reply random (a negative RANDMEMBER count...). */
    boolean mutable = true;

    static Req of(String... args) {
        return new Req().add(args);
    }

    Req add(String... a) {
        args.addAll(Arrays.asList(a));
        return this;
    }

    Req add(List<String> a) {
        args.addAll(a);
        return this;
    }

    /** Adds {@code a} when {@code condition} holds (an optional clause). */
    Req opt(boolean condition, String... a) {
        if (condition) add(a);
        return this;
    }

    Req normal(Normal n) {
        normal = n;
        return this;
    }

    Req sorted() {
        return normal(Normal.SORTED);
    }

    Req pairs() {
        return normal(Normal.SORTED_PAIRS);
    }

    /** Exempts the request from the generator's deliberate argument damage. */
    Req fixedArgs() {
        mutable = false;
        return this;
    }

    /** Marks a blocking command: it is sent only when one of {@code keys} exists, so it returns at once. */
    Req blockingOn(List<String> keys) {
        blockingKeys = List.copyOf(keys);
        return fixedArgs();
    }

    /** The RESP multibulk; one char is one byte (ISO-8859-1), so the pools can hold any byte. */
    byte[] wire() {
        byte[][] b = new byte[args.size()][];
        for (int i = 0; i < b.length; i++) b[i] = args.get(i).getBytes(StandardCharsets.ISO_8859_1);
        return io.basalt.testing.RawClient.multibulk(b);
    }

    /** The command as a line of redis-cli-like text, quoting what needs it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) sb.append(' ');
            String shown = a.length() > 80 ? a.substring(0, 40) + "...(" + a.length() + " bytes)" : a;
            boolean plain = !shown.isEmpty() && shown.chars().allMatch(ch -> ch > ' ' && ch < 0x7f && ch != '"' && ch != '\'');
            if (plain) sb.append(shown);
            else sb.append(io.basalt.testing.RawClient.escape(shown.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return sb.toString();
    }
}

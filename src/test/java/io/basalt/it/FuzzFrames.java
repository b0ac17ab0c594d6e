package io.basalt.it;

import io.basalt.protocol.Args;
import io.basalt.protocol.ProtocolException;
import io.basalt.protocol.RequestDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates request frames for {@link ProtocolFuzzIT}: well-formed RESP multibulk and inline
 * requests built from a vocabulary of harmless commands, and "terminal" frames (mutated,
 * truncated, oversized, random) that may desynchronise or close the connection and are
 * therefore always the last frame sent on a connection.
 */
final class FuzzFrames {
    /** Commands that could stop, block, reconfigure or flood the server under test: never sent. */
    static final Set<String> DENIED = Set.of("SHUTDOWN", "DEBUG", "CONFIG", "CLIENT", "FLUSHALL", "FLUSHDB", "SWAPDB",
            "MONITOR", "SYNC", "PSYNC", "REPLCONF", "REPLICAOF", "SLAVEOF", "SAVE", "BGSAVE", "BGREWRITEAOF",
            "FAILOVER", "CLUSTER", "ACL", "MODULE", "SCRIPT", "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL",
            "FCALL_RO", "FUNCTION", "MIGRATE", "WAIT", "WAITAOF", "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP",
            "BZPOPMIN", "BZPOPMAX", "BZMPOP", "XREAD", "XREADGROUP", "SETRANGE", "SETBIT", "BITFIELD", "SRANDMEMBER",
            "HRANDFIELD", "ZRANDMEMBER", "LATENCY", "MEMORY", "SENTINEL", "PFDEBUG", "PFSELFTEST");

    /** Harmless commands (existing or coming): the fuzz's command names. */
    private static final String[] COMMANDS = {"GET", "SET", "PING", "ECHO", "SELECT", "AUTH", "HELLO", "RESET",
            "MGET", "MSET", "MSETNX", "SETNX", "SETEX", "PSETEX", "GETSET", "GETDEL", "GETEX", "APPEND", "STRLEN",
            "INCR", "DECR", "INCRBY", "DECRBY", "INCRBYFLOAT", "GETRANGE", "SUBSTR", "LCS", "DEL", "UNLINK", "EXISTS",
            "TYPE", "TTL", "PTTL", "EXPIRE", "PEXPIRE", "EXPIREAT", "PERSIST", "RENAME", "RENAMENX", "DBSIZE",
            "RANDOMKEY", "TOUCH", "OBJECT", "COPY", "DUMP", "LPUSH", "RPUSH", "LPOP", "RPOP", "LLEN", "LINDEX",
            "HSET", "HGET", "HDEL", "HLEN", "SADD", "SREM", "SCARD", "SISMEMBER", "ZADD", "ZSCORE", "ZREM", "ZCARD",
            "PUBLISH", "SUBSCRIBE", "UNSUBSCRIBE", "PSUBSCRIBE", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
            "TIME", "LASTSAVE", "ROLE", "COMMAND", "INFO", "SCAN", "KEYS"};
    private static final String[] WORDS = {"EX", "PX", "EXAT", "PXAT", "NX", "XX", "GT", "LT", "KEEPTTL", "GET",
            "PERSIST", "COUNT", "MATCH", "TYPE", "*", "0", "1", "-1", "2", "3", "100", "-100", "1.5", "inf", "-inf",
            "nan", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551616",
            "0x10", " 1", "", "AUTH", "default", "SETNAME", "ENCODING", "REFCOUNT", "HELP", "DOCS", "COUNT", "INFO"};
    private static final byte[] CRLF = {'\r', '\n'};

    private final SplittableRandom rnd;

    FuzzFrames(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    /** A well-formed request that cannot desynchronise the stream. */
    byte[] valid() {
        byte[][] args = command();
        return rnd.nextInt(100) < 80 ? multibulk(args) : inline(args);
    }

    /** A frame that may break the connection; null if it happened to spell a denied command. */
    byte[] terminal() {
        byte[] f = switch (rnd.nextInt(14)) {
            case 0, 1, 2 -> flip(valid());
            case 3 -> truncate(valid());
            case 4 -> insertRandom(valid());
            case 5 -> hugeDeclaredLength();
            case 6 -> negativeLength();
            case 7 -> randomBytes(1 + rnd.nextInt(300));
            case 8 -> deepArray();
            case 9 -> longArray();
            case 10 -> inlineWithNulsAndQuotes();
            case 11 -> concat(valid(), valid(), truncate(valid()));
            case 12 -> garbageHeader();
            default -> rnd.nextBoolean() ? ascii("QUIT\r\n") : multibulk(new byte[][] {ascii("QUIT")});
        };
        return denied(f) ? null : f;
    }

    private byte[][] command() {
        String name = COMMANDS[rnd.nextInt(COMMANDS.length)];
        if (rnd.nextInt(100) < 5) name = name.toLowerCase(Locale.ROOT);
        int extra = rnd.nextInt(100) < 90 ? rnd.nextInt(5) : rnd.nextInt(40);
        byte[][] args = new byte[1 + extra][];
        args[0] = ascii(name);
        for (int i = 1; i < args.length; i++) args[i] = argument();
        if (rnd.nextInt(100) < 3) args[0] = randomBytes(1 + rnd.nextInt(12));
        return args;
    }

    private byte[] argument() {
        int k = rnd.nextInt(100);
        if (k < 40) return ascii("fz:" + rnd.nextInt(500));
        if (k < 65) return ascii(WORDS[rnd.nextInt(WORDS.length)]);
        if (k < 80) return ascii(Long.toString(rnd.nextLong(-1_000_000, 1_000_000)));
        if (k < 95) return randomBytes(rnd.nextInt(32));
        return randomBytes(rnd.nextInt(512));
    }

    static byte[] multibulk(byte[][] args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(ascii("*" + args.length + "\r\n"));
        for (byte[] a : args) {
            o.writeBytes(ascii("$" + a.length + "\r\n"));
            o.writeBytes(a);
            o.writeBytes(CRLF);
        }
        return o.toByteArray();
    }

    /** Inline form with redis-cli quoting so any byte survives. */
    private byte[] inline(byte[][] args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) o.write(rnd.nextInt(10) == 0 ? '\t' : ' ');
            byte[] a = args[i];
            boolean plain = a.length > 0;
            for (byte b : a) if (b <= ' ' || b == '"' || b == '\'' || b == '\\' || b >= 0x7f) plain = false;
            if (plain && rnd.nextInt(4) != 0) {
                o.writeBytes(a);
            } else {
                o.write('"');
                for (byte b : a) {
                    int c = b & 0xFF;
                    if (c == '"' || c == '\\') {
                        o.write('\\');
                        o.write(c);
                    } else if (c < 0x20 || c >= 0x7f) {
                        o.writeBytes(ascii(String.format("\\x%02x", c)));
                    } else {
                        o.write(c);
                    }
                }
                o.write('"');
            }
        }
        o.writeBytes(rnd.nextBoolean() ? CRLF : new byte[] {'\n'});
        return o.toByteArray();
    }

    private byte[] flip(byte[] f) {
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(f.length);
            f[at] = rnd.nextBoolean() ? (byte) (f[at] ^ (1 << rnd.nextInt(8))) : (byte) rnd.nextInt(256);
        }
        return f;
    }

    private byte[] truncate(byte[] f) {
        return java.util.Arrays.copyOf(f, rnd.nextInt(f.length));
    }

    private byte[] insertRandom(byte[] f) {
        int at = rnd.nextInt(f.length + 1);
        byte[] r = randomBytes(1 + rnd.nextInt(16));
        return concat(java.util.Arrays.copyOf(f, at), r, java.util.Arrays.copyOfRange(f, at, f.length));
    }

    private byte[] hugeDeclaredLength() {
        long[] sizes = {536870911L, 536870912L, 536870913L, Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE, 65536, 1 << 20};
        long n = sizes[rnd.nextInt(sizes.length)];
        return rnd.nextBoolean()
                ? ascii("*2\r\n$3\r\nSET\r\n$" + n + "\r\n" + "x".repeat(rnd.nextInt(100)))
                : ascii("*" + n + "\r\n$4\r\nPING\r\n");
    }

    private byte[] negativeLength() {
        long n = -1 - rnd.nextInt(3) * (long) rnd.nextInt(1 << 20);
        return rnd.nextBoolean() ? ascii("*1\r\n$" + n + "\r\nPING\r\n") : ascii("*" + n + "\r\nPING\r\n");
    }

    private byte[] deepArray() {
        int depth = 1 + rnd.nextInt(2000);
        return ascii("*1\r\n".repeat(depth) + "$4\r\nPING\r\n");
    }

    private byte[] longArray() {
        int n = rnd.nextInt(100) < 90 ? 100 + rnd.nextInt(5000) : 100_000;
        int present = rnd.nextBoolean() ? n : rnd.nextInt(n);
        StringBuilder sb = new StringBuilder(present * 8 + 16).append('*').append(n).append("\r\n");
        for (int i = 0; i < present; i++) sb.append("$1\r\na\r\n");
        return ascii(sb.toString());
    }

    private byte[] inlineWithNulsAndQuotes() {
        String[] pieces = {"ECHO", "PING", "\"", "'", "\\", "\0", "\"a\\x00b\"", "'it\\'s'", "\"unterminated",
                "\"x\"y", "\t", " ", "\r", "GET", "fz:1", "\\xzz"};
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(12);
        for (int i = 0; i < n; i++) sb.append(pieces[rnd.nextInt(pieces.length)]);
        return ascii(sb.append(rnd.nextBoolean() ? "\r\n" : "\n").toString());
    }

    private byte[] garbageHeader() {
        String[] heads = {"*", "$", "*x\r\n", "*1\r\n$", "*1\r\n$x\r\n", "*1\r\n:1\r\n", "*1\r\n+OK\r\n", "\r\n\r\n",
                "POST / HTTP/1.1\r\n", "Host: x\r\n", "*1\r\n$4\r\nPING", "*0\r\n*-1\r\n", "*1\r\n$-0\r\n"};
        return ascii(heads[rnd.nextInt(heads.length)]);
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) rnd.nextInt(256);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final byte[] SENTINEL = ascii("*2\r\n$4\r\nFUZZ\r\n$8\r\nSENTINEL\r\n");

    /**
     * True if the server would read {@code f} as complete commands, with no protocol error,
     * nothing left pending and no command that closes the connection (QUIT, POST, Host:): such
     * a mutated frame can be followed by more frames on the same connection. Decided with the
     * server's own decoder by appending a two-argument sentinel command that must come out
     * intact and last.
     */
    static boolean selfContained(byte[] f) {
        RequestDecoder d = new RequestDecoder();
        d.append(f, 0, f.length);
        d.append(SENTINEL, 0, SENTINEL.length);
        Args a = new Args();
        boolean sentinelLast = false;
        try {
            while (d.next(a, false, 512L << 20)) {
                if (sentinelLast) return false;
                String name = a.string(0).toUpperCase(Locale.ROOT);
                if (name.equals("QUIT") || name.equals("POST") || name.startsWith("HOST:")) return false;
                sentinelLast = a.count() == 2 && name.equals("FUZZ") && a.string(1).equals("SENTINEL");
            }
        } catch (ProtocolException e) {
            return false;
        }
        return sentinelLast && !d.hasUnparsed();
    }

    /**
     * True if a denied command name appears anywhere in the frame (case-insensitively). A
     * mangled frame can be framed by the server in many ways (inline lines, a skipped count,
     * a shifted length), so any occurrence counts.
     */
    static boolean denied(byte[] f) {
        String upper = new String(f, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        for (String d : DENIED) if (upper.contains(d)) return true;
        return false;
    }
}

package io.basalt.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random dataset written through ordinary commands, for persistence tests: every
 * type (strings as integers, text, binary, long compressible and incompressible; HyperLogLogs
 * sparse and dense; lists, sets, sorted sets and hashes small and large, with long elements,
 * integer members, infinite, negative-zero and fractional scores) in databases 0, 1 and 9,
 * about a fifth of the keys with a far-future TTL. Keys are written in phases under different
 * encoding limits (CONFIG SET on the writing server), so compact encodings (listpack, intset)
 * and large ones (hashtable, skiplist) both occur, including compact values larger than the
 * default limits and quicklists with unusual node sizes. The same seed writes the same
 * commands, so two servers fed the same seed hold the same data; the limits are back at their
 * defaults and database 0 is selected afterwards.
 */
public final class DatasetGenerator {
    /** The databases the generator writes to. */
    public static final int[] DBS = {0, 1, 9};

    /** The encoding limits at Redis 7.0's defaults, restored after each run. */
    private static final String[][] DEFAULT_LIMITS = {
        {"hash-max-listpack-entries", "512"}, {"hash-max-listpack-value", "64"},
        {"zset-max-listpack-entries", "128"}, {"zset-max-listpack-value", "64"},
        {"set-max-intset-entries", "512"}, {"list-max-listpack-size", "-2"},
    };
    private static final String[][] SMALL_LIMITS = {
        {"hash-max-listpack-entries", "4"}, {"hash-max-listpack-value", "8"},
        {"zset-max-listpack-entries", "4"}, {"zset-max-listpack-value", "8"},
        {"set-max-intset-entries", "8"}, {"list-max-listpack-size", "3"},
    };
    /** Compact values beyond the default limits: a loader must convert them (as Redis does) or keep them. */
    private static final String[][] LARGE_LIMITS = {
        {"hash-max-listpack-entries", "2000"}, {"hash-max-listpack-value", "300"},
        {"zset-max-listpack-entries", "1000"}, {"zset-max-listpack-value", "300"},
        {"set-max-intset-entries", "2000"}, {"list-max-listpack-size", "-5"},
    };
    private static final String[] LIST_SIZES = {"-1", "-2", "-3", "-4", "-5", "1", "2", "5", "17", "128"};

    private final long seed;
    private final int keysPerDb;
    private SplittableRandom rnd;
    private Pipeline p;
    private int commands;

    public DatasetGenerator(long seed, int keysPerDb) {
        this.seed = seed;
        this.keysPerDb = keysPerDb;
    }

    /** A command by name, for Jedis's sendCommand. */
    public static ProtocolCommand cmd(String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        return () -> raw;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the dataset; returns the number of commands sent. Fails on any error reply. */
    public int populate(Jedis j) {
        rnd = new SplittableRandom(seed);
        commands = 0;
        p = j.pipelined();
        for (int db : DBS) {
            send("SELECT", Integer.toString(db));
            for (int i = 0; i < keysPerDb; i++) {
                if (i % 25 == 0) limits(pickLimits());
                if (i % 10 == 0) send("CONFIG", "SET", "list-max-listpack-size", LIST_SIZES[rnd.nextInt(LIST_SIZES.length)]);
                writeKey(db, i);
            }
            limits(DEFAULT_LIMITS);
        }
        send("SELECT", "0");
        List<Object> replies = p.syncAndReturnAll();
        p = null;
        for (Object r : replies) {
            if (r instanceof JedisDataException e) throw new IllegalStateException("seed " + seed + ": " + e.getMessage(), e);
        }
        return commands;
    }

    private String[][] pickLimits() {
        int r = rnd.nextInt(4);
        return r == 0 ? SMALL_LIMITS : r == 1 ? LARGE_LIMITS : DEFAULT_LIMITS;
    }

    private void limits(String[][] limits) {
        for (String[] l : limits) send("CONFIG", "SET", l[0], l[1]);
    }

    private void send(String name, String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = bytes(args[i]);
        send(name, b);
    }

    private void send(String name, byte[]... args) {
        p.sendCommand(cmd(name), args);
        commands++;
    }

    private void send(String name, byte[] key, List<byte[]> rest) {
        byte[][] args = new byte[rest.size() + 1][];
        args[0] = key;
        for (int i = 0; i < rest.size(); i++) args[i + 1] = rest.get(i);
        send(name, args);
    }

    private byte[] keyName(int db, int i, String type) {
        if (rnd.nextInt(20) == 0) {
            // Binary key names: NUL, CR/LF, high bytes.
            byte[] k = new byte[6 + rnd.nextInt(10)];
            rnd.nextBytes(k);
            k[0] = 0;
            k[1] = '\r';
            k[2] = '\n';
            k[3] = (byte) i;
            k[4] = (byte) (i >> 8);
            k[5] = (byte) db;
            return k;
        }
        return bytes(type + ":" + db + ":" + i);
    }

    private void writeKey(int db, int i) {
        int t = rnd.nextInt(100);
        byte[] key;
        if (t < 30) {
            key = keyName(db, i, "str");
            string(key);
        } else if (t < 36) {
            key = keyName(db, i, "hll");
            hll(key);
        } else if (t < 52) {
            key = keyName(db, i, "list");
            list(key);
        } else if (t < 68) {
            key = keyName(db, i, "set");
            set(key);
        } else if (t < 84) {
            key = keyName(db, i, "zset");
            zset(key);
        } else {
            key = keyName(db, i, "hash");
            hash(key);
        }
        if (rnd.nextInt(5) == 0) {
            // Far future, absolute: both servers agree on PEXPIRETIME to the millisecond.
            long at = 4_000_000_000_000L + rnd.nextLong(1_000_000_000_000L);
            send("PEXPIREAT", key, bytes(Long.toString(at)));
        }
    }

    // ---- elements --------------------------------------------------------------------------

    private byte[] integerText() {
        return bytes(Long.toString(switch (rnd.nextInt(6)) {
            case 0 -> rnd.nextInt(10_000);
            case 1 -> -rnd.nextInt(10_000);
            case 2 -> rnd.nextLong();
            case 3 -> rnd.nextBoolean() ? Long.MAX_VALUE - rnd.nextInt(3) : Long.MIN_VALUE + rnd.nextInt(3);
            case 4 -> rnd.nextInt(1 << 24) - (1 << 23);
            default -> rnd.nextInt(Integer.MAX_VALUE) * (rnd.nextBoolean() ? 1L : -1L);
        }));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** Text repeating a short pattern: LZF compresses it. */
    private byte[] compressible(int n) {
        String pattern = "abc" + rnd.nextInt(1000) + "-";
        StringBuilder s = new StringBuilder(n);
        while (s.length() < n) s.append(pattern);
        return bytes(s.substring(0, n));
    }

    /** A collection element: mostly short text, some integers, binary and long ones. */
    private byte[] element(int n, boolean allowLong) {
        int r = rnd.nextInt(100);
        if (r < 50) return bytes("e" + n + "-" + rnd.nextInt(1000));
        if (r < 75) return integerText();
        if (r < 85) return randomBytes(1 + rnd.nextInt(20));
        if (r < 90 || !allowLong) return bytes("");
        return rnd.nextBoolean() ? compressible(65 + rnd.nextInt(400)) : randomBytes(65 + rnd.nextInt(200));
    }

    private int size() {
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> 1 + rnd.nextInt(10);
            case 2 -> 100 + rnd.nextInt(40);
            case 3 -> 500 + rnd.nextInt(40);
            case 4 -> 200 + rnd.nextInt(400);
            default -> 10 + rnd.nextInt(100);
        };
    }

    // ---- types -----------------------------------------------------------------------------

    private void string(byte[] key) {
        byte[] v = switch (rnd.nextInt(12)) {
            case 0, 1 -> integerText();
            case 2 -> bytes("val-" + rnd.nextInt(100_000));
            case 3 -> randomBytes(rnd.nextInt(50));
            case 4 -> compressible(21 + rnd.nextInt(3000));
            case 5 -> randomBytes(21 + rnd.nextInt(500));
            case 6 -> bytes(new String[] {"", "-0", "007", "+1", " 1", "1.5", "99999999999999999999", "-9223372036854775809",
                "9223372036854775807", "0", "-1", "1e3"}[rnd.nextInt(12)]);
            case 7 -> compressible(20_000 + rnd.nextInt(50_000));
            default -> bytes("text " + rnd.nextInt(1_000_000) + " " + "x".repeat(rnd.nextInt(60)));
        };
        send("SET", key, v);
        int edit = rnd.nextInt(10);
        if (edit == 0) send("APPEND", key, bytes("-appended-" + rnd.nextInt(100)));
        else if (edit == 1) send("SETRANGE", key, bytes(Integer.toString(rnd.nextInt(30))), bytes("range"));
        else if (edit == 2) send("INCRBY", bytes("ctr:" + new String(key, StandardCharsets.ISO_8859_1)), integerText());
    }

    private void hll(byte[] key) {
        int n = switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1 + rnd.nextInt(50);
            case 2 -> 200 + rnd.nextInt(500);
            default -> 3000 + rnd.nextInt(5000);
        };
        List<byte[]> els = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            els.add(bytes("h" + rnd.nextInt(1_000_000)));
            if (els.size() == 1000) {
                send("PFADD", key, els);
                els.clear();
            }
        }
        send("PFADD", key, els);
    }

    private void list(byte[] key) {
        int n = size();
        boolean longOnes = rnd.nextInt(4) == 0;
        List<byte[]> els = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            els.add(longOnes && rnd.nextInt(3) == 0 ? compressible(100 + rnd.nextInt(2000)) : element(i, true));
            if (els.size() == 100) {
                send(rnd.nextBoolean() ? "RPUSH" : "LPUSH", key, els);
                els.clear();
            }
        }
        if (!els.isEmpty()) send("RPUSH", key, els);
        switch (rnd.nextInt(5)) {
            case 0 -> send("LINSERT", key, bytes("BEFORE"), element(0, false), bytes("inserted"));
            case 1 -> send("LSET", key, bytes(Integer.toString(rnd.nextInt(n))), compressible(70));
            case 2 -> send("LTRIM", key, bytes(Integer.toString(rnd.nextInt(3))), bytes("-" + (1 + rnd.nextInt(3))));
            case 3 -> send("LREM", key, bytes("0"), bytes(""));
            default -> { }
        }
        // LTRIM/LREM may empty the list: keep the key.
        send("RPUSH", key, bytes("tail"));
    }

    private void set(byte[] key) {
        int n = size();
        int kind = rnd.nextInt(3);
        List<byte[]> els = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            els.add(kind == 0 ? integerText() : kind == 1 ? bytes(Integer.toString(rnd.nextInt(100_000) - 50_000)) : element(i, true));
            if (els.size() == 200) {
                send("SADD", key, els);
                els.clear();
            }
        }
        if (!els.isEmpty()) send("SADD", key, els);
        if (rnd.nextInt(4) == 0) send("SREM", key, els.isEmpty() ? bytes("none") : els.get(0));
        send("SADD", key, bytes(Integer.toString(rnd.nextInt(100))));
    }

    private byte[] score() {
        return bytes(switch (rnd.nextInt(12)) {
            case 0 -> "inf";
            case 1 -> "-inf";
            case 2 -> "-0";
            case 3 -> "0";
            case 4 -> Double.toString(rnd.nextDouble() * 1000 - 500);
            case 5 -> new String[] {"0.1", "1e-300", "1.7976931348623157e308", "4.9e-324", "-2.5", "3.0000000000000004"}[rnd.nextInt(6)];
            case 6 -> Double.toString(rnd.nextDouble());
            default -> Integer.toString(rnd.nextInt(2000) - 1000);
        });
    }

    private void zset(byte[] key) {
        int n = size();
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(score());
            args.add(rnd.nextInt(30) == 0 ? compressible(65 + rnd.nextInt(100)) : element(i, false));
            if (args.size() == 200) {
                send("ZADD", key, args);
                args.clear();
            }
        }
        if (!args.isEmpty()) send("ZADD", key, args);
        switch (rnd.nextInt(4)) {
            case 0 -> send("ZINCRBY", key, bytes("2.5"), bytes("incr"));
            case 1 -> send("ZREMRANGEBYRANK", key, bytes("0"), bytes("0"));
            default -> { }
        }
        send("ZADD", key, score(), bytes("last"));
    }

    private void hash(byte[] key) {
        int n = size();
        boolean longValues = rnd.nextInt(4) == 0;
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(bytes("f" + i + "-" + rnd.nextInt(100)));
            args.add(longValues && rnd.nextInt(5) == 0 ? compressible(65 + rnd.nextInt(500)) : element(i, false));
            if (args.size() == 200) {
                send("HSET", key, args);
                args.clear();
            }
        }
        if (!args.isEmpty()) send("HSET", key, args);
        switch (rnd.nextInt(4)) {
            case 0 -> send("HINCRBY", key, bytes("counter"), integerText());
            case 1 -> send("HDEL", key, bytes("f0-" + rnd.nextInt(100)), bytes("f1-" + rnd.nextInt(100)));
            default -> { }
        }
        send("HSET", key, bytes("last"), bytes(Integer.toString(rnd.nextInt(1000))));
    }
}

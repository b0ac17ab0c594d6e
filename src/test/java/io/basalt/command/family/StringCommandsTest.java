package io.basalt.command.family;

import io.basalt.keyspace.Database;
import io.basalt.keyspace.type.StringValue;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StringCommandsTest {
    private final Harness h = new Harness();

    /** Raw reply to arguments whose chars are bytes (ISO-8859-1), for binary values. */
    private String bin(String... args) {
        return bin(h, args);
    }

    static String bin(Harness h, String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return new String(h.client().rawBytes(b), StandardCharsets.ISO_8859_1);
    }

    /** Stores a value of another type under {@code key} (no other type exists in this family's tests). */
    private void wrongType(String key) {
        wrongType(h, key);
    }

    static void wrongType(Harness h, String key) {
        h.engine.keyspace().add(h.engine.keyspace().db(0), key.getBytes(StandardCharsets.UTF_8), new Object());
    }

    static String encoding(Harness h, String key) {
        Database db = h.engine.keyspace().db(0);
        int slot = db.slotOf(key.getBytes(StandardCharsets.UTF_8));
        return slot < 0 ? null : StringValue.encoding(db.valueAt(slot));
    }

    private String encoding(String key) {
        return encoding(h, key);
    }

    @Test
    void getAndSet() {
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("SET", "n", "12345")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GET", "n")).isEqualTo("$5\r\n12345\r\n");
    }

    @Test
    void setOptions() {
        assertThat(h.raw("SET", "k", "v", "NX")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SET", "k", "w", "NX")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "x", "w", "XX")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "k", "w", "XX", "GET")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("SET", "k", "v", "NX", "XX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "10", "PX", "10")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "KEEPTTL", "EX", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "0")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "9223372036854775807"))
                .isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "PX", "9223372036854775807"))
                .isEqualTo("-ERR invalid expire time in 'set' command\r\n");
    }

    @Test
    void expiryUsesTheInjectedClock() {
        assertThat(h.raw("SET", "k", "v", "PX", "100")).isEqualTo("+OK\r\n");
        h.clock.advanceMillis(99);
        assertThat(h.raw("GET", "k")).isEqualTo("$1\r\nv\r\n");
        h.clock.advanceMillis(1);
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(h.engine.keyspace().stats().expiredKeys).isEqualTo(1);
    }

    @Test
    void setClearsTtlUnlessKeepTtl() {
        h.raw("SET", "k", "v", "EX", "100");
        h.raw("SET", "k", "v2", "KEEPTTL");
        h.clock.advanceMillis(100_000);
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
        h.raw("SET", "k", "v", "EX", "100");
        h.raw("SET", "k", "v2");
        h.clock.advanceMillis(100_000);
        assertThat(h.raw("GET", "k")).isEqualTo("$2\r\nv2\r\n");
    }

    @Test
    void wrongArity() {
        assertThat(h.raw("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(h.raw("SET", "k")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
    }

    @Test
    void encodingsFollowRedis() {
        h.raw("APPEND", "a1", "123");
        assertThat(encoding("a1")).isEqualTo("int");
        h.raw("APPEND", "a2", "abc");
        assertThat(encoding("a2")).isEqualTo("embstr");
        h.raw("APPEND", "a2", "d");
        assertThat(encoding("a2")).isEqualTo("raw");
        h.raw("SET", "r", "10");
        h.raw("APPEND", "r", "0");
        assertThat(encoding("r")).isEqualTo("raw");
        assertThat(h.raw("INCR", "r")).isEqualTo(":101\r\n");
        assertThat(encoding("r")).isEqualTo("int");
        h.raw("INCRBYFLOAT", "f", "1");
        assertThat(encoding("f")).isEqualTo("embstr");
        assertThat(h.raw("INCRBYFLOAT", "f", "1e50"))
                .isEqualTo("$51\r\n100000000000000000003583830118858923890798487404544\r\n");
        assertThat(encoding("f")).isEqualTo("raw");
        h.raw("SETRANGE", "sr", "0", "a");
        assertThat(encoding("sr")).isEqualTo("raw");
        h.raw("GETSET", "gs", "5");
        assertThat(encoding("gs")).isEqualTo("int");
        h.raw("MSET", "m1", "123456789012345678901234567890123456789012345");
        assertThat(encoding("m1")).isEqualTo("raw");
        h.raw("SET", "big", "12345678901234567890");
        assertThat(encoding("big")).isEqualTo("embstr");
        h.raw("SET", "e", "1234");
        assertThat(h.raw("SETRANGE", "e", "0", "")).isEqualTo(":4\r\n");
        assertThat(encoding("e")).isEqualTo("int");
    }

    @Test
    void integersAreSharedUnlessAnLruPolicyNeedsPerKeyData() {
        h.raw("INCR", "n");
        Database db = h.engine.keyspace().db(0);
        assertThat(StringValue.isShared(db.valueAt(db.slotOf("n".getBytes(StandardCharsets.UTF_8))))).isTrue();
        Harness lru = new Harness("maxmemory", "100mb", "maxmemory-policy", "allkeys-lru");
        lru.raw("INCR", "n");
        Database ldb = lru.engine.keyspace().db(0);
        Object v = ldb.valueAt(ldb.slotOf("n".getBytes(StandardCharsets.UTF_8)));
        assertThat(StringValue.isShared(v)).isFalse();
        assertThat(StringValue.encoding(v)).isEqualTo("int");
    }

    @Test
    void ttlIsKeptByInPlaceUpdatesAndDroppedByOverwrites() {
        h.raw("SET", "t", "5", "EX", "100");
        assertThat(h.raw("INCR", "t")).isEqualTo(":6\r\n");
        assertThat(h.raw("APPEND", "t", "1")).isEqualTo(":2\r\n");
        assertThat(h.raw("INCRBYFLOAT", "t", "1")).isEqualTo("$2\r\n62\r\n");
        assertThat(h.raw("SETRANGE", "t", "0", "9")).isEqualTo(":2\r\n");
        h.clock.advanceMillis(100_000);
        assertThat(h.raw("GET", "t")).isEqualTo("$-1\r\n");
        h.raw("SET", "t", "5", "EX", "100");
        assertThat(h.raw("GETSET", "t", "1")).isEqualTo("$1\r\n5\r\n");
        h.clock.advanceMillis(100_000);
        assertThat(h.raw("GET", "t")).isEqualTo("$1\r\n1\r\n");
        h.raw("MSET", "t", "2", "u", "3");
        h.raw("SETEX", "t", "10", "v");
        h.clock.advanceMillis(9_999);
        assertThat(h.raw("GET", "t")).isEqualTo("$1\r\nv\r\n");
        h.clock.advanceMillis(1);
        assertThat(h.raw("GET", "t")).isEqualTo("$-1\r\n");
        h.raw("PSETEX", "t", "10", "v");
        h.clock.advanceMillis(10);
        assertThat(h.raw("STRLEN", "t")).isEqualTo(":0\r\n");
    }

    @Test
    void getexSetsAndClearsExpiry() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("GETEX", "k", "PX", "50")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("GETEX", "k", "PERSIST")).isEqualTo("$1\r\nv\r\n");
        h.clock.advanceMillis(100);
        assertThat(h.raw("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("GETEX", "k", "EX", "1")).isEqualTo("$1\r\nv\r\n");
        h.clock.advanceMillis(1000);
        assertThat(h.raw("GETEX", "k")).isEqualTo("$-1\r\n");
        h.raw("SET", "k", "v");
        long now = h.clock.millis();
        assertThat(h.raw("GETEX", "k", "PXAT", Long.toString(now))).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
    }

    @Test
    void resp3Replies() {
        h.raw("HELLO", "3");
        h.raw("MSET", "la", "ohmytext", "lb", "mynewtext");
        assertThat(h.raw("LCS", "la", "lb", "IDX", "WITHMATCHLEN")).isEqualTo("%2\r\n$7\r\nmatches\r\n*2\r\n"
                + "*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
                + "*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(h.raw("GETEX", "missing")).isEqualTo("_\r\n");
        assertThat(h.raw("GETDEL", "missing")).isEqualTo("_\r\n");
        assertThat(h.raw("MGET", "la", "missing")).isEqualTo("*2\r\n$8\r\nohmytext\r\n_\r\n");
        assertThat(h.raw("SET", "x", "1", "XX")).isEqualTo("_\r\n");
    }

    @Test
    void protoMaxBulkLenLimitsGrowth() {
        Harness small = new Harness("proto-max-bulk-len", "1048576");
        assertThat(small.raw("SETRANGE", "p", "1048575", "x")).isEqualTo(":1048576\r\n");
        assertThat(small.raw("SETRANGE", "p", "1048576", "x"))
                .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertThat(small.raw("SETRANGE", "p", "1048575", "xy"))
                .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertThat(small.raw("APPEND", "p", "y"))
                .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertThat(small.raw("STRLEN", "p")).isEqualTo(":1048576\r\n");
        String a = "x".repeat(600);
        small.raw("MSET", "l1", a, "l2", a);
        assertThat(small.raw("LCS", "l1", "l2", "LEN"))
                .isEqualTo("-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n");
        small.raw("MSET", "l1", a.substring(100), "l2", a.substring(100));
        assertThat(small.raw("LCS", "l1", "l2", "LEN")).isEqualTo(":500\r\n");
    }

    @Test
    void appendGrowsLinearly() {
        for (int i = 0; i < 1000; i++) h.raw("APPEND", "k", "abc");
        assertThat(h.raw("STRLEN", "k")).isEqualTo(":3000\r\n");
        assertThat(h.raw("GETRANGE", "k", "-4", "-1")).isEqualTo("$4\r\ncabc\r\n");
    }

    /** Checked against Redis 7.0.15: GET / SET. */
    @Test
    void getSet() {
        wrongType("list");
        assertThat(h.raw("GET", "missing")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("SET", "k", "v2", "NX")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "k", "v3", "XX", "GET")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("GET", "k")).isEqualTo("$2\r\nv3\r\n");
        assertThat(h.raw("SET", "k", "v", "NX", "XX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "10", "PX", "10")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "100", "EX", "200")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SET", "k", "v", "KEEPTTL", "EX", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "0")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "-5")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "9223372036854775807")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "PX", "9223372036854775807")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "PXAT", "32503680000000")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SET", "k", "v", "KEEPTTL")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SET", "k", "", "GET")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("SET", "nokey", "v", "XX", "GET")).isEqualTo("$-1\r\n");
    }

    /** Checked against Redis 7.0.15: SETNX / SETEX / PSETEX / GETSET. */
    @Test
    void setnxSetexPsetexGetset() {
        wrongType("list");
        assertThat(h.raw("SETNX", "nx", "1")).isEqualTo(":1\r\n");
        assertThat(h.raw("SETNX", "nx", "2")).isEqualTo(":0\r\n");
        assertThat(h.raw("GET", "nx")).isEqualTo("$1\r\n1\r\n");
        assertThat(h.raw("SETEX", "ex", "100", "v")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SETEX", "ex", "0", "v")).isEqualTo("-ERR invalid expire time in 'setex' command\r\n");
        assertThat(h.raw("SETEX", "ex", "-1", "v")).isEqualTo("-ERR invalid expire time in 'setex' command\r\n");
        assertThat(h.raw("SETEX", "ex", "abc", "v")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("PSETEX", "pex", "0", "v")).isEqualTo("-ERR invalid expire time in 'psetex' command\r\n");
        assertThat(h.raw("PSETEX", "pex", "1000000", "v")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GETSET", "gs", "a")).isEqualTo("$-1\r\n");
        assertThat(h.raw("GETSET", "gs", "b")).isEqualTo("$1\r\na\r\n");
        assertThat(h.raw("GET", "gs")).isEqualTo("$1\r\nb\r\n");
    }

    /** Checked against Redis 7.0.15: GETEX / GETDEL. */
    @Test
    void getexGetdel() {
        wrongType("list");
        assertThat(h.raw("SET", "ge", "hello")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GETEX", "ge")).isEqualTo("$5\r\nhello\r\n");
        assertThat(h.raw("GETEX", "ge", "EXAT", "32503680000")).isEqualTo("$5\r\nhello\r\n");
        assertThat(h.raw("GETEX", "ge", "PERSIST")).isEqualTo("$5\r\nhello\r\n");
        assertThat(h.raw("GETEX", "ge", "PXAT", "32503680000000", "PXAT", "32503680001000")).isEqualTo("$5\r\nhello\r\n");
        assertThat(h.raw("GETEX", "ge", "EX", "10", "PERSIST")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GETEX", "ge", "PERSIST", "EX", "10")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GETEX", "ge", "KEEPTTL")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GETEX", "ge", "NX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GETEX", "ge", "EX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GETEX", "ge", "EX", "0")).isEqualTo("-ERR invalid expire time in 'getex' command\r\n");
        assertThat(h.raw("GETEX", "ge", "EXAT", "1")).isEqualTo("$5\r\nhello\r\n");
        assertThat(h.raw("GETEX", "missing", "EX", "10")).isEqualTo("$-1\r\n");
        assertThat(h.raw("GETEX", "missing", "EX", "notanumber")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "gd", "v")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GETDEL", "gd")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("GETDEL", "gd")).isEqualTo("$-1\r\n");
    }

    /** Checked against Redis 7.0.15: MGET / MSET / MSETNX. */
    @Test
    void mgetMsetMsetnx() {
        wrongType("list");
        assertThat(h.raw("MSET", "a", "1", "b", "2", "c", "3")).isEqualTo("+OK\r\n");
        assertThat(h.raw("MGET", "a", "b", "c", "missing")).isEqualTo("*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$-1\r\n");
        assertThat(h.raw("MSET", "a", "1", "b")).isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
        assertThat(h.raw("MSETNX", "a", "1", "x", "2")).isEqualTo(":0\r\n");
        assertThat(h.raw("MSETNX", "x", "1", "y", "2")).isEqualTo(":1\r\n");
        assertThat(h.raw("MGET", "x", "y")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        wrongType("list");
        assertThat(h.raw("MGET", "a", "list")).isEqualTo("*2\r\n$1\r\n1\r\n$-1\r\n");
    }

    /** Checked against Redis 7.0.15: APPEND / STRLEN. */
    @Test
    void appendStrlen() {
        wrongType("list");
        assertThat(h.raw("APPEND", "ap", "hello")).isEqualTo(":5\r\n");
        assertThat(h.raw("APPEND", "ap", " world")).isEqualTo(":11\r\n");
        assertThat(h.raw("GET", "ap")).isEqualTo("$11\r\nhello world\r\n");
        assertThat(h.raw("STRLEN", "ap")).isEqualTo(":11\r\n");
        assertThat(h.raw("STRLEN", "missing")).isEqualTo(":0\r\n");
        assertThat(h.raw("APPEND", "ap", "")).isEqualTo(":11\r\n");
        assertThat(h.raw("SET", "num", "12345")).isEqualTo("+OK\r\n");
        assertThat(h.raw("STRLEN", "num")).isEqualTo(":5\r\n");
        assertThat(h.raw("APPEND", "num", "6")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "num")).isEqualTo("$6\r\n123456\r\n");
        assertThat(h.raw("APPEND", "list", "x")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("STRLEN", "list")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("APPEND", "empty", "")).isEqualTo(":0\r\n");
    }

    /** Checked against Redis 7.0.15: INCR family. */
    @Test
    void incrFamily() {
        wrongType("list");
        assertThat(h.raw("INCR", "counter")).isEqualTo(":1\r\n");
        assertThat(h.raw("INCRBY", "counter", "10")).isEqualTo(":11\r\n");
        assertThat(h.raw("DECR", "counter")).isEqualTo(":10\r\n");
        assertThat(h.raw("DECRBY", "counter", "5")).isEqualTo(":5\r\n");
        assertThat(h.raw("INCRBY", "counter", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("INCRBY", "counter", "1.5")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("DECRBY", "counter", "-9223372036854775808")).isEqualTo("-ERR decrement would overflow\r\n");
        assertThat(h.raw("SET", "big", "9223372036854775807")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCR", "big")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        assertThat(h.raw("SET", "small", "-9223372036854775808")).isEqualTo("+OK\r\n");
        assertThat(h.raw("DECR", "small")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        assertThat(h.raw("DECRBY", "small", "1")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        assertThat(h.raw("SET", "spaced", " 1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCR", "spaced")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "plus", "+1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCR", "plus")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "float", "1.5")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCR", "float")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "longnum", "000000000000000000001")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCR", "longnum")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "lead", "01")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCR", "lead")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("INCR", "list")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("INCRBY", "counter", "9223372036854775808")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("INCRBY", "counter", "-9223372036854775808")).isEqualTo(":-9223372036854775803\r\n");
        assertThat(h.raw("SET", "zero", "0")).isEqualTo("+OK\r\n");
        assertThat(h.raw("DECR", "zero")).isEqualTo(":-1\r\n");
    }

    /** Checked against Redis 7.0.15: INCRBYFLOAT. */
    @Test
    void incrbyfloat() {
        wrongType("list");
        assertThat(h.raw("SET", "f", "10.5")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "0.1")).isEqualTo("$4\r\n10.6\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "-0.1")).isEqualTo("$4\r\n10.5\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "5.0e3")).isEqualTo("$6\r\n5010.5\r\n");
        assertThat(h.raw("INCRBYFLOAT", "nf", "1e300")).isEqualTo("$301\r\n1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144\r\n");
        assertThat(h.raw("INCRBYFLOAT", "nf2", "3.0000000000000000001")).isEqualTo("$1\r\n3\r\n");
        assertThat(h.raw("INCRBYFLOAT", "nf3", "0x10")).isEqualTo("$2\r\n16\r\n");
        assertThat(h.raw("INCRBYFLOAT", "nf4", "-0.1")).isEqualTo("$4\r\n-0.1\r\n");
        assertThat(h.raw("INCRBYFLOAT", "nf4", "0.1")).isEqualTo("$1\r\n0\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "abc")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", " 1")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "1 ")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "inf")).isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "-inf")).isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "nan")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("INCRBYFLOAT", "f", "1e5000")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("SET", "fbad", "1.5 ")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCRBYFLOAT", "fbad", "1")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("SET", "finf", "inf")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCRBYFLOAT", "finf", "1")).isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
        assertThat(h.raw("INCRBYFLOAT", "list", "1")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("SET", "fint", "9223372036854775807")).isEqualTo("+OK\r\n");
        assertThat(h.raw("INCRBYFLOAT", "fint", "1")).isEqualTo("$19\r\n9223372036854775808\r\n");
        assertThat(h.raw("INCRBYFLOAT", "ties", "0.000003814697265625")).isEqualTo("$19\r\n0.00000381469726562\r\n");
        assertThat(h.raw("INCRBYFLOAT", "tiny", "1e-18")).isEqualTo("$1\r\n0\r\n");
    }

    /** Checked against Redis 7.0.15: GETRANGE / SUBSTR / SETRANGE. */
    @Test
    void getrangeSubstrSetrange() {
        wrongType("list");
        assertThat(h.raw("SET", "r", "Hello World")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GETRANGE", "r", "0", "4")).isEqualTo("$5\r\nHello\r\n");
        assertThat(h.raw("GETRANGE", "r", "-5", "-1")).isEqualTo("$5\r\nWorld\r\n");
        assertThat(h.raw("GETRANGE", "r", "-1", "-5")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("GETRANGE", "r", "5", "2")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("GETRANGE", "r", "0", "-100")).isEqualTo("$1\r\nH\r\n");
        assertThat(h.raw("GETRANGE", "r", "-100", "100")).isEqualTo("$11\r\nHello World\r\n");
        assertThat(h.raw("GETRANGE", "r", "100", "200")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("GETRANGE", "missing", "0", "10")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("GETRANGE", "r", "a", "1")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SUBSTR", "r", "0", "4")).isEqualTo("$5\r\nHello\r\n");
        assertThat(h.raw("SET", "rn", "123456")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GETRANGE", "rn", "1", "3")).isEqualTo("$3\r\n234\r\n");
        assertThat(h.raw("SETRANGE", "r", "6", "Redis")).isEqualTo(":11\r\n");
        assertThat(h.raw("GET", "r")).isEqualTo("$11\r\nHello Redis\r\n");
        assertThat(h.raw("SETRANGE", "r", "20", "!")).isEqualTo(":21\r\n");
        assertThat(h.raw("GET", "r")).isEqualTo("$21\r\nHello Redis\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000!\r\n");
        assertThat(h.raw("SETRANGE", "r", "-1", "x")).isEqualTo("-ERR offset is out of range\r\n");
        assertThat(h.raw("SETRANGE", "r", "abc", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SETRANGE", "sr", "0", "")).isEqualTo(":0\r\n");
        assertThat(h.raw("SETRANGE", "sr", "3", "abc")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "sr")).isEqualTo("$6\r\n\u0000\u0000\u0000abc\r\n");
        assertThat(h.raw("SETRANGE", "r", "0", "")).isEqualTo(":21\r\n");
        assertThat(h.raw("SETRANGE", "r", "536870911", "x")).isEqualTo(":536870912\r\n");
        assertThat(h.raw("SETRANGE", "r", "536870912", "x")).isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertThat(h.raw("SETRANGE", "ovf", "9223372036854775807", "x")).isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertThat(h.raw("SET", "ovf", "a")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SETRANGE", "ovf", "9223372036854775807", "x")).isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertThat(h.raw("SETRANGE", "ovf", "9223372036854775807", "")).isEqualTo(":1\r\n");
        assertThat(h.raw("GETRANGE", "ovf", "-9223372036854775808", "9223372036854775807")).isEqualTo("$1\r\na\r\n");
        assertThat(h.raw("SETRANGE", "list", "0", "x")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("SETRANGE", "list", "0", "")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("SET", "srn", "12345")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SETRANGE", "srn", "1", "x")).isEqualTo(":5\r\n");
        assertThat(h.raw("GET", "srn")).isEqualTo("$5\r\n1x345\r\n");
    }

    /** Checked against Redis 7.0.15: LCS. */
    @Test
    void lcs() {
        wrongType("list");
        assertThat(h.raw("MSET", "la", "ohmytext", "lb", "mynewtext")).isEqualTo("+OK\r\n");
        assertThat(h.raw("LCS", "la", "lb")).isEqualTo("$6\r\nmytext\r\n");
        assertThat(h.raw("LCS", "la", "lb", "LEN")).isEqualTo(":6\r\n");
        assertThat(h.raw("LCS", "la", "lb", "IDX")).isEqualTo("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(h.raw("LCS", "la", "lb", "IDX", "MINMATCHLEN", "4")).isEqualTo("*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(h.raw("LCS", "la", "lb", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).isEqualTo("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(h.raw("LCS", "la", "lb", "IDX", "WITHMATCHLEN")).isEqualTo("*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(h.raw("LCS", "la", "lb", "LEN", "IDX")).isEqualTo("-ERR If you want both the length and indexes, please just use IDX.\r\n");
        assertThat(h.raw("LCS", "la", "lb", "MINMATCHLEN")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("LCS", "la", "lb", "MINMATCHLEN", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("LCS", "la", "lb", "FOO")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("LCS", "la", "missing")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("LCS", "missing", "missing2", "IDX")).isEqualTo("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
        assertThat(h.raw("LCS", "la", "list")).isEqualTo("-ERR The specified keys must contain string values\r\n");
        assertThat(h.raw("LCS", "la", "lb", "IDX", "MINMATCHLEN", "-5")).isEqualTo("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(h.raw("GETEX", "missing")).isEqualTo("$-1\r\n");
        h.raw("SET", "a", "1");
        assertThat(h.raw("MGET", "a", "missing")).isEqualTo("*2\r\n$1\r\n1\r\n$-1\r\n");
    }

    /** Checked against Redis 7.0.15: arity. */
    @Test
    void arity() {
        wrongType("list");
        assertThat(h.raw("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(h.raw("SETNX", "k")).isEqualTo("-ERR wrong number of arguments for 'setnx' command\r\n");
        assertThat(h.raw("MGET")).isEqualTo("-ERR wrong number of arguments for 'mget' command\r\n");
        assertThat(h.raw("MSET")).isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
        assertThat(h.raw("MSETNX", "a")).isEqualTo("-ERR wrong number of arguments for 'msetnx' command\r\n");
        assertThat(h.raw("GETEX")).isEqualTo("-ERR wrong number of arguments for 'getex' command\r\n");
        assertThat(h.raw("INCRBYFLOAT", "k")).isEqualTo("-ERR wrong number of arguments for 'incrbyfloat' command\r\n");
        assertThat(h.raw("LCS", "k")).isEqualTo("-ERR wrong number of arguments for 'lcs' command\r\n");
    }
}

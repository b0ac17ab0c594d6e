package io.basalt.command.family;

import io.basalt.testing.Harness;
import io.basalt.testing.Resp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies checked against Redis 7.0.15; expiry runs on the harness's manual clock. */
class KeyCommandsTest {
    private final Harness h = new Harness();
    private static final long T0 = 1_700_000_000_000L;

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    @Test
    void delUnlinkExists() {
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "2");
        h.raw("SET", "c", "3");
        assertThat(h.raw("EXISTS", "a", "a", "b", "x")).isEqualTo(":3\r\n");
        assertThat(h.raw("DEL", "a", "a", "x")).isEqualTo(":1\r\n");
        assertThat(h.raw("UNLINK", "b", "c", "x")).isEqualTo(":2\r\n");
        assertThat(h.raw("EXISTS", "a", "b", "c")).isEqualTo(":0\r\n");
        assertThat(h.raw("DEL")).isEqualTo("-ERR wrong number of arguments for 'del' command\r\n");
        assertThat(h.raw("EXISTS")).isEqualTo("-ERR wrong number of arguments for 'exists' command\r\n");
    }

    @Test
    void delCountsDirtyAndSkipsExpiredKeys() {
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "1", "PX", "10");
        long dirty = h.engine.stats().dirty;
        h.clock.advanceMillis(10);
        assertThat(h.raw("DEL", "a", "b")).isEqualTo(":1\r\n");
        assertThat(h.engine.stats().dirty).isEqualTo(dirty + 1);
        assertThat(h.engine.keyspace().stats().expiredKeys).isEqualTo(1);
    }

    @Test
    void type() {
        assertThat(h.raw("TYPE", "missing")).isEqualTo("+none\r\n");
        h.raw("SET", "s", "abc");
        assertThat(h.raw("TYPE", "s")).isEqualTo("+string\r\n");
    }

    @Test
    void expireOptionErrors() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("EXPIRE", "k", "10", "NX", "XX"))
                .isEqualTo("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        assertThat(h.raw("EXPIRE", "k", "10", "nx", "gt"))
                .isEqualTo("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        assertThat(h.raw("EXPIRE", "k", "10", "GT", "LT"))
                .isEqualTo("-ERR GT and LT options at the same time are not compatible\r\n");
        assertThat(h.raw("EXPIRE", "k", "10", "foo")).isEqualTo("-ERR Unsupported option foo\r\n");
        // Options are checked before the time.
        assertThat(h.raw("EXPIRE", "k", "abc", "foo")).isEqualTo("-ERR Unsupported option foo\r\n");
        assertThat(h.raw("EXPIRE", "k", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("EXPIRE", "k")).isEqualTo("-ERR wrong number of arguments for 'expire' command\r\n");
        assertThat(h.raw("EXPIRE", "k", "10", "xx", "gt")).isEqualTo(":0\r\n");
    }

    @Test
    void expireOverflow() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("EXPIRE", "k", "9223372036854775807")).isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(h.raw("EXPIRE", "k", "9223372036854776")).isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(h.raw("EXPIRE", "k", "9223372036854775")).isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(h.raw("EXPIRE", "k", "-9223372036854776")).isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(h.raw("PEXPIRE", "k", "9223372036854775807")).isEqualTo("-ERR invalid expire time in 'pexpire' command\r\n");
        assertThat(h.raw("EXPIREAT", "k", "9223372036854776")).isEqualTo("-ERR invalid expire time in 'expireat' command\r\n");
        assertThat(h.raw("EXPIREAT", "k", "9223372036854775")).isEqualTo(":1\r\n");
        assertThat(h.raw("PEXPIRETIME", "k")).isEqualTo(":9223372036854775000\r\n");
        assertThat(h.raw("PEXPIREAT", "k", "9223372036854775807")).isEqualTo(":1\r\n");
        assertThat(h.raw("PEXPIRETIME", "k")).isEqualTo(":9223372036854775807\r\n");
    }

    @Test
    void expireThenClockAdvances() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("EXPIRE", "k", "10")).isEqualTo(":1\r\n");
        assertThat(h.raw("TTL", "k")).isEqualTo(":10\r\n");
        assertThat(h.raw("PTTL", "k")).isEqualTo(":10000\r\n");
        assertThat(h.raw("EXPIRETIME", "k")).isEqualTo(":" + (T0 / 1000 + 10) + "\r\n");
        assertThat(h.raw("PEXPIRETIME", "k")).isEqualTo(":" + (T0 + 10_000) + "\r\n");
        h.clock.advanceMillis(4_501);
        assertThat(h.raw("TTL", "k")).isEqualTo(":5\r\n");
        assertThat(h.raw("PTTL", "k")).isEqualTo(":5499\r\n");
        h.clock.advanceMillis(5_000);
        assertThat(h.raw("TTL", "k")).isEqualTo(":0\r\n");
        assertThat(h.raw("PTTL", "k")).isEqualTo(":499\r\n");
        h.clock.advanceMillis(499);
        assertThat(h.raw("TTL", "k")).isEqualTo(":-2\r\n");
        assertThat(h.raw("EXISTS", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void pexpireAndAbsoluteForms() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("PEXPIRE", "k", "1500")).isEqualTo(":1\r\n");
        assertThat(h.raw("PTTL", "k")).isEqualTo(":1500\r\n");
        assertThat(h.raw("TTL", "k")).isEqualTo(":2\r\n");
        assertThat(h.raw("EXPIREAT", "k", String.valueOf(T0 / 1000 + 100))).isEqualTo(":1\r\n");
        assertThat(h.raw("TTL", "k")).isEqualTo(":100\r\n");
        assertThat(h.raw("PEXPIREAT", "k", String.valueOf(T0 + 2_000))).isEqualTo(":1\r\n");
        assertThat(h.raw("PTTL", "k")).isEqualTo(":2000\r\n");
        h.clock.advanceMillis(2_000);
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
    }

    @Test
    void pastOrZeroExpiryDeletes() {
        h.raw("SET", "k", "v");
        long dirty = h.engine.stats().dirty;
        assertThat(h.raw("EXPIRE", "k", "0")).isEqualTo(":1\r\n");
        assertThat(h.engine.stats().dirty).isEqualTo(dirty + 1);
        assertThat(h.raw("EXISTS", "k")).isEqualTo(":0\r\n");
        h.raw("SET", "k", "v");
        assertThat(h.raw("EXPIRE", "k", "-1")).isEqualTo(":1\r\n");
        assertThat(h.raw("DBSIZE")).isEqualTo(":0\r\n");
        h.raw("SET", "k", "v");
        assertThat(h.raw("PEXPIREAT", "k", String.valueOf(T0))).isEqualTo(":1\r\n");
        assertThat(h.raw("DBSIZE")).isEqualTo(":0\r\n");
        h.raw("SET", "k", "v");
        assertThat(h.raw("PEXPIREAT", "k", "-9223372036854775808")).isEqualTo(":1\r\n");
        assertThat(h.raw("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXPIRE", "missing", "10")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXPIRE", "missing", "-10")).isEqualTo(":0\r\n");
    }

    @Test
    void expireConditions() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("EXPIRE", "k", "100", "XX")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXPIRE", "k", "100", "GT")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXPIRE", "k", "100", "LT")).isEqualTo(":1\r\n");
        assertThat(h.raw("EXPIRE", "k", "50", "NX")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXPIRE", "k", "100", "GT")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXPIRE", "k", "101", "GT")).isEqualTo(":1\r\n");
        assertThat(h.raw("EXPIRE", "k", "101", "LT")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXPIRE", "k", "100", "LT", "XX")).isEqualTo(":1\r\n");
        assertThat(h.raw("TTL", "k")).isEqualTo(":100\r\n");
        assertThat(h.raw("PERSIST", "k")).isEqualTo(":1\r\n");
        assertThat(h.raw("EXPIRE", "k", "100", "NX")).isEqualTo(":1\r\n");
        // LT with a past time still deletes.
        assertThat(h.raw("EXPIRE", "k", "-5", "LT")).isEqualTo(":1\r\n");
        assertThat(h.raw("EXISTS", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void ttlAndPersist() {
        assertThat(h.raw("TTL", "missing")).isEqualTo(":-2\r\n");
        assertThat(h.raw("PTTL", "missing")).isEqualTo(":-2\r\n");
        assertThat(h.raw("EXPIRETIME", "missing")).isEqualTo(":-2\r\n");
        assertThat(h.raw("PEXPIRETIME", "missing")).isEqualTo(":-2\r\n");
        h.raw("SET", "k", "v");
        assertThat(h.raw("TTL", "k")).isEqualTo(":-1\r\n");
        assertThat(h.raw("PTTL", "k")).isEqualTo(":-1\r\n");
        assertThat(h.raw("EXPIRETIME", "k")).isEqualTo(":-1\r\n");
        assertThat(h.raw("PEXPIRETIME", "k")).isEqualTo(":-1\r\n");
        assertThat(h.raw("PERSIST", "k")).isEqualTo(":0\r\n");
        assertThat(h.raw("PERSIST", "missing")).isEqualTo(":0\r\n");
        h.raw("PEXPIRE", "k", "100");
        assertThat(h.raw("PERSIST", "k")).isEqualTo(":1\r\n");
        assertThat(h.raw("PTTL", "k")).isEqualTo(":-1\r\n");
        h.clock.advanceMillis(1000);
        assertThat(h.raw("EXISTS", "k")).isEqualTo(":1\r\n");
    }

    @Test
    void keys() {
        for (String k : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "other")) h.raw("SET", k, "1");
        assertThat(sorted(h.call("KEYS", "h?llo"))).containsExactly("hallo", "hello", "hxllo");
        assertThat(sorted(h.call("KEYS", "h*llo"))).containsExactly("hallo", "heeeello", "hello", "hllo", "hxllo");
        assertThat(sorted(h.call("KEYS", "h[ae]llo"))).containsExactly("hallo", "hello");
        assertThat(sorted(h.call("KEYS", "h[^e]llo"))).containsExactly("hallo", "hxllo");
        assertThat(sorted(h.call("KEYS", "*"))).hasSize(6);
        assertThat(h.raw("KEYS", "nothing*")).isEqualTo("*0\r\n");
        assertThat(h.raw("KEYS", "oth*")).isEqualTo("*1\r\n" + bulk("other"));
    }

    @Test
    void keysStarIncludesTheEmptyKeyButOtherPatternsDoNot() {
        h.raw("SET", "", "1");
        assertThat(h.raw("KEYS", "*")).isEqualTo("*1\r\n$0\r\n\r\n");
        assertThat(h.raw("KEYS", "**")).isEqualTo("*0\r\n");
        assertThat(h.raw("SCAN", "0", "MATCH", "*")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n");
        assertThat(h.raw("SCAN", "0", "MATCH", "**")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void keysSkipsExpiredKeysWithoutDeletingThem() {
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "1", "PX", "10");
        h.clock.advanceMillis(10);
        assertThat(h.raw("KEYS", "*")).isEqualTo("*1\r\n" + bulk("a"));
        assertThat(h.raw("DBSIZE")).isEqualTo(":2\r\n");
    }

    @SuppressWarnings("unchecked")
    private static List<String> sorted(Object reply) {
        return ((List<String>) reply).stream().sorted().toList();
    }

    @Test
    void scanOptions() {
        assertThat(h.raw("SCAN", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        h.raw("SET", "a", "1");
        assertThat(h.raw("SCAN", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n" + bulk("a"));
        assertThat(h.raw("SCAN", "0", "TYPE", "STRING")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n" + bulk("a"));
        assertThat(h.raw("SCAN", "0", "TYPE", "hash")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        assertThat(h.raw("SCAN", "0", "MATCH", "b*", "COUNT", "100")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        assertThat(h.raw("SCAN", "0", "COUNT", "0")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SCAN", "0", "COUNT", "-1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SCAN", "0", "COUNT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SCAN", "0", "MATCH")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SCAN", "0", "foo", "bar")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SCAN", "0", "COUNT", "9223372036854775807")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n" + bulk("a"));
    }

    @Test
    void scanCursorParsing() {
        h.raw("SET", "a", "1");
        String all = "*2\r\n$1\r\n0\r\n*1\r\n" + bulk("a");
        assertThat(h.raw("SCAN", "")).isEqualTo(all);
        assertThat(h.raw("SCAN", "+0")).isEqualTo(all);
        assertThat(h.raw("SCAN", "-0")).isEqualTo(all);
        assertThat(h.raw("SCAN", "0\u0000junk")).isEqualTo(all);
        assertThat(h.raw("SCAN", "x")).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(h.raw("SCAN", " 0")).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(h.raw("SCAN", "0 ")).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(h.raw("SCAN", "+")).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(h.raw("SCAN", "0x1")).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(h.raw("SCAN", "18446744073709551616")).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(ScanArguments.cursor(io.basalt.protocol.Args.of("18446744073709551615"), 0)).isEqualTo(-1L);
        assertThat(ScanArguments.cursor(io.basalt.protocol.Args.of("-1"), 0)).isEqualTo(-1L);
        assertThat(ScanArguments.cursor(io.basalt.protocol.Args.of("-18446744073709551615"), 0)).isEqualTo(1L);
        assertThat(ScanArguments.cursor(io.basalt.protocol.Args.of("0012"), 0)).isEqualTo(12L);
    }

    @Test
    void scanSkipsAndDeletesExpiredKeys() {
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "1", "PX", "10");
        h.clock.advanceMillis(10);
        assertThat(h.raw("SCAN", "0", "COUNT", "100")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n" + bulk("a"));
        assertThat(h.raw("DBSIZE")).isEqualTo(":1\r\n");
    }

    @Test
    void scanTypeNoneReturnsKeysThatExpireDuringTheCall() {
        // Redis's TYPE filter looks the key up first (expiring it, so its type is "none"),
        // then the expiry check finds nothing left to expire.
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "1", "PX", "10");
        h.clock.advanceMillis(10);
        assertThat(h.raw("SCAN", "0", "TYPE", "none")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n" + bulk("b"));
        assertThat(h.raw("DBSIZE")).isEqualTo(":1\r\n");
    }

    @Test
    void scanCountLimitsWork() {
        for (int i = 0; i < 100; i++) h.raw("SET", "key:" + i, "v");
        Object reply = h.call("SCAN", "0", "COUNT", "5");
        List<?> parts = (List<?>) reply;
        assertThat(parts.get(0)).isNotEqualTo("0");
        assertThat((List<?>) parts.get(1)).hasSizeBetween(5, 10);
    }

    @Test
    void randomkey() {
        assertThat(h.raw("RANDOMKEY")).isEqualTo("$-1\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("RANDOMKEY")).isEqualTo("_\r\n");
        h.raw("SET", "only", "v");
        assertThat(h.raw("RANDOMKEY")).isEqualTo(bulk("only"));
        h.raw("PEXPIRE", "only", "5");
        h.clock.advanceMillis(5);
        assertThat(h.raw("RANDOMKEY")).isEqualTo("_\r\n");
        assertThat(h.raw("RANDOMKEY", "x")).isEqualTo("-ERR wrong number of arguments for 'randomkey' command\r\n");
    }

    @Test
    void dbsize() {
        assertThat(h.raw("DBSIZE")).isEqualTo(":0\r\n");
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "1");
        assertThat(h.raw("DBSIZE")).isEqualTo(":2\r\n");
        h.raw("SELECT", "1");
        assertThat(h.raw("DBSIZE")).isEqualTo(":0\r\n");
    }

    @Test
    void rename() {
        assertThat(h.raw("RENAME", "missing", "x")).isEqualTo("-ERR no such key\r\n");
        assertThat(h.raw("RENAME", "missing", "missing")).isEqualTo("-ERR no such key\r\n");
        assertThat(h.raw("RENAMENX", "missing", "x")).isEqualTo("-ERR no such key\r\n");
        h.raw("SET", "a", "1");
        assertThat(h.raw("RENAME", "a", "a")).isEqualTo("+OK\r\n");
        assertThat(h.raw("RENAMENX", "a", "a")).isEqualTo(":0\r\n");
        h.raw("PEXPIRE", "a", "5000");
        assertThat(h.raw("RENAME", "a", "b")).isEqualTo("+OK\r\n");
        assertThat(h.raw("EXISTS", "a")).isEqualTo(":0\r\n");
        assertThat(h.raw("GET", "b")).isEqualTo(bulk("1"));
        assertThat(h.raw("PTTL", "b")).isEqualTo(":5000\r\n");
        h.raw("SET", "c", "3");
        assertThat(h.raw("RENAMENX", "b", "c")).isEqualTo(":0\r\n");
        assertThat(h.raw("RENAME", "b", "c")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GET", "c")).isEqualTo(bulk("1"));
        assertThat(h.raw("PTTL", "c")).isEqualTo(":5000\r\n");
        assertThat(h.raw("DBSIZE")).isEqualTo(":1\r\n");
        assertThat(h.raw("RENAMENX", "c", "d")).isEqualTo(":1\r\n");
        assertThat(h.raw("GET", "d")).isEqualTo(bulk("1"));
        h.clock.advanceMillis(5000);
        assertThat(h.raw("RENAME", "d", "e")).isEqualTo("-ERR no such key\r\n");
    }

    @Test
    void renameOverAnExpiredDestination() {
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "2", "PX", "10");
        h.clock.advanceMillis(10);
        assertThat(h.raw("RENAMENX", "a", "b")).isEqualTo(":1\r\n");
        assertThat(h.raw("GET", "b")).isEqualTo(bulk("1"));
    }

    @Test
    void move() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("MOVE", "k", "0")).isEqualTo("-ERR source and destination objects are the same\r\n");
        assertThat(h.raw("MOVE", "k", "16")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(h.raw("MOVE", "k", "-1")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(h.raw("MOVE", "k", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("MOVE", "k", "2147483648"))
                .isEqualTo("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        assertThat(h.raw("COPY", "k", "x", "DB", "-2147483649"))
                .isEqualTo("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        assertThat(h.raw("MOVE", "missing", "1")).isEqualTo(":0\r\n");
        h.raw("PEXPIRE", "k", "3000");
        assertThat(h.raw("MOVE", "k", "1")).isEqualTo(":1\r\n");
        assertThat(h.raw("EXISTS", "k")).isEqualTo(":0\r\n");
        h.raw("SET", "k", "other");
        assertThat(h.raw("MOVE", "k", "1")).isEqualTo(":0\r\n");
        h.raw("SELECT", "1");
        assertThat(h.raw("GET", "k")).isEqualTo(bulk("v"));
        assertThat(h.raw("PTTL", "k")).isEqualTo(":3000\r\n");
    }

    @Test
    void copy() {
        h.raw("SET", "k", "v");
        assertThat(h.raw("COPY", "k", "k")).isEqualTo("-ERR source and destination objects are the same\r\n");
        assertThat(h.raw("COPY", "k", "k", "DB", "0")).isEqualTo("-ERR source and destination objects are the same\r\n");
        assertThat(h.raw("COPY", "k", "x", "DB", "16")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(h.raw("COPY", "k", "x", "DB", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("COPY", "k", "x", "DB")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("COPY", "k", "x", "foo")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("COPY", "missing", "x")).isEqualTo(":0\r\n");
        h.raw("PEXPIRE", "k", "7000");
        assertThat(h.raw("COPY", "k", "k2")).isEqualTo(":1\r\n");
        assertThat(h.raw("GET", "k2")).isEqualTo(bulk("v"));
        assertThat(h.raw("PTTL", "k2")).isEqualTo(":7000\r\n");
        h.raw("SET", "k3", "old");
        assertThat(h.raw("COPY", "k", "k3")).isEqualTo(":0\r\n");
        assertThat(h.raw("COPY", "k", "k3", "REPLACE", "REPLACE")).isEqualTo(":1\r\n");
        assertThat(h.raw("GET", "k3")).isEqualTo(bulk("v"));
        assertThat(h.raw("COPY", "k", "k", "DB", "1")).isEqualTo(":1\r\n");
        h.raw("SELECT", "1");
        assertThat(h.raw("GET", "k")).isEqualTo(bulk("v"));
        assertThat(h.raw("PTTL", "k")).isEqualTo(":7000\r\n");
    }

    @Test
    void copyOfASharedIntegerIsNotShared() {
        h.raw("SET", "n", "100");
        h.raw("COPY", "n", "m");
        assertThat(h.raw("OBJECT", "REFCOUNT", "n")).isEqualTo(":2147483647\r\n");
        assertThat(h.raw("OBJECT", "REFCOUNT", "m")).isEqualTo(":1\r\n");
        assertThat(h.raw("OBJECT", "ENCODING", "m")).isEqualTo(bulk("int"));
        h.raw("SET", "raw", "x".repeat(50));
        h.raw("COPY", "raw", "raw2");
        assertThat(h.raw("OBJECT", "ENCODING", "raw2")).isEqualTo(bulk("raw"));
    }

    @Test
    void touch() {
        h.raw("SET", "a", "1");
        assertThat(h.raw("TOUCH", "a", "b", "a")).isEqualTo(":2\r\n");
        assertThat(h.raw("TOUCH")).isEqualTo("-ERR wrong number of arguments for 'touch' command\r\n");
    }

    @Test
    void objectEncodingAndRefcount() {
        assertThat(h.raw("OBJECT", "ENCODING", "missing")).isEqualTo("$-1\r\n");
        assertThat(h.raw("OBJECT", "REFCOUNT", "missing")).isEqualTo("$-1\r\n");
        h.raw("SET", "n", "12");
        h.raw("SET", "big", "123456789012");
        h.raw("SET", "s", "abc");
        h.raw("SET", "r", "y".repeat(45));
        assertThat(h.raw("OBJECT", "ENCODING", "n")).isEqualTo(bulk("int"));
        assertThat(h.raw("OBJECT", "ENCODING", "big")).isEqualTo(bulk("int"));
        assertThat(h.raw("OBJECT", "ENCODING", "s")).isEqualTo(bulk("embstr"));
        assertThat(h.raw("OBJECT", "ENCODING", "r")).isEqualTo(bulk("raw"));
        assertThat(h.raw("OBJECT", "REFCOUNT", "n")).isEqualTo(":2147483647\r\n");
        assertThat(h.raw("OBJECT", "REFCOUNT", "big")).isEqualTo(":1\r\n");
        assertThat(h.raw("OBJECT", "REFCOUNT", "s")).isEqualTo(":1\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("OBJECT", "ENCODING", "missing")).isEqualTo("_\r\n");
    }

    @Test
    void objectErrors() {
        assertThat(h.raw("OBJECT", "foo", "k")).isEqualTo("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n");
        assertThat(h.raw("OBJECT", "ENCODING"))
                .isEqualTo("-ERR wrong number of arguments for 'object|encoding' command\r\n");
        assertThat(h.raw("OBJECT")).isEqualTo("-ERR wrong number of arguments for 'object' command\r\n");
        assertThat(h.raw("OBJECT", "HELP", "x")).isEqualTo("-ERR wrong number of arguments for 'object|help' command\r\n");
    }

    @Test
    void objectIdletimeWithLru() {
        h.raw("SET", "k", "v");
        h.engine.keyspace().access().tick();
        assertThat(h.raw("OBJECT", "IDLETIME", "k")).isEqualTo(":0\r\n");
        h.clock.advanceMillis(42_000);
        assertThat(h.raw("OBJECT", "IDLETIME", "k")).isEqualTo(":42\r\n");
        assertThat(h.raw("OBJECT", "IDLETIME", "missing")).isEqualTo("$-1\r\n");
        assertThat(h.raw("OBJECT", "FREQ", "k")).isEqualTo("-ERR An LFU maxmemory policy is not selected, access "
                + "frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data "
                + "will take some time to adjust.\r\n");
        assertThat(h.raw("OBJECT", "FREQ", "missing")).isEqualTo("$-1\r\n");
        // OBJECT itself does not touch the key; TOUCH does.
        h.engine.keyspace().access().tick();
        assertThat(h.raw("OBJECT", "IDLETIME", "k")).isEqualTo(":42\r\n");
        h.raw("TOUCH", "k");
        assertThat(h.raw("OBJECT", "IDLETIME", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void objectFreqWithLfu() {
        Harness lfu = new Harness("maxmemory-policy", "allkeys-lfu");
        lfu.raw("SET", "k", "v");
        assertThat(lfu.raw("OBJECT", "FREQ", "k")).isEqualTo(":5\r\n");
        assertThat(lfu.raw("OBJECT", "IDLETIME", "k")).isEqualTo("-ERR An LFU maxmemory policy is selected, idle time "
                + "not tracked. Please note that when switching between policies at runtime LRU and LFU data will take "
                + "some time to adjust.\r\n");
        lfu.clock.advanceMillis(3 * 60_000);
        assertThat(lfu.raw("OBJECT", "FREQ", "k")).isEqualTo(":2\r\n");
    }

    @Test
    void objectHelp() {
        Object reply = h.call("OBJECT", "HELP");
        assertThat((List<?>) reply).hasSize(15);
        assertThat(h.raw("object", "help")).startsWith(
                "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n")
                .endsWith("+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the "
                        + "specified\r\n+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n");
    }

    @Test
    void flush() {
        // Without save points: with them FLUSHALL also saves the empty dataset, resetting the dirty count.
        h.raw("CONFIG", "SET", "save", "");
        h.raw("SET", "a", "1");
        h.raw("SELECT", "1");
        h.raw("SET", "b", "1");
        assertThat(h.raw("FLUSHDB", "foo")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("FLUSHDB", "ASYNC", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("FLUSHALL", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("FLUSHDB", "sync")).isEqualTo("+OK\r\n");
        assertThat(h.raw("DBSIZE")).isEqualTo(":0\r\n");
        h.raw("SELECT", "0");
        assertThat(h.raw("DBSIZE")).isEqualTo(":1\r\n");
        h.raw("SET", "c", "1");
        long dirty = h.engine.stats().dirty;
        assertThat(h.raw("FLUSHALL", "async")).isEqualTo("+OK\r\n");
        assertThat(h.engine.stats().dirty).isEqualTo(dirty + 2);
        assertThat(h.raw("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(h.raw("FLUSHALL")).isEqualTo("+OK\r\n");
    }

    @Test
    void swapdb() {
        assertThat(h.raw("SWAPDB", "0", "x")).isEqualTo("-ERR invalid second DB index\r\n");
        assertThat(h.raw("SWAPDB", "x", "0")).isEqualTo("-ERR invalid first DB index\r\n");
        assertThat(h.raw("SWAPDB", "0", "2147483648")).isEqualTo("-ERR invalid second DB index\r\n");
        assertThat(h.raw("SWAPDB", "0", "16")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(h.raw("SWAPDB", "-1", "0")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(h.raw("SWAPDB", "0", "0")).isEqualTo("+OK\r\n");
        h.raw("SET", "a", "1");
        assertThat(h.raw("SWAPDB", "0", "1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("EXISTS", "a")).isEqualTo(":0\r\n");
        h.raw("SELECT", "1");
        assertThat(h.raw("EXISTS", "a")).isEqualTo(":1\r\n");
    }

    @Test
    void existsAndTtlCountHitsAndMisses() {
        h.raw("SET", "a", "1");
        var stats = h.engine.keyspace().stats();
        long hits = stats.hits, misses = stats.misses;
        h.raw("EXISTS", "a", "b");
        h.raw("TTL", "a");
        assertThat(stats.hits).isEqualTo(hits + 2);
        assertThat(stats.misses).isEqualTo(misses + 1);
    }

    @Test
    void resp3Replies() {
        h.raw("HELLO", "3");
        h.raw("SET", "a", "1");
        assertThat(h.raw("SCAN", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n" + bulk("a"));
        assertThat(h.raw("TYPE", "a")).isEqualTo("+string\r\n");
        assertThat(h.raw("KEYS", "a")).isEqualTo("*1\r\n" + bulk("a"));
        assertThat(Resp.parse(h.raw("TTL", "a").getBytes())).isEqualTo(-1L);
    }
}

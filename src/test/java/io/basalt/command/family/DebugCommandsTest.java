package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DebugCommandsTest {
    private static Harness debugHarness() {
        return new Harness("enable-debug-command", "yes");
    }

    /** Vectors computed with Redis 7.0.15 on the same datasets. */
    @Test
    void digestMatchesRedis() {
        Harness h = debugHarness();
        assertThat(h.raw("DEBUG", "DIGEST")).isEqualTo("+0000000000000000000000000000000000000000\r\n");
        h.raw("SET", "s", "hello");
        assertThat(h.raw("DEBUG", "DIGEST")).isEqualTo("+a500c6b54937da22f2ac1167da1da852479c7339\r\n");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE", "s")).isEqualTo("*1\r\n+36b23a1456b2dce2c3ed252c456761301dba8060\r\n");
        h.raw("SET", "i", "12345");
        assertThat(h.raw("DEBUG", "DIGEST")).isEqualTo("+17376d43c57affe9059e9d13a3a2a4ea25534e26\r\n");
        assertThat(h.raw("debug", "digest-value", "i", "s", "nokey")).isEqualTo("*3\r\n"
                + "+e1cf90774e995ae03de66e8109dc5cb9d9c2dc83\r\n+36b23a1456b2dce2c3ed252c456761301dba8060\r\n"
                + "+0000000000000000000000000000000000000000\r\n");
        h.raw("SET", "e", "v", "PXAT", "99999999999999");
        assertThat(h.raw("DEBUG", "DIGEST")).isEqualTo("+21f08a60cb46f0031925adfbd9266eeaa69ccb27\r\n");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE", "e")).isEqualTo("*1\r\n+311b17018163335616e089f6b951c82c477335ac\r\n");
        h.raw("SELECT", "1");
        h.raw("SET", "s", "hello");
        assertThat(h.raw("DEBUG", "DIGEST")).isEqualTo("+f4be15b8d6299ef6d2a383b04c89d350df61fc61\r\n");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE")).isEqualTo("*0\r\n");
    }

    @Test
    void digestIncludesLogicallyExpiredKeys() {
        Harness h = debugHarness();
        h.raw("SET", "e", "v", "PX", "10");
        String before = h.raw("DEBUG", "DIGEST");
        h.clock.advanceMillis(1000);
        assertThat(h.raw("DEBUG", "DIGEST")).isEqualTo(before);
        assertThat(before).isNotEqualTo("+0000000000000000000000000000000000000000\r\n");
    }

    @Test
    void errorsAndHelp() {
        Harness h = debugHarness();
        assertThat(h.raw("DEBUG")).isEqualTo("-ERR wrong number of arguments for 'debug' command\r\n");
        assertThat(h.raw("DEBUG", "foo")).isEqualTo(
                "-ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP.\r\n");
        assertThat(h.raw("debug", "digest", "x")).isEqualTo(
                "-ERR unknown subcommand or wrong number of arguments for 'digest'. Try DEBUG HELP.\r\n");
        assertThat(h.raw("DEBUG", "set-active-expire")).isEqualTo(
                "-ERR unknown subcommand or wrong number of arguments for 'set-active-expire'. Try DEBUG HELP.\r\n");
        assertThat(h.raw("DEBUG", "OBJECT", "nokey")).isEqualTo("-ERR no such key\r\n");
        String help = h.raw("DEBUG", "HELP");
        assertThat(help).startsWith("*106\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+AOF-FLUSH-SLEEP <microsec>\r\n");
        assertThat(help).endsWith("+HELP\r\n+    Prints this help.\r\n");
        Harness locked = new Harness();
        assertThat(locked.raw("DEBUG", "DIGEST")).startsWith("-ERR DEBUG command not allowed.");
    }

    @Test
    void objectSleepAndActiveExpire() {
        Harness h = debugHarness();
        h.raw("SET", "s", "hello");
        h.raw("SET", "i", "12345");
        h.raw("SET", "small", "5");
        assertThat(h.raw("DEBUG", "OBJECT", "s")).matches(
                "\\+Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:6 lru:\\d+ lru_seconds_idle:0\r\n");
        assertThat(h.raw("DEBUG", "OBJECT", "i")).matches(
                "\\+Value at:0x[0-9a-f]+ refcount:1 encoding:int serializedlength:3 lru:\\d+ lru_seconds_idle:0\r\n");
        assertThat(h.raw("DEBUG", "OBJECT", "small")).matches(
                "\\+Value at:0x[0-9a-f]+ refcount:2147483647 encoding:int serializedlength:2 .*\r\n");
        assertThat(h.raw("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
        assertThat(h.raw("DEBUG", "SLEEP", "abc")).isEqualTo("+OK\r\n");
        assertThat(h.raw("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
        assertThat(h.engine.keyspace().activeExpireEnabled()).isFalse();
        h.raw("SET", "gone", "v", "PX", "1");
        h.clock.advanceMillis(10);
        h.engine.keyspace().activeExpireCycle(false, 10, 1);
        assertThat(h.engine.keyspace().db(0).size()).isEqualTo(4);
        assertThat(h.raw("DEBUG", "SET-ACTIVE-EXPIRE", "1")).isEqualTo("+OK\r\n");
        h.engine.keyspace().activeExpireCycle(false, 10, 1);
        assertThat(h.engine.keyspace().db(0).size()).isEqualTo(3);
    }

    /** DEBUG OBJECT after the same commands on redis-server 7.0.15 (address and LRU fields cut). */
    @Test
    void debugObjectMatchesRedisForEveryType() {
        Harness h = new Harness("enable-debug-command", "yes");
        h.call("SET", "s1", "12345");
        h.call("SET", "s2", "hello");
        h.call("SET", "s3", "a".repeat(100));
        h.call("RPUSH", "l", "a", "b", "c", "1", "2", "3");
        h.call("SADD", "si", "1", "2", "3");
        h.call("SADD", "ss", "a", "b");
        h.call("ZADD", "z", "1", "a", "2.5", "b");
        h.call("HSET", "h", "f", "v", "f2", "2");
        Map<String, String> redis = Map.of(
                "s1", "refcount:1 encoding:int serializedlength:3",
                "s2", "refcount:1 encoding:embstr serializedlength:6",
                "s3", "refcount:1 encoding:raw serializedlength:13",
                "l", "refcount:1 encoding:quicklist serializedlength:25 ql_nodes:1 ql_avg_node:6.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:22",
                "si", "refcount:1 encoding:intset serializedlength:15",
                "ss", "refcount:1 encoding:hashtable serializedlength:5",
                "z", "refcount:1 encoding:listpack serializedlength:21",
                "h", "refcount:1 encoding:listpack serializedlength:20");
        for (var e : redis.entrySet()) {
            String reply = h.raw("DEBUG", "OBJECT", e.getKey()).trim();
            String cut = reply.replaceFirst("^\\+Value at:\\S+ ", "").replaceFirst(" lru:\\d+ lru_seconds_idle:\\d+", "");
            assertThat(cut).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void serializedLengths() {
        assertThat(DebugCommands.strtod("1.5xyz")).isEqualTo(1.5);
        assertThat(DebugCommands.atoi("12abc")).isEqualTo(12);
    }
}

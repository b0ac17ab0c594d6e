package io.basalt.command.family;

import io.basalt.keyspace.Database;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ZSetCommandsTest {
    private final Harness h = new Harness();

    private String raw(String... args) {
        return h.raw(args);
    }

    private String encoding(String key) {
        Database db = h.engine.keyspace().db(0);
        return ((ZSetValue) db.valueAt(db.slotOf(key.getBytes(StandardCharsets.UTF_8)))).encoding();
    }

    @Test
    void zaddRepliesAndFlags() {
        assertThat(raw("ZADD", "z", "1", "a", "2", "b")).isEqualTo(":2\r\n");
        assertThat(raw("ZADD", "z", "CH", "5", "a", "2", "b", "3", "c")).isEqualTo(":2\r\n");
        assertThat(raw("ZADD", "z", "XX", "9", "x")).isEqualTo(":0\r\n");
        assertThat(raw("ZADD", "z", "GT", "CH", "1", "a")).isEqualTo(":0\r\n");
        assertThat(raw("ZADD", "z", "NX", "XX", "1", "a"))
                .isEqualTo("-ERR XX and NX options at the same time are not compatible\r\n");
        assertThat(raw("ZADD", "z", "GT", "LT", "1", "a"))
                .isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        assertThat(raw("ZADD", "z", "INCR", "1", "a", "1", "b"))
                .isEqualTo("-ERR INCR option supports a single increment-element pair\r\n");
        assertThat(raw("ZADD", "z", "1", "a", "x", "b")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(raw("ZADD", "z", "1", "a", "2")).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw("ZRANGE", "z", "0", "-1", "WITHSCORES"))
                .isEqualTo("*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$1\r\n5\r\n");
        assertThat(raw("ZADD", "missing", "XX", "1", "a")).isEqualTo(":0\r\n");
        assertThat(raw("EXISTS", "missing")).isEqualTo(":0\r\n");
    }

    @Test
    void incrementsAndNaN() {
        assertThat(raw("ZINCRBY", "z", "0.1", "a")).isEqualTo("$19\r\n0.10000000000000001\r\n");
        assertThat(raw("ZADD", "z", "INCR", "NX", "1", "a")).isEqualTo("$-1\r\n");
        assertThat(raw("ZINCRBY", "z", "inf", "a")).isEqualTo("$3\r\ninf\r\n");
        assertThat(raw("ZINCRBY", "z", "-inf", "a")).isEqualTo("-ERR resulting score is not a number (NaN)\r\n");
        assertThat(raw("ZSCORE", "z", "a")).isEqualTo("$3\r\ninf\r\n");
        assertThat(raw("ZADD", "z", "nan", "a")).isEqualTo("-ERR value is not a valid float\r\n");
    }

    @Test
    void negativeZeroIsZeroInAListpackOnly() {
        assertThat(raw("ZADD", "small", "-0", "a")).isEqualTo(":1\r\n");
        assertThat(raw("ZSCORE", "small", "a")).isEqualTo("$1\r\n0\r\n");
        assertThat(raw("CONFIG", "SET", "zset-max-listpack-entries", "0")).isEqualTo("+OK\r\n");
        assertThat(raw("ZADD", "large", "-0", "a")).isEqualTo(":1\r\n");
        assertThat(raw("ZSCORE", "large", "a")).isEqualTo("$2\r\n-0\r\n");
        assertThat(encoding("large")).isEqualTo("skiplist");
    }

    @Test
    void rangesByRankScoreAndLex() {
        raw("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(raw("ZRANGE", "z", "-2", "-1")).isEqualTo("*2\r\n$1\r\nc\r\n$1\r\nd\r\n");
        assertThat(raw("ZRANGE", "z", "0", "1", "REV")).isEqualTo("*2\r\n$1\r\nd\r\n$1\r\nc\r\n");
        assertThat(raw("ZRANGE", "z", "(1", "3", "BYSCORE")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(raw("ZRANGE", "z", "3", "(1", "BYSCORE", "REV", "LIMIT", "1", "1")).isEqualTo("*1\r\n$1\r\nb\r\n");
        assertThat(raw("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2")).isEqualTo("*0\r\n");
        assertThat(raw("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"))
                .isEqualTo("-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
        assertThat(raw("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"))
                .isEqualTo("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
        assertThat(raw("ZRANGEBYSCORE", "z", "x", "1")).isEqualTo("-ERR min or max is not a float\r\n");
        assertThat(raw("ZRANGEBYLEX", "z", "a", "+")).isEqualTo("-ERR min or max not valid string range item\r\n");
        assertThat(raw("ZRANGEBYLEX", "z", "[b", "(d")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(raw("ZREVRANGEBYLEX", "z", "+", "(b")).isEqualTo("*2\r\n$1\r\nd\r\n$1\r\nc\r\n");
        assertThat(raw("ZCOUNT", "z", "(1", "4")).isEqualTo(":3\r\n");
        assertThat(raw("ZLEXCOUNT", "z", "-", "+")).isEqualTo(":4\r\n");
        assertThat(raw("ZRANK", "z", "c")).isEqualTo(":2\r\n");
        assertThat(raw("ZREVRANK", "z", "c")).isEqualTo(":1\r\n");
        assertThat(raw("ZRANK", "z", "x")).isEqualTo("$-1\r\n");
    }

    @Test
    void resp3RepliesUseDoublesAndPairs() {
        raw("HELLO", "3");
        raw("ZADD", "z", "1", "a", "2.5", "b", "inf", "c");
        assertThat(raw("ZRANGE", "z", "0", "-1", "WITHSCORES"))
                .isEqualTo("*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,inf\r\n");
        assertThat(raw("ZSCORE", "z", "x")).isEqualTo("_\r\n");
        assertThat(raw("ZMSCORE", "z", "a", "x")).isEqualTo("*2\r\n,1\r\n_\r\n");
        assertThat(raw("ZPOPMIN", "z")).isEqualTo("*2\r\n$1\r\na\r\n,1\r\n");
        assertThat(raw("ZPOPMIN", "z", "1")).isEqualTo("*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n");
        assertThat(raw("ZMPOP", "1", "z", "MAX")).isEqualTo("*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nc\r\n,inf\r\n");
        assertThat(raw("ZMPOP", "1", "z", "MAX")).isEqualTo("_\r\n");
        raw("ZADD", "s", "1", "a", "2", "b");
        assertThat(raw("ZSCAN", "s", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assertThat(raw("ZRANDMEMBER", "s", "5", "WITHSCORES")).isEqualTo("*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n");
    }

    @Test
    void popsDeleteTheEmptiedKeyAndNotify() {
        List<String> events = h.recordEvents();
        raw("ZADD", "z", "1", "a", "2", "b");
        assertThat(raw("ZPOPMAX", "z", "5")).isEqualTo("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n");
        assertThat(raw("EXISTS", "z")).isEqualTo(":0\r\n");
        assertThat(raw("ZPOPMIN", "z", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(raw("ZMPOP", "0", "z", "MIN")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(raw("ZMPOP", "1", "z", "MIN", "COUNT", "0")).isEqualTo("-ERR count should be greater than 0\r\n");
        assertThat(events).containsExactly("new z", "zadd z", "zpopmax z", "del z");
    }

    @Test
    void writesNotifyWithRedisEventNames() {
        List<String> events = h.recordEvents();
        raw("ZADD", "z", "1", "a", "2", "b", "3", "c");
        raw("ZINCRBY", "z", "1", "a");
        raw("ZREM", "z", "a");
        raw("ZREMRANGEBYSCORE", "z", "2", "2");
        raw("ZRANGESTORE", "d", "z", "0", "-1");
        raw("ZUNIONSTORE", "u", "1", "z");
        raw("ZINTERSTORE", "i", "1", "z");
        raw("ZDIFFSTORE", "f", "1", "z");
        raw("ZDIFFSTORE", "f", "2", "z", "z");
        raw("ZREMRANGEBYRANK", "z", "0", "-1");
        assertThat(events).containsExactly("new z", "zadd z", "zincr z", "zrem z", "zremrangebyscore z",
                "new d", "zrangestore d", "new u", "zunionstore u", "new i", "zinterstore i", "new f", "zdiffstore f",
                "del f", "zremrangebyrank z", "del z");
    }

    @Test
    void storeCommandsChooseTheEncodingAsRedisDoes() {
        raw("CONFIG", "SET", "zset-max-listpack-entries", "2");
        raw("ZADD", "big", "1", "a", "2", "b", "3", "c");
        assertThat(encoding("big")).isEqualTo("skiplist");
        raw("ZRANGESTORE", "d", "big", "0", "1");
        assertThat(encoding("d")).isEqualTo("listpack");
        raw("ZUNIONSTORE", "u", "1", "big");
        assertThat(encoding("u")).isEqualTo("skiplist");
        raw("ZINTERSTORE", "i", "2", "big", "d");
        assertThat(encoding("i")).isEqualTo("listpack");
        raw("ZADD", "dup", "1", "x", "2", "x", "3", "x");
        assertThat(encoding("dup")).isEqualTo("listpack");
    }

    @Test
    void setAlgebra() {
        raw("ZADD", "a", "1", "x", "2", "y");
        raw("ZADD", "b", "3", "y", "4", "z");
        assertThat(raw("ZUNION", "2", "a", "b", "WITHSCORES"))
                .isEqualTo("*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\nz\r\n$1\r\n4\r\n$1\r\ny\r\n$1\r\n5\r\n");
        assertThat(raw("ZINTER", "2", "a", "b", "WEIGHTS", "2", "1", "AGGREGATE", "MAX", "WITHSCORES"))
                .isEqualTo("*2\r\n$1\r\ny\r\n$1\r\n4\r\n");
        assertThat(raw("ZDIFF", "2", "a", "b")).isEqualTo("*1\r\n$1\r\nx\r\n");
        assertThat(raw("ZINTERCARD", "2", "a", "b", "LIMIT", "-1")).isEqualTo("-ERR LIMIT can't be negative\r\n");
        assertThat(raw("ZUNION", "0", "a")).isEqualTo("-ERR at least 1 input key is needed for 'zunion' command\r\n");
        assertThat(raw("ZUNION", "2", "a", "b", "WEIGHTS", "1", "x")).isEqualTo("-ERR weight value is not a float\r\n");
        raw("SET", "s", "v");
        assertThat(raw("ZUNION", "2", "a", "s")).startsWith("-WRONGTYPE");
    }

    @Test
    void largeEncodingAnswersLikeTheCompactOne() {
        Harness small = new Harness();
        raw("CONFIG", "SET", "zset-max-listpack-entries", "0");
        String[][] script = {
            {"ZADD", "z", "3", "c", "1", "a", "2", "b", "2", "bb", "5", "e"},
            {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
            {"ZRANGE", "z", "(1", "5", "BYSCORE", "REV", "LIMIT", "1", "2"},
            {"ZRANK", "z", "bb"},
            {"ZCOUNT", "z", "2", "(5"},
            {"ZINCRBY", "z", "10", "a"},
            {"ZRANGE", "z", "0", "-1"},
            {"ZREMRANGEBYRANK", "z", "1", "2"},
            {"ZPOPMIN", "z", "2"},
            {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
            {"ZSCORE", "z", "a"},
            {"ZCARD", "z"},
        };
        for (String[] cmd : script) assertThat(raw(cmd)).as(String.join(" ", cmd)).isEqualTo(small.raw(cmd));
        assertThat(encoding("z")).isEqualTo("skiplist");
    }

    @Test
    void zscanOfTheLargeEncodingVisitsEveryMember() {
        raw("CONFIG", "SET", "zset-max-listpack-entries", "0");
        for (int i = 0; i < 300; i++) raw("ZADD", "z", Integer.toString(i), "m" + i);
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        do {
            Object reply = h.call("ZSCAN", "z", cursor, "COUNT", "7");
            List<?> parts = (List<?>) reply;
            cursor = str(parts.get(0));
            List<?> items = (List<?>) parts.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                String m = str(items.get(i));
                assertThat(str(items.get(i + 1))).isEqualTo(m.substring(1));
                seen.add(m);
            }
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(300);
    }

    private static String str(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o.toString();
    }

    @Test
    void wrongTypeAndMissingKeys() {
        raw("SET", "s", "v");
        for (String[] cmd : new String[][] {{"ZADD", "s", "1", "a"}, {"ZRANGE", "s", "0", "1"}, {"ZSCORE", "s", "a"},
                {"ZPOPMIN", "s"}, {"ZRANDMEMBER", "s"}, {"ZSCAN", "s", "0"}, {"ZREM", "s", "a"}}) {
            assertThat(raw(cmd)).as(cmd[0]).startsWith("-WRONGTYPE");
        }
        assertThat(raw("ZRANGE", "none", "0", "-1")).isEqualTo("*0\r\n");
        assertThat(raw("ZCARD", "none")).isEqualTo(":0\r\n");
        assertThat(raw("ZRANDMEMBER", "none")).isEqualTo("$-1\r\n");
        assertThat(raw("ZSCAN", "none", "0", "COUNT", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        assertThat(raw("ZRANGESTORE", "s", "none", "0", "-1")).isEqualTo(":0\r\n");
        assertThat(raw("EXISTS", "s")).isEqualTo(":0\r\n");
    }
}

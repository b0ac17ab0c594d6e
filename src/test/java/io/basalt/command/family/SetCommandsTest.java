package io.basalt.command.family;

import io.basalt.keyspace.Database;
import io.basalt.keyspace.type.Values;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SetCommandsTest {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private final Harness h = new Harness();
    /** Every keyspace event as "event:key", in order. */
    private final List<String> events = h.recordEvents(":", false);

    private String encoding(String key) {
        Database db = h.engine.keyspace().db(0);
        int slot = db.slotOf(key.getBytes(StandardCharsets.UTF_8));
        return slot < 0 ? null : Values.encoding(db.valueAt(slot));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String... args) {
        return (List<Object>) h.call(args);
    }

    @Test
    void saddCountsNewMembersAndNotifies() {
        assertThat(h.raw("SADD", "s", "3", "1", "2", "1")).isEqualTo(":3\r\n");
        assertThat(h.raw("SADD", "s", "1", "4")).isEqualTo(":1\r\n");
        assertThat(h.raw("SADD", "s", "1")).isEqualTo(":0\r\n");
        assertThat(events).containsExactly("new:s", "sadd:s", "sadd:s");
        assertThat(h.raw("SMEMBERS", "s")).isEqualTo("*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        assertThat(h.raw("SCARD", "s")).isEqualTo(":4\r\n");
        assertThat(encoding("s")).isEqualTo("intset");
    }

    @Test
    void membershipQueries() {
        h.raw("SADD", "s", "1", "a");
        assertThat(h.raw("SISMEMBER", "s", "a")).isEqualTo(":1\r\n");
        assertThat(h.raw("SISMEMBER", "s", "01")).isEqualTo(":0\r\n");
        assertThat(h.raw("SISMEMBER", "nokey", "a")).isEqualTo(":0\r\n");
        assertThat(h.raw("SMISMEMBER", "s", "1", "b", "a")).isEqualTo("*3\r\n:1\r\n:0\r\n:1\r\n");
        assertThat(h.raw("SMISMEMBER", "nokey", "1", "b")).isEqualTo("*2\r\n:0\r\n:0\r\n");
        assertThat(h.raw("SCARD", "nokey")).isEqualTo(":0\r\n");
        assertThat(h.raw("SMEMBERS", "nokey")).isEqualTo("*0\r\n");
    }

    @Test
    void wrongTypeEverywhere() {
        h.raw("SET", "str", "v");
        h.raw("SADD", "s", "1");
        for (String[] cmd : new String[][] {
                {"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"}, {"SISMEMBER", "str", "a"},
                {"SMISMEMBER", "str", "a"}, {"SCARD", "str"}, {"SPOP", "str"}, {"SPOP", "str", "0"},
                {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "0"}, {"SMOVE", "str", "s", "1"},
                {"SMOVE", "s", "str", "1"}, {"SINTER", "nokey", "str"}, {"SINTERCARD", "2", "s", "str"},
                {"SINTERSTORE", "d", "s", "str"}, {"SUNION", "s", "str"}, {"SUNIONSTORE", "d", "s", "str"},
                {"SDIFF", "nokey", "str"}, {"SDIFFSTORE", "d", "s", "str"}, {"SSCAN", "str", "0"}}) {
            assertThat(h.raw(cmd)).as(String.join(" ", cmd)).isEqualTo(WRONGTYPE);
        }
        assertThat(h.raw("SMOVE", "nokey", "str", "1")).isEqualTo(":0\r\n");
        assertThat(h.raw("SMEMBERS", "s")).isEqualTo("*1\r\n$1\r\n1\r\n");
    }

    @Test
    void sremDeletesTheEmptiedKey() {
        h.raw("SADD", "s", "1", "a", "2");
        events.clear();
        assertThat(h.raw("SREM", "s", "1", "x")).isEqualTo(":1\r\n");
        assertThat(h.raw("SREM", "s", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("SREM", "s", "a", "2", "a")).isEqualTo(":2\r\n");
        assertThat(h.raw("EXISTS", "s")).isEqualTo(":0\r\n");
        assertThat(events).containsExactly("srem:s", "srem:s", "del:s");
        assertThat(h.raw("SREM", "s", "a")).isEqualTo(":0\r\n");
    }

    @Test
    void smoveMovesAndNotifiesBothKeys() {
        h.raw("SADD", "src", "1", "2");
        events.clear();
        assertThat(h.raw("SMOVE", "src", "dst", "1")).isEqualTo(":1\r\n");
        assertThat(events).containsExactly("srem:src", "new:dst", "sadd:dst");
        events.clear();
        assertThat(h.raw("SMOVE", "src", "src", "2")).isEqualTo(":1\r\n");
        assertThat(h.raw("SMOVE", "src", "src", "9")).isEqualTo(":0\r\n");
        assertThat(h.raw("SMOVE", "src", "dst", "9")).isEqualTo(":0\r\n");
        assertThat(events).isEmpty();
        h.raw("SADD", "dst", "2");
        events.clear();
        assertThat(h.raw("SMOVE", "src", "dst", "2")).isEqualTo(":1\r\n");
        assertThat(events).containsExactly("srem:src", "del:src");
        assertThat(h.raw("SMEMBERS", "dst")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        h.raw("SADD", "h", "x");
        assertThat(h.raw("SMOVE", "h", "dst", "x")).isEqualTo(":1\r\n");
        assertThat(encoding("dst")).isEqualTo("hashtable");
    }

    @Test
    void spopWithoutCount() {
        assertThat(h.raw("SPOP", "nokey")).isEqualTo("$-1\r\n");
        h.raw("SADD", "s", "a");
        events.clear();
        assertThat(h.raw("SPOP", "s")).isEqualTo("$1\r\na\r\n");
        assertThat(events).containsExactly("spop:s", "del:s");
        assertThat(h.raw("EXISTS", "s")).isEqualTo(":0\r\n");
        assertThat(h.raw("SPOP", "s", "1", "2")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void spopCountArguments() {
        assertThat(h.raw("SPOP", "nokey", "3")).isEqualTo("*0\r\n");
        assertThat(h.raw("SPOP", "nokey", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(h.raw("SPOP", "nokey", "x")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        h.raw("SADD", "s", "1");
        events.clear();
        assertThat(h.raw("SPOP", "s", "0")).isEqualTo("*0\r\n");
        assertThat(events).isEmpty();
    }

    @Test
    void spopCountAtLeastTheSizeReturnsEverythingAndDeletes() {
        h.raw("SADD", "s", "5", "3", "1");
        events.clear();
        assertThat(h.raw("SPOP", "s", "3")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n");
        assertThat(events).containsExactly("spop:s", "del:s");
        h.raw("SADD", "s", "b", "a");
        assertThat(new HashSet<>(list("SPOP", "s", "100"))).containsExactlyInAnyOrder("a", "b");
        assertThat(h.raw("EXISTS", "s")).isEqualTo(":0\r\n");
    }

    @Test
    void spopCountSmallerThanTheSizeRemovesThatMany() {
        // Case 2 (few popped) and case 3 (most popped: the survivors form a new set).
        for (int popped : new int[] {1, 3, 16, 19}) {
            h.raw("DEL", "s");
            for (int i = 0; i < 20; i++) h.raw("SADD", "s", "m" + i);
            events.clear();
            List<Object> reply = list("SPOP", "s", Integer.toString(popped));
            assertThat(reply).hasSize(popped).doesNotHaveDuplicates();
            assertThat(h.raw("SCARD", "s")).isEqualTo(":" + (20 - popped) + "\r\n");
            for (Object m : reply) assertThat(h.raw("SISMEMBER", "s", (String) m)).isEqualTo(":0\r\n");
            assertThat(events).containsExactly("spop:s");
        }
    }

    @Test
    void spopKeepingFewIntegersReencodesAsIntset() {
        h.raw("CONFIG", "SET", "set-max-intset-entries", "4");
        h.raw("SADD", "s", "1", "2", "3", "4", "5", "6");
        assertThat(encoding("s")).isEqualTo("hashtable");
        assertThat(list("SPOP", "s", "5")).hasSize(5);
        assertThat(encoding("s")).isEqualTo("intset");
        assertThat(h.raw("SCARD", "s")).isEqualTo(":1\r\n");
    }

    @Test
    void spopKeepsTheTtlOfTheRebuiltSet() {
        for (int i = 0; i < 10; i++) h.raw("SADD", "s", "m" + i);
        h.raw("EXPIRE", "s", "100");
        list("SPOP", "s", "9");
        assertThat(h.raw("TTL", "s")).isEqualTo(":100\r\n");
    }

    @Test
    void srandmemberCases() {
        assertThat(h.raw("SRANDMEMBER", "nokey")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SRANDMEMBER", "nokey", "3")).isEqualTo("*0\r\n");
        assertThat(h.raw("SRANDMEMBER", "nokey", "-9223372036854775808")).isEqualTo(
                "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        h.raw("SADD", "s", "3", "1", "2");
        assertThat(h.raw("SRANDMEMBER", "s", "0")).isEqualTo("*0\r\n");
        assertThat(h.raw("SRANDMEMBER", "s", "3")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        assertThat(h.raw("SRANDMEMBER", "s", "30")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        List<Object> repeats = list("SRANDMEMBER", "s", "-50");
        assertThat(repeats).hasSize(50);
        assertThat(new HashSet<>(repeats)).isSubsetOf("1", "2", "3");
        assertThat(list("SRANDMEMBER", "s", "1")).hasSize(1);
        for (int i = 0; i < 100; i++) h.raw("SADD", "big", "m" + i);
        for (int count : new int[] {2, 10, 33, 34, 90, 99}) {
            assertThat(list("SRANDMEMBER", "big", Integer.toString(count))).hasSize(count).doesNotHaveDuplicates();
        }
        assertThat(h.raw("SCARD", "big")).isEqualTo(":100\r\n");
    }

    @Test
    void sinterAndSintercard() {
        h.raw("SADD", "a", "1", "2", "3", "4");
        h.raw("SADD", "b", "4", "3", "9");
        h.raw("SADD", "c", "x", "3", "4", "y");
        assertThat(h.raw("SINTER", "a", "b")).isEqualTo("*2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        assertThat(h.raw("SINTER", "a", "a")).isEqualTo(h.raw("SMEMBERS", "a"));
        assertThat(new HashSet<>(list("SINTER", "c", "a"))).containsExactlyInAnyOrder("3", "4");
        assertThat(h.raw("SINTER", "a", "nokey")).isEqualTo("*0\r\n");
        assertThat(h.raw("SINTERCARD", "3", "a", "b", "c")).isEqualTo(":2\r\n");
        assertThat(h.raw("SINTERCARD", "2", "a", "b", "LIMIT", "1")).isEqualTo(":1\r\n");
        assertThat(h.raw("SINTERCARD", "2", "a", "b", "LIMIT", "0")).isEqualTo(":2\r\n");
        assertThat(h.raw("SINTERCARD", "2", "a", "nokey")).isEqualTo(":0\r\n");
        assertThat(h.raw("SINTERCARD", "0", "a")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(h.raw("SINTERCARD", "x", "a")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(h.raw("SINTERCARD", "2", "a")).isEqualTo("-ERR Number of keys can't be greater than number of args\r\n");
        assertThat(h.raw("SINTERCARD", "1", "a", "LIMIT", "-1")).isEqualTo("-ERR LIMIT can't be negative\r\n");
        assertThat(h.raw("SINTERCARD", "1", "a", "LIMIT")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void storeCommandsBuildResultsWithCreateRules() {
        h.raw("SADD", "h", "a", "1", "2");
        h.raw("SADD", "i", "1", "2", "3");
        h.raw("SET", "dst", "v", "EX", "100");
        events.clear();
        assertThat(h.raw("SINTERSTORE", "dst", "h", "i")).isEqualTo(":2\r\n");
        assertThat(encoding("dst")).isEqualTo("intset");
        assertThat(h.raw("TTL", "dst")).isEqualTo(":-1\r\n");
        assertThat(events).containsExactly("sinterstore:dst");
        events.clear();
        assertThat(h.raw("SUNIONSTORE", "u", "h", "i")).isEqualTo(":4\r\n");
        assertThat(encoding("u")).isEqualTo("hashtable");
        assertThat(events).containsExactly("new:u", "sunionstore:u");
        events.clear();
        assertThat(h.raw("SDIFFSTORE", "dst", "i", "h")).isEqualTo(":1\r\n");
        assertThat(h.raw("SMEMBERS", "dst")).isEqualTo("*1\r\n$1\r\n3\r\n");
        assertThat(events).containsExactly("sdiffstore:dst");
        events.clear();
        assertThat(h.raw("SINTERSTORE", "dst", "i", "nokey")).isEqualTo(":0\r\n");
        assertThat(events).containsExactly("del:dst");
        events.clear();
        assertThat(h.raw("SDIFFSTORE", "dst", "i", "i")).isEqualTo(":0\r\n");
        assertThat(events).isEmpty();
    }

    @Test
    void sdiffAlgorithmDecidesTheResultEncoding() {
        h.raw("SADD", "big", "1", "2", "3", "4", "5", "6", "7", "8", "y");
        h.raw("SADD", "small", "y");
        // Work estimate 9 * 2 / 2 <= 9 + 1: algorithm 1 adds only the surviving integers.
        assertThat(h.raw("SDIFFSTORE", "d", "big", "small")).isEqualTo(":8\r\n");
        assertThat(encoding("d")).isEqualTo("intset");
        // 9 * 3 / 2 > 9 + 1 + 1: algorithm 2 copies the first set (a hashtable, because of "y"), then removes "y".
        assertThat(h.raw("SDIFFSTORE", "d", "big", "small", "small")).isEqualTo(":8\r\n");
        assertThat(encoding("d")).isEqualTo("hashtable");
        h.raw("SADD", "m1", "1", "2", "x");
        h.raw("SADD", "m2", "x", "7", "8", "9", "10", "11", "12");
        assertThat(h.raw("SDIFFSTORE", "d", "m1", "m2")).isEqualTo(":2\r\n");
        assertThat(encoding("d")).isEqualTo("intset");
    }

    @Test
    void sunionAndSdiffReplies() {
        h.raw("SADD", "a", "3", "1");
        h.raw("SADD", "b", "2", "1");
        assertThat(h.raw("SUNION", "a", "nokey", "b")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        assertThat(h.raw("SDIFF", "a", "b")).isEqualTo("*1\r\n$1\r\n3\r\n");
        assertThat(h.raw("SDIFF", "nokey", "a")).isEqualTo("*0\r\n");
        assertThat(h.raw("SUNION", "nokey")).isEqualTo("*0\r\n");
    }

    @Test
    void resp3RepliesUseSetTypes() {
        h.raw("HELLO", "3");
        h.raw("SADD", "a", "1", "2");
        assertThat(h.raw("SMEMBERS", "a")).isEqualTo("~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertThat(h.raw("SMEMBERS", "nokey")).isEqualTo("~0\r\n");
        assertThat(h.raw("SUNION", "a")).isEqualTo("~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertThat(h.raw("SPOP", "nokey", "1")).isEqualTo("~0\r\n");
        assertThat(h.raw("SPOP", "nokey")).isEqualTo("_\r\n");
        assertThat(h.raw("SRANDMEMBER", "nokey", "1")).isEqualTo("*0\r\n");
        assertThat(h.raw("SRANDMEMBER", "a", "5")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertThat(h.raw("SPOP", "a", "2")).isEqualTo("~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    }

    @Test
    void sscan() {
        assertThat(h.raw("SSCAN", "nokey", "0", "COUNT", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        assertThat(h.raw("SSCAN", "nokey", "x")).isEqualTo("-ERR invalid cursor\r\n");
        h.raw("SADD", "i", "10", "2", "33");
        assertThat(h.raw("SSCAN", "i", "0", "MATCH", "*3")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n$2\r\n33\r\n");
        assertThat(h.raw("SSCAN", "i", "0", "COUNT", "0")).isEqualTo("-ERR syntax error\r\n");
        for (int i = 0; i < 1000; i++) h.raw("SADD", "h", "m" + i);
        HashSet<Object> seen = new HashSet<>();
        String cursor = "0";
        do {
            List<Object> reply = list("SSCAN", "h", cursor, "COUNT", "50");
            cursor = (String) reply.get(0);
            @SuppressWarnings("unchecked")
            List<Object> members = (List<Object>) reply.get(1);
            seen.addAll(members);
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(1000);
    }

    @Test
    void debugDigestAndCopy() {
        h.raw("SADD", "a", "1", "x");
        h.raw("SADD", "b", "x", "1");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE", "a")).isEqualTo(h.raw("DEBUG", "DIGEST-VALUE", "b"));
        assertThat(h.raw("COPY", "a", "c")).isEqualTo(":1\r\n");
        assertThat(encoding("c")).isEqualTo("hashtable");
        h.raw("SREM", "a", "x");
        assertThat(h.raw("SCARD", "c")).isEqualTo(":2\r\n");
        assertThat(h.raw("TYPE", "c")).isEqualTo("+set\r\n");
    }

    @Test
    void dirtyCountsMembersAsRedisDoes() {
        long before = h.engine.stats().dirty;
        h.raw("SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(h.engine.stats().dirty - before).isEqualTo(10);
        h.raw("SREM", "s", "1", "2", "x");
        assertThat(h.engine.stats().dirty - before).isEqualTo(12);
        h.raw("SPOP", "s", "3");
        assertThat(h.engine.stats().dirty - before).isEqualTo(15);
        h.raw("SPOP", "s", "100");
        assertThat(h.engine.stats().dirty - before).isEqualTo(20);
        h.raw("SADD", "s", "1");
        assertThat(h.engine.stats().dirty - before).isEqualTo(21);
    }
}

package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HashCommandsTest {
    private final Harness h = new Harness();

    private void fill(String key, int fields) {
        String[] args = new String[2 + fields * 2];
        args[0] = "HSET";
        args[1] = key;
        for (int i = 0; i < fields; i++) {
            args[2 + i * 2] = "f" + i;
            args[3 + i * 2] = "v" + i;
        }
        assertThat(h.raw(args)).isEqualTo(":" + fields + "\r\n");
    }

    @Test
    void setGetAndInsertionOrder() {
        assertThat(h.raw("HSET", "h", "b", "1", "a", "2")).isEqualTo(":2\r\n");
        assertThat(h.raw("HSET", "h", "b", "3", "c", "4")).isEqualTo(":1\r\n");
        assertThat(h.raw("HGET", "h", "b")).isEqualTo("$1\r\n3\r\n");
        assertThat(h.raw("HGET", "h", "x")).isEqualTo("$-1\r\n");
        assertThat(h.raw("HGET", "nokey", "x")).isEqualTo("$-1\r\n");
        assertThat(h.raw("HGETALL", "h")).isEqualTo("*6\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n4\r\n");
        assertThat(h.raw("HKEYS", "h")).isEqualTo("*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n");
        assertThat(h.raw("HVALS", "h")).isEqualTo("*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n4\r\n");
        assertThat(h.raw("HMGET", "h", "a", "x", "c")).isEqualTo("*3\r\n$1\r\n2\r\n$-1\r\n$1\r\n4\r\n");
        assertThat(h.raw("HLEN", "h")).isEqualTo(":3\r\n");
        assertThat(h.raw("HEXISTS", "h", "a")).isEqualTo(":1\r\n");
        assertThat(h.raw("HEXISTS", "h", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("TYPE", "h")).isEqualTo("+hash\r\n");
        assertThat(h.raw("OBJECT", "ENCODING", "h")).isEqualTo("$8\r\nlistpack\r\n");
    }

    @Test
    void hsetArgumentErrorsAndHmset() {
        assertThat(h.raw("HSET", "h", "f", "v", "g")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
        assertThat(h.raw("HMSET", "h", "f", "v", "g")).isEqualTo("-ERR wrong number of arguments for 'hmset' command\r\n");
        assertThat(h.raw("EXISTS", "h")).isEqualTo(":0\r\n");
        assertThat(h.raw("HMSET", "h", "f", "v", "g", "w")).isEqualTo("+OK\r\n");
        assertThat(h.raw("HSETNX", "h", "f", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("HSETNX", "h", "n", "x")).isEqualTo(":1\r\n");
        assertThat(h.raw("HGET", "h", "n")).isEqualTo("$1\r\nx\r\n");
    }

    @Test
    void wrongType() {
        h.raw("SET", "s", "x");
        String wrong = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        for (String[] cmd : new String[][] {{"HSET", "s", "f", "v"}, {"HGET", "s", "f"}, {"HMGET", "s", "f"},
                {"HDEL", "s", "f"}, {"HLEN", "s"}, {"HGETALL", "s"}, {"HINCRBY", "s", "f", "1"},
                {"HINCRBYFLOAT", "s", "f", "1"}, {"HRANDFIELD", "s", "1"}, {"HSCAN", "s", "0"}, {"HSETNX", "s", "f", "v"}}) {
            assertThat(h.raw(cmd)).as(String.join(" ", cmd)).isEqualTo(wrong);
        }
        // The odd-argument check comes before the type check.
        assertThat(h.raw("HSET", "s", "f")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
    }

    @Test
    void hdelRemovesTheEmptyHash() {
        List<String> events = h.recordEvents();
        h.raw("HSET", "h", "a", "1", "b", "2");
        assertThat(h.raw("HDEL", "h", "a", "a", "x")).isEqualTo(":1\r\n");
        assertThat(h.raw("HDEL", "h", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("HDEL", "h", "b", "c")).isEqualTo(":1\r\n");
        assertThat(h.raw("EXISTS", "h")).isEqualTo(":0\r\n");
        assertThat(h.raw("HDEL", "h", "b")).isEqualTo(":0\r\n");
        assertThat(events).containsExactly("new h", "hset h", "hdel h", "hdel h", "del h");
    }

    @Test
    void notificationsAndDirtyCounter() {
        List<String> events = h.recordEvents();
        long dirty = h.engine.stats().dirty;
        h.raw("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertThat(h.engine.stats().dirty - dirty).isEqualTo(3);
        h.raw("HSETNX", "h", "a", "1");
        h.raw("HSETNX", "h", "d", "1");
        h.raw("HINCRBY", "h", "n", "1");
        h.raw("HINCRBYFLOAT", "h", "n", "1.5");
        h.raw("HINCRBY", "h", "n", "1");
        h.raw("HINCRBY", "other", "n", "x");
        assertThat(events).containsExactly("new h", "hset h", "hset h", "hincrby h", "hincrbyfloat h");
    }

    @Test
    void hincrby() {
        assertThat(h.raw("HINCRBY", "h", "n", "5")).isEqualTo(":5\r\n");
        assertThat(h.raw("HINCRBY", "h", "n", "-7")).isEqualTo(":-2\r\n");
        assertThat(h.raw("HINCRBY", "h", "n", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        h.raw("HSET", "h", "s", "abc", "z", "007", "max", "9223372036854775807");
        assertThat(h.raw("HINCRBY", "h", "s", "1")).isEqualTo("-ERR hash value is not an integer\r\n");
        assertThat(h.raw("HINCRBY", "h", "z", "1")).isEqualTo("-ERR hash value is not an integer\r\n");
        assertThat(h.raw("HINCRBY", "h", "max", "1")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        assertThat(h.raw("HINCRBY", "h", "max", "-1")).isEqualTo(":9223372036854775806\r\n");
        assertThat(h.raw("HINCRBY", "new", "n", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("EXISTS", "new")).isEqualTo(":0\r\n");
    }

    @Test
    void hincrbyfloat() {
        assertThat(h.raw("HINCRBYFLOAT", "h", "f", "10.5")).isEqualTo("$4\r\n10.5\r\n");
        assertThat(h.raw("HINCRBYFLOAT", "h", "f", "0.1")).isEqualTo("$4\r\n10.6\r\n");
        assertThat(h.raw("HINCRBYFLOAT", "h", "f", "nan")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("HINCRBYFLOAT", "h", "f", "inf")).isEqualTo("-ERR value is NaN or Infinity\r\n");
        h.raw("HSET", "h", "s", "abc", "i", "inf");
        assertThat(h.raw("HINCRBYFLOAT", "h", "s", "1")).isEqualTo("-ERR hash value is not a float\r\n");
        assertThat(h.raw("HINCRBYFLOAT", "h", "i", "1")).isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
        assertThat(h.raw("HINCRBYFLOAT", "new", "f", "-inf")).isEqualTo("-ERR value is NaN or Infinity\r\n");
        assertThat(h.raw("EXISTS", "new")).isEqualTo(":0\r\n");
    }

    @Test
    void hstrlenOfIntegerLookingValues() {
        h.raw("HSET", "h", "i", "12345", "n", "-1", "z", "007", "e", "");
        assertThat(h.raw("HSTRLEN", "h", "i")).isEqualTo(":5\r\n");
        assertThat(h.raw("HSTRLEN", "h", "n")).isEqualTo(":2\r\n");
        assertThat(h.raw("HSTRLEN", "h", "z")).isEqualTo(":3\r\n");
        assertThat(h.raw("HSTRLEN", "h", "e")).isEqualTo(":0\r\n");
        assertThat(h.raw("HSTRLEN", "h", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("HSTRLEN", "nokey", "x")).isEqualTo(":0\r\n");
    }

    @Test
    void hrandfieldShapes() {
        assertThat(h.raw("HRANDFIELD", "nokey")).isEqualTo("$-1\r\n");
        assertThat(h.raw("HRANDFIELD", "nokey", "3")).isEqualTo("*0\r\n");
        h.raw("HSET", "h", "a", "1", "b", "2");
        assertThat(h.raw("HRANDFIELD", "h", "0")).isEqualTo("*0\r\n");
        assertThat(h.raw("HRANDFIELD", "h", "5")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(h.raw("HRANDFIELD", "h", "5", "WITHVALUES"))
                .isEqualTo("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assertThat(h.raw("HRANDFIELD", "h", "1", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("HRANDFIELD", "h", "-9223372036854775808"))
                .isEqualTo("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        assertThat(h.raw("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES")).isEqualTo("-ERR value is out of range\r\n");
        h.raw("HSET", "one", "f", "v");
        assertThat(h.raw("HRANDFIELD", "one", "-3")).isEqualTo("*3\r\n$1\r\nf\r\n$1\r\nf\r\n$1\r\nf\r\n");
        assertThat(h.raw("HRANDFIELD", "one", "-2", "WITHVALUES")).isEqualTo("*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n");

        h.raw("HELLO", "3");
        assertThat(h.raw("HRANDFIELD", "nokey")).isEqualTo("_\r\n");
        assertThat(h.raw("HGETALL", "nokey")).isEqualTo("%0\r\n");
        assertThat(h.raw("HGETALL", "h")).isEqualTo("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assertThat(h.raw("HRANDFIELD", "h", "5", "WITHVALUES"))
                .isEqualTo("*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assertThat(h.raw("HRANDFIELD", "one", "-2", "WITHVALUES"))
                .isEqualTo("*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
        assertThat(h.raw("HRANDFIELD", "one", "1", "WITHVALUES")).isEqualTo("*1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
        assertThat(h.raw("HRANDFIELD", "one", "-2")).isEqualTo("*2\r\n$1\r\nf\r\n$1\r\nf\r\n");
    }

    @SuppressWarnings("unchecked")
    @Test
    void hrandfieldSamplesDistinctFieldsOfBothEncodings() {
        fill("small", 50);
        fill("large", 1000);
        assertThat(h.raw("OBJECT", "ENCODING", "large")).isEqualTo("$9\r\nhashtable\r\n");
        for (String key : new String[] {"small", "large"}) {
            int size = key.equals("small") ? 50 : 1000;
            // Both strategies: more than a third of the hash (shuffle) and a small sample.
            for (int count : new int[] {size - 1, size / 2, 5, 1}) {
                List<Object> r = (List<Object>) h.call("HRANDFIELD", key, String.valueOf(count), "WITHVALUES");
                assertThat(r).hasSize(count * 2);
                Set<Object> fields = new HashSet<>();
                for (int i = 0; i < r.size(); i += 2) {
                    String f = (String) r.get(i);
                    assertThat(r.get(i + 1)).isEqualTo("v" + f.substring(1));
                    fields.add(f);
                }
                assertThat(fields).hasSize(count);
            }
            List<Object> repeats = (List<Object>) h.call("HRANDFIELD", key, "-3000");
            assertThat(repeats).hasSize(3000);
            assertThat(new HashSet<>(repeats).size()).isLessThanOrEqualTo(size);
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void hscanVisitsEveryFieldOfALargeHash() {
        fill("h", 2000);
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<Object> r = (List<Object>) h.call("HSCAN", "h", cursor, "COUNT", "50");
            cursor = (String) r.get(0);
            List<Object> items = (List<Object>) r.get(1);
            for (int i = 0; i < items.size(); i += 2) seen.put((String) items.get(i), (String) items.get(i + 1));
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(2000);
        assertThat(seen.get("f1234")).isEqualTo("v1234");
        assertThat(calls).isGreaterThan(10);

        List<Object> one = (List<Object>) h.call("HSCAN", "h", "0", "MATCH", "f1999", "COUNT", "100000");
        assertThat(one).isEqualTo(List.of("0", List.of("f1999", "v1999")));
    }

    @Test
    void hscanOfCompactAndMissingHashes() {
        h.raw("HSET", "h", "a", "1", "b", "2", "ab", "3");
        assertThat(h.raw("HSCAN", "h", "7", "MATCH", "a*", "COUNT", "1"))
                .isEqualTo("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\nab\r\n$1\r\n3\r\n");
        assertThat(h.raw("HSCAN", "h", "0", "COUNT", "0")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("HSCAN", "h", "x")).isEqualTo("-ERR invalid cursor\r\n");
        // A missing key answers before the options are read.
        assertThat(h.raw("HSCAN", "nokey", "0", "COUNT", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void encodingFollowsConfigSet() {
        h.raw("CONFIG", "SET", "hash-max-listpack-entries", "2");
        h.raw("CONFIG", "SET", "hash-max-listpack-value", "3");
        h.raw("HSET", "h", "a", "1", "b", "2");
        assertThat(h.raw("OBJECT", "ENCODING", "h")).isEqualTo("$8\r\nlistpack\r\n");
        h.raw("HSET", "h", "c", "3");
        assertThat(h.raw("OBJECT", "ENCODING", "h")).isEqualTo("$9\r\nhashtable\r\n");
        h.raw("HSET", "v", "a", "1234");
        assertThat(h.raw("OBJECT", "ENCODING", "v")).isEqualTo("$9\r\nhashtable\r\n");
        h.raw("HINCRBY", "i", "a", "1000");
        assertThat(h.raw("OBJECT", "ENCODING", "i")).isEqualTo("$9\r\nhashtable\r\n");
        h.raw("HINCRBY", "j", "a", "100");
        assertThat(h.raw("OBJECT", "ENCODING", "j")).isEqualTo("$8\r\nlistpack\r\n");
        assertThat(h.raw("HGET", "i", "a")).isEqualTo("$4\r\n1000\r\n");
    }

    @Test
    void digestAndCopyIgnoreEncoding() {
        h.raw("HSET", "a", "x", "1", "y", "2");
        h.raw("HSET", "b", "y", "2", "x", "1");
        String digest = h.raw("DEBUG", "DIGEST-VALUE", "a");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE", "b")).isEqualTo(digest);
        h.raw("CONFIG", "SET", "hash-max-listpack-entries", "1");
        h.raw("HSET", "c", "x", "1", "y", "2");
        assertThat(h.raw("OBJECT", "ENCODING", "c")).isEqualTo("$9\r\nhashtable\r\n");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE", "c")).isEqualTo(digest);
        assertThat(h.raw("COPY", "c", "d")).isEqualTo(":1\r\n");
        h.raw("HSET", "c", "x", "changed");
        assertThat(h.raw("OBJECT", "ENCODING", "d")).isEqualTo("$9\r\nhashtable\r\n");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE", "d")).isEqualTo(digest);
    }
}

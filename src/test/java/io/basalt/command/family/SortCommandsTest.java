package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SortCommandsTest {
    private final Harness h = new Harness("enable-debug-command", "yes");
    /** Keyspace events raised, as "event key". */
    private final List<String> events = h.recordEvents();

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX = "-ERR syntax error\r\n";
    private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
    private static final String NOT_DOUBLE = "-ERR One or more scores can't be converted into double\r\n";

    /** The reply of a command as a flat list of bulk texts (null for nil), for array replies. */
    @SuppressWarnings("unchecked")
    private List<Object> call(String... args) {
        return (List<Object>) h.call(args);
    }

    private String bin(String... args) {
        return StringCommandsTest.bin(h, args);
    }

    private long dirty() {
        return h.engine.stats().dirty;
    }

    @Test
    void sortsNumericallyWithTiesBrokenByTheElementBytes() {
        h.raw("RPUSH", "l", "3", "1", "2", "10", "-5", "2.5", "1e2", "0x10", "-0", "0", "", "  7", "3");
        assertThat(call("SORT", "l")).containsExactly("-5", "", "-0", "0", "1", "2", "2.5", "3", "3", "  7", "10", "0x10", "1e2");
        assertThat(call("SORT", "l", "DESC")).containsExactly("1e2", "0x10", "10", "  7", "3", "3", "2.5", "2", "1", "0", "-0", "", "-5");
        assertThat(call("SORT_RO", "l", "desc", "ASC", "LIMIT", "1", "2")).containsExactly("", "-0");
    }

    @Test
    void limitIsClampedToTheCollection() {
        h.raw("RPUSH", "l", "5", "4", "3", "2", "1");
        assertThat(call("SORT", "l", "LIMIT", "-3", "2")).containsExactly("1", "2");
        assertThat(call("SORT", "l", "LIMIT", "3", "-1")).containsExactly("4", "5");
        assertThat(call("SORT", "l", "LIMIT", "3", "100")).containsExactly("4", "5");
        assertThat(call("SORT", "l", "LIMIT", "5", "1")).isEmpty();
        assertThat(call("SORT", "l", "LIMIT", "0", "0")).isEmpty();
        assertThat(call("SORT", "l", "LIMIT", "9223372036854775807", "9223372036854775807")).isEmpty();
        assertThat(call("SORT", "l", "LIMIT", "1", "2", "LIMIT", "0", "1")).containsExactly("1");
        assertThat(h.raw("SORT", "l", "LIMIT", "x", "1")).isEqualTo(NOT_INTEGER);
        assertThat(h.raw("SORT", "l", "LIMIT", "1", "1.5")).isEqualTo(NOT_INTEGER);
        assertThat(h.raw("SORT", "l", "LIMIT", "1")).isEqualTo(SYNTAX);
        // Option names end at a NUL, as strcasecmp reads them.
        assertThat(bin("SORT", "l", "desc\u0000x", "LIMIT\u0000", "0", "1")).isEqualTo("*1\r\n$1\r\n5\r\n");
    }

    @Test
    void weightsThatAreNotDoublesFailTheWholeSort() {
        h.raw("RPUSH", "l", "1", "abc");
        assertThat(h.raw("SORT", "l")).isEqualTo(NOT_DOUBLE);
        assertThat(h.raw("SORT", "l", "STORE", "dst")).isEqualTo(NOT_DOUBLE);
        assertThat(h.raw("EXISTS", "dst")).isEqualTo(":0\r\n");
        assertThat(call("SORT", "l", "ALPHA")).containsExactly("1", "abc");
        for (String bad : new String[] {"nan", "1e400", "1e-310", "5 ", " "}) {
            h.raw("DEL", "n");
            h.raw("RPUSH", "n", bad, "1");
            assertThat(h.raw("SORT", "n")).as(bad).isEqualTo(NOT_DOUBLE);
        }
        h.raw("DEL", "n");
        h.raw("RPUSH", "n", "inf", "0x1p-1074", "-inf");
        assertThat(call("SORT", "n")).containsExactly("-inf", "0x1p-1074", "inf");
    }

    @Test
    void alphaIsByteOrderAndWithoutStoreEndsAtTheFirstNul() {
        h.raw("RPUSH", "w", "banana", "Apple", "\u00ff", "apple", "10", "9");
        assertThat(call("SORT", "w", "ALPHA")).containsExactly("10", "9", "Apple", "apple", "banana", "\u00ff");
        assertThat(bin("RPUSH", "nul", "a\u0000c", "a\u0000b", "a"))
                .isEqualTo(":3\r\n");
        // Equal as C strings: the input order stays.
        assertThat(bin("SORT", "nul", "ALPHA", "DESC"))
                .isEqualTo("*3\r\n$3\r\na\u0000c\r\n$3\r\na\u0000b\r\n$1\r\na\r\n");
        assertThat(bin("SORT", "nul", "ALPHA", "STORE", "out")).isEqualTo(":3\r\n");
        assertThat(bin("LRANGE", "out", "0", "-1"))
                .isEqualTo("*3\r\n$1\r\na\r\n$3\r\na\u0000b\r\n$3\r\na\u0000c\r\n");
    }

    @Test
    void byPatternsReadStringKeysAndHashFields() {
        h.raw("RPUSH", "l", "c", "a", "b", "d", "e");
        h.raw("MSET", "w_c", "3", "w_a", "1", "w_b", "2", "w_d", "10");
        h.raw("LPUSH", "w_e", "x");
        // Missing (or not a string): weight 0, then the element decides.
        assertThat(call("SORT", "l", "BY", "w_*")).containsExactly("e", "a", "b", "c", "d");
        assertThat(call("SORT", "l", "BY", "w_*", "ALPHA")).containsExactly("e", "a", "d", "b", "c");
        assertThat(call("SORT", "l", "BY", "w_*", "ALPHA", "DESC")).containsExactly("c", "b", "d", "a", "e");
        h.raw("HSET", "o_a", "rank", "5", "name", "Alice");
        h.raw("HSET", "o_b", "rank", "1", "name", "Bob");
        h.raw("HSET", "o_c", "rank", "3");
        assertThat(call("SORT", "l", "BY", "o_*->rank", "GET", "#", "GET", "o_*->name"))
                .containsExactly("d", null, "e", null, "b", "Bob", "c", null, "a", "Alice");
        // Only the first '*' takes the element; "->" at the end is part of the key.
        h.raw("SET", "x*_a", "-1");
        assertThat(call("SORT", "l", "BY", "x*_*", "LIMIT", "0", "1")).containsExactly("a");
        h.raw("SET", "o_a->", "-1");
        assertThat(call("SORT", "l", "BY", "o_*->", "LIMIT", "0", "1")).containsExactly("a");
    }

    @Test
    void constantByPatternsKeepTheNativeOrder() {
        h.raw("RPUSH", "l", "c", "a", "b", "d");
        assertThat(call("SORT", "l", "BY", "nosort")).containsExactly("c", "a", "b", "d");
        assertThat(call("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2")).containsExactly("b", "a");
        assertThat(call("SORT", "l", "BY", "nosort", "BY", "w_*")).containsExactly("c", "a", "b", "d");
        h.raw("ZADD", "z", "3", "x", "1", "y", "2", "w", "0", "v");
        assertThat(h.raw("OBJECT", "ENCODING", "z")).isEqualTo("$8\r\nlistpack\r\n");
        assertThat(call("SORT", "z", "BY", "nosort", "LIMIT", "1", "2")).containsExactly("y", "w");
        assertThat(call("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "10")).containsExactly("w", "y", "v");
        // SORT converts a sorted set for good, as zsetConvert does.
        assertThat(h.raw("OBJECT", "ENCODING", "z")).isEqualTo("$8\r\nskiplist\r\n");
        h.raw("SADD", "s", "5", "-3", "100");
        assertThat(call("SORT", "s", "BY", "nosort", "DESC")).containsExactly("-3", "5", "100");
        // Stored from a set, the result is sorted ALPHA by bytes.
        assertThat(h.raw("SORT", "s", "BY", "nosort", "STORE", "dst")).isEqualTo(":3\r\n");
        assertThat(call("LRANGE", "dst", "0", "-1")).containsExactly("-3", "100", "5");
    }

    @Test
    void equalAlphaWeightsUnderALimitArePlacedAsRedisPqsortDoes() {
        String[] push = new String[14];
        push[0] = "RPUSH";
        push[1] = "t";
        for (int i = 1; i <= 12; i++) push[i + 1] = Integer.toString(i);
        h.raw(push);
        assertThat(call("SORT", "t", "BY", "none_*", "ALPHA", "LIMIT", "0", "3")).containsExactly("12", "2", "3");
        assertThat(call("SORT", "t", "BY", "none_*", "ALPHA", "LIMIT", "0", "12")).hasSize(12).startsWith("1", "2", "3");
    }

    @Test
    void getPatternsProjectEachElement() {
        h.raw("RPUSH", "l", "2", "1");
        h.raw("SET", "k_1", "one");
        assertThat(call("SORT", "l", "GET", "#", "GET", "k_*", "GET", "nostar")).containsExactly("1", "one", null, "2", null, null);
        assertThat(h.raw("SORT", "l", "LIMIT", "0", "1", "GET", "k_*", "GET", "#")).isEqualTo("*2\r\n$3\r\none\r\n$1\r\n1\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("SORT", "l", "LIMIT", "1", "1", "GET", "k_*")).isEqualTo("*1\r\n_\r\n");
    }

    @Test
    void storeWritesAListAndCountsEveryElementAsAChange() {
        h.raw("RPUSH", "l", "2", "1", "3");
        h.raw("SET", "dst", "old", "EX", "100");
        events.clear();
        long before = dirty();
        assertThat(h.raw("SORT", "l", "STORE", "dst", "GET", "#", "GET", "missing_*")).isEqualTo(":6\r\n");
        assertThat(dirty() - before).isEqualTo(6);
        assertThat(events).containsExactly("sortstore dst");
        assertThat(h.raw("TTL", "dst")).isEqualTo(":-1\r\n");
        assertThat(call("LRANGE", "dst", "0", "-1")).containsExactly("1", "", "2", "", "3", "");
        events.clear();
        assertThat(h.raw("SORT", "l", "STORE", "fresh")).isEqualTo(":3\r\n");
        assertThat(events).containsExactly("new fresh", "sortstore fresh");
        // An empty result deletes the destination.
        events.clear();
        before = dirty();
        assertThat(h.raw("SORT", "l", "LIMIT", "0", "0", "STORE", "dst")).isEqualTo(":0\r\n");
        assertThat(events).containsExactly("del dst");
        assertThat(dirty() - before).isEqualTo(1);
        assertThat(h.raw("SORT", "missing", "STORE", "dst")).isEqualTo(":0\r\n");
        assertThat(dirty() - before).isEqualTo(1);
        assertThat(h.raw("SORT", "l", "STORE", "a", "STORE", "b")).isEqualTo(":3\r\n");
        assertThat(h.raw("EXISTS", "a", "b")).isEqualTo(":1\r\n");
        assertThat(h.raw("SORT", "l", "DESC", "STORE", "l")).isEqualTo(":3\r\n");
        assertThat(call("LRANGE", "l", "0", "-1")).containsExactly("3", "2", "1");
    }

    @Test
    void patternLookupsCountAsKeyspaceReads() {
        h.raw("RPUSH", "l", "1", "2");
        h.raw("SET", "w_1", "5");
        long hits = h.engine.keyspace().stats().hits, misses = h.engine.keyspace().stats().misses;
        call("SORT", "l", "BY", "w_*", "GET", "w_*");
        assertThat(h.engine.keyspace().stats().hits - hits).isEqualTo(3);
        assertThat(h.engine.keyspace().stats().misses - misses).isEqualTo(2);
    }

    @Test
    void errors() {
        h.raw("SET", "str", "v");
        h.raw("HSET", "hash", "f", "v");
        assertThat(h.raw("SORT", "str")).isEqualTo(WRONGTYPE);
        assertThat(h.raw("SORT_RO", "hash")).isEqualTo(WRONGTYPE);
        assertThat(h.raw("SORT", "str", "FOO")).isEqualTo(SYNTAX);
        assertThat(h.raw("SORT", "str", "LIMIT", "a", "b")).isEqualTo(NOT_INTEGER);
        assertThat(h.raw("SORT", "missing", "BY")).isEqualTo(SYNTAX);
        assertThat(h.raw("SORT", "missing", "GET")).isEqualTo(SYNTAX);
        assertThat(h.raw("SORT", "missing", "STORE")).isEqualTo(SYNTAX);
        assertThat(h.raw("SORT_RO", "missing", "STORE", "dst")).isEqualTo(SYNTAX);
        assertThat(h.raw("SORT_RO", "missing")).isEqualTo("*0\r\n");
        assertThat(h.raw("SORT")).isEqualTo("-ERR wrong number of arguments for 'sort' command\r\n");
    }
}

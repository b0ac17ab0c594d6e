package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListCommandsTest {
    private final Harness h = new Harness("enable-debug-command", "yes");
    /** Keyspace events raised, as "event key". */
    private final List<String> events = h.recordEvents();

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX = "-ERR syntax error\r\n";
    private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";

    private long dirty() {
        return h.engine.stats().dirty;
    }

    @Test
    void pushAndPushx() {
        assertThat(h.raw("LPUSH", "l", "a", "b")).isEqualTo(":2\r\n");
        assertThat(h.raw("RPUSH", "l", "c")).isEqualTo(":3\r\n");
        assertThat(h.raw("LPUSHX", "l", "x", "y")).isEqualTo(":5\r\n");
        assertThat(h.raw("RPUSHX", "none", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXISTS", "none")).isEqualTo(":0\r\n");
        assertThat(h.raw("LRANGE", "l", "0", "-1"))
                .isEqualTo("*5\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n");
        assertThat(h.raw("TYPE", "l")).isEqualTo("+list\r\n");
        assertThat(h.raw("OBJECT", "ENCODING", "l")).isEqualTo("$9\r\nquicklist\r\n");
        assertThat(events).containsExactly("new l", "lpush l", "rpush l", "lpush l");
        h.raw("SET", "s", "v");
        assertThat(h.raw("LPUSH", "s", "a")).isEqualTo(WRONGTYPE);
        assertThat(h.raw("RPUSHX", "s", "a")).isEqualTo(WRONGTYPE);
    }

    @Test
    void pushCountsEveryElementAsAChange() {
        long before = dirty();
        h.raw("RPUSH", "l", "a", "b", "c");
        assertThat(dirty() - before).isEqualTo(3);
    }

    @Test
    void integersAndTheirLookalikesStayDistinct() {
        h.raw("RPUSH", "l", "1", "01", "-0", "", "9223372036854775808", "-9223372036854775808");
        assertThat(h.raw("LRANGE", "l", "0", "-1")).isEqualTo(
                "*6\r\n$1\r\n1\r\n$2\r\n01\r\n$2\r\n-0\r\n$0\r\n\r\n$19\r\n9223372036854775808\r\n"
                        + "$20\r\n-9223372036854775808\r\n");
        assertThat(h.raw("LPOS", "l", "01")).isEqualTo(":1\r\n");
        assertThat(h.raw("LPOS", "l", "")).isEqualTo(":3\r\n");
        assertThat(h.raw("LREM", "l", "0", "1")).isEqualTo(":1\r\n");
        assertThat(h.raw("LINDEX", "l", "0")).isEqualTo("$2\r\n01\r\n");
    }

    @Test
    void popWithAndWithoutCount() {
        h.raw("RPUSH", "l", "a", "b", "c", "d", "e");
        assertThat(h.raw("LPOP", "l")).isEqualTo("$1\r\na\r\n");
        assertThat(h.raw("RPOP", "l", "2")).isEqualTo("*2\r\n$1\r\ne\r\n$1\r\nd\r\n");
        assertThat(h.raw("LPOP", "l", "0")).isEqualTo("*0\r\n");
        assertThat(h.raw("LPOP", "l", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(h.raw("LPOP", "l", "x")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(h.raw("LPOP", "l", "1", "2")).isEqualTo("-ERR wrong number of arguments for 'lpop' command\r\n");
        events.clear();
        long before = dirty();
        assertThat(h.raw("LPOP", "l", "10")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(dirty() - before).isEqualTo(2);
        assertThat(events).containsExactly("lpop l", "del l");
        assertThat(h.raw("EXISTS", "l")).isEqualTo(":0\r\n");
        assertThat(h.raw("LPOP", "l")).isEqualTo("$-1\r\n");
        assertThat(h.raw("LPOP", "l", "1")).isEqualTo("*-1\r\n");
        assertThat(h.raw("LPOP", "l", "0")).isEqualTo("*-1\r\n");
        h.raw("SET", "s", "v");
        assertThat(h.raw("RPOP", "s")).isEqualTo(WRONGTYPE);
        assertThat(h.raw("RPOP", "s", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
    }

    @Test
    void popsUseResp3Nulls() {
        h.raw("HELLO", "3");
        assertThat(h.raw("LPOP", "none")).isEqualTo("_\r\n");
        assertThat(h.raw("LPOP", "none", "2")).isEqualTo("_\r\n");
        assertThat(h.raw("LMPOP", "1", "none", "LEFT")).isEqualTo("_\r\n");
    }

    @Test
    void lindexAndLset() {
        h.raw("RPUSH", "l", "a", "b", "c");
        assertThat(h.raw("LINDEX", "l", "-1")).isEqualTo("$1\r\nc\r\n");
        assertThat(h.raw("LINDEX", "l", "3")).isEqualTo("$-1\r\n");
        assertThat(h.raw("LINDEX", "l", "x")).isEqualTo(NOT_INTEGER);
        assertThat(h.raw("LINDEX", "none", "x")).isEqualTo("$-1\r\n");
        assertThat(h.raw("LSET", "l", "1", "B")).isEqualTo("+OK\r\n");
        assertThat(h.raw("LSET", "l", "-4", "B")).isEqualTo("-ERR index out of range\r\n");
        assertThat(h.raw("LSET", "none", "x", "B")).isEqualTo("-ERR no such key\r\n");
        assertThat(h.raw("LSET", "l", "x", "B")).isEqualTo(NOT_INTEGER);
        assertThat(h.raw("LRANGE", "l", "0", "-1")).isEqualTo("*3\r\n$1\r\na\r\n$1\r\nB\r\n$1\r\nc\r\n");
        assertThat(events).containsExactly("new l", "rpush l", "lset l");
    }

    @Test
    void lrangeClampsIndexes() {
        h.raw("RPUSH", "l", "a", "b", "c");
        assertThat(h.raw("LRANGE", "l", "-100", "1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(h.raw("LRANGE", "l", "2", "1")).isEqualTo("*0\r\n");
        assertThat(h.raw("LRANGE", "l", "5", "10")).isEqualTo("*0\r\n");
        assertThat(h.raw("LRANGE", "l", "-9223372036854775808", "9223372036854775807"))
                .isEqualTo("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(h.raw("LRANGE", "none", "x", "0")).isEqualTo(NOT_INTEGER);
        assertThat(h.raw("LRANGE", "none", "0", "1")).isEqualTo("*0\r\n");
    }

    @Test
    void ltrimSignalsEvenWhenNothingIsTrimmed() {
        h.raw("RPUSH", "l", "a", "b", "c", "d");
        assertThat(h.raw("LTRIM", "l", "1", "-2")).isEqualTo("+OK\r\n");
        assertThat(h.raw("LRANGE", "l", "0", "-1")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        long before = dirty();
        assertThat(h.raw("LTRIM", "l", "0", "-1")).isEqualTo("+OK\r\n");
        assertThat(dirty()).isEqualTo(before);
        assertThat(h.raw("LTRIM", "l", "2", "1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("EXISTS", "l")).isEqualTo(":0\r\n");
        assertThat(events).containsExactly("new l", "rpush l", "ltrim l", "ltrim l", "ltrim l", "del l");
        assertThat(h.raw("LTRIM", "none", "0", "1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("LTRIM", "none", "a", "1")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void linsert() {
        h.raw("RPUSH", "l", "a", "c");
        assertThat(h.raw("LINSERT", "l", "before", "c", "b")).isEqualTo(":3\r\n");
        assertThat(h.raw("LINSERT", "l", "AFTER", "c", "d")).isEqualTo(":4\r\n");
        assertThat(h.raw("LINSERT", "l", "AFTER", "z", "d")).isEqualTo(":-1\r\n");
        assertThat(h.raw("LINSERT", "none", "AFTER", "z", "d")).isEqualTo(":0\r\n");
        assertThat(h.raw("LINSERT", "none", "NEAR", "z", "d")).isEqualTo(SYNTAX);
        assertThat(h.raw("LRANGE", "l", "0", "-1")).isEqualTo("*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        assertThat(events).containsExactly("new l", "rpush l", "linsert l", "linsert l");
    }

    @Test
    void lremFromEitherEnd() {
        h.raw("RPUSH", "l", "a", "b", "a", "c", "a");
        assertThat(h.raw("LREM", "l", "-2", "a")).isEqualTo(":2\r\n");
        assertThat(h.raw("LRANGE", "l", "0", "-1")).isEqualTo("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(h.raw("LREM", "l", "0", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("LREM", "l", "x", "a")).isEqualTo(NOT_INTEGER);
        events.clear();
        h.raw("LREM", "l", "0", "a");
        h.raw("LREM", "l", "0", "b");
        assertThat(h.raw("LREM", "l", "-9223372036854775808", "c")).isEqualTo(":1\r\n");
        assertThat(events).containsExactly("lrem l", "lrem l", "lrem l", "del l");
    }

    @Test
    void lposOptions() {
        h.raw("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c");
        assertThat(h.raw("LPOS", "l", "c")).isEqualTo(":2\r\n");
        assertThat(h.raw("LPOS", "l", "c", "RANK", "-1")).isEqualTo(":7\r\n");
        assertThat(h.raw("LPOS", "l", "c", "COUNT", "0")).isEqualTo("*3\r\n:2\r\n:6\r\n:7\r\n");
        assertThat(h.raw("LPOS", "l", "c", "RANK", "2", "COUNT", "1")).isEqualTo("*1\r\n:6\r\n");
        assertThat(h.raw("LPOS", "l", "c", "MAXLEN", "2")).isEqualTo("$-1\r\n");
        assertThat(h.raw("LPOS", "l", "c", "MAXLEN", "2", "COUNT", "0")).isEqualTo("*0\r\n");
        assertThat(h.raw("LPOS", "l", "c", "RANK", "0")).isEqualTo("-ERR RANK can't be zero: use 1 to start from the "
                + "first match, 2 from the second ... or use negative to start from the end of the list\r\n");
        assertThat(h.raw("LPOS", "l", "c", "COUNT", "-1")).isEqualTo("-ERR COUNT can't be negative\r\n");
        assertThat(h.raw("LPOS", "l", "c", "MAXLEN", "x")).isEqualTo("-ERR MAXLEN can't be negative\r\n");
        assertThat(h.raw("LPOS", "l", "c", "RANK")).isEqualTo(SYNTAX);
        assertThat(h.raw("LPOS", "none", "c")).isEqualTo("$-1\r\n");
        assertThat(h.raw("LPOS", "none", "c", "COUNT", "2")).isEqualTo("*0\r\n");
        h.raw("SET", "s", "v");
        assertThat(h.raw("LPOS", "s", "c")).isEqualTo(WRONGTYPE);
        assertThat(h.raw("LPOS", "s", "c", "RANK", "0")).startsWith("-ERR RANK can't be zero");
    }

    @Test
    void lmoveEventsAndRotation() {
        h.raw("RPUSH", "src", "a", "b");
        events.clear();
        assertThat(h.raw("LMOVE", "src", "dst", "RIGHT", "LEFT")).isEqualTo("$1\r\nb\r\n");
        assertThat(events).containsExactly("new dst", "lpush dst", "rpop src");
        events.clear();
        assertThat(h.raw("RPOPLPUSH", "src", "dst")).isEqualTo("$1\r\na\r\n");
        assertThat(events).containsExactly("lpush dst", "rpop src", "del src");
        assertThat(h.raw("LRANGE", "dst", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(h.raw("LMOVE", "dst", "dst", "LEFT", "RIGHT")).isEqualTo("$1\r\na\r\n");
        assertThat(h.raw("LRANGE", "dst", "0", "-1")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\na\r\n");
        assertThat(h.raw("LMOVE", "none", "dst", "LEFT", "RIGHT")).isEqualTo("$-1\r\n");
        assertThat(h.raw("LMOVE", "none", "dst", "UP", "RIGHT")).isEqualTo(SYNTAX);
        h.raw("SET", "s", "v");
        assertThat(h.raw("LMOVE", "dst", "s", "LEFT", "RIGHT")).isEqualTo(WRONGTYPE);
        assertThat(h.raw("LLEN", "dst")).isEqualTo(":2\r\n");
        assertThat(h.raw("LMOVE", "none", "s", "LEFT", "RIGHT")).isEqualTo("$-1\r\n");
        assertThat(h.raw("LMOVE", "s", "dst", "LEFT", "RIGHT")).isEqualTo(WRONGTYPE);
        h.raw("RPUSH", "one", "x");
        assertThat(h.raw("LMOVE", "one", "one", "LEFT", "LEFT")).isEqualTo("$1\r\nx\r\n");
        assertThat(h.raw("LLEN", "one")).isEqualTo(":1\r\n");
    }

    @Test
    void lmpop() {
        h.raw("RPUSH", "b", "1", "2", "3");
        h.raw("SET", "s", "v");
        assertThat(h.raw("LMPOP", "2", "a", "b", "LEFT")).isEqualTo("*2\r\n$1\r\nb\r\n*1\r\n$1\r\n1\r\n");
        assertThat(h.raw("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5"))
                .isEqualTo("*2\r\n$1\r\nb\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
        assertThat(h.raw("LMPOP", "2", "a", "b", "LEFT")).isEqualTo("*-1\r\n");
        assertThat(h.raw("LMPOP", "2", "a", "s", "LEFT")).isEqualTo(WRONGTYPE);
        assertThat(h.raw("LMPOP", "0", "a", "LEFT")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(h.raw("LMPOP", "x", "a", "LEFT")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(h.raw("LMPOP", "2", "a", "LEFT")).isEqualTo(SYNTAX);
        assertThat(h.raw("LMPOP", "9223372036854775807", "a", "LEFT")).isEqualTo(SYNTAX);
        assertThat(h.raw("LMPOP", "1", "a", "UP")).isEqualTo(SYNTAX);
        assertThat(h.raw("LMPOP", "1", "a", "LEFT", "COUNT", "0")).isEqualTo("-ERR count should be greater than 0\r\n");
        assertThat(h.raw("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1")).isEqualTo(SYNTAX);
        assertThat(h.raw("LMPOP", "1", "a", "LEFT", "COUNT")).isEqualTo(SYNTAX);
    }

    @Test
    void mpopArgumentsParseFromAnyPosition() {
        var m = ListCommands.parseMpop(io.basalt.protocol.Args.of("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "3"), 2);
        assertThat(m).isEqualTo(new MultiPopArguments(3, 2, true, 3));
    }

    @Test
    void listsWorkWithGenericKeyCommands() {
        h.raw("RPUSH", "l", "a", "1", "bb");
        assertThat(h.raw("COPY", "l", "c")).isEqualTo(":1\r\n");
        h.raw("RPOP", "c");
        assertThat(h.raw("LLEN", "l")).isEqualTo(":3\r\n");
        assertThat(h.raw("DEBUG", "DIGEST-VALUE", "l")).isNotEqualTo(h.raw("DEBUG", "DIGEST-VALUE", "c"));
        // quicklist 56 + node 40 + a 16-byte listpack, key 8, dict entry 24.
        assertThat(h.raw("MEMORY", "USAGE", "l")).isEqualTo(":144\r\n");
    }
}

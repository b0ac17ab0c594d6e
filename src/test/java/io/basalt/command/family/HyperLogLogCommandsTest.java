package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HyperLogLogCommandsTest {
    private final Harness h = new Harness();
    /** An empty HLL as PFADD creates it: the cache invalid, one XZERO of 16384 registers. */
    private static final String EMPTY = "HYLL\u0001\0\0\0\0\0\0\0\0\0\0\u0080\u007f\u00ff";
    private static final String NOT_HLL = "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n";
    private static final String CORRUPT = "-INVALIDOBJ Corrupted HLL object detected\r\n";

    private String bin(String... args) {
        return StringCommandsTest.bin(h, args);
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private long dirty() {
        return h.engine.stats().dirty;
    }

    /** Records keyspace events and modified keys as "event key" / "modified key". */
    private List<String> recordEvents() {
        return h.recordEvents(" ", true);
    }

    @Test
    void pfaddCreatesTheKeyEvenWithoutElements() {
        assertThat(h.raw("PFADD", "e")).isEqualTo(":1\r\n");
        assertThat(h.raw("PFADD", "e")).isEqualTo(":0\r\n");
        assertThat(bin("GET", "e")).isEqualTo(bulk(EMPTY));
        assertThat(h.raw("OBJECT", "ENCODING", "e")).isEqualTo("$3\r\nraw\r\n");
        assertThat(h.raw("TYPE", "e")).isEqualTo("+string\r\n");
        assertThat(h.raw("PFCOUNT", "e")).isEqualTo(":0\r\n");
    }

    @Test
    void pfaddReportsWhetherARegisterChangedAndCountsEachChangeDirty() {
        long before = dirty();
        assertThat(h.raw("PFADD", "h", "a", "b", "c")).isEqualTo(":1\r\n");
        assertThat(dirty() - before).isEqualTo(4); // the creation and three registers
        assertThat(h.raw("PFADD", "h", "a", "b")).isEqualTo(":0\r\n");
        assertThat(dirty() - before).isEqualTo(4);
        assertThat(h.raw("PFDEBUG", "DECODE", "h")).isEqualTo(bulk("Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603"));
        assertThat(h.raw("PFCOUNT", "h")).isEqualTo(":3\r\n");
    }

    @Test
    void pfcountCachesTheCardinalityAsAModificationWithoutAnEvent() {
        h.raw("PFADD", "h", "a", "b", "c");
        List<String> events = recordEvents();
        long before = dirty();
        assertThat(h.raw("PFCOUNT", "h")).isEqualTo(":3\r\n");
        assertThat(bin("GETRANGE", "h", "8", "15")).isEqualTo(bulk("\u0003\0\0\0\0\0\0\0"));
        assertThat(dirty() - before).isEqualTo(1);
        assertThat(events).containsExactly("modified h");
        assertThat(h.raw("PFCOUNT", "h")).isEqualTo(":3\r\n");
        assertThat(dirty() - before).isEqualTo(1);
        assertThat(events).containsExactly("modified h");
        h.raw("PFADD", "h", "d");
        assertThat(bin("GETRANGE", "h", "15", "15")).isEqualTo(bulk("\u0080"));
    }

    @Test
    void pfcountTrustsAValidCache() {
        h.raw("SET", "c", "HYLL\u0001\0\0\0\u002a\0\0\0\0\0\0\0");
        assertThat(h.raw("PFCOUNT", "c")).isEqualTo(":42\r\n");
        assertThat(h.raw("PFCOUNT", "c", "c")).isEqualTo(CORRUPT);
    }

    @Test
    void pfcountOfSeveralKeysCountsTheUnionWithoutTouchingThem() {
        h.raw("PFADD", "a", "x", "y", "z");
        h.raw("PFADD", "b", "y", "z", "w");
        String a = bin("GET", "a");
        long before = dirty();
        assertThat(h.raw("PFCOUNT", "a", "b")).isEqualTo(":4\r\n");
        assertThat(h.raw("PFCOUNT", "a", "b", "missing")).isEqualTo(":4\r\n");
        assertThat(h.raw("PFCOUNT", "missing", "missing2")).isEqualTo(":0\r\n");
        assertThat(bin("GET", "a")).isEqualTo(a);
        assertThat(dirty()).isEqualTo(before);
        assertThat(h.raw("PFCOUNT", "missing")).isEqualTo(":0\r\n");
    }

    @Test
    void pfmergeNotifiesPfaddAndStaysSparseUnlessASourceIsDense() {
        h.raw("PFADD", "a", "x", "y");
        h.raw("PFADD", "b", "z");
        List<String> events = recordEvents();
        assertThat(h.raw("PFMERGE", "dst", "a", "b")).isEqualTo("+OK\r\n");
        // The destination is read as a source first: a miss, as in Redis.
        assertThat(events).containsExactly("keymiss dst", "new dst", "modified dst", "pfadd dst");
        assertThat(h.raw("PFDEBUG", "ENCODING", "dst")).isEqualTo("+sparse\r\n");
        assertThat(h.raw("PFCOUNT", "dst")).isEqualTo(":3\r\n");
        assertThat(h.raw("PFMERGE", "new")).isEqualTo("+OK\r\n");
        assertThat(bin("GET", "new")).isEqualTo(bulk(EMPTY));

        h.raw("PFDEBUG", "TODENSE", "b");
        assertThat(h.raw("PFMERGE", "a", "b")).isEqualTo("+OK\r\n");
        assertThat(h.raw("PFDEBUG", "ENCODING", "a")).isEqualTo("+dense\r\n");
        assertThat(h.raw("PFCOUNT", "a")).isEqualTo(":3\r\n");
        assertThat(bin("GETRANGE", "a", "0", "15")).isEqualTo(bin("GETRANGE", "dst", "0", "15").replace("\u0001", "\0"));
    }

    @Test
    void pfaddNotifiesOnlyWhenSomethingChanged() {
        List<String> events = recordEvents();
        h.raw("PFADD", "h", "a");
        h.raw("PFADD", "h", "a");
        assertThat(events).containsExactly("new h", "modified h", "pfadd h");
    }

    @Test
    void anotherTypeGetsTheGenericWrongTypeAndAStringTheHllOne() {
        StringCommandsTest.wrongType(h, "other");
        String wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        assertThat(h.raw("PFADD", "other", "a")).isEqualTo(wrongType);
        assertThat(h.raw("PFCOUNT", "other")).isEqualTo(wrongType);
        assertThat(h.raw("PFCOUNT", "missing", "other")).isEqualTo(wrongType);
        assertThat(h.raw("PFMERGE", "other")).isEqualTo(wrongType);
        assertThat(h.raw("PFDEBUG", "ENCODING", "other")).isEqualTo(wrongType);

        h.raw("SET", "s", "hello");
        assertThat(h.raw("PFADD", "s", "a")).isEqualTo(NOT_HLL);
        assertThat(h.raw("PFCOUNT", "s")).isEqualTo(NOT_HLL);
        assertThat(h.raw("PFMERGE", "dst", "s")).isEqualTo(NOT_HLL);
        assertThat(h.raw("EXISTS", "dst")).isEqualTo(":0\r\n");
        h.raw("SET", "n", "12345678901234567");
        assertThat(h.raw("PFCOUNT", "n")).isEqualTo(NOT_HLL);
        h.raw("SET", "bad", "HYLL\u0002\0\0\0\0\0\0\0\0\0\0\0");
        assertThat(h.raw("PFCOUNT", "bad")).isEqualTo(NOT_HLL);
        h.raw("SET", "truncated", "HYLL\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
        assertThat(h.raw("PFADD", "truncated", "a")).isEqualTo(NOT_HLL);
    }

    @Test
    void corruptSparseOpcodesGiveInvalidObj() {
        bin("SET", "few", "HYLL\u0001\0\0\0\0\0\0\0\0\0\0\u0080\u007f\u00fe");
        assertThat(h.raw("PFCOUNT", "few")).isEqualTo(CORRUPT);
        assertThat(h.raw("PFCOUNT", "few", "few")).isEqualTo(CORRUPT);
        assertThat(h.raw("PFMERGE", "dst", "few")).isEqualTo(CORRUPT);
        assertThat(h.raw("EXISTS", "dst")).isEqualTo(":0\r\n");
        assertThat(h.raw("PFDEBUG", "TODENSE", "few")).isEqualTo(CORRUPT);
        assertThat(h.raw("PFDEBUG", "DECODE", "few")).isEqualTo(bulk("Z:16383"));
        h.raw("SET", "nops", "HYLL\u0001\0\0\0\0\0\0\0\0\0\0\0");
        assertThat(h.raw("PFADD", "nops", "a")).isEqualTo(CORRUPT);
        assertThat(h.raw("PFADD", "nops")).isEqualTo(":0\r\n");
    }

    @Test
    void pfdebugSubcommands() {
        assertThat(h.raw("PFDEBUG", "GETREG", "missing")).isEqualTo("-ERR The specified key does not exist\r\n");
        assertThat(h.raw("PFDEBUG", "FOO", "missing")).isEqualTo("-ERR The specified key does not exist\r\n");
        h.raw("PFADD", "h", "a", "b", "c");
        assertThat(h.raw("PFDEBUG", "FOO", "h")).isEqualTo("-ERR Unknown PFDEBUG subcommand 'FOO'\r\n");
        assertThat(h.raw("PFDEBUG", "encoding", "h")).isEqualTo("+sparse\r\n");
        long before = dirty();
        Object regs = h.call("PFDEBUG", "GETREG", "h");
        assertThat((List<?>) regs).hasSize(16384);
        assertThat(((List<?>) regs).stream().filter(v -> !v.equals(0L)).count()).isEqualTo(3);
        assertThat(dirty() - before).isEqualTo(1); // the conversion to dense
        assertThat(h.raw("PFDEBUG", "ENCODING", "h")).isEqualTo("+dense\r\n");
        assertThat(h.raw("PFDEBUG", "DECODE", "h")).isEqualTo("-ERR HLL encoding is not sparse\r\n");
        assertThat(h.raw("PFDEBUG", "TODENSE", "h")).isEqualTo(":0\r\n");
        h.raw("PFADD", "s", "x");
        assertThat(h.raw("PFDEBUG", "TODENSE", "s")).isEqualTo(":1\r\n");
        assertThat(h.raw("STRLEN", "s")).isEqualTo(":12304\r\n");
        assertThat(h.raw("PFDEBUG", "GETREG", "s", "x")).isEqualTo("-ERR wrong number of arguments for 'pfdebug' command\r\n");
    }

    @Test
    void theSparseLimitFollowsConfigSet() {
        assertThat(h.raw("CONFIG", "GET", "hll-sparse-max-bytes")).isEqualTo("*2\r\n$20\r\nhll-sparse-max-bytes\r\n$4\r\n3000\r\n");
        assertThat(h.raw("CONFIG", "SET", "hll-sparse-max-bytes", "0")).isEqualTo("+OK\r\n");
        h.raw("PFADD", "z");
        assertThat(h.raw("PFDEBUG", "ENCODING", "z")).isEqualTo("+sparse\r\n");
        h.raw("PFADD", "z", "a");
        assertThat(h.raw("PFDEBUG", "ENCODING", "z")).isEqualTo("+dense\r\n");
        assertThat(h.raw("CONFIG", "SET", "hll-sparse-max-bytes", "100000")).isEqualTo("+OK\r\n");
        String[] many = new String[4002];
        many[0] = "PFADD";
        many[1] = "big";
        for (int i = 2; i < many.length; i++) many[i] = "e" + i;
        h.raw(many);
        assertThat(h.raw("PFDEBUG", "ENCODING", "big")).isEqualTo("+sparse\r\n");
        assertThat((Long) h.call("STRLEN", "big")).isGreaterThan(3000);
        assertThat(h.raw("CONFIG", "SET", "hll-sparse-max-bytes", "3000")).isEqualTo("+OK\r\n");
        h.raw("PFADD", "big", "more", "and", "more", "elements");
        assertThat(h.raw("PFDEBUG", "ENCODING", "big")).isEqualTo("+dense\r\n");
    }
}

package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BitmapCommandsTest {
    private final Harness h = new Harness();

    private String bin(String... args) {
        return StringCommandsTest.bin(h, args);
    }

    private void wrongType(String key) {
        StringCommandsTest.wrongType(h, key);
    }

    @Test
    void bitWritesMakeRawStrings() {
        h.raw("SET", "sb2", "abc");
        assertThat(h.raw("SETBIT", "sb2", "0", "0")).isEqualTo(":0\r\n");
        assertThat(StringCommandsTest.encoding(h, "sb2")).isEqualTo("raw");
        h.raw("SET", "e", "1234");
        assertThat(h.raw("BITFIELD", "e", "GET", "u8", "0")).isEqualTo("*1\r\n:49\r\n");
        assertThat(StringCommandsTest.encoding(h, "e")).isEqualTo("int");
        assertThat(h.raw("BITFIELD", "e", "SET", "u8", "0", "49")).isEqualTo("*1\r\n:49\r\n");
        assertThat(StringCommandsTest.encoding(h, "e")).isEqualTo("raw");
        assertThat(h.raw("GET", "e")).isEqualTo("$4\r\n1234\r\n");
        h.raw("SET", "a", "abcd");
        h.raw("BITOP", "OR", "bo", "a");
        assertThat(StringCommandsTest.encoding(h, "bo")).isEqualTo("raw");
    }

    @Test
    void bitWritesKeepTtlAndBitopDropsIt() {
        h.raw("SET", "t", "5", "EX", "100");
        assertThat(h.raw("SETBIT", "t", "0", "1")).isEqualTo(":0\r\n");
        h.raw("SET", "d", "x", "EX", "100");
        h.raw("BITOP", "NOT", "d", "t");
        h.clock.advanceMillis(100_000);
        assertThat(h.raw("GET", "t")).isEqualTo("$-1\r\n");
        assertThat(h.raw("STRLEN", "d")).isEqualTo(":1\r\n");
    }

    @Test
    void offsetsAreBoundedByProtoMaxBulkLen() {
        Harness small = new Harness("proto-max-bulk-len", "1048576");
        assertThat(small.raw("SETBIT", "q", "8388607", "1")).isEqualTo(":0\r\n");
        assertThat(small.raw("STRLEN", "q")).isEqualTo(":1048576\r\n");
        assertThat(small.raw("SETBIT", "q", "8388608", "1"))
                .isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(small.raw("BITFIELD", "q", "GET", "u8", "8388600")).isEqualTo("*1\r\n:1\r\n");
        assertThat(small.raw("BITFIELD", "q", "GET", "u8", "8388601")).isEqualTo("*1\r\n:2\r\n");
        assertThat(small.raw("BITFIELD", "q", "GET", "u8", "#1048575")).isEqualTo("*1\r\n:1\r\n");
        assertThat(small.raw("BITFIELD", "q", "GET", "u8", "#1048576"))
                .isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(small.raw("BITPOS", "q", "1")).isEqualTo(":8388607\r\n");
        assertThat(small.raw("BITCOUNT", "q")).isEqualTo(":1\r\n");
    }

    @Test
    void resp3NullForFailedOverflow() {
        h.raw("HELLO", "3");
        assertThat(h.raw("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5")).isEqualTo("*1\r\n_\r\n");
    }

    /** Checked against Redis 7.0.15: SETBIT / GETBIT. */
    @Test
    void setbitGetbit() {
        wrongType("list");
        assertThat(h.raw("SETBIT", "b", "7", "1")).isEqualTo(":0\r\n");
        assertThat(h.raw("GETBIT", "b", "7")).isEqualTo(":1\r\n");
        assertThat(h.raw("GET", "b")).isEqualTo("$1\r\n\u0001\r\n");
        assertThat(h.raw("SETBIT", "b", "7", "0")).isEqualTo(":1\r\n");
        assertThat(h.raw("SETBIT", "b", "7", "0")).isEqualTo(":0\r\n");
        assertThat(h.raw("SETBIT", "b", "100", "1")).isEqualTo(":0\r\n");
        assertThat(h.raw("STRLEN", "b")).isEqualTo(":13\r\n");
        assertThat(h.raw("GETBIT", "b", "100")).isEqualTo(":1\r\n");
        assertThat(h.raw("GETBIT", "b", "1000000")).isEqualTo(":0\r\n");
        assertThat(h.raw("GETBIT", "missing", "0")).isEqualTo(":0\r\n");
        assertThat(h.raw("SETBIT", "b", "-1", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("SETBIT", "b", "abc", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("SETBIT", "b", "4294967296", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("SETBIT", "b", "0", "2")).isEqualTo("-ERR bit is not an integer or out of range\r\n");
        assertThat(h.raw("SETBIT", "b", "0", "-1")).isEqualTo("-ERR bit is not an integer or out of range\r\n");
        assertThat(h.raw("SETBIT", "b", "0", "abc")).isEqualTo("-ERR bit is not an integer or out of range\r\n");
        assertThat(h.raw("GETBIT", "b", "-1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("GETBIT", "b", "4294967296")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "s", "a")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SETBIT", "s", "6", "1")).isEqualTo(":0\r\n");
        assertThat(h.raw("GET", "s")).isEqualTo("$1\r\nc\r\n");
        assertThat(h.raw("SET", "n", "1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GETBIT", "n", "2")).isEqualTo(":1\r\n");
        assertThat(h.raw("GETBIT", "n", "7")).isEqualTo(":1\r\n");
        wrongType("list");
        assertThat(h.raw("SETBIT", "list", "0", "1")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("GETBIT", "list", "0")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    /** Checked against Redis 7.0.15: BITCOUNT. */
    @Test
    void bitcount() {
        wrongType("list");
        assertThat(h.raw("SET", "foobar", "foobar")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITCOUNT", "foobar")).isEqualTo(":26\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "0", "0")).isEqualTo(":4\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "1", "1")).isEqualTo(":6\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "1", "1", "BYTE")).isEqualTo(":6\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "5", "30", "BIT")).isEqualTo(":17\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "-2", "-1")).isEqualTo(":7\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "-1", "-2")).isEqualTo(":0\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "0", "-100")).isEqualTo(":4\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "100", "200")).isEqualTo(":0\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "0", "7", "BIT")).isEqualTo(":4\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "1", "1", "FOO")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "0")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("BITCOUNT", "foobar", "a", "b")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("BITCOUNT", "missing")).isEqualTo(":0\r\n");
        assertThat(h.raw("BITCOUNT", "missing", "0")).isEqualTo(":0\r\n");
        assertThat(h.raw("BITCOUNT", "list")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("SET", "n", "12345")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITCOUNT", "n")).isEqualTo(":17\r\n");
        assertThat(h.raw("BITCOUNT", "n", "0", "0")).isEqualTo(":3\r\n");
    }

    /** Checked against Redis 7.0.15: BITPOS. */
    @Test
    void bitpos() {
        wrongType("list");
        assertThat(bin("SET", "bp", "\u00ff\u00f0\u0000")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITPOS", "bp", "0")).isEqualTo(":12\r\n");
        assertThat(h.raw("BITPOS", "bp", "1")).isEqualTo(":0\r\n");
        assertThat(h.raw("BITPOS", "bp", "0", "2")).isEqualTo(":16\r\n");
        assertThat(h.raw("BITPOS", "bp", "1", "2")).isEqualTo(":-1\r\n");
        assertThat(h.raw("BITPOS", "bp", "0", "0", "0")).isEqualTo(":-1\r\n");
        assertThat(h.raw("BITPOS", "bp", "0", "0", "-1")).isEqualTo(":12\r\n");
        assertThat(h.raw("BITPOS", "bp", "1", "7", "15", "BIT")).isEqualTo(":7\r\n");
        assertThat(h.raw("BITPOS", "bp", "0", "7", "15", "BIT")).isEqualTo(":12\r\n");
        assertThat(h.raw("BITPOS", "bp", "0", "0", "7", "BIT")).isEqualTo(":-1\r\n");
        assertThat(h.raw("BITPOS", "bp", "1", "17", "BIT")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("BITPOS", "bp", "2")).isEqualTo("-ERR The bit argument must be 1 or 0.\r\n");
        assertThat(h.raw("BITPOS", "bp", "a")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("BITPOS", "bp", "1", "a")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("BITPOS", "bp", "1", "0", "a")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("BITPOS", "bp", "1", "0", "1", "FOO")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("BITPOS", "missing", "0")).isEqualTo(":0\r\n");
        assertThat(h.raw("BITPOS", "missing", "1")).isEqualTo(":-1\r\n");
        assertThat(h.raw("BITPOS", "missing", "2")).isEqualTo("-ERR The bit argument must be 1 or 0.\r\n");
        assertThat(bin("SET", "ones", "\u00ff\u00ff\u00ff")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITPOS", "ones", "0")).isEqualTo(":24\r\n");
        assertThat(h.raw("BITPOS", "ones", "0", "0", "-1")).isEqualTo(":-1\r\n");
        assertThat(h.raw("BITPOS", "ones", "0", "0")).isEqualTo(":24\r\n");
        assertThat(h.raw("BITPOS", "ones", "1", "3", "5")).isEqualTo(":-1\r\n");
        assertThat(h.raw("SET", "zeros", "\u0000\u0000\u0000")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITPOS", "zeros", "1")).isEqualTo(":-1\r\n");
        assertThat(h.raw("BITPOS", "zeros", "0", "5", "10", "BIT")).isEqualTo(":5\r\n");
        assertThat(h.raw("BITPOS", "list", "1")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    /** Checked against Redis 7.0.15: BITOP. */
    @Test
    void bitop() {
        wrongType("list");
        assertThat(h.raw("SET", "k1", "foobar")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SET", "k2", "abcdef")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITOP", "AND", "dest", "k1", "k2")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "dest")).isEqualTo("$6\r\n`bc`ab\r\n");
        assertThat(h.raw("BITOP", "OR", "dest", "k1", "k2")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "dest")).isEqualTo("$6\r\ngoofev\r\n");
        assertThat(h.raw("BITOP", "XOR", "dest", "k1", "k2")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "dest")).isEqualTo("$6\r\n\u0007\r\u000c\u0006\u0004\u0014\r\n");
        assertThat(h.raw("BITOP", "NOT", "dest", "k1")).isEqualTo(":6\r\n");
        assertThat(bin("GET", "dest")).isEqualTo("$6\r\n\u0099\u0090\u0090\u009d\u009e\u008d\r\n");
        assertThat(h.raw("BITOP", "NOT", "dest", "k1", "k2")).isEqualTo("-ERR BITOP NOT must be called with a single source key.\r\n");
        assertThat(h.raw("BITOP", "FOO", "dest", "k1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("BITOP", "AND", "dest", "missing")).isEqualTo(":0\r\n");
        assertThat(h.raw("BITOP", "OR", "dest", "k1", "missing")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "dest")).isEqualTo("$6\r\nfoobar\r\n");
        assertThat(h.raw("BITOP", "AND", "dest", "k1", "list")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("SET", "short", "\u0001")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITOP", "AND", "dest", "k1", "short")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "dest")).isEqualTo("$6\r\n\u0000\u0000\u0000\u0000\u0000\u0000\r\n");
        assertThat(h.raw("BITOP", "XOR", "k1", "k1", "k2")).isEqualTo(":6\r\n");
        assertThat(h.raw("GET", "k1")).isEqualTo("$6\r\n\u0007\r\u000c\u0006\u0004\u0014\r\n");
    }

    /** Checked against Redis 7.0.15: BITFIELD. */
    @Test
    void bitfield() {
        wrongType("list");
        assertThat(h.raw("BITFIELD", "bf", "SET", "i8", "0", "100", "GET", "i8", "0")).isEqualTo("*2\r\n:0\r\n:100\r\n");
        assertThat(h.raw("BITFIELD", "bf", "INCRBY", "i8", "0", "100")).isEqualTo("*1\r\n:-56\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "100")).isEqualTo("*1\r\n:44\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "100")).isEqualTo("*1\r\n$-1\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "WRAP", "INCRBY", "i8", "0", "-300")).isEqualTo("*1\r\n:0\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "u8", "0", "GET", "i4", "0", "GET", "u4", "4")).isEqualTo("*3\r\n:0\r\n:0\r\n:0\r\n");
        assertThat(h.raw("BITFIELD", "bf", "SET", "u8", "#1", "255", "GET", "u8", "#1", "GET", "u8", "8")).isEqualTo("*3\r\n:0\r\n:255\r\n:255\r\n");
        assertThat(h.raw("BITFIELD", "bf", "INCRBY", "u2", "100", "1", "OVERFLOW", "SAT", "incrby", "u2", "102", "1")).isEqualTo("*2\r\n:1\r\n:1\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u2", "102", "-5")).isEqualTo("*1\r\n$-1\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "-5")).isEqualTo("*1\r\n:0\r\n");
        assertThat(h.raw("BITFIELD", "bf", "SET", "i64", "0", "-1", "GET", "i64", "0", "GET", "u63", "0")).isEqualTo("*3\r\n:71776119061217280\r\n:-1\r\n:9223372036854775807\r\n");
        assertThat(h.raw("BITFIELD", "bf", "SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1")).isEqualTo("*2\r\n:-1\r\n:-9223372036854775808\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "SAT", "SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1")).isEqualTo("*2\r\n:-9223372036854775808\r\n:9223372036854775807\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1")).isEqualTo("*2\r\n:-1\r\n:-2\r\n");
        assertThat(h.raw("BITFIELD", "bf", "SET", "u8", "0", "-1", "GET", "u8", "0")).isEqualTo("*2\r\n:255\r\n:255\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "SAT", "SET", "u8", "0", "-1", "GET", "u8", "0")).isEqualTo("*2\r\n:255\r\n:255\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "SAT", "SET", "i8", "0", "200", "GET", "i8", "0")).isEqualTo("*2\r\n:-1\r\n:127\r\n");
        assertThat(h.raw("BITFIELD", "bf", "SET", "i8", "0", "200", "GET", "i8", "0")).isEqualTo("*2\r\n:127\r\n:-56\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "u64", "0")).isEqualTo("-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "i65", "0")).isEqualTo("-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "i0", "0")).isEqualTo("-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "x8", "0")).isEqualTo("-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "u8", "-1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "u8", "#-1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "u8", "abc")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "u8", "4294967296")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("BITFIELD", "bf", "SET", "u8", "0", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("BITFIELD", "bf", "OVERFLOW", "FOO", "GET", "u8", "0")).isEqualTo("-ERR Invalid OVERFLOW type specified\r\n");
        assertThat(h.raw("BITFIELD", "bf", "FOO", "u8", "0")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("BITFIELD", "bf", "GET", "u8")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("BITFIELD", "bf")).isEqualTo("*0\r\n");
        assertThat(h.raw("BITFIELD", "missing", "GET", "u8", "0", "GET", "i16", "100")).isEqualTo("*2\r\n:0\r\n:0\r\n");
        assertThat(h.raw("BITFIELD", "list", "GET", "u8", "0")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(h.raw("SET", "ovf", "a")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITCOUNT", "ovf", "-9223372036854775808", "9223372036854775807", "BIT")).isEqualTo(":3\r\n");
        assertThat(h.raw("BITPOS", "ovf", "1", "-9223372036854775808", "9223372036854775807", "BIT")).isEqualTo(":1\r\n");
        assertThat(h.raw("BITFIELD", "ovf", "GET", "i8", "#9223372036854775807")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("BITFIELD", "ovf", "GET", "i64", "#1152921504606846975")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(h.raw("BITFIELD", "ovf", "GET", "i64", "#1152921504606846976")).isEqualTo("*1\r\n:6989586621679009792\r\n");
        assertThat(h.raw("BITFIELD_RO", "bf", "GET", "u8", "0", "GET", "i8", "#1")).isEqualTo("*2\r\n:200\r\n:-1\r\n");
        assertThat(h.raw("BITFIELD_RO", "bf", "SET", "u8", "0", "1")).isEqualTo("-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        assertThat(h.raw("BITFIELD_RO", "bf", "INCRBY", "u8", "0", "1")).isEqualTo("-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        assertThat(h.raw("BITFIELD_RO", "bf", "GET", "u64", "0")).isEqualTo("-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        assertThat(h.raw("SET", "bfn", "123")).isEqualTo("+OK\r\n");
        assertThat(h.raw("BITFIELD", "bfn", "GET", "u8", "0")).isEqualTo("*1\r\n:49\r\n");
        assertThat(h.raw("BITFIELD", "bfn", "SET", "u8", "0", "52")).isEqualTo("*1\r\n:49\r\n");
        assertThat(h.raw("GET", "bfn")).isEqualTo("$3\r\n423\r\n");
    }

    /** Checked against Redis 7.0.15: arity. */
    @Test
    void arity() {
        wrongType("list");
        assertThat(h.raw("SETBIT", "b", "1")).isEqualTo("-ERR wrong number of arguments for 'setbit' command\r\n");
        assertThat(h.raw("GETBIT", "b")).isEqualTo("-ERR wrong number of arguments for 'getbit' command\r\n");
        assertThat(h.raw("BITCOUNT")).isEqualTo("-ERR wrong number of arguments for 'bitcount' command\r\n");
        assertThat(h.raw("BITPOS", "b")).isEqualTo("-ERR wrong number of arguments for 'bitpos' command\r\n");
        assertThat(h.raw("BITOP", "AND", "dest")).isEqualTo("-ERR wrong number of arguments for 'bitop' command\r\n");
        assertThat(h.raw("BITFIELD_RO")).isEqualTo("-ERR wrong number of arguments for 'bitfield_ro' command\r\n");
    }
}

package io.basalt.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestDecoderTest {
    private static final long MAX_BULK = 512L * 1024 * 1024;

    /** Feeds {@code input} split at {@code cut} and returns every decoded command. */
    private static List<List<String>> decode(byte[] input, int cut) throws ProtocolException {
        RequestDecoder d = new RequestDecoder();
        Args args = new Args();
        List<List<String>> out = new ArrayList<>();
        int[][] parts = {{0, cut}, {cut, input.length}};
        for (int[] part : parts) {
            d.append(input, part[0], part[1] - part[0]);
            while (d.next(args, false, MAX_BULK)) {
                List<String> cmd = new ArrayList<>();
                for (int i = 0; i < args.count(); i++) cmd.add(args.string(i));
                out.add(cmd);
            }
            d.compact();
        }
        return out;
    }

    private static void assertDecodesAtEverySplit(String input, List<List<String>> expected) throws ProtocolException {
        byte[] b = input.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= b.length; cut++) {
            assertThat(decode(b, cut)).as("split at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void multibulkAtEverySplit() throws ProtocolException {
        assertDecodesAtEverySplit("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n",
                List.of(List.of("SET", "k", "hello"), List.of("PING")));
    }

    @Test
    void inlineAtEverySplit() throws ProtocolException {
        assertDecodesAtEverySplit("set k \"a b\\x41\\n\"\r\nping\n\r\n   \r\nget 'it\\'s'\n",
                List.of(List.of("set", "k", "a bA\n"), List.of("ping"), List.of("get", "it's")));
    }

    @Test
    void emptyAndNegativeMultibulkAreSkipped() throws ProtocolException {
        assertDecodesAtEverySplit("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n", List.of(List.of("PING")));
    }

    @Test
    void emptyBulkArgument() throws ProtocolException {
        assertDecodesAtEverySplit("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", List.of(List.of("ECHO", "")));
    }

    private static String errorOf(String input, boolean authRequired) {
        RequestDecoder d = new RequestDecoder();
        byte[] b = input.getBytes(StandardCharsets.ISO_8859_1);
        d.append(b, 0, b.length);
        try {
            while (d.next(new Args(), authRequired, MAX_BULK)) {
                // keep going until the error
            }
            return null;
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    @Test
    void protocolErrorsMatchRedis() {
        assertThat(errorOf("*abc\r\n", false)).isEqualTo("Protocol error: invalid multibulk length");
        assertThat(errorOf("*01\r\n", false)).isEqualTo("Protocol error: invalid multibulk length");
        assertThat(errorOf("*2147483648\r\n", false)).isEqualTo("Protocol error: invalid multibulk length");
        assertThat(errorOf("*1\r\n$-1\r\n", false)).isEqualTo("Protocol error: invalid bulk length");
        assertThat(errorOf("*1\r\n$536870913\r\n", false)).isEqualTo("Protocol error: invalid bulk length");
        assertThat(errorOf("*1\r\nfoo\r\n", false)).isEqualTo("Protocol error: expected '$', got 'f'");
        assertThat(errorOf("set k \"abc\r\n", false)).isEqualTo("Protocol error: unbalanced quotes in request");
        assertThat(errorOf("set k \"abc\"x\r\n", false)).isEqualTo("Protocol error: unbalanced quotes in request");
        assertThat(errorOf("*11\r\n", true)).isEqualTo("Protocol error: unauthenticated multibulk length");
        assertThat(errorOf("*1\r\n$16385\r\n", true)).isEqualTo("Protocol error: unauthenticated bulk length");
        assertThat(errorOf("*1\r\n$16385\r\n", false)).isNull();
        assertThat(errorOf("x".repeat(64 * 1024 + 1), false)).isEqualTo("Protocol error: too big inline request");
        assertThat(errorOf("*" + "1".repeat(64 * 1024 + 1), false)).isEqualTo("Protocol error: too big mbulk count string");
        assertThat(errorOf("*1\r\n$" + "1".repeat(64 * 1024 + 1), false)).isEqualTo("Protocol error: too big bulk count string");
    }

    @Test
    void declaredLengthDoesNotReserveMemory() throws ProtocolException {
        RequestDecoder d = new RequestDecoder();
        byte[] header = "*2\r\n$3\r\nSET\r\n$536870912\r\nabc".getBytes(StandardCharsets.US_ASCII);
        d.append(header, 0, header.length);
        assertThat(d.next(new Args(), false, MAX_BULK)).isFalse();
        assertThat(d.capacity()).isLessThan(64 * 1024);
    }

    @Test
    void nulByteStopsTheLineSearchLikeStrchr() {
        // Redis searches for '\r' with strchr, which stops at a NUL: the header never completes.
        assertThat(errorOf("*1\0\r\n" + "x".repeat(64 * 1024), false)).isEqualTo("Protocol error: too big mbulk count string");
    }
}

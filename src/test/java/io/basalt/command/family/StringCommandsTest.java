package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StringCommandsTest {
    private final Harness h = new Harness();

    @Test
    void getAndSet() {
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("SET", "n", "12345")).isEqualTo("+OK\r\n");
        assertThat(h.raw("GET", "n")).isEqualTo("$5\r\n12345\r\n");
    }

    @Test
    void setOptions() {
        assertThat(h.raw("SET", "k", "v", "NX")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SET", "k", "w", "NX")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "x", "w", "XX")).isEqualTo("$-1\r\n");
        assertThat(h.raw("SET", "k", "w", "XX", "GET")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("SET", "k", "v", "NX", "XX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "10", "PX", "10")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "KEEPTTL", "EX", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "0")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SET", "k", "v", "EX", "9223372036854775807"))
                .isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(h.raw("SET", "k", "v", "PX", "9223372036854775807"))
                .isEqualTo("-ERR invalid expire time in 'set' command\r\n");
    }

    @Test
    void expiryUsesTheInjectedClock() {
        assertThat(h.raw("SET", "k", "v", "PX", "100")).isEqualTo("+OK\r\n");
        h.clock.advanceMillis(99);
        assertThat(h.raw("GET", "k")).isEqualTo("$1\r\nv\r\n");
        h.clock.advanceMillis(1);
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(h.engine.keyspace().stats().expiredKeys).isEqualTo(1);
    }

    @Test
    void setClearsTtlUnlessKeepTtl() {
        h.raw("SET", "k", "v", "EX", "100");
        h.raw("SET", "k", "v2", "KEEPTTL");
        h.clock.advanceMillis(100_000);
        assertThat(h.raw("GET", "k")).isEqualTo("$-1\r\n");
        h.raw("SET", "k", "v", "EX", "100");
        h.raw("SET", "k", "v2");
        h.clock.advanceMillis(100_000);
        assertThat(h.raw("GET", "k")).isEqualTo("$2\r\nv2\r\n");
    }

    @Test
    void wrongArity() {
        assertThat(h.raw("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(h.raw("SET", "k")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
    }
}

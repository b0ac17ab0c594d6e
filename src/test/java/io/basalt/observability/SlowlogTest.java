package io.basalt.observability;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowlogTest {
    @Test
    void logsEveryCommandAtZeroAndSkipsDisabled() {
        Harness h = new Harness("slowlog-log-slower-than", "0");
        assertThat(h.raw("SLOWLOG", "RESET")).isEqualTo("+OK\r\n");
        assertThat(h.raw("SLOWLOG", "LEN")).isEqualTo(":1\r\n");
        h.raw("CLIENT", "SETNAME", "me");
        h.raw("SET", "k", "v");
        long now = h.clock.millis() / 1000;
        assertThat(h.raw("SLOWLOG", "GET", "1")).isEqualTo("*1\r\n*6\r\n:3\r\n:" + now + "\r\n:0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n"
                + "$1\r\nv\r\n$15\r\n127.0.0.1:40000\r\n$2\r\nme\r\n");
        assertThat(h.raw("SLOWLOG", "GET", "0")).isEqualTo("*0\r\n");
        assertThat(h.raw("SLOWLOG", "GET", "-1")).startsWith("*6\r\n");
        assertThat(h.raw("SLOWLOG", "GET", "-2")).isEqualTo("-ERR count should be greater than or equal to -1\r\n");
        assertThat(h.raw("SLOWLOG", "GET", "x")).isEqualTo("-ERR count should be greater than or equal to -1\r\n");
        assertThat(h.raw("SLOWLOG", "GET", "1", "2"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n");
        assertThat(h.raw("SLOWLOG", "foo")).isEqualTo("-ERR unknown subcommand 'foo'. Try SLOWLOG HELP.\r\n");
        assertThat(h.raw("SLOWLOG", "LEN", "x")).isEqualTo("-ERR wrong number of arguments for 'slowlog|len' command\r\n");
    }

    @Test
    void redactsSecretsAndTrimsLongArguments() {
        Harness h = new Harness("slowlog-log-slower-than", "0");
        h.raw("AUTH", "default", "secret");
        h.raw("HELLO", "2", "AUTH", "default", "secret", "SETNAME", "x");
        String[] many = new String[40];
        many[0] = "SET";
        for (int i = 1; i < 40; i++) many[i] = "a";
        h.raw(many);
        h.raw("ECHO", "x".repeat(130));
        String log = h.raw("SLOWLOG", "GET", "4");
        assertThat(log).contains("*2\r\n$4\r\nECHO\r\n$146\r\n" + "x".repeat(128) + "... (2 more bytes)\r\n");
        assertThat(log).contains("*32\r\n$3\r\nSET\r\n").contains("$22\r\n... (9 more arguments)\r\n");
        assertThat(log).contains("*7\r\n$5\r\nHELLO\r\n$1\r\n2\r\n$4\r\nAUTH\r\n$10\r\n(redacted)\r\n$10\r\n(redacted)\r\n$7\r\nSETNAME\r\n$1\r\nx\r\n");
        assertThat(log).contains("*3\r\n$4\r\nAUTH\r\n$10\r\n(redacted)\r\n$10\r\n(redacted)\r\n");
    }

    @Test
    void maxLenAndDisabling() {
        Harness h = new Harness("slowlog-log-slower-than", "0", "slowlog-max-len", "2");
        for (int i = 0; i < 5; i++) h.raw("PING");
        assertThat(h.raw("SLOWLOG", "LEN")).isEqualTo(":2\r\n");
        h.config.setValue(io.basalt.config.Directives.SLOWLOG_LOG_SLOWER_THAN, -1L);
        h.raw("SLOWLOG", "RESET");
        h.raw("PING");
        assertThat(h.raw("SLOWLOG", "LEN")).isEqualTo(":0\r\n");
        Harness d = new Harness();
        d.raw("PING");
        assertThat(d.raw("SLOWLOG", "LEN")).isEqualTo(":0\r\n");
    }

    @Test
    void help() {
        Harness h = new Harness();
        assertThat(h.raw("SLOWLOG", "HELP")).isEqualTo("*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+GET [<count>]\r\n+    Return top <count> entries from the slowlog (default: 10, -1 mean all).\r\n"
                + "+    Entries are made of:\r\n+    id, timestamp, time in microseconds, arguments array, client IP and port,\r\n"
                + "+    client name\r\n+LEN\r\n+    Return the length of the slowlog.\r\n+RESET\r\n+    Reset the slowlog.\r\n"
                + "+HELP\r\n+    Prints this help.\r\n");
    }
}

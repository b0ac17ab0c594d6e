package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCommandsTest {
    @Test
    void pingEchoSelect() {
        Harness h = new Harness();
        assertThat(h.raw("PING")).isEqualTo("+PONG\r\n");
        assertThat(h.raw("ping", "hi")).isEqualTo("$2\r\nhi\r\n");
        assertThat(h.raw("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        assertThat(h.raw("ECHO", "x")).isEqualTo("$1\r\nx\r\n");
        assertThat(h.raw("SELECT", "16")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(h.raw("SELECT", "-1")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(h.raw("SELECT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("SELECT", "4294967296"))
                .isEqualTo("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        assertThat(h.raw("SELECT", "15")).isEqualTo("+OK\r\n");
    }

    @Test
    void unknownCommandsAndSubcommands() {
        Harness h = new Harness();
        assertThat(h.raw("FOO", "a", "b")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n");
        assertThat(h.raw("FOO")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: \r\n");
    }

    @Test
    void authenticationFlow() {
        Harness h = new Harness("requirepass", "123456");
        Harness.TestClient c = h.newClient();
        assertThat(c.raw("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(c.raw("AUTH", "wrong")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(c.raw("AUTH", "nobody", "123456"))
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(c.raw("AUTH", "123456")).isEqualTo("+OK\r\n");
        assertThat(c.raw("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(c.raw("RESET")).isEqualTo("+RESET\r\n");
        assertThat(c.raw("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(c.raw("AUTH", "default", "123456")).isEqualTo("+OK\r\n");
    }

    @Test
    void authWithoutPasswordConfigured() {
        Harness h = new Harness();
        assertThat(h.raw("AUTH", "x")).isEqualTo("-ERR AUTH <password> called without any password configured for "
                + "the default user. Are you sure your configuration is correct?\r\n");
        assertThat(h.raw("AUTH", "default", "anything")).isEqualTo("+OK\r\n");
    }

    @Test
    void helloSwitchesProtocol() {
        Harness h = new Harness();
        assertThat(h.raw("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(h.raw("HELLO", "x")).isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
        assertThat(h.raw("HELLO", "3", "FOO")).isEqualTo("-ERR Syntax error in HELLO option 'FOO'\r\n");
        assertThat(h.raw("HELLO", "3")).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:3\r\n");
        assertThat(h.raw("GET", "nothing")).isEqualTo("_\r\n");
    }

    @Test
    void aHandlerBugRepliesAnErrorAndKeepsServing() {
        java.util.List<io.basalt.command.CommandFamily> families = new java.util.ArrayList<>();
        for (io.basalt.command.CommandFamily f : io.basalt.server.Families.all()) {
            if (!(f instanceof ConnectionCommands)) {
                families.add(f);
                continue;
            }
            families.add(b -> f.register((name, handler) -> b.bind(name, name.equals("echo")
                    ? c -> { throw new IllegalStateException("simulated bug"); } : handler)));
        }
        Harness h = new Harness(families);
        assertThat(h.raw("ECHO", "x")).isEqualTo("-ERR internal error while executing 'echo', see the server log\r\n");
        assertThat(h.raw("PING")).isEqualTo("+PONG\r\n");
        assertThat(h.engine.stats().unexpectedErrorReplies).isEqualTo(1);
    }
}

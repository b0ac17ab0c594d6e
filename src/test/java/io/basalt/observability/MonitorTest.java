package io.basalt.observability;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorTest {
    @Test
    void feedsCommandsOfAllClientsButNotAdminOnes() {
        Harness h = new Harness();
        Harness.TestClient mon = h.newClient();
        assertThat(mon.raw("MONITOR")).isEqualTo("+OK\r\n");
        assertThat(mon.raw("MONITOR")).isEmpty();
        assertThat(mon.raw("MONITOR", "x")).isEqualTo("-ERR wrong number of arguments for 'monitor' command\r\n");
        long t = h.clock.micros();
        String stamp = "+" + t / 1_000_000 + "." + String.format("%06d", t % 1_000_000);
        h.raw("SET", "k", "a\"b\\c\n\u0001 é");
        h.raw("CLIENT", "LIST");
        h.raw("SELECT", "2");
        h.raw("AUTH", "default", "pw");
        h.raw("HELLO", "2", "AUTH", "default", "pw");
        h.raw("CONFIG", "SET", "requirepass", "x");
        assertThat(mon.flushRequests).isGreaterThan(0);
        assertThat(mon.takeOutput()).isEqualTo(
                stamp + " [0 127.0.0.1:40000] \"SET\" \"k\" \"a\\\"b\\\\c\\n\\x01 \\xc3\\xa9\"\r\n"
                        + stamp + " [2 127.0.0.1:40000] \"SELECT\" \"2\"\r\n"
                        + stamp + " [2 127.0.0.1:40000] \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n"
                        + stamp + " [2 127.0.0.1:40000] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n");
        assertThat(h.raw("CLIENT", "LIST", "ID", String.valueOf(mon.client.id()))).contains(" flags=O ");
        mon.raw("RESET");
        h.raw("PING");
        assertThat(mon.takeOutput()).isEmpty();
    }

    @Test
    void repliesOffSilencesTheFeed() {
        Harness h = new Harness();
        Harness.TestClient mon = h.newClient();
        mon.raw("MONITOR");
        mon.raw("CLIENT", "REPLY", "OFF");
        mon.takeOutput();
        h.raw("PING");
        assertThat(mon.takeOutput()).isEmpty();
    }
}

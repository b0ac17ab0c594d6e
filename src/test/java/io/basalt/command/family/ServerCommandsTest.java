package io.basalt.command.family;

import io.basalt.command.spi.ServerControl;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandsTest {
    /** Records shutdown requests instead of stopping anything. */
    static final class FakeControl implements ServerControl {
        final List<String> calls = new ArrayList<>();
        String refuse;

        @Override
        public String shutdown(io.basalt.command.Client requester, boolean save, boolean noSave, boolean now, boolean force) {
            calls.add("save=" + save + " nosave=" + noSave + " now=" + now + " force=" + force);
            return refuse;
        }

        @Override
        public long startMillis() {
            return 1_600_000_000_000L;
        }

        @Override
        public int port() {
            return 7001;
        }

        @Override
        public String configFile() {
            return "/etc/basalt.conf";
        }

        @Override
        public String executable() {
            return "/usr/bin/basalt-server";
        }
    }

    @Test
    void timeAndLastsave() {
        Harness h = new Harness();
        h.clock.advanceMillis(1234);
        assertThat(h.raw("TIME")).isEqualTo("*2\r\n$10\r\n1700000001\r\n$6\r\n234000\r\n");
        assertThat(h.raw("TIME", "x")).isEqualTo("-ERR wrong number of arguments for 'time' command\r\n");
        assertThat(h.raw("LASTSAVE")).isEqualTo(":1700000000\r\n");
        assertThat(h.raw("LASTSAVE", "x")).isEqualTo("-ERR wrong number of arguments for 'lastsave' command\r\n");
    }

    @Test
    void shutdownParsing() {
        Harness h = new Harness();
        FakeControl control = new FakeControl();
        h.engine.setControl(control);
        assertThat(h.raw("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\r\n");
        assertThat(h.raw("SHUTDOWN", "foo")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SHUTDOWN", "NOSAVE", "SAVE")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SHUTDOWN", "ABORT", "NOW")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("SHUTDOWN", "FORCE", "ABORT")).isEqualTo("-ERR syntax error\r\n");
        assertThat(control.calls).isEmpty();
        Harness.TestClient c = h.newClient();
        assertThat(c.raw("shutdown", "nosave", "now", "now", "force")).isEqualTo("");
        assertThat(c.closed).isTrue();
        assertThat(control.calls).containsExactly("save=false nosave=true now=true force=true");
        control.refuse = "ERR Errors trying to SHUTDOWN. Check logs.";
        assertThat(h.raw("SHUTDOWN", "SAVE")).isEqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
        assertThat(h.client().closed).isFalse();
    }

    @Test
    void infoUsesServerControl() {
        Harness h = new Harness();
        h.engine.setControl(new FakeControl());
        String server = h.raw("INFO", "server");
        assertThat(server).contains("\r\ntcp_port:7001\r\n").contains("\r\nexecutable:/usr/bin/basalt-server\r\n")
                .contains("\r\nconfig_file:/etc/basalt.conf\r\n")
                .contains("\r\nuptime_in_seconds:100000000\r\n");
    }
}

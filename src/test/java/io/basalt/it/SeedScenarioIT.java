package io.basalt.it;

import io.basalt.testing.RawClient;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario from the seed issue: a config file with a port, a password, bind 0.0.0.0 and
 * protected mode off; a client must authenticate before it can read or write.
 */
class SeedScenarioIT {
    @Test
    void passwordProtectedServerFromAConfigFile() throws Exception {
        ServerProcess.ConfigText conf = (port, dir) -> String.join("\n",
                "port " + port,
                "requirepass 123456",
                "bind 0.0.0.0",
                "protected-mode no",
                "dir " + dir,
                "");
        try (ServerProcess server = ServerProcess.startWithConfig(conf);
             RawClient c = server.connect()) {
            assertThat(c.text("GET", "k1")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.text("SET", "k1", "v1")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.text("AUTH", "wrong")).isEqualTo(
                    "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(c.text("AUTH", "123456")).isEqualTo("+OK\r\n");
            assertThat(c.text("SET", "k1", "v1")).isEqualTo("+OK\r\n");
            assertThat(c.text("GET", "k1")).isEqualTo("$2\r\nv1\r\n");
            try (RawClient other = server.connect()) {
                assertThat(other.text("GET", "k1")).isEqualTo("-NOAUTH Authentication required.\r\n");
                assertThat(other.text("AUTH", "default", "123456")).isEqualTo("+OK\r\n");
                assertThat(other.text("GET", "k1")).isEqualTo("$2\r\nv1\r\n");
            }
            String info = c.text("INFO", "replication");
            if (!info.startsWith("-ERR unknown command")) {
                assertThat(info).startsWith("$").contains("# Replication\r\nrole:master\r\n");
            }
            assertThat(server.logText()).contains("Configuration loaded");
        }
    }
}

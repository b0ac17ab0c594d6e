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
            // The fields and values a standalone Redis 7.0.15 master prints (replid is random).
            String info = c.text("INFO", "replication");
            String body = info.substring(info.indexOf("\r\n") + 2);
            assertThat(body).matches("# Replication\r\n"
                    + "role:master\r\n"
                    + "connected_slaves:0\r\n"
                    + "master_failover_state:no-failover\r\n"
                    + "master_replid:[0-9a-f]{40}\r\n"
                    + "master_replid2:0{40}\r\n"
                    + "master_repl_offset:0\r\n"
                    + "second_repl_offset:-1\r\n"
                    + "repl_backlog_active:0\r\n"
                    + "repl_backlog_size:1048576\r\n"
                    + "repl_backlog_first_byte_offset:0\r\n"
                    + "repl_backlog_histlen:0\r\n\r\n");
            assertThat(info).isEqualTo("$" + (body.length() - 2) + "\r\n" + body);
            assertThat(server.logText()).contains("Configuration loaded");
        }
    }
}

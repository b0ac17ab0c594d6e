package io.basalt.replication;

import io.basalt.testing.Harness;
import io.basalt.testing.ManagedProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * processCommand's replication gates and the replica-side replies while the link to the master
 * is down (the master's port is closed, so the link keeps retrying): READONLY, MASTERDOWN,
 * NOREPLICAS, ROLE, INFO replication's replica fields, REPLICAOF NO ONE.
 */
class ReplicaGatesTest {
    private final Harness h = new Harness();

    @AfterEach
    void masterAgain() {
        h.call("REPLICAOF", "NO", "ONE");
    }

    private int becomeReplicaOfClosedPort() throws IOException {
        int port = ManagedProcess.freePort();
        assertThat(h.call("REPLICAOF", "127.0.0.1", Integer.toString(port))).isEqualTo("OK");
        return port;
    }

    @Test
    void aReadOnlyReplicaRefusesWritesButServesReads() throws IOException {
        h.call("SET", "k", "v");
        becomeReplicaOfClosedPort();
        assertThat(h.raw("SET", "k", "w")).isEqualTo("-READONLY You can't write against a read only replica.\r\n");
        assertThat(h.raw("INCR", "n")).startsWith("-READONLY");
        assertThat(h.call("GET", "k")).isEqualTo("v");
        h.call("CONFIG", "SET", "replica-read-only", "no");
        assertThat(h.call("SET", "k", "w")).isEqualTo("OK");
    }

    @Test
    void staleDataIsRefusedWhenConfiguredButStaleCommandsStillRun() throws IOException {
        h.call("SET", "k", "v");
        becomeReplicaOfClosedPort();
        h.call("CONFIG", "SET", "replica-serve-stale-data", "no");
        assertThat(h.raw("GET", "k"))
                .isEqualTo("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n");
        assertThat(h.raw("PING")).startsWith("-MASTERDOWN");
        assertThat(h.raw("INFO", "replication")).contains("master_link_status:down");
        assertThat(h.call("CONFIG", "SET", "replica-serve-stale-data", "yes")).isEqualTo("OK");
        assertThat(h.call("GET", "k")).isEqualTo("v");
    }

    @Test
    void roleAndInfoDescribeADownLink() throws IOException {
        int port = becomeReplicaOfClosedPort();
        List<?> role = (List<?>) h.call("ROLE");
        assertThat(role.get(0)).isEqualTo("slave");
        assertThat(role.get(1)).isEqualTo("127.0.0.1");
        assertThat(role.get(2)).isEqualTo((long) port);
        assertThat(role.get(3)).isIn("connect", "connecting", "handshake");
        assertThat(role.get(4)).isEqualTo(-1L);
        String info = (String) h.call("INFO", "replication");
        assertThat(info).contains("role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:" + port + "\r\n"
                + "master_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\nmaster_sync_in_progress:0\r\n"
                + "slave_read_repl_offset:0\r\nslave_repl_offset:0\r\nmaster_link_down_since_seconds:-1\r\n"
                + "slave_priority:100\r\nslave_read_only:1\r\nreplica_announced:1\r\nconnected_slaves:0\r\n");
        assertThat(h.call("CONFIG", "GET", "replicaof")).isEqualTo(List.of("replicaof", "127.0.0.1 " + port));
        assertThat(h.raw("REPLICAOF", "127.0.0.1", Integer.toString(port))).isEqualTo("+OK Already connected to specified master\r\n");
        assertThat(h.raw("WAIT", "1", "0")).startsWith("-ERR WAIT cannot be used with replica instances.");
    }

    @Test
    void promotionKeepsTheOldHistoryAsTheSecondaryId() throws IOException {
        String before = (String) h.call("INFO", "replication");
        String oldId = field(before, "master_replid");
        becomeReplicaOfClosedPort();
        assertThat(h.call("REPLICAOF", "NO", "ONE")).isEqualTo("OK");
        String after = (String) h.call("INFO", "replication");
        assertThat(field(after, "role")).isEqualTo("master");
        assertThat(field(after, "master_replid2")).isEqualTo(oldId);
        assertThat(field(after, "second_repl_offset")).isEqualTo("1");
        assertThat(field(after, "master_replid")).isNotEqualTo(oldId);
        assertThat(field(after, "repl_backlog_active")).isEqualTo("1");
        assertThat(h.call("SET", "k", "v")).isEqualTo("OK");
    }

    @Test
    void minReplicasToWriteRefusesWritesWithoutGoodReplicas() {
        h.call("CONFIG", "SET", "min-replicas-to-write", "1");
        assertThat(h.raw("SET", "k", "v")).isEqualTo("-NOREPLICAS Not enough good replicas to write.\r\n");
        assertThat(h.call("GET", "k")).isNull();
        assertThat((String) h.call("INFO", "replication")).contains("min_slaves_good_slaves:0\r\n");
        h.call("CONFIG", "SET", "min-replicas-max-lag", "0");
        assertThat(h.call("SET", "k", "v")).isEqualTo("OK");
        h.call("CONFIG", "SET", "min-replicas-to-write", "0");
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        return null;
    }
}

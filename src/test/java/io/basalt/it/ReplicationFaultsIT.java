package io.basalt.it;

import io.basalt.testing.DatasetGenerator;
import io.basalt.testing.RawClient;
import io.basalt.testing.ReplicationNodes;
import io.basalt.testing.ReplicationNodes.Node;
import io.basalt.testing.ReplicationNodes.Roles;
import io.basalt.testing.WriteLoad;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication under faults: a replica killed with SIGKILL under load comes back and
 * converges; a master stopped (SHUTDOWN SAVE, then SIGKILL after SAVE) and restarted from
 * its RDB keeps its replication history, so its replicas continue partially; five replicas that
 * attach at once share one diskless snapshot; WAIT counts the replicas that acknowledged;
 * no write that WAIT 1 acknowledged is missing from the replica after the master dies.
 */
class ReplicationFaultsIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void replicaKilledUnderLoadResyncsAndConverges(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node master = nodes.start(roles.master(), ReplicationNodes.ROOMY_BACKLOG);
            Node replica = nodes.start(roles.replica(), ReplicationNodes.replicaOf(master));
            ReplicationNodes.awaitConverged(master, replica);
            try (WriteLoad load = new WriteLoad(master, seed).start()) {
                load.awaitAcknowledged(1_000);
                replica.kill();
                load.awaitAcknowledged(load.acknowledged() + 1_000);
                replica.restart();
                load.awaitAcknowledged(load.acknowledged() + 1_000);
                load.stop();
                assertThat(load.firstError()).as("error replies to the load").isNull();
            }
            ReplicationNodes.awaitSameData(master, replica);
            // The first sync, then one resync: full, or partial from the snapshot the replica
            // kept on disk (Redis loads it with the master's id and offset when still in the backlog).
            assertThat(master.stat("sync_full") + master.stat("sync_partial_ok")).as("syncs served").isEqualTo(2);
        }
    }

    /**
     * Redis 7.0 restarts a master from an RDB with a new replication id and the saved one as
     * master_replid2 (valid up to the saved offset + 1), at the saved offset (plus the DELs of
     * keys that expired while it was down): replicas continue partially through replid2.
     * The master stops twice: with SHUTDOWN SAVE, then with SIGKILL after SAVE.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void masterRestartedFromItsRdbKeepsItsHistoryAndItsReplicasContinue(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node master = nodes.start(roles.master());
            Node a = nodes.start(roles.replica(), ReplicationNodes.replicaOf(master));
            Node b = nodes.start(roles.replica(), ReplicationNodes.replicaOf(master));
            for (boolean kill : new boolean[] {false, true}) {
                String stop = kill ? "SIGKILL after SAVE" : "SHUTDOWN SAVE";
                new WriteLoad(master, seed++).run(1_000);
                // The load's sub-second TTLs would keep active expiry propagating DELs: one between
                // SAVE and SIGKILL reaches the replicas but not the dump, and then no server can
                // continue them partially. The keys that expire meanwhile go as DELs after the restart.
                assertThat(master.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
                ReplicationNodes.awaitSameData(master, a, b);
                ReplicationNodes.awaitConverged(master, a, b);
                Map<String, String> before = master.replication();
                if (kill) {
                    assertThat(master.call("SAVE")).isEqualTo("+OK\r\n");
                    master.kill();
                } else {
                    master.shutdownSave();
                }
                master.restart();

                // The offset saved can be past the one seen before: Redis 7.0 sends its replicas a
                // REPLCONF GETACK while it shuts down, to wait for them.
                Map<String, String> after = master.replication();
                long savedOffset = Long.parseLong(after.get("second_repl_offset")) - 1;
                assertThat(after.get("master_replid2")).as("the id before the restart (%s)", stop)
                        .isEqualTo(before.get("master_replid"));
                assertThat(after.get("master_replid")).as("a new id (%s)", stop).isNotEqualTo(before.get("master_replid"));
                assertThat(savedOffset).as("the offset saved (%s)", stop)
                        .isGreaterThanOrEqualTo(Long.parseLong(before.get("master_repl_offset")))
                        .isLessThanOrEqualTo(Long.parseLong(after.get("master_repl_offset")));
                ReplicationNodes.awaitSameData(master, a, b);
                assertThat(master.stat("sync_partial_ok")).as("partial resyncs after the restart (%s)", stop).isEqualTo(2);
                assertThat(master.stat("sync_full")).as("full syncs after the restart (%s)", stop).isZero();
            }
            new WriteLoad(master, seed).run(1_000);
            ReplicationNodes.awaitSameData(master, a, b);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void fiveReplicasAttachingTogetherShareOneSnapshot(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            // The delay is the window in which replicas asking for a full sync share a snapshot.
            Node master = nodes.start(roles.master(), "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "2");
            try (Jedis j = master.jedis()) {
                new DatasetGenerator(seed, 50).populate(j);
            }
            List<Node> replicas = new ArrayList<>();
            for (int i = 0; i < 5; i++) replicas.add(nodes.start(roles.replica()));
            for (Node r : replicas) r.replicaOf(master);
            ReplicationNodes.awaitSameData(master, replicas.toArray(new Node[0]));
            assertThat(master.stat("sync_full")).as("full syncs").isEqualTo(5);
            assertThat(master.logCount("Starting BGSAVE for SYNC")).as("snapshots for the five syncs").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void waitCountsTheReplicasThatAcknowledged(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node master = nodes.start(roles.master());
            Node a = nodes.start(roles.replica(), ReplicationNodes.replicaOf(master));
            Node b = nodes.start(roles.replica(), ReplicationNodes.replicaOf(master));
            ReplicationNodes.awaitConverged(master, a, b);
            try (RawClient c = master.client()) {
                assertThat(c.text("SET", "k", "1")).isEqualTo("+OK\r\n");
                assertThat(c.text("WAIT", "2", "10000")).isEqualTo(":2\r\n");
                // More than there are: WAIT times out and answers with the count it reached.
                assertThat(c.text("WAIT", "3", "200")).isEqualTo(":2\r\n");
                b.kill();
                assertThat(c.text("SET", "k", "2")).isEqualTo("+OK\r\n");
                assertThat(c.text("WAIT", "2", "300")).isEqualTo(":1\r\n");
                assertThat(c.text("WAIT", "1", "10000")).isEqualTo(":1\r\n");
            }
        }
    }

    /**
     * A writer sends each write followed by {@code WAIT 1 1000} and counts the write as
     * acknowledged when WAIT answers 1, while the random load keeps the stream busy; then
     * the master is killed. The replica must hold every acknowledged write: SETs of distinct
     * keys with their values, and a counter at least at its last acknowledged value.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void noWriteAcknowledgedByWait1IsMissingOnTheReplicaAfterTheMasterDies(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node master = nodes.start(roles.master());
            Node replica = nodes.start(roles.replica(), ReplicationNodes.replicaOf(master));
            ReplicationNodes.awaitConverged(master, replica);
            Map<String, String> acked = new ConcurrentHashMap<>();
            AtomicLong counter = new AtomicLong();
            try (WriteLoad load = new WriteLoad(master, seed).start()) {
                Thread writer = new Thread(() -> writeAndWait(master, acked, counter), "wait-1-writer");
                writer.start();
                ReplicationNodes.await(ReplicationNodes.DEADLINE,
                        () -> acked.size() >= 500 ? null : acked.size() + " writes acknowledged by WAIT 1");
                master.kill();
                writer.join();
                load.stop();
            }
            try (RawClient c = replica.client()) {
                for (Map.Entry<String, String> e : acked.entrySet()) {
                    String value = e.getValue();
                    assertThat(c.text("GET", e.getKey())).as("acknowledged %s", e.getKey())
                            .isEqualTo("$" + value.length() + "\r\n" + value + "\r\n");
                }
                String got = c.text("GET", "wait:counter");
                long value = Long.parseLong(got.substring(got.indexOf('\n') + 1).strip());
                assertThat(value).as("the counter on the replica").isGreaterThanOrEqualTo(counter.get());
            }
        }
    }

    /** SET of a new key or INCR of the counter, each followed by WAIT 1 1000, until the master goes away. */
    private static void writeAndWait(Node master, Map<String, String> acked, AtomicLong counter) {
        try (RawClient c = master.client()) {
            for (int i = 0; ; i++) {
                if (i % 4 == 3) {
                    String reply = c.text("INCR", "wait:counter");
                    long value = Long.parseLong(reply.substring(1).strip());
                    if (c.text("WAIT", "1", "1000").equals(":1\r\n")) counter.set(value);
                } else {
                    String key = "wait:" + i, value = "value-" + i;
                    c.text("SET", key, value);
                    if (c.text("WAIT", "1", "1000").equals(":1\r\n")) acked.put(key, value);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The master was killed: the write in flight was not acknowledged.
        }
    }
}

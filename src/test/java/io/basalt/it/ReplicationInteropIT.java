package io.basalt.it;

import io.basalt.testing.DatasetGenerator;
import io.basalt.testing.ReplicationNodes;
import io.basalt.testing.ReplicationNodes.Node;
import io.basalt.testing.ReplicationNodes.Roles;
import io.basalt.testing.WriteLoad;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication between Basalt and redis-server in both directions (and each with itself), with
 * the snapshot sent from disk and diskless: a full sync of a preloaded all-types dataset,
 * streaming under the seeded write load, and a partial resync after the replica restarts
 * from its own RDB. The datasets are compared by DEBUG DIGEST after each step.
 */
class ReplicationInteropIT {
    /** Keys per database of the preloaded dataset: every type and encoding, small enough for CI. */
    private static final int PRELOAD_KEYS = 200;

    static List<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (Roles roles : ReplicationNodes.roles()) {
            for (String diskless : List.of("yes", "no")) out.add(Arguments.of(roles, diskless));
        }
        return out;
    }

    /**
     * A diskless transfer is also loaded diskless (repl-diskless-load swapdb: straight from the
     * socket into a new dataset), a disk-based one through the replica's temp file.
     */
    @ParameterizedTest(name = "{0} repl-diskless-sync={1}")
    @MethodSource("variants")
    void fullSyncThenStreamingThenPartialResyncAfterTheReplicaRestarts(Roles roles, String diskless) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node master = nodes.start(roles.master(), "--repl-diskless-sync", diskless);
            try (Jedis j = master.jedis()) {
                new DatasetGenerator(seed, PRELOAD_KEYS).populate(j);
            }
            List<String> replicaArgs = new ArrayList<>(List.of(ReplicationNodes.replicaOf(master)));
            replicaArgs.addAll(List.of("--repl-diskless-load", diskless.equals("yes") ? "swapdb" : "disabled"));
            Node replica = nodes.start(roles.replica(), replicaArgs.toArray(String[]::new));

            ReplicationNodes.awaitSameData(master, replica);
            assertThat(master.stat("sync_full")).as("full syncs").isEqualTo(1);
            String target = diskless.equals("yes") ? "replicas sockets" : "disk";
            assertThat(master.logCount("Starting BGSAVE for SYNC with target: " + target)).as("snapshots for the sync")
                    .isEqualTo(1);

            WriteLoad load = new WriteLoad(master, seed).start();
            load.awaitAcknowledged(3_000);
            load.stop();
            assertThat(load.firstError()).as("error replies to the load").isNull();
            ReplicationNodes.awaitSameData(master, replica);
            assertThat(master.stat("sync_full")).as("full syncs after streaming").isEqualTo(1);

            // Writes while the replica is down come from the backlog when it returns.
            replica.shutdownSave();
            new WriteLoad(master, seed + 1).run(1_000);
            replica.restart();
            ReplicationNodes.awaitSameData(master, replica);
            assertThat(master.stat("sync_partial_ok")).as("partial resyncs after the restart").isEqualTo(1);
            assertThat(master.stat("sync_full")).as("full syncs after the restart").isEqualTo(1);
            assertThat(master.logCount("Partial resynchronization request from")).isEqualTo(1);
        }
    }
}

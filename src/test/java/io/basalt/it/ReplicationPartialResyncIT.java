package io.basalt.it;

import io.basalt.testing.LinkProxy;
import io.basalt.testing.ReplicationNodes;
import io.basalt.testing.ReplicationNodes.Node;
import io.basalt.testing.ReplicationNodes.Roles;
import io.basalt.testing.WriteLoad;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial resynchronisation (PSYNC2): a replica whose link is cut for seconds under write
 * load continues from the backlog (+CONTINUE, no new full sync); after a replica is promoted
 * with REPLICAOF NO ONE, the other replica and the old master follow it with a partial
 * resync; a chain master → replica → sub-replica converges on the master's data and id.
 */
class ReplicationPartialResyncIT {
    /** How long the link stays cut: the replica must notice and retry meanwhile. */
    private static final Duration OUTAGE = Duration.ofSeconds(2);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void replicaCutOffUnderLoadContinuesWithAPartialResync(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node master = nodes.start(roles.master(), ReplicationNodes.ROOMY_BACKLOG);
            try (LinkProxy link = new LinkProxy(master.port())) {
                Node replica = nodes.start(roles.replica(), ReplicationNodes.replicaOf(link.port()));
                ReplicationNodes.awaitConverged(master, replica);

                try (WriteLoad load = new WriteLoad(master, seed).start()) {
                    load.awaitAcknowledged(1_000);
                    link.cut();
                    ReplicationNodes.await(Duration.ofSeconds(10), () -> {
                        Map<String, String> info = replica.replication();
                        return "down".equals(info.get("master_link_status")) ? null : "the replica to see its link down: " + info;
                    });
                    long before = load.acknowledged();
                    Thread.sleep(OUTAGE.toMillis());
                    assertThat(load.acknowledged()).as("writes during the outage").isGreaterThan(before);
                    link.restore();
                    load.awaitAcknowledged(load.acknowledged() + 1_000);
                    load.stop();
                    assertThat(load.firstError()).as("error replies to the load").isNull();
                }
                ReplicationNodes.awaitSameData(master, replica);
                assertThat(master.stat("sync_partial_ok")).as("partial resyncs").isEqualTo(1);
                assertThat(master.stat("sync_full")).as("full syncs (the first attach only)").isEqualTo(1);
                assertThat(master.logCount("Partial resynchronization request from")).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void afterAPromotionTheOtherReplicaAndTheOldMasterContinuePartially(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node oldMaster = nodes.start(roles.master());
            Node promoted = nodes.start(roles.replica(), ReplicationNodes.replicaOf(oldMaster));
            Node other = nodes.start(roles.replica(), ReplicationNodes.replicaOf(oldMaster));
            new WriteLoad(oldMaster, seed).run(2_000);
            // No active-expiry DELs from now on: the promoted replica must have all the old master sent.
            assertThat(oldMaster.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
            ReplicationNodes.awaitSameData(oldMaster, promoted, other);
            ReplicationNodes.awaitConverged(oldMaster, promoted, other);
            String oldId = oldMaster.replication().get("master_replid");
            String oldOffset = oldMaster.replication().get("master_repl_offset");

            promoted.promote();
            // The old master first: while it still has a replica it sends a PING every
            // repl-ping-replica-period, which would take its offset past the promoted one's.
            oldMaster.replicaOf(promoted);
            other.replicaOf(promoted);
            ReplicationNodes.awaitSameData(promoted, oldMaster, other);
            assertThat(promoted.stat("sync_partial_ok")).as("partial resyncs with the promoted replica").isEqualTo(2);
            assertThat(promoted.stat("sync_full")).as("full syncs with the promoted replica").isZero();
            // The old master's active expiry may still propagate DELs between the read and the promotion.
            assertThat(promoted.replication()).containsEntry("master_replid2", oldId);
            assertThat(Long.parseLong(promoted.replication().get("second_repl_offset")))
                    .as("the promoted replica's history reaches at least the old master's offset read before")
                    .isGreaterThanOrEqualTo(Long.parseLong(oldOffset) + 1);

            new WriteLoad(promoted, seed + 1).run(1_000);
            ReplicationNodes.awaitSameData(promoted, oldMaster, other);
            assertThat(promoted.stat("sync_full")).as("full syncs after streaming").isZero();
        }
    }

    /** The sub-replica is of the master's kind, so a mixed pair puts each kind in the middle of a chain once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void chainOfReplicasConvergesOnTheMastersDataAndId(Roles roles) throws Exception {
        Assumptions.assumeFalse(roles.redisMissing(), "redis-server is not installed");
        long seed = ReplicationNodes.seed();
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Node master = nodes.start(roles.master());
            Node middle = nodes.start(roles.replica(), ReplicationNodes.replicaOf(master));
            try (WriteLoad load = new WriteLoad(master, seed).start()) {
                load.awaitAcknowledged(1_000);
                // Attached while the stream flows: its full sync comes from the middle node's snapshot.
                Node end = nodes.start(roles.master(), ReplicationNodes.replicaOf(middle));
                ReplicationNodes.awaitConverged(middle, end);
                load.awaitAcknowledged(load.acknowledged() + 1_000);
                load.stop();
                assertThat(load.firstError()).as("error replies to the load").isNull();
                ReplicationNodes.awaitSameData(master, middle, end);
                assertThat(end.replication().get("master_replid")).isEqualTo(master.replication().get("master_replid"));
                assertThat(middle.stat("sync_full")).as("full syncs served by the middle node").isEqualTo(1);
            }
        }
    }
}

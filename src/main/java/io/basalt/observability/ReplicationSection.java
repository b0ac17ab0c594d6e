package io.basalt.observability;

import static io.basalt.observability.InfoFormat.field;

/**
 * INFO replication of a standalone master with no replicas and no backlog. The replication
 * layer registers its own "replication" section in place of this one.
 */
final class ReplicationSection extends BuiltinSection {
    private static final String ZERO_ID = "0".repeat(40);
    private final String replId = ServerInfo.randomHex40();

    ReplicationSection(ServerInfo info) {
        super(info, "replication", "Replication", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        field(out, "role", "master");
        field(out, "connected_slaves", 0);
        field(out, "master_failover_state", "no-failover");
        field(out, "master_replid", replId);
        field(out, "master_replid2", ZERO_ID);
        field(out, "master_repl_offset", 0);
        field(out, "second_repl_offset", -1);
        field(out, "repl_backlog_active", 0);
        field(out, "repl_backlog_size", 1048576);
        field(out, "repl_backlog_first_byte_offset", 0);
        field(out, "repl_backlog_histlen", 0);
    }
}

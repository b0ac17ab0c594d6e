package io.basalt.replication;

import io.basalt.command.spi.InfoSection;
import io.basalt.config.Directives;

import java.util.Locale;

/** INFO replication, field for field as Redis 7.0's genRedisInfoString prints it. */
final class ReplicationSection implements InfoSection {
    private final Replication repl;

    ReplicationSection(Replication repl) {
        this.repl = repl;
    }

    @Override
    public String name() {
        return "replication";
    }

    @Override
    public String title() {
        return "Replication";
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public void appendFields(StringBuilder out) {
        MasterLink link = repl.link;
        field(out, "role", link == null ? "master" : "slave");
        if (link != null) appendReplicaFields(out, link);
        field(out, "connected_slaves", repl.replicas.attached().size());
        long minToWrite = repl.config.getLong(Directives.MIN_REPLICAS_TO_WRITE);
        if (minToWrite > 0 && repl.config.getLong(Directives.MIN_REPLICAS_MAX_LAG) > 0) {
            field(out, "min_slaves_good_slaves", repl.replicas.goodCount());
        }
        for (String line : repl.replicas.infoLines()) out.append(line).append("\r\n");
        ReplicationBuffer buffer = repl.buffer;
        field(out, "master_failover_state", repl.failover.state.infoName);
        field(out, "master_replid", repl.replId);
        field(out, "master_replid2", repl.replId2);
        field(out, "master_repl_offset", repl.masterReplOffset());
        field(out, "second_repl_offset", repl.secondReplOffset);
        field(out, "repl_backlog_active", buffer != null ? 1 : 0);
        field(out, "repl_backlog_size", repl.config.getLong(Directives.REPL_BACKLOG_SIZE));
        field(out, "repl_backlog_first_byte_offset", buffer != null ? buffer.backlogFirstOffset() : 0);
        field(out, "repl_backlog_histlen", buffer != null ? buffer.histlen() : 0);
    }

    private void appendReplicaFields(StringBuilder out, MasterLink link) {
        long now = repl.nowSeconds();
        MasterLink.Status s = link.status();
        field(out, "master_host", link.host());
        field(out, "master_port", link.port());
        field(out, "master_link_status", s.connected() ? "up" : "down");
        field(out, "master_last_io_seconds_ago", s.connected() ? now - s.lastInteraction() : -1);
        field(out, "master_sync_in_progress", s.transferring() ? 1 : 0);
        field(out, "slave_read_repl_offset", s.readOffset());
        field(out, "slave_repl_offset", s.offset());
        if (s.transferring()) {
            double perc = s.transferSize() > 0 ? s.transferRead() * 100.0 / s.transferSize() : 0;
            field(out, "master_sync_total_bytes", s.transferSize());
            field(out, "master_sync_read_bytes", s.transferRead());
            field(out, "master_sync_left_bytes", s.transferSize() - s.transferRead());
            field(out, "master_sync_perc", String.format(Locale.ROOT, "%.2f", perc));
            field(out, "master_sync_last_io_seconds_ago", now - s.transferLastIo());
        }
        if (!s.connected()) field(out, "master_link_down_since_seconds", s.downSince() != 0 ? now - s.downSince() : -1);
        field(out, "slave_priority", repl.config.getLong(Directives.REPLICA_PRIORITY));
        field(out, "slave_read_only", repl.config.getBool(Directives.REPLICA_READ_ONLY) ? 1 : 0);
        field(out, "replica_announced", repl.config.getBool(Directives.REPLICA_ANNOUNCED) ? 1 : 0);
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }
}

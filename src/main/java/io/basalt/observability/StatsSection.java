package io.basalt.observability;

import static io.basalt.observability.InfoFormat.f2;
import static io.basalt.observability.InfoFormat.field;

/** INFO stats: Basalt's counters, and gauges other layers supply (pub/sub, sync, tracking). */
final class StatsSection extends BuiltinSection {
    StatsSection(ServerInfo info) {
        super(info, "stats", "Stats", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        var engine = info.engine();
        var s = engine.stats();
        var ks = engine.keyspace().stats();
        InstantaneousMetrics im = info.metrics;
        long replIn = gauge("total_net_repl_input_bytes");
        long replOut = gauge("total_net_repl_output_bytes");
        field(out, "total_connections_received", s.connectionsReceived);
        field(out, "total_commands_processed", s.commandsProcessed);
        field(out, "instantaneous_ops_per_sec", im.get(InstantaneousMetrics.OPS));
        field(out, "total_net_input_bytes", s.netInputBytes + replIn);
        field(out, "total_net_output_bytes", s.netOutputBytes + replOut);
        field(out, "total_net_repl_input_bytes", replIn);
        field(out, "total_net_repl_output_bytes", replOut);
        field(out, "instantaneous_input_kbps", f2((float) im.get(InstantaneousMetrics.NET_IN) / 1024));
        field(out, "instantaneous_output_kbps", f2((float) im.get(InstantaneousMetrics.NET_OUT) / 1024));
        field(out, "instantaneous_input_repl_kbps", "0.00");
        field(out, "instantaneous_output_repl_kbps", "0.00");
        field(out, "rejected_connections", s.rejectedConnections);
        field(out, "sync_full", gauge("sync_full"));
        field(out, "sync_partial_ok", gauge("sync_partial_ok"));
        field(out, "sync_partial_err", gauge("sync_partial_err"));
        field(out, "expired_keys", ks.expiredKeys);
        field(out, "expired_stale_perc", f2(ks.expiredStalePerc * 100));
        field(out, "expired_time_cap_reached_count", ks.expiredTimeCapReachedCount);
        field(out, "expire_cycle_cpu_milliseconds", ks.expireCycleTimeUsedMicros / 1000);
        field(out, "evicted_keys", ks.evictedKeys);
        field(out, "evicted_clients", gauge("evicted_clients"));
        field(out, "total_eviction_exceeded_time", gauge("total_eviction_exceeded_time"));
        field(out, "current_eviction_exceeded_time", gauge("current_eviction_exceeded_time"));
        field(out, "keyspace_hits", ks.hits);
        field(out, "keyspace_misses", ks.misses);
        field(out, "pubsub_channels", gauge("pubsub_channels"));
        field(out, "pubsub_patterns", gauge("pubsub_patterns"));
        field(out, "pubsubshard_channels", gauge("pubsubshard_channels"));
        field(out, "latest_fork_usec", gauge("latest_fork_usec"));
        field(out, "total_forks", gauge("total_forks"));
        field(out, "migrate_cached_sockets", gauge("migrate_cached_sockets"));
        field(out, "slave_expires_tracked_keys", gauge("slave_expires_tracked_keys"));
        field(out, "active_defrag_hits", 0);
        field(out, "active_defrag_misses", 0);
        field(out, "active_defrag_key_hits", 0);
        field(out, "active_defrag_key_misses", 0);
        field(out, "total_active_defrag_time", 0);
        field(out, "current_active_defrag_time", 0);
        field(out, "tracking_total_keys", gauge("tracking_total_keys"));
        field(out, "tracking_total_items", gauge("tracking_total_items"));
        field(out, "tracking_total_prefixes", gauge("tracking_total_prefixes"));
        field(out, "unexpected_error_replies", s.unexpectedErrorReplies);
        field(out, "total_error_replies", s.errorReplies);
        field(out, "dump_payload_sanitizations", gauge("dump_payload_sanitizations"));
        field(out, "total_reads_processed", gauge("total_reads_processed"));
        field(out, "total_writes_processed", gauge("total_writes_processed"));
        field(out, "io_threaded_reads_processed", 0);
        field(out, "io_threaded_writes_processed", 0);
        field(out, "reply_buffer_shrinks", 0);
        field(out, "reply_buffer_expands", 0);
    }
}

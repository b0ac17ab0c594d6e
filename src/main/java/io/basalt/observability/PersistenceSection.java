package io.basalt.observability;

import io.basalt.persistence.AppendOnlyFile;

import static io.basalt.observability.InfoFormat.field;

/**
 * INFO persistence as a Redis with no save in progress prints it, with the AOF's fields
 * when it is enabled; the persistence layer takes the section over once the RDB side exists.
 */
final class PersistenceSection extends BuiltinSection {
    PersistenceSection(ServerInfo info) {
        super(info, "persistence", "Persistence", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        var stats = info.engine().stats();
        field(out, "loading", 0);
        field(out, "async_loading", 0);
        field(out, "current_cow_peak", 0);
        field(out, "current_cow_size", 0);
        field(out, "current_cow_size_age", 0);
        field(out, "current_fork_perc", "0.00");
        field(out, "current_save_keys_processed", 0);
        field(out, "current_save_keys_total", 0);
        field(out, "rdb_changes_since_last_save", stats.dirty);
        field(out, "rdb_bgsave_in_progress", 0);
        field(out, "rdb_last_save_time", stats.lastSave);
        field(out, "rdb_last_bgsave_status", "ok");
        field(out, "rdb_last_bgsave_time_sec", -1);
        field(out, "rdb_current_bgsave_time_sec", -1);
        field(out, "rdb_saves", 0);
        field(out, "rdb_last_cow_size", 0);
        field(out, "rdb_last_load_keys_expired", 0);
        field(out, "rdb_last_load_keys_loaded", 0);
        AppendOnlyFile aof = info.engine().service(AppendOnlyFile.class);
        field(out, "aof_enabled", aof != null ? 1 : 0);
        field(out, "aof_rewrite_in_progress", 0);
        field(out, "aof_rewrite_scheduled", 0);
        field(out, "aof_last_rewrite_time_sec", -1);
        field(out, "aof_current_rewrite_time_sec", -1);
        field(out, "aof_last_bgrewrite_status", "ok");
        field(out, "aof_rewrites", 0);
        field(out, "aof_rewrites_consecutive_failures", 0);
        field(out, "aof_last_write_status", aof != null ? aof.lastWriteStatus() : "ok");
        field(out, "aof_last_cow_size", 0);
        field(out, "module_fork_in_progress", 0);
        field(out, "module_fork_last_cow_size", 0);
        if (aof != null) aof.appendInfoFields(out);
    }
}

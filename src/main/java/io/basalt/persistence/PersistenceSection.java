package io.basalt.persistence;

import io.basalt.command.spi.InfoSection;

/** INFO persistence: Redis 7.0's fields, the rdb_* ones from {@link Persistence}, the aof_* ones from {@link AppendOnlyFile}. */
final class PersistenceSection implements InfoSection {
    private final Persistence rdb;

    PersistenceSection(Persistence rdb) {
        this.rdb = rdb;
    }

    @Override
    public String name() {
        return "persistence";
    }

    @Override
    public String title() {
        return "Persistence";
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    /** Appends "name:value" lines. */
    record Out(StringBuilder sb) {
        void field(String name, Object value) {
            sb.append(name).append(':').append(value).append("\r\n");
        }
    }

    @Override
    public void appendFields(StringBuilder sb) {
        Out out = new Out(sb);
        rdb.appendRdbFields(out);
        AppendOnlyFile aof = rdb.engine().service(AppendOnlyFile.class);
        out.field("aof_enabled", aof != null ? 1 : 0);
        out.field("aof_rewrite_in_progress", 0);
        out.field("aof_rewrite_scheduled", 0);
        out.field("aof_last_rewrite_time_sec", -1);
        out.field("aof_current_rewrite_time_sec", -1);
        out.field("aof_last_bgrewrite_status", "ok");
        out.field("aof_rewrites", 0);
        out.field("aof_rewrites_consecutive_failures", 0);
        out.field("aof_last_write_status", aof != null ? aof.lastWriteStatus() : "ok");
        out.field("aof_last_cow_size", 0);
        out.field("module_fork_in_progress", 0);
        out.field("module_fork_last_cow_size", 0);
        if (aof != null) aof.appendInfoFields(sb);
        rdb.appendLoadingFields(out);
    }
}

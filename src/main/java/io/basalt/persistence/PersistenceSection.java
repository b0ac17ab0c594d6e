package io.basalt.persistence;

import io.basalt.command.spi.InfoSection;
import io.basalt.config.Directives;

/** INFO persistence: Redis 7.0's fields, the rdb_* ones from {@link Persistence}, the aof_* ones from {@link AofRewrite} and {@link AppendOnlyFile}. */
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
        rdb.aofRewrite().appendInfoFields(out);
        out.field("module_fork_in_progress", 0);
        out.field("module_fork_last_cow_size", 0);
        // Printed with appendonly yes (Redis's server.aof_enabled), also while the first rewrite runs.
        if (rdb.engine().config().getBool(Directives.APPENDONLY)) {
            rdb.aof().appendInfoFields(sb, rdb.aofRewrite().scheduled());
        }
        rdb.appendLoadingFields(out);
    }
}

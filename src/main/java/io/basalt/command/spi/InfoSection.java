package io.basalt.command.spi;

/**
 * One INFO section ("# Server", "# Replication"...). Layers register theirs on
 * {@link io.basalt.command.InfoRegistry}: registering a section under a name that already
 * exists replaces it in place, so e.g. replication swaps in its own "replication" section
 * without touching the others.
 */
public interface InfoSection {
    /** Lower-case name INFO selects it by ("server", "commandstats"). */
    String name();

    /** Title printed after "# " ("Server", "Commandstats"). */
    String title();

    /** True when plain INFO (and INFO default) includes it. */
    boolean isDefault();

    /** True if {@code lowerName}, as given to INFO, selects this section (aliases like "module_list"). */
    default boolean selectedBy(String lowerName) {
        return name().equals(lowerName);
    }

    /** Appends the section's "field:value\r\n" lines, without the title. */
    void appendFields(StringBuilder out);

    /** Extra fields a layer appends to an existing section (aof_* while AOF is on, loading_*...). */
    interface Fields {
        void appendFields(StringBuilder out);
    }
}

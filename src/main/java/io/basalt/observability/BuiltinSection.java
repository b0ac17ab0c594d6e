package io.basalt.observability;

import io.basalt.command.spi.InfoSection;

/** Name, title and default-ness of a section Basalt ships; subclasses write the fields. */
abstract class BuiltinSection implements InfoSection {
    private final String name;
    private final String title;
    private final boolean isDefault;
    protected final ServerInfo info;

    BuiltinSection(ServerInfo info, String name, String title, boolean isDefault) {
        this.info = info;
        this.name = name;
        this.title = title;
        this.isDefault = isDefault;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final boolean isDefault() {
        return isDefault;
    }

    /** A numeric field another layer may supply through the registry's gauges. */
    protected final long gauge(String field) {
        return info.engine().info().gauge(field);
    }
}

package io.basalt.server;

import io.basalt.command.CommandFamily;
import io.basalt.command.family.ClientCommands;
import io.basalt.command.family.ConnectionCommands;
import io.basalt.command.family.StringCommands;
import io.basalt.observability.ObservabilityCommands;

import java.util.List;

/** Every command family the server binds; the command table fails to build if one is missing. */
public final class Families {
    private Families() {}

    public static List<CommandFamily> all() {
        return List.of(
                new ClientCommands(),
                new ConnectionCommands(),
                new ObservabilityCommands(),
                new StringCommands());
    }
}

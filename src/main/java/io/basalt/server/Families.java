package io.basalt.server;

import io.basalt.command.CommandFamily;
import io.basalt.command.family.BitmapCommands;
import io.basalt.command.family.ClientCommands;
import io.basalt.command.family.CommandCommands;
import io.basalt.command.family.ConfigCommands;
import io.basalt.command.family.ConnectionCommands;
import io.basalt.command.family.DebugCommands;
import io.basalt.command.family.GeoCommands;
import io.basalt.command.family.HashCommands;
import io.basalt.command.family.HyperLogLogCommands;
import io.basalt.command.family.KeyCommands;
import io.basalt.command.family.ListCommands;
import io.basalt.command.family.ServerCommands;
import io.basalt.command.family.SetCommands;
import io.basalt.command.family.SortCommands;
import io.basalt.command.family.StringCommands;
import io.basalt.command.family.TransactionCommands;
import io.basalt.command.family.ZSetCommands;
import io.basalt.observability.DiagnosticsCommands;
import io.basalt.observability.InfoCommands;
import io.basalt.persistence.PersistenceCommands;
import io.basalt.pubsub.PubSubCommands;
import io.basalt.replication.ReplicationCommands;
import io.basalt.scripting.FunctionCommands;
import io.basalt.scripting.ScriptingCommands;

import java.util.List;

/** Every command family the server binds; the command table fails to build if one is missing. */
public final class Families {
    private Families() {}

    public static List<CommandFamily> all() {
        return List.of(
                new ConnectionCommands(),
                new ClientCommands(),
                new StringCommands(),
                new SetCommands(),
                new BitmapCommands(),
                new HashCommands(),
                new HyperLogLogCommands(),
                new ZSetCommands(),
                new ListCommands(),
                new GeoCommands(),
                new SortCommands(),
                new KeyCommands(),
                new TransactionCommands(),
                new CommandCommands(),
                new ConfigCommands(),
                new ServerCommands(),
                new DebugCommands(),
                new InfoCommands(),
                new DiagnosticsCommands(),
                new PubSubCommands(),
                new PersistenceCommands(),
                new ReplicationCommands(),
                new ScriptingCommands(),
                new FunctionCommands());
    }
}

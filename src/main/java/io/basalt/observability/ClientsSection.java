package io.basalt.observability;

import io.basalt.command.Client;
import io.basalt.config.Directives;

import static io.basalt.observability.InfoFormat.field;

/** INFO clients. */
final class ClientsSection extends BuiltinSection {
    ClientsSection(ServerInfo info) {
        super(info, "clients", "Clients", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        var engine = info.engine();
        long maxIn = 0, maxOut = 0;
        for (Client c : engine.clients().all()) {
            maxIn = Math.max(maxIn, c.connection().queryBufferLength());
            maxOut = Math.max(maxOut, c.connection().pendingOutputBytes());
        }
        field(out, "connected_clients", engine.clients().count() - gauge("connected_slaves"));
        field(out, "cluster_connections", gauge("cluster_connections"));
        field(out, "maxclients", engine.config().getInt(Directives.MAXCLIENTS));
        field(out, "client_recent_max_input_buffer", maxIn);
        field(out, "client_recent_max_output_buffer", maxOut);
        field(out, "blocked_clients", gauge("blocked_clients"));
        field(out, "tracking_clients", gauge("tracking_clients"));
        field(out, "clients_in_timeout_table", gauge("clients_in_timeout_table"));
    }
}

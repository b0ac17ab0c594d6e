package io.basalt.observability;

import static io.basalt.observability.InfoFormat.field;

/** INFO cluster of a server with cluster mode off; the cluster layer replaces it. */
final class ClusterSection extends BuiltinSection {
    ClusterSection(ServerInfo info) {
        super(info, "cluster", "Cluster", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        field(out, "cluster_enabled", 0);
    }
}

package io.basalt.observability;

import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;

/** INFO keyspace: one line per database holding keys or expires. */
final class KeyspaceSection extends BuiltinSection {
    KeyspaceSection(ServerInfo info) {
        super(info, "keyspace", "Keyspace", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        Keyspace ks = info.engine().keyspace();
        for (int j = 0; j < ks.count(); j++) {
            Database db = ks.db(j);
            if (db.size() == 0 && db.volatileCount() == 0) continue;
            out.append("db").append(j).append(":keys=").append(db.size()).append(",expires=")
                    .append(db.volatileCount()).append(",avg_ttl=").append(db.avgTtl()).append("\r\n");
        }
    }
}

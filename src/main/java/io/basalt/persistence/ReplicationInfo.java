package io.basalt.persistence;

import java.util.Map;

/**
 * The replication position an RDB carries in its AUX fields (Redis's rdbSaveInfo): the database
 * the stream continues in, the replication id and the offset the dataset corresponds to.
 */
public record ReplicationInfo(int streamDb, String replId, long offset) {
    /** The position stored in an RDB's AUX fields, or null when they are missing or invalid (rsi_is_valid). */
    static ReplicationInfo fromAux(Map<String, String> aux) {
        String id = aux.get("repl-id"), offset = aux.get("repl-offset"), db = aux.get("repl-stream-db");
        if (id == null || offset == null || db == null) return null;
        try {
            long off = Long.parseLong(offset);
            int streamDb = Integer.parseInt(db);
            return off == -1 || streamDb == -1 ? null : new ReplicationInfo(streamDb, id, off);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

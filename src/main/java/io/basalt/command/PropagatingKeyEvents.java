package io.basalt.command;

import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;

/**
 * The engine's listener on the keyspace: deletions of expired and evicted keys propagate as
 * DEL (or UNLINK), Redis's propagateDeletion. WATCH invalidation and keyspace notifications join
 * here when transactions and pub/sub land.
 */
final class PropagatingKeyEvents implements KeyEvents {
    private final Propagation propagation;

    PropagatingKeyEvents(Propagation propagation) {
        this.propagation = propagation;
    }

    @Override
    public void modified(Database db, byte[] key, int off, int len) {}

    @Override
    public void notify(int type, String event, byte[] key, int off, int len, int dbId) {}

    @Override
    public void expiredDeleted(Database db, byte[] key) {
        propagation.expiredDeleted(db, key);
    }

    @Override
    public void evictedDeleted(Database db, byte[] key) {
        propagation.evictedDeleted(db, key);
    }
}

package io.basalt.command;

import io.basalt.command.spi.KeyspaceNotifier;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;

/**
 * The engine's listener on the keyspace: deletions of expired keys propagate as DEL (or
 * UNLINK), Redis's propagateDeletion; keyspace notifications go to the pubsub layer's
 * notifier.
 */
final class PropagatingKeyEvents implements KeyEvents {
    private final Propagation propagation;
    private KeyspaceNotifier notifier = (type, event, key, off, len, dbId) -> { };

    PropagatingKeyEvents(Propagation propagation) {
        this.propagation = propagation;
    }

    @Override
    public void modified(Database db, byte[] key, int off, int len) {}

    void setNotifier(KeyspaceNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void notify(int type, String event, byte[] key, int off, int len, int dbId) {
        notifier.notify(type, event, key, off, len, dbId);
    }

    @Override
    public void expiredDeleted(Database db, byte[] key) {
        propagation.expiredDeleted(db, key);
    }
}

package io.basalt.command;

import io.basalt.command.spi.KeyspaceNotifier;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;

/**
 * The engine's listener on the keyspace: deletions of expired and evicted keys propagate as
 * DEL (or UNLINK), Redis's propagateDeletion; changed and replaced keys invalidate WATCH;
 * keyspace notifications go to the pubsub layer's notifier.
 */
final class PropagatingKeyEvents implements KeyEvents {
    private final Propagation propagation;
    private final WatchedKeys watchedKeys;
    private KeyspaceNotifier notifier = (type, event, key, off, len, dbId) -> { };

    PropagatingKeyEvents(Propagation propagation, WatchedKeys watchedKeys) {
        this.propagation = propagation;
        this.watchedKeys = watchedKeys;
    }

    @Override
    public void modified(Database db, byte[] key, int off, int len) {
        watchedKeys.touched(db, key, off, len);
    }

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

    @Override
    public void replacing(Database emptied, Database replacement) {
        watchedKeys.replacing(emptied, replacement);
    }

    @Override
    public void evictedDeleted(Database db, byte[] key) {
        propagation.evictedDeleted(db, key);
    }
}

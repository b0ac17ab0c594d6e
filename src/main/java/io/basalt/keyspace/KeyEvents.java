package io.basalt.keyspace;

/**
 * What the keyspace tells the layers above when keys change: WATCH invalidation, keyspace
 * notifications and propagation of deletions it makes by itself (expiry, eviction). Implemented by
 * the server wiring; the keyspace never imports those layers.
 */
public interface KeyEvents {
    /** Event classes, Redis's NOTIFY_* bits (the letters of notify-keyspace-events). */
    int GENERIC = 1 << 2;
    int STRING = 1 << 3;
    int LIST = 1 << 4;
    int SET = 1 << 5;
    int HASH = 1 << 6;
    int ZSET = 1 << 7;
    int EXPIRED = 1 << 8;
    int EVICTED = 1 << 9;
    int STREAM = 1 << 10;
    int KEY_MISS = 1 << 11;
    int NEW = 1 << 14;

    /** A key (a slice, valid only during the call) was written or deleted (Redis's signalModifiedKey). */
    void modified(Database db, byte[] key, int off, int len);

    /** A keyspace event such as "set" or "expired" of the given class (Redis's NOTIFY_* bits). */
    void notify(int type, String event, byte[] key, int off, int len, int dbId);

    /** The keyspace deleted an expired key by itself; replicas and the AOF must see a DEL. */
    void expiredDeleted(Database db, byte[] key);

    /**
     * Every key of {@code emptied} is about to go, replaced by the keys of {@code replacement}
     * (SWAPDB, a loaded dataset) or by nothing (null: FLUSHDB, FLUSHALL); Redis's
     * touchAllWatchedKeysInDb. Called before the change.
     */
    void replacing(Database emptied, Database replacement);

    /** The keyspace evicted a key to free memory; replicas and the AOF must see a DEL. */
    void evictedDeleted(Database db, byte[] key);

    KeyEvents NONE = new KeyEvents() {
        @Override
        public void modified(Database db, byte[] key, int off, int len) {}

        @Override
        public void notify(int type, String event, byte[] key, int off, int len, int dbId) {}

        @Override
        public void expiredDeleted(Database db, byte[] key) {}

        @Override
        public void replacing(Database emptied, Database replacement) {}

        @Override
        public void evictedDeleted(Database db, byte[] key) {}
    };
}

package io.basalt.keyspace;

/** Told when a key is created, so clients blocked on that key can be served (BLPOP & co). */
@FunctionalInterface
public interface KeyAddListener {
    /** {@code key} is the stored key array; do not modify it. */
    void keyAdded(Database db, byte[] key);
}

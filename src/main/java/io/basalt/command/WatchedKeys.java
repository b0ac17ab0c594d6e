package io.basalt.command;

import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;
import io.basalt.util.Hashing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * WATCH (Redis's multi.c watched_keys): which clients watch which key of which database, and
 * the invalidation a change to a watched key causes (the client's EXEC then fails). While no
 * client watches anything, a modified key costs one field test.
 */
public final class WatchedKeys {
    /** One client watching one key; {@code expired} when the key was logically expired at WATCH time. */
    static final class Watch {
        final Client client;
        final int db;
        final Key key;
        boolean expired;

        Watch(Client client, int db, Key key, boolean expired) {
            this.client = client;
            this.db = db;
            this.key = key;
            this.expired = expired;
        }
    }

    /** A watched key's bytes; the instance used for lookups is a reusable view over a slice. */
    static final class Key {
        byte[] bytes;
        int off;
        int len;
        int hash;

        Key set(byte[] b, int off, int len) {
            this.bytes = b;
            this.off = off;
            this.len = len;
            this.hash = (int) Hashing.hash(b, off, len);
            return this;
        }

        Key copy() {
            return new Key().set(Arrays.copyOfRange(bytes, off, off + len), 0, len);
        }

        byte[] toArray() {
            return off == 0 && len == bytes.length ? bytes : Arrays.copyOfRange(bytes, off, off + len);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, off, off + len, k.bytes, k.off, k.off + k.len);
        }
    }

    private final Keyspace keyspace;
    private final List<Map<Key, List<Watch>>> byDb;
    private final Key probe = new Key();
    private int watches;

    WatchedKeys(Keyspace keyspace, int databases) {
        this.keyspace = keyspace;
        this.byDb = new ArrayList<>(databases);
        for (int i = 0; i < databases; i++) byDb.add(new HashMap<>());
    }

    /** WATCH of one key in the client's database; watching it twice changes nothing. */
    public void watch(Client c, Transaction t, byte[] b, int off, int len) {
        Database db = c.db();
        probe.set(b, off, len);
        for (Watch w : t.watched) {
            if (w.db == db.id() && w.key.equals(probe)) return;
        }
        Map<Key, List<Watch>> keys = byDb.get(db.id());
        List<Watch> clients = keys.get(probe);
        Key key;
        if (clients == null) {
            key = probe.copy();
            clients = new ArrayList<>(2);
            keys.put(key, clients);
        } else {
            key = clients.getFirst().key;
        }
        Watch w = new Watch(c, db.id(), key, isExpired(db, b, off, len));
        clients.add(w);
        t.watched.add(w);
        watches++;
    }

    /** Forgets every key the client watches (EXEC, DISCARD, UNWATCH, RESET, disconnection). */
    public void unwatchAll(Transaction t) {
        for (Watch w : t.watched) {
            Map<Key, List<Watch>> keys = byDb.get(w.db);
            List<Watch> clients = keys.get(w.key);
            clients.remove(w);
            if (clients.isEmpty()) keys.remove(w.key);
            watches--;
        }
        t.watched.clear();
    }

    /** Redis's isWatchedKeyExpired: a watched key, live at WATCH time, has expired since. */
    public boolean anyExpired(Transaction t) {
        for (Watch w : t.watched) {
            if (!w.expired && isExpired(keyspace.db(w.db), w.key.bytes, 0, w.key.len)) return true;
        }
        return false;
    }

    /** Redis's touchWatchedKey: the key was written or deleted; its watchers' EXEC will fail. */
    void touched(Database db, byte[] b, int off, int len) {
        if (watches == 0) return;
        List<Watch> clients = byDb.get(db.id()).get(probe.set(b, off, len));
        if (clients == null) return;
        // Marking a watcher dirty unwatches all its keys, which may remove this very list.
        for (Watch w : clients.toArray(new Watch[0])) {
            if (w.expired) {
                // Deleting a key that was already expired at WATCH time is no logical change.
                if (db.slotOf(b, off, len) < 0) {
                    w.expired = false;
                    continue;
                }
                // As in Redis, a rewritten expired key ends the scan of this key's watchers.
                break;
            }
            Transaction t = w.client.transaction();
            t.dirtyCas = true;
            unwatchAll(t);
        }
    }

    /** Redis's touchAllWatchedKeysInDb: {@code emptied} is replaced by {@code replacement} (or by nothing). */
    void replacing(Database emptied, Database replacement) {
        if (watches == 0) return;
        for (Map.Entry<Key, List<Watch>> e : byDb.get(emptied.id()).entrySet()) {
            Key k = e.getKey();
            boolean inEmptied = emptied.slotOf(k.bytes) >= 0;
            boolean inReplacement = replacement != null && replacement.slotOf(k.bytes) >= 0;
            if (!inEmptied && !inReplacement) continue;
            for (Iterator<Watch> it = e.getValue().iterator(); it.hasNext(); ) {
                Watch w = it.next();
                if (w.expired) {
                    if (!inReplacement) {
                        w.expired = false;
                        continue;
                    }
                    if (isExpired(replacement, k.bytes, 0, k.len)) continue;
                } else if (!inEmptied && isExpired(replacement, k.bytes, 0, k.len)) {
                    w.expired = true;
                    continue;
                }
                // Only flagged here: unwatching would change the map being walked (Redis does the same).
                w.client.transaction().dirtyCas = true;
            }
        }
    }

    private boolean isExpired(Database db, byte[] b, int off, int len) {
        int slot = db.slotOf(b, off, len);
        return slot >= 0 && keyspace.isExpired(db, slot);
    }
}

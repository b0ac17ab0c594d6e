package io.basalt.keyspace;

import io.basalt.keyspace.type.RedisAllocation;
import io.basalt.util.Hashing;
import io.basalt.util.OpenTable;
import io.basalt.util.SlotVisitor;

import java.util.random.RandomGenerator;

/**
 * One numbered database: its key table and its expires table. Raw storage only: callers go
 * through {@link Keyspace} for expiry-aware lookups. Slots returned by lookups are valid
 * until the next insert or delete in this database.
 */
public final class Database {
    private final int id;
    KeyTable main = new KeyTable();
    ExpireTable expires = new ExpireTable();
    /** Active-expiry cursor over the expires table and the running average TTL, as Redis keeps them. */
    long expireCursor;
    long avgTtl;

    Database(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public int size() {
        return main.size();
    }

    public int volatileCount() {
        return expires.size();
    }

    public long avgTtl() {
        return avgTtl;
    }

    /** The key's slot or -1; like every path to a slot that may be written, it lets a running snapshot save the entry first. */
    public int slotOf(byte[] b, int off, int len) {
        int slot = main.find(b, off, len, Hashing.hash(b, off, len));
        if (slot >= 0) main.beforeChange(slot);
        return slot;
    }

    public int slotOf(byte[] key) {
        return slotOf(key, 0, key.length);
    }

    public Object valueAt(int slot) {
        return main.valueAt(slot);
    }

    public byte[] keyAt(int slot) {
        return main.keyAt(slot);
    }

    public void setValueAt(int slot, Object value) {
        main.beforeChange(slot);
        main.setValueAt(slot, value);
        main.resized(slot);
    }

    public int lruAt(int slot) {
        return main.lruAt(slot);
    }

    public void setLruAt(int slot, int lru) {
        main.setLruAt(slot, lru);
    }

    /** Adds a key known to be absent; {@code key} becomes owned by the table. Returns the slot. */
    public int add(byte[] key, Object value, int lru) {
        int slot = main.insertAbsent(key, Hashing.hash(key));
        main.initEntry(slot, value, lru);
        return slot;
    }

    /** Deletes the key at {@code slot} together with its expiry. */
    public void deleteAt(int slot) {
        main.beforeChange(slot);
        byte[] key = main.keyAt(slot);
        if (expires.size() > 0) {
            int e = expires.find(key, Hashing.hash(key));
            if (e >= 0) expires.removeAt(e);
        }
        main.remove(slot);
    }

    /** Absolute expiry in ms of the key, or -1 when it has none. */
    public long expireOf(byte[] key) {
        return expireOf(key, 0, key.length);
    }

    public long expireOf(byte[] b, int off, int len) {
        if (expires.size() == 0) return -1;
        int e = expires.find(b, off, len, Hashing.hash(b, off, len));
        return e < 0 ? -1 : expires.whenAt(e);
    }

    /** Sets the expiry of the key stored at {@code slot}. */
    public void setExpireAt(int slot, long when) {
        main.beforeChange(slot);
        byte[] key = main.keyAt(slot);
        long hash = Hashing.hash(key);
        int e = expires.find(key, hash);
        if (e < 0) e = expires.insertAbsent(key, hash);
        expires.setWhenAt(e, when);
    }

    /** Removes the expiry of the key at {@code slot}; true if it had one. */
    public boolean removeExpireAt(int slot) {
        if (expires.size() == 0) return false;
        main.beforeChange(slot);
        byte[] key = main.keyAt(slot);
        int e = expires.find(key, Hashing.hash(key));
        if (e < 0) return false;
        expires.removeAt(e);
        return true;
    }

    /**
     * The bytes this database takes in Redis's allocation model: every entry, plus the
     * bucket arrays of both dicts and the expires dict's entries.
     */
    public long bytes() {
        return main.bytes() + MemoryUsage.expiresTableOverhead(this) + RedisAllocation.dictSlots(main.size()) * RedisAllocation.POINTER;
    }

    public int randomSlot(RandomGenerator random) {
        return main.randomSlot(random);
    }

    /** Visits every key's slot (for whole-dataset walks such as DEBUG DIGEST); no mutation allowed meanwhile. */
    public void forEachSlot(SlotVisitor visitor) {
        main.forEach(visitor);
    }

    /** One SCAN step over the main table; see {@link OpenTable#scan}. */
    public long scan(long cursor, SlotVisitor visitor) {
        return main.scan(cursor, visitor);
    }

    /** Spends about {@code nanos} moving entries of in-progress resizes (the cron's share). */
    public void rehashFor(long nanos) {
        main.rehashFor(nanos);
        expires.rehashFor(nanos / 2);
    }

    public boolean isRehashing() {
        return main.isRehashing() || expires.isRehashing();
    }

    /**
     * Starts a point-in-time snapshot of this database (see {@link DatabaseSnapshot}); null
     * when the database is empty, as Redis writes no section for it.
     */
    public DatabaseSnapshot beginSnapshot(DatabaseSnapshot.EntrySink sink) {
        if (main.size() == 0) return null;
        return new DatabaseSnapshot(id, main, expires, sink);
    }

    /** Empties the database. The old tables become garbage at once, so this is also ASYNC. */
    void clear() {
        main = new KeyTable();
        expires = new ExpireTable();
        expireCursor = 0;
        avgTtl = 0;
    }

    /** Takes over another (loaded, unshared) database's contents; this object and its id stay. */
    void adopt(Database loaded) {
        main = loaded.main;
        expires = loaded.expires;
        expireCursor = 0;
        avgTtl = 0;
    }

    /** Exchanges contents with another database (SWAPDB); ids stay. */
    void swapWith(Database other) {
        KeyTable m = main;
        main = other.main;
        other.main = m;
        ExpireTable e = expires;
        expires = other.expires;
        other.expires = e;
        long c = expireCursor;
        expireCursor = other.expireCursor;
        other.expireCursor = c;
        long a = avgTtl;
        avgTtl = other.avgTtl;
        other.avgTtl = a;
    }
}

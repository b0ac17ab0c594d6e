package io.basalt.keyspace;

import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.util.Clock;
import io.basalt.util.Hashing;
import io.basalt.util.OpenTable;

import java.util.SplittableRandom;

/**
 * All databases plus the semantics Redis's db.c and expire.c give them: expiry-aware
 * lookups, LRU/LFU touch, hit/miss statistics, deletion with events, and the active expiry
 * cycle. Every method must be called inside the one execution order (see
 * docs/ARCHITECTURE.md); nothing here is thread-safe by itself.
 */
public final class Keyspace {
    private Database[] dbs;
    private final Clock clock;
    private final KeyspaceStats stats = new KeyspaceStats();
    private final SplittableRandom random = new SplittableRandom();
    private final EncodingLimits limits = new EncodingLimits();
    private KeyEvents events = KeyEvents.NONE;
    /** The event classes anyone listens to (notify-keyspace-events); 0 makes every notification one test. */
    private int notifyMask;
    /** Told of every key created while some client blocks on keys (Redis's signalKeyAsReady in dbAdd). */
    private KeyAddListener addListener;
    /** Time of the running command: a command sees one instant, as Redis fixes mstime per call. */
    private long now;
    private final AccessClock access;
    private final Eviction eviction;
    /** A replica reports expired keys as missing but leaves the deletion to its master. */
    private boolean deleteExpiredOnLookup = true;
    /** While the dataset loads (AOF replay) nothing expires: keys keep their past times. */
    private boolean loading;

    public Keyspace(int databases, Clock clock, AccessClock access) {
        this.clock = clock;
        this.access = access;
        this.eviction = new Eviction(this, clock);
        resize(databases);
        this.now = clock.millis();
    }

    /** Changes the number of databases (only at start-up, before any data is loaded). */
    public void resize(int databases) {
        dbs = new Database[databases];
        for (int i = 0; i < databases; i++) dbs[i] = new Database(i);
    }

    /** Empty databases, as many as the server has, to load a dataset into before {@link #replaceDatabases}. */
    public Database[] newDatabases() {
        Database[] fresh = new Database[dbs.length];
        for (int i = 0; i < fresh.length; i++) fresh[i] = new Database(i);
        return fresh;
    }

    /** Makes a fully loaded dataset the live one (DEBUG RELOAD, start-up): all or nothing. */
    public void replaceDatabases(Database[] loaded) {
        for (int i = 0; i < dbs.length; i++) {
            events.replacing(dbs[i], loaded[i]);
            dbs[i].adopt(loaded[i]);
        }
    }

    /**
     * Adds loaded databases' keys to the live ones (DEBUG RELOAD NOFLUSH). A key present in
     * both is replaced when {@code replace}; otherwise nothing changes and the first such
     * key is returned. Returns null once merged.
     */
    public byte[] mergeDatabases(Database[] loaded, boolean replace) {
        for (int i = 0; i < dbs.length && !replace; i++) {
            Database live = dbs[i], from = loaded[i];
            byte[][] clash = new byte[1][];
            from.forEachSlot(slot -> {
                if (clash[0] == null && live.slotOf(from.keyAt(slot)) >= 0) clash[0] = from.keyAt(slot);
            });
            if (clash[0] != null) return clash[0];
        }
        for (int i = 0; i < dbs.length; i++) {
            Database live = dbs[i], from = loaded[i];
            from.forEachSlot(slot -> {
                byte[] key = from.keyAt(slot);
                int old = live.slotOf(key);
                if (old >= 0) live.deleteAt(old);
                int at = insert(live, key, from.valueAt(slot), from.lruAt(slot));
                long when = from.expireOf(key);
                if (when >= 0) live.setExpireAt(at, when);
            });
        }
        return null;
    }

    public void setEvents(KeyEvents events) {
        this.events = events;
    }

    public KeyEvents events() {
        return events;
    }

    /** The {@link KeyEvents} classes whose notifications reach {@link #events()}; the others are dropped at once. */
    public int notifyMask() {
        return notifyMask;
    }

    public void setNotifyMask(int mask) {
        notifyMask = mask;
    }

    /** False on a replica: expired keys read as missing, and only the master's DELs remove them (no active expiry either). */
    public void setDeleteExpiredOnLookup(boolean delete) {
        this.deleteExpiredOnLookup = delete;
    }

    /** Marks the dataset as loading: lookups see expired keys as live and nothing is deleted for its expiry. */
    public void setLoading(boolean loading) {
        this.loading = loading;
    }

    public boolean loading() {
        return loading;
    }

    /**
     * Redis's checkAlreadyExpired: whether a command setting expiry time {@code when} must
     * delete the key at once. Never while loading nor on a replica, which keep the key with
     * its past time until the deletion comes (from active expiry or the master).
     */
    public boolean alreadyExpired(long when) {
        return when <= now && !loading && deleteExpiredOnLookup;
    }

    public int count() {
        return dbs.length;
    }

    public Database db(int id) {
        return dbs[id];
    }

    public KeyspaceStats stats() {
        return stats;
    }

    public Clock clock() {
        return clock;
    }

    public AccessClock access() {
        return access;
    }

    public Eviction eviction() {
        return eviction;
    }

    /** The compact-encoding thresholds the value types convert at (set from the config). */
    public EncodingLimits limits() {
        return limits;
    }

    public SplittableRandom random() {
        return random;
    }

    /** Fixes the time the next command sees. */
    public void freezeTime() {
        now = clock.millis();
    }

    /** Fixes the time at {@code millis}: a script sees the instant it started at, across the commands it runs. */
    public void freezeTimeAt(long millis) {
        now = millis;
    }

    public long now() {
        return now;
    }

    // ---- lookups -------------------------------------------------------------------------

    /**
     * Slot of a live key for a read: expires it lazily, counts a hit or a miss, touches its
     * access time. -1 when missing.
     */
    public int findRead(Database db, byte[] b, int off, int len) {
        int slot = findLive(db, b, off, len);
        if (slot < 0) {
            stats.misses++;
            if ((notifyMask & KeyEvents.KEY_MISS) != 0) events.notify(KeyEvents.KEY_MISS, "keymiss", b, off, len, db.id());
            return -1;
        }
        stats.hits++;
        access.touch(db, slot);
        return slot;
    }

    /** Slot of a live key for a write: expires it lazily and touches it; no hit/miss counting. */
    public int findWrite(Database db, byte[] b, int off, int len) {
        int slot = findLive(db, b, off, len);
        if (slot >= 0) access.touch(db, slot);
        return slot;
    }

    /** Slot of a live key without touching its access time or statistics (TYPE-like peeks use findRead). */
    public int findQuiet(Database db, byte[] b, int off, int len) {
        return findLive(db, b, off, len);
    }

    private int findLive(Database db, byte[] b, int off, int len) {
        long hash = Hashing.hash(b, off, len);
        int slot = db.main.find(b, off, len, hash);
        if (slot < 0) return -1;
        // Any lookup may precede a write, in place or not: a running snapshot saves the entry first.
        db.main.beforeChange(slot);
        if (db.expires.size() > 0 && !loading) {
            int e = db.expires.find(b, off, len, hash);
            if (e >= 0 && db.expires.whenAt(e) <= now) {
                if (!deleteExpiredOnLookup) return -1;
                deleteExpired(db, slot);
                return -1;
            }
        }
        return slot;
    }

    /** True if the key at {@code slot} carries an expiry that has passed. */
    public boolean isExpired(Database db, int slot) {
        if (db.expires.size() == 0 || loading) return false;
        long when = db.expireOf(db.keyAt(slot));
        return when >= 0 && when <= now;
    }

    private void deleteExpired(Database db, int slot) {
        byte[] key = db.keyAt(slot);
        db.deleteAt(slot);
        stats.expiredKeys++;
        events.expiredDeleted(db, key);
        if ((notifyMask & KeyEvents.EXPIRED) != 0) events.notify(KeyEvents.EXPIRED, "expired", key, 0, key.length, db.id());
        events.modified(db, key, 0, key.length);
    }

    /** Deletes a key chosen by {@link Eviction}, with Redis's signals: WATCH, "evicted", and a DEL for replicas and the AOF. */
    void evict(Database db, int slot) {
        byte[] key = db.keyAt(slot);
        db.deleteAt(slot);
        stats.evictedKeys++;
        events.modified(db, key, 0, key.length);
        events.notify(KeyEvents.EVICTED, "evicted", key, 0, key.length, db.id());
        events.evictedDeleted(db, key);
    }

    /**
     * Deletes the key at {@code slot} if it has expired (used by SCAN, RANDOMKEY and KEYS,
     * which walk the table instead of looking keys up). Returns true if it was deleted or is
     * logically expired.
     */
    public boolean expireIfNeeded(Database db, int slot) {
        if (!isExpired(db, slot)) return false;
        if (deleteExpiredOnLookup) deleteExpired(db, slot);
        return true;
    }

    // ---- writes --------------------------------------------------------------------------

    /**
     * Redis's signalModifiedKey: the key's value may have changed in place, so its size is
     * measured again, then WATCH and tracking hear of it.
     */
    public void modified(Database db, byte[] b, int off, int len) {
        int slot = db.main.find(b, off, len, Hashing.hash(b, off, len));
        if (slot >= 0) db.main.resized(slot);
        events.modified(db, b, off, len);
    }

    /** The dataset's bytes in Redis's allocation model (entries, values, dict buckets), kept as keys change. */
    public long datasetBytes() {
        long total = 0;
        for (Database db : dbs) total += db.bytes();
        return total;
    }

    /** Adds a new key; {@code key} becomes owned by the table. */
    public int add(Database db, byte[] key, Object value) {
        return add(db, key, value, access.initial());
    }

    /**
     * Adds a new key with the access word it had elsewhere (RENAME, MOVE): Redis's dbAdd,
     * which also raises the "new" keyspace event.
     */
    public int add(Database db, byte[] key, Object value, int lru) {
        int slot = insert(db, key, value, lru);
        if ((notifyMask & KeyEvents.NEW) != 0) events.notify(KeyEvents.NEW, "new", key, 0, key.length, db.id());
        return slot;
    }

    /** Adds a key without a keyspace event, as Redis's loading does (dbAddRDBLoad). */
    private int insert(Database db, byte[] key, Object value, int lru) {
        int slot = db.add(key, value, lru);
        if (addListener != null) addListener.keyAdded(db, key);
        return slot;
    }

    /** Installs (or, with null, removes) the listener told of every key created. */
    public void setKeyAddListener(KeyAddListener listener) {
        addListener = listener;
    }

    /**
     * Redis's setKey: stores {@code value} under the key in {@code a[keyIndex]}, which
     * {@code slot} locates (or -1 when absent); drops the old TTL unless {@code keepTtl}.
     * Returns the key's slot. The caller signals and notifies.
     */
    public int setKey(Database db, int slot, byte[] b, int off, int len, Object value, boolean keepTtl) {
        if (slot < 0) return add(db, java.util.Arrays.copyOfRange(b, off, off + len), value);
        db.setValueAt(slot, value);
        if (!access.isLfu()) db.setLruAt(slot, access.initial());
        if (!keepTtl) db.removeExpireAt(slot);
        return slot;
    }

    /** Deletes a live key at {@code slot}; the caller signals and notifies. */
    public void delete(Database db, int slot) {
        db.deleteAt(slot);
    }

    public void flush(Database db) {
        events.replacing(db, null);
        db.clear();
    }

    public void flushAll() {
        for (Database db : dbs) flush(db);
    }

    public void swap(int a, int b) {
        events.replacing(dbs[a], dbs[b]);
        events.replacing(dbs[b], dbs[a]);
        dbs[a].swapWith(dbs[b]);
    }

    /** A random live key's slot in {@code db}, deleting expired ones met on the way; -1 if empty. */
    public int randomLiveSlot(Database db) {
        int tries = 0;
        while (db.size() > 0) {
            int slot = db.randomSlot(random);
            if (db.volatileCount() > 0 && isExpired(db, slot)) {
                // A replica cannot delete; if every key is volatile and expired, give up like Redis does.
                if (!deleteExpiredOnLookup) {
                    if (db.volatileCount() == db.size() && ++tries >= 100) return slot;
                    continue;
                }
                deleteExpired(db, slot);
                continue;
            }
            return slot;
        }
        return -1;
    }

    /**
     * The cron's incremental rehashing (Redis's activerehashing): about a millisecond on the
     * first database with a resize in progress.
     */
    public void rehashCron(long nanos) {
        for (Database db : dbs) {
            if (db.isRehashing()) {
                db.rehashFor(nanos);
                return;
            }
        }
    }

    // ---- active expiry (Redis's activeExpireCycle) ---------------------------------------

    public void setActiveExpireEnabled(boolean enabled) {
        activeExpireEnabled = enabled;
    }

    public boolean activeExpireEnabled() {
        return activeExpireEnabled;
    }

    private static final int KEYS_PER_LOOP = 20;
    private static final int FAST_DURATION_MICROS = 1000;
    private static final int SLOW_TIME_PERC = 25;
    private static final int ACCEPTABLE_STALE = 10;
    private static final int DBS_PER_CALL = 16;

    private int expireDbCursor;
    /** DEBUG SET-ACTIVE-EXPIRE: when false the cron and fast cycles expire nothing. */
    private boolean activeExpireEnabled = true;
    private boolean timeLimitExit;
    private long lastFastCycleMicros;

    /**
     * One active expiry cycle. Slow cycles run {@code hz} times a second from the server
     * cron; fast cycles run between event-loop batches when the last slow cycle hit its time
     * limit or many sampled keys were stale.
     */
    public void activeExpireCycle(boolean fast, int hz, int effortConfig) {
        if (!activeExpireEnabled || !deleteExpiredOnLookup) return;
        // Cheap early exit for the fast cycle, which is offered after every read batch.
        // (Redis compares the stale fraction with a percentage here; so do we, faithfully.)
        if (fast && !timeLimitExit && stats.expiredStalePerc < ACCEPTABLE_STALE - (effortConfig - 1)) return;
        int effort = effortConfig - 1;
        int keysPerLoop = KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * effort;
        long fastDuration = FAST_DURATION_MICROS + FAST_DURATION_MICROS / 4L * effort;
        int slowTimePerc = SLOW_TIME_PERC + 2 * effort;
        int acceptableStale = ACCEPTABLE_STALE - effort;

        long start = clock.nanos() / 1000;
        if (fast) {
            if (!timeLimitExit && stats.expiredStalePerc < acceptableStale) return;
            if (start < lastFastCycleMicros + fastDuration * 2) return;
            lastFastCycleMicros = start;
        }
        int dbsPerCall = DBS_PER_CALL;
        if (dbsPerCall > dbs.length || timeLimitExit) dbsPerCall = dbs.length;
        long timeLimit = fast ? fastDuration : Math.max(1, (long) slowTimePerc * 1_000_000 / hz / 100);
        timeLimitExit = false;

        long totalSampled = 0, totalExpired = 0;
        int iteration = 0;
        for (int j = 0; j < dbsPerCall && !timeLimitExit; j++) {
            Database db = dbs[expireDbCursor % dbs.length];
            expireDbCursor++;
            long expired, sampled;
            do {
                iteration++;
                int num = db.expires.size();
                if (num == 0) {
                    db.avgTtl = 0;
                    break;
                }
                int slots = db.expires.capacity();
                now = clock.millis();
                if (slots > OpenTable.MIN_CAPACITY && (long) num * 100 / slots < 1) break;
                expired = 0;
                sampled = 0;
                long ttlSum = 0;
                int ttlSamples = 0;
                if (num > keysPerLoop) num = keysPerLoop;
                long maxBuckets = num * 20L;
                long checked = 0;
                while (sampled < num && checked < maxBuckets) {
                    ExpireTable ex = db.expires;
                    if (ex.size() == 0) break;
                    // Like Redis, look at the cursor's bucket in both generations of a resizing table.
                    for (int table = 0; table < 2; table++) {
                        if (table == 1 && !ex.isRehashing()) break;
                        int ref = ex.slotAt(db.expireCursor, table == 1);
                        checked++;
                        if (ref < 0) continue;
                        byte[] key = ex.keyAt(ref);
                        long ttl = ex.whenAt(ref) - now;
                        if (ttl <= 0) {
                            deleteExpired(db, db.main.find(key, Hashing.hash(key)));
                            expired++;
                        } else {
                            ttlSum += ttl;
                            ttlSamples++;
                        }
                        sampled++;
                    }
                    db.expireCursor++;
                }
                totalExpired += expired;
                totalSampled += sampled;
                if (ttlSamples > 0) {
                    long avg = ttlSum / ttlSamples;
                    if (db.avgTtl == 0) db.avgTtl = avg;
                    db.avgTtl = (db.avgTtl / 50) * 49 + (avg / 50);
                }
                if ((iteration & 0xf) == 0 && clock.nanos() / 1000 - start > timeLimit) {
                    timeLimitExit = true;
                    stats.expiredTimeCapReachedCount++;
                    break;
                }
            } while (sampled == 0 || expired * 100 / sampled > acceptableStale);
        }
        long elapsed = clock.nanos() / 1000 - start;
        stats.expireCycleTimeUsedMicros += elapsed;
        double perc = totalSampled > 0 ? (double) totalExpired / totalSampled : 0;
        stats.expiredStalePerc = perc * 0.05 + stats.expiredStalePerc * 0.95;
    }
}

package io.basalt.keyspace;

import io.basalt.util.Clock;
import io.basalt.util.Hashing;
import io.basalt.util.OpenTable;

/**
 * Redis 7.0's key eviction (evict.c): picks keys by the {@code maxmemory-policy} and deletes
 * them until enough bytes are freed. The LRU, LFU and volatile-ttl policies use Redis's
 * sampled approximation: each round samples {@code maxmemory-samples} keys from every
 * database (the main table for allkeys-*, the expires table for volatile-*) into a pool of
 * the 16 best candidates kept across calls, then evicts the best candidate that still exists.
 * The random policies take one random key per round, visiting the databases round-robin.
 * <p>
 * Each evicted key is deleted, counted ({@code evicted_keys}) and reported through
 * {@link KeyEvents}: WATCH invalidation, the "evicted" notification and a DEL (or UNLINK)
 * for replicas and the AOF. Runs inside the execution order.
 */
public final class Eviction {
    /** Outcomes, Redis's EVICT_OK, EVICT_RUNNING (the time limit cut the work short) and EVICT_FAIL. */
    public static final int OK = 0;
    public static final int RUNNING = 1;
    public static final int FAIL = 2;

    private static final int POOL_SIZE = 16;
    /** How often (in evicted keys) the time limit is checked, as Redis does. */
    private static final int KEYS_PER_TIME_CHECK = 16;
    private static final int LFU_MAX = 255;

    /** The policies, as parsed from {@code maxmemory-policy}. */
    public enum Policy {
        VOLATILE_LRU(false, Score.LRU), VOLATILE_LFU(false, Score.LFU), VOLATILE_RANDOM(false, Score.RANDOM),
        VOLATILE_TTL(false, Score.TTL), ALLKEYS_LRU(true, Score.LRU), ALLKEYS_LFU(true, Score.LFU),
        ALLKEYS_RANDOM(true, Score.RANDOM), NOEVICTION(true, Score.NONE);

        final boolean allKeys;
        final Score score;

        Policy(boolean allKeys, Score score) {
            this.allKeys = allKeys;
            this.score = score;
        }

        /** The policy named as in the config ("allkeys-lru"...). */
        public static Policy named(String name) {
            return valueOf(name.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        }

        public boolean evicts() {
            return this != NOEVICTION;
        }
    }

    private enum Score { LRU, LFU, TTL, RANDOM, NONE }

    private final Keyspace keyspace;
    private final Clock clock;
    private Policy policy = Policy.NOEVICTION;
    private int samples = 5;

    /** The pool, best candidate last: score (higher evicts first), key, database. */
    private final long[] poolScore = new long[POOL_SIZE];
    private final byte[][] poolKey = new byte[POOL_SIZE][];
    private final int[] poolDb = new int[POOL_SIZE];
    /** The random policies' database cursor (Redis's static next_db). */
    private int nextDb;
    /** The key chosen by the last pick (which returns its database). */
    private byte[] picked;

    Eviction(Keyspace keyspace, Clock clock) {
        this.keyspace = keyspace;
        this.clock = clock;
    }

    public void configure(Policy policy, int samples) {
        this.policy = policy;
        this.samples = samples;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Evicts keys until {@code bytesToFree} bytes of the dataset are gone. Returns {@link #OK}
     * when they are, {@link #RUNNING} when {@code timeLimitNanos} passed first, {@link #FAIL}
     * when nothing is left to evict.
     */
    public int evict(long bytesToFree, long timeLimitNanos) {
        long start = clock.nanos();
        long freed = 0;
        int keysFreed = 0;
        while (freed < bytesToFree) {
            int found = policy.score == Score.RANDOM ? pickRandom() : pickFromPool();
            if (found < 0) return FAIL;
            Database db = keyspace.db(found);
            byte[] key = picked;
            picked = null;
            long before = db.bytes();
            keyspace.evict(db, db.slotOf(key));
            freed += before - db.bytes();
            keysFreed++;
            if (keysFreed % KEYS_PER_TIME_CHECK == 0 && clock.nanos() - start > timeLimitNanos) return RUNNING;
        }
        return OK;
    }

    /** Redis's pool selection: refill from every database until a live candidate comes out; its database, or -1. */
    private int pickFromPool() {
        while (true) {
            long total = 0;
            for (int i = 0; i < keyspace.count(); i++) {
                Database db = keyspace.db(i);
                OpenTable table = policy.allKeys ? db.main : db.expires;
                if (table.size() == 0) continue;
                populate(db, table);
                total += table.size();
            }
            if (total == 0) return -1;
            for (int k = POOL_SIZE - 1; k >= 0; k--) {
                byte[] key = poolKey[k];
                if (key == null) continue;
                int dbId = poolDb[k];
                poolKey[k] = null;
                poolScore[k] = 0;
                Database db = keyspace.db(dbId);
                OpenTable table = policy.allKeys ? db.main : db.expires;
                // A candidate deleted (or evicted) since it was pooled is a ghost: try the next one.
                if (table.find(key, Hashing.hash(key)) >= 0) {
                    picked = key;
                    return dbId;
                }
            }
        }
    }

    private void populate(Database db, OpenTable table) {
        AccessClock access = keyspace.access();
        for (int j = 0; j < samples; j++) {
            int ref = table.randomSlot(keyspace.random());
            byte[] key = table.keyAt(ref);
            long score;
            if (policy.score == Score.TTL) {
                score = Long.MAX_VALUE - db.expires.whenAt(ref);
            } else {
                int slot = table == db.main ? ref : db.main.find(key, Hashing.hash(key));
                int word = db.main.lruAt(slot);
                score = policy.score == Score.LRU ? access.idleMillis(word) : LFU_MAX - access.frequency(word);
            }
            offer(score, key, db.id());
        }
    }

    /** Inserts a candidate in the pool, kept sorted by ascending score; a full pool drops its worst entry. */
    private void offer(long score, byte[] key, int dbId) {
        int k = 0;
        while (k < POOL_SIZE && poolKey[k] != null && poolScore[k] < score) k++;
        if (k == 0 && poolKey[POOL_SIZE - 1] != null) return;
        if (k < POOL_SIZE && poolKey[k] == null) {
            // An empty place: nothing to move.
        } else if (poolKey[POOL_SIZE - 1] == null) {
            shift(k, k + 1, POOL_SIZE - k - 1);
        } else {
            k--;
            shift(1, 0, k);
        }
        poolScore[k] = score;
        poolKey[k] = key;
        poolDb[k] = dbId;
    }

    private void shift(int from, int to, int n) {
        System.arraycopy(poolScore, from, poolScore, to, n);
        System.arraycopy(poolKey, from, poolKey, to, n);
        System.arraycopy(poolDb, from, poolDb, to, n);
    }

    /** One random key of the next database that has one; its database, or -1. */
    private int pickRandom() {
        int n = keyspace.count();
        for (int i = 0; i < n; i++) {
            int j = Math.floorMod(++nextDb, n);
            Database db = keyspace.db(j);
            OpenTable table = policy.allKeys ? db.main : db.expires;
            if (table.size() == 0) continue;
            picked = table.keyAt(table.randomSlot(keyspace.random()));
            return j;
        }
        return -1;
    }
}

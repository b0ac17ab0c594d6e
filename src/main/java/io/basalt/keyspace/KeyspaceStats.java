package io.basalt.keyspace;

/** Counters INFO reports for the keyspace (stats section). Reset by CONFIG RESETSTAT. */
public final class KeyspaceStats {
    public long hits;
    public long misses;
    public long expiredKeys;
    public long evictedKeys;
    public double expiredStalePerc;
    public long expiredTimeCapReachedCount;
    public long expireCycleTimeUsedMicros;

    public void reset() {
        hits = misses = expiredKeys = evictedKeys = 0;
        expiredStalePerc = 0;
        expiredTimeCapReachedCount = 0;
        expireCycleTimeUsedMicros = 0;
    }
}

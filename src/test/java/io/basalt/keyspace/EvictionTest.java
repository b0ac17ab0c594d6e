package io.basalt.keyspace;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** maxmemory through the dispatcher: the accounting, each policy, OOM, and the LFU counter. */
class EvictionTest {
    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

    private long used(Harness h) {
        return h.engine.memoryLimit().used();
    }

    /** Sets maxmemory so that about {@code bytes} must be freed before the next command. */
    private void limitBelowUsage(Harness h, long bytes) {
        h.call("CONFIG", "SET", "maxmemory", Long.toString(used(h) - bytes));
    }

    private Set<String> keys(Harness h) {
        Set<String> keys = new HashSet<>();
        for (Object k : (List<?>) h.call("KEYS", "*")) keys.add((String) k);
        return keys;
    }

    private long evicted(Harness h) {
        String info = (String) h.call("INFO", "stats");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("evicted_keys:")) return Long.parseLong(line.substring(13));
        }
        throw new AssertionError("no evicted_keys in " + info);
    }

    /** The bytes every key would take if measured now, plus the dict buckets: what the keyspace must be tracking. */
    private static long walkedBytes(Keyspace ks) {
        long total = MemoryUsage.datasetBytes(ks);
        for (int i = 0; i < ks.count(); i++) {
            Database db = ks.db(i);
            total += MemoryUsage.expiresTableOverhead(db)
                    + io.basalt.keyspace.type.RedisAllocation.dictSlots(db.size()) * io.basalt.keyspace.type.RedisAllocation.POINTER;
        }
        return total;
    }

    @Test
    void accountingFollowsEveryKindOfWrite() {
        Harness h = new Harness();
        Keyspace ks = h.engine.keyspace();
        assertThat(ks.datasetBytes()).isZero();
        h.call("SET", "k", "v");
        long one = ks.datasetBytes();
        assertThat(one).isEqualTo(MemoryUsage.keyUsage("k".getBytes(), "v".getBytes(), 5) + 4 * 8);
        h.call("DEL", "k");
        assertThat(ks.datasetBytes()).isZero();

        // A seeded mix of writes that grow and shrink values in place, rename, move and expire keys.
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 4000; i++) {
            String k = "k" + r.nextInt(40);
            String m = "m" + r.nextInt(300);
            switch (r.nextInt(16)) {
                case 0 -> h.call("SET", k, "x".repeat(r.nextInt(80)));
                case 1 -> h.call("APPEND", k, "abcdefgh");
                case 2 -> h.call("HSET", k, m, "v".repeat(r.nextInt(100)));
                case 3 -> h.call("HDEL", k, m);
                case 4 -> h.call("LPUSH", k, m, m, m);
                case 5 -> h.call("RPOP", k, "2");
                case 6 -> h.call("SADD", k, m, Integer.toString(r.nextInt(1000)));
                case 7 -> h.call("SPOP", k);
                case 8 -> h.call("ZADD", k, Integer.toString(r.nextInt(100)), m);
                case 9 -> h.call("ZPOPMIN", k);
                case 10 -> h.call("SETRANGE", k, Integer.toString(r.nextInt(200)), "zz");
                case 11 -> h.call("RENAME", k, "k" + r.nextInt(40));
                case 12 -> h.call("MOVE", k, "1");
                case 13 -> h.call("EXPIRE", k, "100");
                case 14 -> h.call("LMOVE", k, "k" + r.nextInt(40), "LEFT", "RIGHT");
                default -> h.call("DEL", k);
            }
        }
        assertThat(ks.datasetBytes()).isEqualTo(walkedBytes(ks)).isPositive();
        h.call("SWAPDB", "0", "1");
        assertThat(ks.datasetBytes()).isEqualTo(walkedBytes(ks));
        h.call("FLUSHALL");
        assertThat(ks.datasetBytes()).isZero();
    }

    @Test
    void infoMemoryReportsTheCountedFigures() {
        Harness h = new Harness("maxmemory", "10mb", "maxmemory-policy", "allkeys-lru");
        h.call("SET", "k", "v");
        String info = (String) h.call("INFO", "memory");
        assertThat(info).contains("used_memory:" + used(h) + "\r\n", "maxmemory:10485760\r\n",
                "maxmemory_human:10.00M\r\n", "maxmemory_policy:allkeys-lru\r\n", "mem_not_counted_for_evict:0\r\n");
    }

    @Test
    void noevictionRefusesDenyoomCommandsOnly() {
        Harness h = new Harness();
        h.call("SET", "a", "1");
        h.call("CONFIG", "SET", "maxmemory", "1");
        assertThat(h.raw("SET", "b", "2")).isEqualTo(OOM);
        assertThat(h.raw("LPUSH", "l", "x")).isEqualTo(OOM);
        assertThat(h.raw("GET", "a")).isEqualTo("$1\r\n1\r\n");
        assertThat(h.raw("EXPIRE", "a", "100")).isEqualTo(":1\r\n");
        assertThat(h.raw("DEL", "a")).isEqualTo(":1\r\n");
        // Nothing counted is left (the harness has no client buffers): the limit is met again.
        assertThat(h.raw("SET", "b", "2")).isEqualTo("+OK\r\n");
        h.call("CONFIG", "SET", "maxmemory", "0");
        assertThat(h.raw("SET", "b", "2")).isEqualTo("+OK\r\n");
        assertThat(evicted(h)).isZero();
    }

    @Test
    void allkeysLruEvictsTheIdleKeys() {
        Harness h = new Harness("maxmemory-policy", "allkeys-lru", "maxmemory-samples", "64");
        for (int i = 0; i < 100; i++) h.call("SET", "old:" + i, "v".repeat(50));
        h.clock.advanceMillis(100_000);
        h.engine.keyspace().access().tick();
        for (int i = 0; i < 100; i++) h.call("SET", "new:" + i, "v".repeat(50));
        long perKey = used(h) / 200;
        limitBelowUsage(h, perKey * 30);
        assertThat(h.raw("GET", "new:0")).startsWith("$50");
        Set<String> left = keys(h);
        assertThat(evicted(h)).isBetween(30L, 34L);
        for (int i = 0; i < 100; i++) assertThat(left).contains("new:" + i);
        assertThat(used(h)).isLessThanOrEqualTo(h.engine.memoryLimit().maxmemory());
    }

    @Test
    void readsAndTouchKeepKeysYoung() {
        Harness h = new Harness("maxmemory-policy", "allkeys-lru", "maxmemory-samples", "64");
        for (int i = 0; i < 100; i++) h.call("SET", "k:" + i, "v".repeat(50));
        h.clock.advanceMillis(100_000);
        h.engine.keyspace().access().tick();
        for (int i = 0; i < 50; i++) h.call("GET", "k:" + i);
        for (int i = 50; i < 60; i++) h.call("TOUCH", "k:" + i);
        assertThat(h.call("OBJECT", "IDLETIME", "k:0")).isEqualTo(0L);
        assertThat(h.call("OBJECT", "IDLETIME", "k:99")).isEqualTo(100L);
        limitBelowUsage(h, used(h) / 100 * 30);
        h.call("PING");
        Set<String> left = keys(h);
        for (int i = 0; i < 60; i++) assertThat(left).contains("k:" + i);
        assertThat(left).hasSizeLessThan(75);
    }

    @Test
    void volatilePoliciesEvictOnlyKeysWithATimeToLive() {
        for (String policy : new String[] {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"}) {
            Harness h = new Harness("maxmemory-policy", policy);
            for (int i = 0; i < 50; i++) h.call("SET", "p:" + i, "v".repeat(50));
            for (int i = 0; i < 50; i++) h.call("SET", "t:" + i, "v".repeat(50), "EX", Integer.toString(1000 + i));
            limitBelowUsage(h, used(h) / 100 * 20);
            h.call("PING");
            Set<String> left = keys(h);
            for (int i = 0; i < 50; i++) assertThat(left).as(policy).contains("p:" + i);
            assertThat(left).as(policy).hasSizeBetween(75, 82);
            // Once only persistent keys are left, nothing can be freed: OOM.
            limitBelowUsage(h, used(h) / 2);
            assertThat(h.raw("SET", "x", "y")).as(policy).isEqualTo(OOM);
            assertThat(keys(h)).as(policy).hasSize(50);
        }
    }

    @Test
    void volatileTtlEvictsTheNearestExpiryFirst() {
        Harness h = new Harness("maxmemory-policy", "volatile-ttl", "maxmemory-samples", "64");
        for (int i = 0; i < 100; i++) h.call("SET", "t:" + i, "v".repeat(50), "EX", Integer.toString(1000 + i));
        limitBelowUsage(h, used(h) / 100 * 20);
        h.call("PING");
        Set<String> left = keys(h);
        for (int i = 40; i < 100; i++) assertThat(left).contains("t:" + i);
        assertThat(left).hasSizeBetween(75, 81);
    }

    @Test
    void allkeysRandomVisitsTheDatabasesInTurn() {
        Harness h = new Harness("maxmemory-policy", "allkeys-random");
        for (int db = 0; db < 4; db++) {
            h.call("SELECT", Integer.toString(db));
            for (int i = 0; i < 25; i++) h.call("SET", "k:" + i, "v".repeat(50));
        }
        limitBelowUsage(h, used(h) / 100 * 20);
        h.call("PING");
        for (int db = 0; db < 4; db++) {
            assertThat(h.engine.keyspace().db(db).size()).isBetween(18, 21);
        }
    }

    @Test
    void allkeysLfuEvictsTheRarelyUsedKeys() {
        Harness h = new Harness("maxmemory-policy", "allkeys-lfu", "maxmemory-samples", "64");
        for (int i = 0; i < 100; i++) h.call("SET", "k:" + i, "v".repeat(50));
        for (int n = 0; n < 20; n++) {
            for (int i = 0; i < 50; i++) h.call("GET", "k:" + i);
        }
        limitBelowUsage(h, used(h) / 100 * 30);
        h.call("PING");
        Set<String> left = keys(h);
        for (int i = 0; i < 50; i++) assertThat(left).contains("k:" + i);
    }

    @Test
    void evictionIsSignalledPropagatedAndCounted() {
        Harness h = new Harness("maxmemory-policy", "allkeys-random");
        h.call("SET", "a", "1");
        h.call("SET", "b", "2");
        List<String> events = h.recordEvents();
        List<String> stream = h.recordPropagation();
        h.call("CONFIG", "SET", "maxmemory", "1");
        // Both keys go; with nothing else counted (no client buffers in the harness) the SET then fits.
        assertThat(h.raw("SET", "c", "3")).isEqualTo("+OK\r\n");
        events.remove("new c");
        assertThat(events.subList(0, 2)).containsExactlyInAnyOrder("evicted a", "evicted b");
        assertThat(events.get(2)).isEqualTo("set c");
        // The deletions go out alone, before the command that made room.
        assertThat(stream.subList(0, 2)).containsExactlyInAnyOrder("0 DEL a", "0 DEL b");
        assertThat(stream.get(2)).isEqualTo("0 SET c 3");
        // Eviction goes on after the command (Redis's evictionTimeProc): c does not fit either.
        assertThat(events.get(3)).isEqualTo("evicted c");
        assertThat(stream.get(3)).isEqualTo("0 DEL c");
        assertThat(evicted(h)).isEqualTo(3);
        assertThat((String) h.call("INFO", "stats")).contains("current_eviction_exceeded_time:");

        Harness lazy = new Harness("maxmemory-policy", "allkeys-lru", "lazyfree-lazy-eviction", "yes");
        lazy.call("SET", "a", "1");
        List<String> lazyStream = lazy.recordPropagation();
        lazy.call("CONFIG", "SET", "maxmemory", "1");
        lazy.call("GET", "a");
        assertThat(lazyStream).containsExactly("0 UNLINK a");
    }

    @Test
    void replicasLeaveEvictionToTheirMaster() {
        Harness h = new Harness("maxmemory-policy", "allkeys-lru");
        h.call("SET", "a", "1");
        h.engine.replicationGate().replica = true;
        h.call("CONFIG", "SET", "maxmemory", "1");
        assertThat(h.raw("SET", "b", "2")).isEqualTo("+OK\r\n");
        assertThat(evicted(h)).isZero();
        h.call("CONFIG", "SET", "replica-ignore-maxmemory", "no");
        h.call("PING");
        assertThat(evicted(h)).isEqualTo(2);
    }

    @Test
    void objectFreqAndIdletimeFollowThePolicy() {
        Harness h = new Harness();
        h.call("SET", "k", "v");
        assertThat(h.raw("OBJECT", "FREQ", "k")).startsWith("-ERR An LFU maxmemory policy is not selected");
        h.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        assertThat(h.raw("OBJECT", "IDLETIME", "k")).startsWith("-ERR An LFU maxmemory policy is selected");
        h.call("SET", "f", "v");
        assertThat(h.call("OBJECT", "FREQ", "f")).isEqualTo(5L);
        // The counter decays by one per lfu-decay-time minutes of idleness.
        h.clock.advanceMillis(3 * 60_000);
        assertThat(h.call("OBJECT", "FREQ", "f")).isEqualTo(2L);
        h.call("CONFIG", "SET", "lfu-decay-time", "0");
        assertThat(h.call("OBJECT", "FREQ", "f")).isEqualTo(5L);
    }

    /** Redis's table in redis.conf (counters after N hits per lfu-log-factor), as means over 10 keys. */
    @Test
    void lfuCounterFollowsTheLogarithmicCurve() {
        assertThat(meanCounterAfter(0, 100)).isEqualTo(105);
        assertThat(meanCounterAfter(1, 1000)).isBetween(44.0, 54.0);
        assertThat(meanCounterAfter(10, 100)).isBetween(8.5, 11.5);
        assertThat(meanCounterAfter(10, 1000)).isBetween(16.5, 21.5);
        assertThat(meanCounterAfter(10, 100_000)).isBetween(138.0, 156.0);
        assertThat(meanCounterAfter(100, 100_000)).isBetween(45.0, 55.0);
    }

    private static double meanCounterAfter(int factor, int hits) {
        Harness h = new Harness("maxmemory-policy", "allkeys-lfu", "lfu-log-factor", Integer.toString(factor));
        Keyspace ks = h.engine.keyspace();
        Database db = ks.db(0);
        long sum = 0;
        for (int k = 0; k < 10; k++) {
            h.call("SET", "k" + k, "v");
            byte[] key = ("k" + k).getBytes();
            for (int i = 0; i < hits; i++) ks.findRead(db, key, 0, key.length);
            sum += (Long) h.call("OBJECT", "FREQ", "k" + k);
        }
        return sum / 10.0;
    }

    @Test
    void configDirectivesAreLive() {
        Harness h = new Harness();
        List<String> pairs = new ArrayList<>();
        for (String[] p : new String[][] {{"maxmemory-samples", "7"}, {"maxmemory-eviction-tenacity", "30"},
                {"lfu-log-factor", "3"}, {"lfu-decay-time", "2"}, {"maxmemory", "1mb"}}) {
            assertThat(h.raw("CONFIG", "SET", p[0], p[1])).isEqualTo("+OK\r\n");
            pairs.add(p[0]);
        }
        assertThat(h.engine.memoryLimit().maxmemory()).isEqualTo(1 << 20);
        assertThat(h.raw("CONFIG", "SET", "maxmemory-policy", "lru")).startsWith("-ERR CONFIG SET failed");
    }
}

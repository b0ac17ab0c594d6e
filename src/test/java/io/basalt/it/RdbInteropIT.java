package io.basalt.it;

import io.basalt.testing.DatasetGenerator;
import io.basalt.testing.Datasets;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.basalt.it.RdbFiles.jedis;
import static io.basalt.testing.DatasetGenerator.cmd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RDB interoperability with Redis 7.0, both ways, over seeded random datasets of every type
 * and encoding ({@link DatasetGenerator}): a dump Basalt writes (SAVE and BGSAVE) passes
 * redis-check-rdb and loads into redis-server with the same keys, types, values, expiry
 * times and DEBUG DIGEST; a dump redis-server writes loads into Basalt the same way. Where
 * encodings are compared, the reference is Redis loading the same file, since loading
 * re-applies the loader's encoding limits.
 */
class RdbInteropIT {
    private static final int KEYS_PER_DB = 150;
    /** {@code -Dbasalt.it.rdbSeeds=N}: N seeds per direction instead of two, for a longer sweep. */
    private static final int SEEDS = Integer.getInteger("basalt.it.rdbSeeds", 2);

    private static long[] seeds(long first) {
        long[] out = new long[SEEDS];
        for (int i = 0; i < SEEDS; i++) out[i] = first + i;
        return out;
    }

    @BeforeAll
    static void requireRedis() {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
    }

    private static ServerProcess basalt(String... extra) throws Exception {
        String[] args = new String[extra.length + 4];
        args[0] = "--enable-debug-command";
        args[1] = "yes";
        args[2] = "--save";
        args[3] = "";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return ServerProcess.start(args);
    }

    /** Redis serving a copy of {@code rdb} (in a directory under the writer's, which outlives it). */
    private static RedisProcess redisOn(Path rdb) throws Exception {
        Path dir = RdbFiles.copyToNewDir(rdb, rdb.getParent());
        return RedisProcess.start("--dir", dir.toString(), "--dbfilename", "dump.rdb");
    }

    private static void assertSameData(String what, Map<String, Datasets.Entry> a, Map<String, Datasets.Entry> b, boolean encodings) {
        assertThat(Datasets.differences(a, b, encodings)).as(what).isEmpty();
    }

    /**
     * The loaded dataset equals the written one; so does the digest, unless loading turned
     * a skiplist's -0 score into a listpack's 0 (see {@link Datasets.Comparison}).
     */
    private static void assertLoaded(String what, Map<String, Datasets.Entry> written, String writtenDigest,
                                     Map<String, Datasets.Entry> loaded, String loadedDigest) {
        Datasets.Comparison c = Datasets.compareLoaded(written, loaded);
        assertThat(c.differences()).as(what).isEmpty();
        if (c.signedZeros() == 0) assertThat(loadedDigest).as(what + ": digest").isEqualTo(writtenDigest);
    }

    @Test
    void basaltSaveAndBgsaveLoadIntoRedis() throws Exception {
        try (ServerProcess server = basalt(); Jedis b = jedis(server)) {
            for (long seed : seeds(11)) {
                b.flushAll();
                new DatasetGenerator(seed, KEYS_PER_DB).populate(b);
                Map<String, Datasets.Entry> written = Datasets.read(b);
                String digest = Datasets.digest(b);
                boolean background = seed % 2 == 0;
                if (background) {
                    assertThat(b.bgsave()).isEqualTo("Background saving started");
                    assertThat(RdbFiles.awaitBgsave(b, 30_000)).isEqualTo("ok");
                } else {
                    assertThat(b.save()).isEqualTo("OK");
                }
                Path rdb = server.dir().resolve("dump.rdb");
                RdbFiles.assertValid(rdb);
                try (RedisProcess redis = redisOn(rdb); Jedis r = jedis(redis)) {
                    Map<String, Datasets.Entry> loaded = Datasets.read(r);
                    assertLoaded("seed " + seed + ": Redis loading Basalt's dump", written, digest, loaded, Datasets.digest(r));
                    // Basalt loading its own dump must choose the encodings (and values) Redis chose.
                    assertThat(b.sendCommand(cmd("DEBUG"), DatasetGenerator.bytes("RELOAD"))).isEqualTo(DatasetGenerator.bytes("OK"));
                    assertSameData("seed " + seed + ": after loading, Basalt vs Redis", Datasets.read(b), loaded, true);
                    assertThat(Datasets.digest(b)).as("digests after loading").isEqualTo(Datasets.digest(r));
                    System.out.printf("seed %d (%s): %s%n", seed, background ? "BGSAVE" : "SAVE", Datasets.census(loaded));
                }
            }
        }
    }

    @Test
    void redisDumpLoadsIntoBasalt() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); Jedis r = jedis(redis)) {
            for (long seed : seeds(21)) {
                r.flushAll();
                new DatasetGenerator(seed, KEYS_PER_DB).populate(r);
                Map<String, Datasets.Entry> written = Datasets.read(r);
                String digest = Datasets.digest(r);
                assertThat(r.save()).isEqualTo("OK");
                Path rdb = redis.dir().resolve("dump.rdb");
                RdbFiles.assertValid(rdb);
                Path dir = RdbFiles.copyToNewDir(rdb, redis.dir());
                try (ServerProcess server = basalt("--dir", dir.toString(), "--dbfilename", "dump.rdb"); Jedis b = jedis(server)) {
                    Map<String, Datasets.Entry> loaded = Datasets.read(b);
                    assertLoaded("seed " + seed + ": Basalt loading Redis's dump", written, digest, loaded, Datasets.digest(b));
                    r.sendCommand(cmd("DEBUG"), DatasetGenerator.bytes("RELOAD"));
                    assertSameData("seed " + seed + ": after loading, Basalt vs Redis", loaded, Datasets.read(r), true);
                    assertThat(Datasets.digest(b)).as("digests after loading").isEqualTo(Datasets.digest(r));
                    System.out.printf("seed %d: %s%n", seed, Datasets.census(loaded));
                }
            }
        }
    }

    /** Every key's DUMP payload, by the "db:hexkey" names {@link Datasets#read} uses. */
    private static Map<String, byte[]> dumps(Jedis j, Map<String, Datasets.Entry> data) {
        Map<String, byte[]> out = new TreeMap<>();
        for (String name : data.keySet()) {
            j.select(db(name));
            out.put(name, j.dump(key(name)));
        }
        j.select(0);
        return out;
    }

    private static int db(String name) {
        return Integer.parseInt(name.substring(0, name.indexOf(':')));
    }

    private static byte[] key(String name) {
        return HexFormat.of().parseHex(name.substring(name.indexOf(':') + 1));
    }

    /**
     * DUMP every key of one server and RESTORE it into the other, both ways: the restored
     * datasets equal the originals and each other (encodings and digests included); ABSTTL
     * carries the exact expiry, REPLACE overwrites a key of another type, a relative TTL
     * lands within the time the test took. Payloads of the same value with the same
     * encoding are compared byte for byte.
     */
    @Test
    void dumpAndRestoreBothWays() throws Exception {
        try (ServerProcess server = basalt(); RedisProcess redis = RedisProcess.start();
             Jedis b = jedis(server); Jedis r = jedis(redis)) {
            for (long seed : Arrays.copyOf(seeds(31), Math.max(1, SEEDS - 1))) {
                b.flushAll();
                r.flushAll();
                dumpAndRestore(b, r, seed);
            }
        }
    }

    private static void dumpAndRestore(Jedis b, Jedis r, long seed) {
        new DatasetGenerator(seed, KEYS_PER_DB).populate(b);
        new DatasetGenerator(seed, KEYS_PER_DB).populate(r);
        Map<String, Datasets.Entry> original = Datasets.read(r);
        // The same commands give the same encodings (so payloads can be compared).
        assertSameData("seed " + seed + ": the same writes on Basalt and Redis", Datasets.read(b), original, true);
        String digest = Datasets.digest(r);
        assertThat(Datasets.digest(b)).isEqualTo(digest);

        // Without LZF (whose output differs, see below) a payload is Redis's byte for byte,
        // except for hash tables, whose members follow each server's own table order.
        for (Jedis j : new Jedis[] {b, r}) j.configSet("rdbcompression", "no");
        Map<String, byte[]> plainBasalt = dumps(b, original), plainRedis = dumps(r, original);
        List<String> unlike = new ArrayList<>();
        int compared = 0;
        for (String name : original.keySet()) {
            if (original.get(name).encoding().equals("hashtable")) continue;
            compared++;
            if (!Arrays.equals(plainBasalt.get(name), plainRedis.get(name)) && unlike.size() < 10) {
                unlike.add(name + " " + original.get(name).type() + "/" + original.get(name).encoding());
            }
        }
        assertThat(unlike).as("uncompressed DUMP payloads unlike Redis's (of %d compared)", compared).isEmpty();
        for (Jedis j : new Jedis[] {b, r}) j.configSet("rdbcompression", "yes");

        // With LZF the compressed strings differ: Basalt's compressor emits liblzf's format
        // but chooses its matches differently (its own hash), so only counts are reported.
        Map<String, byte[]> fromBasalt = dumps(b, original), fromRedis = dumps(r, original);
        int identical = 0;
        for (String name : original.keySet()) {
            if (Arrays.equals(fromBasalt.get(name), fromRedis.get(name))) identical++;
        }
        System.out.printf("DUMP: %d keys; uncompressed payloads equal to Redis's: all %d that are not hash tables; "
                + "compressed payloads equal: %d%n", original.size(), compared, identical);

        // Each server's payloads into the other, over keys of another type (REPLACE).
        b.flushAll();
        r.flushAll();
        restoreAll(r, fromBasalt, original);
        restoreAll(b, fromRedis, original);
        // A hash table's payload lists members in its writer's table order, and a small one
        // becomes a listpack in that order: only compact originals must keep their order.
        Map<String, Datasets.Entry> inBasalt = Datasets.read(b), inRedis = Datasets.read(r);
        for (Map<String, Datasets.Entry> m : List.of(inBasalt, inRedis)) {
            m.replaceAll((name, e) -> original.get(name).encoding().equals("hashtable")
                    ? new Datasets.Entry(e.type(), e.encoding(), e.expireAt(), e.value(), null) : e);
        }
        assertSameData("seed " + seed + ": restored from each other's payloads", inBasalt, inRedis, true);
        assertThat(Datasets.digest(b)).isEqualTo(Datasets.digest(r));
        assertThat(Datasets.compareLoaded(original, inBasalt).differences()).as("restored vs original").isEmpty();

        // A relative TTL: now + ttl at the time of the RESTORE.
        byte[] payload = fromBasalt.values().iterator().next();
        for (Jedis j : new Jedis[] {b, r}) {
            long t0 = System.currentTimeMillis();
            assertThat(j.restore(DatasetGenerator.bytes("relative"), 100_000, payload)).isEqualTo("OK");
            long at = j.pexpireTime(DatasetGenerator.bytes("relative"));
            assertThat(at).isBetween(t0 + 100_000, System.currentTimeMillis() + 100_000);
        }
    }

    /** RESTOREs every payload: ABSTTL with the original expiry, REPLACE over a string planted under every third key. */
    private static void restoreAll(Jedis j, Map<String, byte[]> payloads, Map<String, Datasets.Entry> original) {
        int i = 0;
        for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
            j.select(db(e.getKey()));
            byte[] k = key(e.getKey());
            long expireAt = original.get(e.getKey()).expireAt();
            List<byte[]> args = new ArrayList<>(List.of(k, DatasetGenerator.bytes(Long.toString(Math.max(0, expireAt))), e.getValue()));
            if (expireAt >= 0) args.add(DatasetGenerator.bytes("ABSTTL"));
            if (i++ % 3 == 0) {
                j.set(k, DatasetGenerator.bytes("planted"));
                args.add(DatasetGenerator.bytes("REPLACE"));
            }
            assertThat(j.sendCommand(cmd("RESTORE"), args.toArray(new byte[0][]))).isEqualTo(DatasetGenerator.bytes("OK"));
        }
        j.select(0);
    }

    /**
     * IDLETIME and FREQ: RESTORE sets them where the policy tracks them (IDLETIME under any
     * non-LFU policy, FREQ under LFU), and an RDB carries them from one server to the other.
     */
    @Test
    void idleTimeAndFrequencyTravel() throws Exception {
        byte[] k = DatasetGenerator.bytes("k");
        for (String policy : new String[] {"allkeys-lru", "noeviction", "allkeys-lfu"}) {
            boolean lfu = policy.endsWith("lfu");
            try (ServerProcess server = basalt("--maxmemory-policy", policy);
                 RedisProcess redis = RedisProcess.start("--maxmemory-policy", policy);
                 Jedis b = jedis(server); Jedis r = jedis(redis)) {
                r.rpush(k, DatasetGenerator.bytes("a"), DatasetGenerator.bytes("b"));
                byte[] payload = r.dump(k);
                for (Jedis j : new Jedis[] {b, r}) {
                    j.del(k);
                    Object reply = j.sendCommand(cmd("RESTORE"), k, DatasetGenerator.bytes("0"), payload,
                            DatasetGenerator.bytes(lfu ? "FREQ" : "IDLETIME"), DatasetGenerator.bytes(lfu ? "77" : "5000"));
                    assertThat(reply).isEqualTo(DatasetGenerator.bytes("OK"));
                }
                if (lfu) {
                    assertThat(b.objectFreq(k)).as(policy).isEqualTo(77).isEqualTo(r.objectFreq(k));
                } else {
                    assertThat(b.objectIdletime(k)).as(policy).isBetween(5000L, 5002L);
                    assertThat(r.objectIdletime(k)).as(policy).isBetween(5000L, 5002L);
                }
                if (policy.equals("noeviction")) continue;
                // Through an RDB, both ways: the idle time (LRU) or the counter (LFU) is kept.
                assertThat(b.save()).isEqualTo("OK");
                assertThat(r.save()).isEqualTo("OK");
                try (RedisProcess fromBasalt = RedisProcess.start("--maxmemory-policy", policy, "--dir",
                        RdbFiles.copyToNewDir(server.dir().resolve("dump.rdb"), server.dir()).toString());
                     ServerProcess fromRedis = basalt("--maxmemory-policy", policy, "--dir",
                             RdbFiles.copyToNewDir(redis.dir().resolve("dump.rdb"), redis.dir()).toString());
                     Jedis rb = jedis(fromBasalt); Jedis br = jedis(fromRedis)) {
                    if (lfu) {
                        assertThat(rb.objectFreq(k)).as("Redis loading Basalt's").isEqualTo(77);
                        assertThat(br.objectFreq(k)).as("Basalt loading Redis's").isEqualTo(77);
                    } else {
                        assertThat(rb.objectIdletime(k)).as("Redis loading Basalt's").isBetween(5000L, 5010L);
                        assertThat(br.objectIdletime(k)).as("Basalt loading Redis's").isBetween(5000L, 5010L);
                    }
                }
            }
        }
    }

    /** LASTSAVE: an integer, INFO's rdb_last_save_time, moved by a successful SAVE and BGSAVE (compared with Redis's behaviour). */
    @Test
    void lastsaveFollowsSuccessfulSaves() throws Exception {
        try (ServerProcess server = basalt(); RedisProcess redis = RedisProcess.start(); Jedis b = jedis(server); Jedis r = jedis(redis)) {
            Jedis[] both = {b, r};
            long[] start = new long[2], saved = new long[2];
            for (int i = 0; i < 2; i++) {
                start[i] = both[i].lastsave();
                assertThat(Long.toString(start[i])).isEqualTo(RdbFiles.info(both[i], "rdb_last_save_time"));
            }
            Thread.sleep(1100);
            long before = System.currentTimeMillis() / 1000;
            for (int i = 0; i < 2; i++) {
                assertThat(both[i].save()).isEqualTo("OK");
                saved[i] = both[i].lastsave();
                assertThat(saved[i]).isGreaterThan(start[i]).isGreaterThanOrEqualTo(before);
            }
            Thread.sleep(1100);
            for (int i = 0; i < 2; i++) {
                assertThat(both[i].bgsave()).isEqualTo("Background saving started");
                assertThat(RdbFiles.awaitBgsave(both[i], 30_000)).isEqualTo("ok");
                assertThat(both[i].lastsave()).isGreaterThan(saved[i]);
            }
        }
    }
}

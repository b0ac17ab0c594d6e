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
import java.util.Map;

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
            for (long seed : new long[] {11, 12}) {
                b.flushAll();
                new DatasetGenerator(seed, KEYS_PER_DB).populate(b);
                Map<String, Datasets.Entry> written = Datasets.read(b);
                String digest = Datasets.digest(b);
                boolean background = seed == 12;
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
            for (long seed : new long[] {21, 22}) {
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
}

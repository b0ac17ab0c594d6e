package io.basalt.it;

import io.basalt.testing.DatasetGenerator;
import io.basalt.testing.Datasets;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static io.basalt.it.RdbFiles.jedis;
import static io.basalt.testing.DatasetGenerator.bytes;
import static io.basalt.testing.DatasetGenerator.cmd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fork-less BGSAVE's claim: the dump holds exactly the dataset as of the moment BGSAVE
 * started, while clients keep writing. Seeded writer threads hammer a Basalt server (in-place
 * changes to strings and to compact and large collections, deletes, renames, moves, copies,
 * RESTOREs, new keys in bursts that resize the tables, TTL changes); they are held still only
 * while the test records DEBUG DIGEST and every key (T0) and issues BGSAVE, which
 * rdb-key-save-delay slows the walk (a pause after each step) so the writes interleave with it.
 * After the BGSAVE the writers also expire keys (PEXPIRE 1 and active expiry), and the test
 * itself runs SWAPDB and FLUSHDB (of every database) mid-walk. The dump, loaded into another Basalt and
 * into redis-server, must equal T0 key for key and digest for digest.
 */
class SnapshotConsistencyIT {
    private static final int WRITERS = 4;
    private static final int KEYS_PER_DB = 120;
    /** {@code -Dbasalt.it.snapshotRepeats=N}: every scenario N times with new seeds, for a longer hunt. */
    private static final int REPEATS = Integer.getInteger("basalt.it.snapshotRepeats", 1);

    /** What the test itself does to the dataset while the BGSAVE walks it. */
    private enum Scenario { WRITES_ONLY, EXPIRE_AND_SWAPDB, FLUSHDB_EVERY_DB, RESIZE_BURSTS }

    @Test
    void bgsaveHoldsExactlyTheDatasetAsItStarted() throws Exception {
        boolean withRedis = RedisProcess.available();
        try (ServerProcess server = ServerProcess.start("--save", "", "--enable-debug-command", "yes");
             ServerProcess loader = ServerProcess.start("--save", "", "--enable-debug-command", "yes");
             RedisProcess redis = withRedis ? RedisProcess.start() : null;
             Jedis b = jedis(server); Jedis l = jedis(loader); Jedis r = withRedis ? jedis(redis) : null) {
            long seed = 100;
            for (int i = 0; i < REPEATS; i++) {
                for (Scenario scenario : Scenario.values()) {
                    round(server, b, l, loader.dir(), r, withRedis ? redis.dir() : null, seed++, scenario);
                }
            }
        }
    }

    private static void round(ServerProcess server, Jedis b, Jedis loader, Path loaderDir, Jedis redis, Path redisDir, long seed,
                              Scenario scenario) throws Exception {
        Path scratch = loaderDir;
        b.flushAll();
        b.configSet("rdb-key-save-delay", "0");
        new DatasetGenerator(seed, KEYS_PER_DB).populate(b);
        List<List<byte[]>> existing = new ArrayList<>();
        for (int db : DatasetGenerator.DBS) {
            b.select(db);
            existing.add(b.keys(bytes("*")).stream().toList());
        }
        b.select(0);
        // A pause after each step of the walk, as long as its keys' delays: writes land between steps.
        b.configSet("rdb-key-save-delay", scenario == Scenario.RESIZE_BURSTS ? "100" : "4000");

        ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
        Writers writers = new Writers(server, seed, existing, gate, scenario == Scenario.RESIZE_BURSTS);
        writers.start();
        Thread.sleep(300);

        // T0: no writer command in flight; the digest, every key, a SAVE (the reference dump), then BGSAVE.
        Map<String, Datasets.Entry> t0;
        String digest;
        Path reference = scratch.resolve("t0-" + seed + ".rdb");
        gate.writeLock().lock();
        try {
            digest = Datasets.digest(b);
            t0 = Datasets.read(b);
            assertThat(b.save()).isEqualTo("OK");
            Files.copy(server.dir().resolve("dump.rdb"), reference, StandardCopyOption.REPLACE_EXISTING);
            assertThat(b.bgsave()).isEqualTo("Background saving started");
            writers.afterSnapshotStart = true;
        } finally {
            gate.writeLock().unlock();
        }
        long opsAtStart = writers.ops.get();
        disturb(b, scenario);
        String status = RdbFiles.awaitBgsave(b, 60_000);
        long opsDuringSave = writers.ops.get() - opsAtStart;
        writers.stop();
        assertThat(status).as("BGSAVE status").isEqualTo("ok");
        assertThat(writers.failure).as("writer failure").isNull();

        Path dump = server.dir().resolve("dump.rdb");
        RdbFiles.assertValid(dump);
        String what = "seed " + seed + " " + scenario;
        // Loading may legitimately change a value (a skiplist's -0 becomes a listpack's 0), so
        // the BGSAVE's dump is held to T0 itself leniently and to the SAVE made at T0 exactly.
        loadInto(loader, reference, loaderDir);
        Map<String, Datasets.Entry> expected = Datasets.read(loader);
        String expectedDigest = Datasets.digest(loader);
        loadInto(loader, dump, loaderDir);
        Map<String, Datasets.Entry> loaded = Datasets.read(loader);
        Datasets.Comparison vsT0 = Datasets.compareLoaded(t0, loaded);
        assertThat(vsT0.differences()).as(what + ": Basalt loading the BGSAVE's dump vs T0").isEmpty();
        if (vsT0.signedZeros() == 0) assertThat(Datasets.digest(loader)).as(what + ": digest vs T0").isEqualTo(digest);
        assertThat(Datasets.differences(expected, loaded, true)).as(what + ": BGSAVE's dump vs SAVE's at T0").isEmpty();
        assertThat(Datasets.digest(loader)).as(what + ": digest vs SAVE's at T0").isEqualTo(expectedDigest);
        if (redis != null) {
            loadInto(redis, reference, redisDir);
            String redisExpected = Datasets.digest(redis);
            loadInto(redis, dump, redisDir);
            assertThat(Datasets.digest(redis)).as(what + ": digest of Redis loading the dumps").isEqualTo(redisExpected)
                    .isEqualTo(expectedDigest);
        }
        // The marks the walk and the writers left behind serve the next snapshot: a BGSAVE of
        // the dataset as the writers left it (keys born during the walk included) is complete.
        b.configSet("rdb-key-save-delay", "0");
        Map<String, Datasets.Entry> now = Datasets.read(b);
        String nowDigest = Datasets.digest(b);
        assertThat(b.bgsave()).isEqualTo("Background saving started");
        assertThat(RdbFiles.awaitBgsave(b, 60_000)).isEqualTo("ok");
        loadInto(loader, dump, loaderDir);
        Datasets.Comparison next = Datasets.compareLoaded(now, Datasets.read(loader));
        assertThat(next.differences()).as(what + ": the next BGSAVE").isEmpty();
        if (next.signedZeros() == 0) assertThat(Datasets.digest(loader)).as(what + ": the next BGSAVE's digest").isEqualTo(nowDigest);

        System.out.printf("%s: %d keys at T0, %d writer commands during the BGSAVE (%d errors in all), digest %s%n",
                what, t0.size(), opsDuringSave, writers.errors.get(), digest);
        assertThat(opsDuringSave).as("writes interleaved with the walk").isGreaterThan(500);
    }

    /** Copies the dump over {@code dir}/dump.rdb (the server's own dir and file) and loads it. */
    private static void loadInto(Jedis j, Path dump, Path dir) throws java.io.IOException {
        Files.copy(dump, dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(j.sendCommand(cmd("DEBUG"), bytes("RELOAD"), bytes("NOSAVE"))).isEqualTo(bytes("OK"));
    }

    /** The test's own mid-walk operations, spread over the first second of the BGSAVE. */
    private static void disturb(Jedis b, Scenario scenario) throws InterruptedException {
        switch (scenario) {
            case WRITES_ONLY, RESIZE_BURSTS -> { }
            case EXPIRE_AND_SWAPDB -> {
                Thread.sleep(300);
                assertThat(b.swapDB(0, 1)).isEqualTo("OK");
                Thread.sleep(300);
                assertThat(b.swapDB(9, 0)).isEqualTo("OK");
            }
            case FLUSHDB_EVERY_DB -> {
                // (FLUSHALL would stop the BGSAVE, as it kills Redis's child; FLUSHDB leaves it running.)
                Thread.sleep(300);
                b.select(9);
                assertThat(b.flushDB()).isEqualTo("OK");
                Thread.sleep(300);
                b.select(1);
                assertThat(b.flushDB()).isEqualTo("OK");
                b.select(0);
                assertThat(b.sendCommand(cmd("FLUSHDB"), bytes("ASYNC"))).isEqualTo(bytes("OK"));
            }
        }
    }

    /** Seeded writer threads; each command runs under the gate's read lock, so T0 can hold them all still. */
    private static final class Writers {
        final AtomicLong ops = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        volatile boolean afterSnapshotStart;
        volatile Throwable failure;
        private volatile boolean running = true;
        private final List<Thread> threads = new ArrayList<>();

        private final boolean bursty;

        Writers(ServerProcess server, long seed, List<List<byte[]>> existing, ReentrantReadWriteLock gate, boolean bursty) {
            this.bursty = bursty;
            for (int t = 0; t < WRITERS; t++) {
                SplittableRandom rnd = new SplittableRandom(seed * 1000 + t);
                int id = t;
                threads.add(new Thread(() -> {
                    try (Jedis j = jedis(server)) {
                        int db = 0;
                        while (running) {
                            gate.readLock().lock();
                            try {
                                int want = rnd.nextInt(DatasetGenerator.DBS.length);
                                if (want != db) {
                                    j.select(DatasetGenerator.DBS[want]);
                                    db = want;
                                }
                                write(j, rnd, existing.get(want), id);
                                ops.incrementAndGet();
                            } catch (JedisDataException e) {
                                errors.incrementAndGet();
                            } finally {
                                gate.readLock().unlock();
                            }
                        }
                    } catch (Throwable e) {
                        failure = e;
                    }
                }, "writer-" + t));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) t.join(30_000);
        }

        /** One command: 60% an in-place change fitting the key's type (creating it when missing), else a key-level one. */
        private void write(Jedis j, SplittableRandom rnd, List<byte[]> existing, int id) {
            byte[] k = key(rnd, existing, id);
            byte[] v = bytes("v" + rnd.nextInt(1_000_000));
            byte[] n = bytes(Integer.toString(rnd.nextInt(100_000)));
            if (bursty && rnd.nextInt(3) == 0) {
                burst(j, rnd, v, id);
                return;
            }
            if (rnd.nextInt(10) < 6) {
                String type = j.type(k);
                if (type.equals("none")) type = new String[] {"string", "list", "hash", "zset", "set"}[rnd.nextInt(5)];
                int op = rnd.nextInt(4);
                switch (type) {
                    case "string" -> {
                        switch (op) {
                            case 0 -> j.append(k, v);
                            case 1 -> j.setrange(k, rnd.nextInt(40), v);
                            case 2 -> j.setbit(k, rnd.nextInt(2000), true);
                            default -> j.set(k, n);
                        }
                    }
                    case "list" -> {
                        switch (op) {
                            case 0 -> j.lpush(k, v, n);
                            case 1 -> j.rpop(k);
                            case 2 -> j.linsert(k, redis.clients.jedis.args.ListPosition.AFTER, n, v);
                            default -> j.lset(k, rnd.nextInt(3), compressible(rnd));
                        }
                    }
                    case "hash" -> {
                        switch (op) {
                            case 0 -> j.hdel(k, bytes("f" + rnd.nextInt(600) + "-" + rnd.nextInt(100)));
                            case 1 -> j.hincrBy(k, bytes("n"), 1);
                            case 2 -> j.hset(k, bytes("long"), compressible(rnd));
                            default -> j.hset(k, bytes("f" + rnd.nextInt(600)), v);
                        }
                    }
                    case "zset" -> {
                        switch (op) {
                            case 0 -> j.zpopmin(k);
                            case 1 -> j.zincrby(k, 1.5, v);
                            case 2 -> j.zadd(k, rnd.nextDouble(), compressible(rnd));
                            default -> j.zadd(k, rnd.nextInt(1000) - 500.5, v);
                        }
                    }
                    case "set" -> {
                        switch (op) {
                            case 0 -> j.spop(k);
                            case 1 -> j.sadd(k, v);
                            default -> j.sadd(k, n);
                        }
                    }
                    default -> j.pfadd(k, v);
                }
                return;
            }
            byte[] other = key(rnd, existing, id);
            switch (rnd.nextInt(afterSnapshotStart ? 16 : 14)) {
                case 0 -> j.del(k);
                case 1 -> j.unlink(k);
                case 2 -> j.expire(k, 100_000);
                case 3 -> j.persist(k);
                case 4 -> j.rename(k, other);
                case 5 -> j.copy(k, other, true);
                case 6 -> j.move(k, DatasetGenerator.DBS[rnd.nextInt(DatasetGenerator.DBS.length)]);
                case 7 -> j.sendCommand(cmd("SUNIONSTORE"), other, k, other);
                case 8 -> j.sendCommand(cmd("ZUNIONSTORE"), other, bytes("2"), k, other);
                case 9 -> j.lmove(k, other, redis.clients.jedis.args.ListDirection.LEFT, redis.clients.jedis.args.ListDirection.RIGHT);
                case 10 -> {
                    byte[] payload = j.dump(k);
                    if (payload != null) j.restore(other, 0, payload, redis.clients.jedis.params.RestoreParams.restoreParams().replace());
                }
                case 11 -> j.sendCommand(cmd("PFCOUNT"), k);
                case 12 -> j.sendCommand(cmd("GETEX"), k, bytes("PX"), bytes("100000"));
                case 13 -> burst(j, rnd, v, id);
                // After T0 only: keys that expire, found by active expiry or lazily.
                default -> j.pexpire(k, 1);
            }
        }

        /** A burst of new keys (the table grows, rehashing under the walk) or of deletes (it shrinks). */
        private static void burst(Jedis j, SplittableRandom rnd, byte[] v, int id) {
            byte[][] kv = new byte[100][];
            for (int i = 0; i < 100; i += 2) {
                kv[i] = bytes("burst:" + id + ":" + rnd.nextInt(20_000));
                kv[i + 1] = v;
            }
            if (rnd.nextBoolean()) j.mset(kv);
            else j.del(java.util.stream.IntStream.range(0, 50).mapToObj(i -> kv[2 * i]).toArray(byte[][]::new));
        }

        private static byte[] compressible(SplittableRandom rnd) {
            return bytes(("abc" + rnd.nextInt(100)).repeat(20 + rnd.nextInt(40)));
        }

        /** Mostly keys that existed at T0 (so their pending entries change), some of this writer's own. */
        private static byte[] key(SplittableRandom rnd, List<byte[]> existing, int id) {
            if (!existing.isEmpty() && rnd.nextInt(10) < 7) return existing.get(rnd.nextInt(existing.size()));
            return bytes("w:" + id + ":" + rnd.nextInt(300));
        }
    }
}

package io.basalt.it;

import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AOF for real: Basalt's files pass redis-check-aof and load into redis-server 7.0 with
 * an identical dataset (DEBUG DIGEST), Basalt loads a directory redis-server wrote, a
 * kill -9 under load loses no acknowledged write, and a
 * cut-off file loads with {@code aof-load-truncated yes} and stops the start-up with Redis's
 * message with {@code no}.
 */
class AofIT {
    private static final String INCR = "appendonlydir/appendonly.aof.1.incr.aof";

    @TempDir
    Path dir;

    /** Every type, rewritten commands, several databases, expiry times, a lazily expired key. */
    private static void workload(RawClient c) throws Exception {
        String[][] commands = {
            {"SET", "s", "v"}, {"SET", "n", "10"}, {"INCR", "n"}, {"INCRBYFLOAT", "f", "1.5"},
            {"SET", "t", "v", "EX", "100000"}, {"SETEX", "t2", "100000", "v"}, {"GETSET", "s", "w"},
            {"RPUSH", "l", "a", "b", "c"}, {"LPOP", "l"}, {"LMOVE", "l", "l2", "LEFT", "RIGHT"},
            {"SADD", "set", "1", "2", "3", "x"}, {"SPOP", "set", "2"}, {"SADD", "s2", "a", "b"}, {"SPOP", "s2"},
            {"HSET", "h", "a", "1", "b", "2"}, {"HINCRBYFLOAT", "h", "c", "2.5"}, {"HDEL", "h", "a"},
            {"ZADD", "z", "1", "a", "2", "b", "3", "c"}, {"ZINCRBY", "z", "1.5", "a"}, {"ZPOPMAX", "z"},
            {"GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"},
            {"PFADD", "p", "a", "b", "c"}, {"SETBIT", "bm", "5", "1"}, {"APPEND", "s", "!"},
            {"EXPIRE", "l2", "100000"}, {"PEXPIREAT", "z", "4000000000000"}, {"GETEX", "s", "PX", "500000"},
            {"SET", "gone", "x"}, {"EXPIRE", "gone", "-1"}, {"SET", "e", "v", "PX", "10"},
            {"SELECT", "3"}, {"SET", "x", "y"}, {"EXPIREAT", "x", "4000000000"}, {"SELECT", "0"},
        };
        for (String[] cmd : commands) c.call(cmd);
        for (int i = 0; i < 200; i++) {
            c.call("RPUSH", "big:list", "element:" + i);
            c.call("HSET", "big:hash", "field:" + i, "value:" + i);
            c.call("SADD", "big:set", "member:" + i);
            c.call("ZADD", "big:zset", Integer.toString(i), "member:" + i);
        }
        Thread.sleep(50);
        // A write over a key that has just expired: MULTI, DEL e, SET e w, EXEC in the stream.
        c.call("SET", "e", "w");
    }

    private static String digest(int port) throws IOException {
        try (RawClient c = new RawClient(ServerProcess.HOST, port, Duration.ofSeconds(10))) {
            return new String(c.call("DEBUG", "DIGEST"), StandardCharsets.UTF_8);
        }
    }

    private static String checkAof(Path manifest) throws Exception {
        Process p = new ProcessBuilder("redis-check-aof", manifest.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void basaltsAofPassesRedisCheckAofAndRedisLoadsTheSameDataset() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        String expected;
        try (ServerProcess basalt = ServerProcess.startIn(dir, "--appendonly", "yes", "--enable-debug-command", "yes")) {
            try (RawClient c = basalt.connect()) {
                workload(c);
            }
            expected = digest(basalt.port());
            assertThat(basalt.terminate(Duration.ofSeconds(10))).isZero();
        }
        assertThat(checkAof(dir.resolve("appendonlydir/appendonly.aof.manifest")))
                .contains("All AOF files and manifest are valid");
        try (RedisProcess redis = RedisProcess.startIn(dir, "--appendonly", "yes")) {
            assertThat(digest(redis.port())).isEqualTo(expected);
            assertThat(redis.logText()).contains("DB loaded from incr file appendonly.aof.1.incr.aof");
        }
    }

    @Test
    void basaltLoadsTheAofRedisWroteAndRedisLoadsItBackWithBasaltsWrites() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        String expected;
        try (RedisProcess redis = RedisProcess.startIn(dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "no")) {
            try (RawClient c = redis.connect()) {
                workload(c);
            }
            expected = digest(redis.port());
            assertThat(redis.terminate(Duration.ofSeconds(10))).isZero();
        }
        try (ServerProcess basalt = ServerProcess.startIn(dir, "--appendonly", "yes", "--enable-debug-command", "yes")) {
            assertThat(digest(basalt.port())).isEqualTo(expected);
            try (RawClient c = basalt.connect()) {
                c.call("SET", "from", "basalt");
                c.call("HINCRBYFLOAT", "h", "c", "0.25");
            }
            expected = digest(basalt.port());
            assertThat(basalt.terminate(Duration.ofSeconds(10))).isZero();
        }
        try (RedisProcess redis = RedisProcess.startIn(dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "no")) {
            assertThat(digest(redis.port())).isEqualTo(expected);
        }
    }

    /**
     * kill -9 at random moments under write load, three times over the same files. Every
     * acknowledged write must survive with {@code always}; with {@code everysec} Basalt also
     * writes before replying, so only a write acknowledged while a slow background fsync held
     * the AOF back (at most two seconds, Redis's rule) may be lost to a process kill.
     */
    @ParameterizedTest
    @ValueSource(strings = {"always", "everysec"})
    void killedUnderWriteLoadLosesNoAcknowledgedWrite(String fsync) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Long> acked = new ConcurrentHashMap<>();
        long lastKill = 0;
        for (int round = 0; round < 3; round++) {
            try (ServerProcess basalt = ServerProcess.startIn(dir, "--appendonly", "yes", "--appendfsync", fsync)) {
                verifyAcknowledged(basalt, acked, lastKill - (fsync.equals("always") ? 0 : 2000), seed);
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    String prefix = "r" + round + ":w" + w + ":";
                    Thread t = new Thread(() -> write(basalt.port(), prefix, acked, stop), "aof-writer-" + w);
                    t.start();
                    writers.add(t);
                }
                Thread.sleep(300 + random.nextInt(1200));
                lastKill = System.currentTimeMillis();
                basalt.process().destroyForcibly();
                basalt.process().waitFor();
                stop.set(true);
                for (Thread t : writers) t.join();
            }
        }
        assertThat(acked).as("acknowledged writes (seed " + seed + ")").hasSizeGreaterThan(100);
        try (ServerProcess basalt = ServerProcess.startIn(dir, "--appendonly", "yes")) {
            verifyAcknowledged(basalt, acked, lastKill - (fsync.equals("always") ? 0 : 2000), seed);
        }
    }

    /** Writes keys one by one, recording when each reply arrived, until the connection dies. */
    private static void write(int port, String prefix, Map<String, Long> acked, AtomicBoolean stop) {
        try (RawClient c = new RawClient(ServerProcess.HOST, port, Duration.ofSeconds(10))) {
            for (int i = 0; !stop.get(); i++) {
                String key = prefix + i;
                byte[] reply = i % 2 == 0 ? c.call("SET", key, VALUE) : c.call("SET", key, VALUE, "EX", "100000");
                if (new String(reply, StandardCharsets.US_ASCII).equals("+OK\r\n")) {
                    acked.put(key, System.currentTimeMillis());
                }
            }
        } catch (IOException e) {
            // The server was killed: the last write may or may not have happened; it was not acknowledged.
        }
    }

    private static final String VALUE = "value:0123456789";

    /**
     * Every write acknowledged before {@code before} (ms) is there; a later one that is
     * missing was an allowed loss and is forgotten.
     */
    private static void verifyAcknowledged(ServerProcess basalt, Map<String, Long> acked, long before, long seed)
            throws IOException {
        String present = "$" + VALUE.length() + "\r\n" + VALUE + "\r\n";
        try (RawClient c = basalt.connect()) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                String got = new String(c.call("GET", e.getKey()), StandardCharsets.UTF_8);
                if (e.getValue() > before && !got.equals(present)) {
                    acked.remove(e.getKey());
                    continue;
                }
                assertThat(got).as("acknowledged %s after kill -9 (seed %d)", e.getKey(), seed).isEqualTo(present);
            }
        }
    }

    @Test
    void aCutOffAofLoadsWhenAllowedAndStopsTheStartUpWhenNot() throws Exception {
        try (ServerProcess basalt = ServerProcess.startIn(dir, "--appendonly", "yes")) {
            try (RawClient c = basalt.connect()) {
                c.call("SET", "a", "1");
                c.call("SET", "b", "2");
            }
            assertThat(basalt.terminate(Duration.ofSeconds(10))).isZero();
        }
        Path incr = dir.resolve(INCR);
        long whole = Files.size(incr);
        Files.writeString(incr, "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> ServerProcess.startIn(dir, "--appendonly", "yes", "--aof-load-truncated", "no"))
                .hasMessageContaining("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof. "
                        + "You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix "
                        + "<filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration "
                        + "option to yes and restart the server.");
        assertThat(Files.size(incr)).isGreaterThan(whole);

        try (ServerProcess basalt = ServerProcess.startIn(dir, "--appendonly", "yes")) {
            assertThat(basalt.logText())
                    .contains("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!")
                    .contains("!!! Truncating the AOF appendonly.aof.1.incr.aof at offset " + whole + " !!!")
                    .contains("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled");
            try (RawClient c = basalt.connect()) {
                assertThat(new String(c.call("MGET", "a", "b", "c"), StandardCharsets.UTF_8))
                        .isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n");
            }
        }
    }

    @Test
    void aCorruptCommandInTheMiddleStopsTheStartUp() throws Exception {
        try (ServerProcess basalt = ServerProcess.startIn(dir, "--appendonly", "yes")) {
            try (RawClient c = basalt.connect()) {
                c.call("SET", "a", "1");
            }
            assertThat(basalt.terminate(Duration.ofSeconds(10))).isZero();
        }
        Path incr = dir.resolve(INCR);
        Files.writeString(incr, "*2\r\n!3\r\nDEL\r\n$1\r\na\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n",
                StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ServerProcess.startIn(dir, "--appendonly", "yes"))
                .hasMessageContaining("Bad file format reading the append only file appendonly.aof.1.incr.aof: "
                        + "make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    }

    @Test
    void aBrokenManifestStopsTheStartUpWithRedisMessage() throws Exception {
        Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(dir.resolve("appendonlydir/appendonly.aof.manifest"), "file x seq 1 type q\n");
        assertThatThrownBy(() -> ServerProcess.startIn(dir, "--appendonly", "yes"))
                .hasMessageContaining("*** FATAL AOF MANIFEST FILE ERROR ***")
                .hasMessageContaining(">>> 'file x seq 1 type q'")
                .hasMessageContaining("Unknown AOF file type");
    }
}

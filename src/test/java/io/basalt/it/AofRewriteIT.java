package io.basalt.it;

import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BGREWRITEAOF for real: the files and manifests equal what redis-server 7.0 leaves for the
 * same steps; kill -9 at random moments during and after rewrites under write load loses no
 * acknowledged write and applies none twice; the rewritten directory passes redis-check-aof
 * and loads into redis-server with the same DEBUG DIGEST; the automatic rewrite triggers.
 */
class AofRewriteIT {
    private static final String VALUE = "value:0123456789";

    @TempDir
    Path dir;

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    private static String info(RawClient c) throws IOException {
        return text(c.call("INFO", "persistence"));
    }

    /** Polls INFO until no rewrite runs, then leaves Redis's background unlinks of history files time to finish. */
    private static void awaitRewrite(RawClient c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (info(c).contains("aof_rewrite_in_progress:1")) {
            assertThat(System.nanoTime()).as("rewrite still running").isLessThan(deadline);
            Thread.sleep(10);
        }
        Thread.sleep(100);
    }

    private static String manifest(Path dir) throws IOException {
        return Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"));
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("appendonlydir"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The same steps on Basalt or Redis; returns the manifest and file list after each step that changes them. */
    private static List<String> rewriteSteps(RawClient c, Path dir) throws Exception {
        List<String> seen = new ArrayList<>();
        c.call("SET", "a", "1");
        assertThat(text(c.call("BGREWRITEAOF"))).isEqualTo("+Background append only file rewriting started\r\n");
        awaitRewrite(c);
        seen.add(manifest(dir) + files(dir));
        c.call("SET", "b", "2");
        assertThat(text(c.call("BGREWRITEAOF"))).isEqualTo("+Background append only file rewriting started\r\n");
        awaitRewrite(c);
        seen.add(manifest(dir) + files(dir));
        assertThat(text(c.call("CONFIG", "SET", "appendonly", "no"))).isEqualTo("+OK\r\n");
        c.call("SET", "c", "3");
        assertThat(text(c.call("BGREWRITEAOF"))).isEqualTo("+Background append only file rewriting started\r\n");
        awaitRewrite(c);
        seen.add(manifest(dir) + files(dir));
        assertThat(text(c.call("CONFIG", "SET", "appendonly", "yes"))).isEqualTo("+OK\r\n");
        awaitRewrite(c);
        c.call("SET", "d", "4");
        seen.add(manifest(dir) + files(dir));
        seen.add(info(c).replaceAll("(?s).*(aof_enabled:.*?aof_rewrites_consecutive_failures:\\d+).*", "$1")
                .replaceAll("aof_last_rewrite_time_sec:\\d+", "aof_last_rewrite_time_sec:T"));
        return seen;
    }

    @Test
    void rewritesLeaveTheFilesAndManifestsRedisLeaves() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        Path redisDir = Files.createDirectory(dir.resolve("redis"));
        Path basaltDir = Files.createDirectory(dir.resolve("basalt"));
        List<String> expected;
        try (RedisProcess redis = RedisProcess.startIn(redisDir, "--appendonly", "yes"); RawClient c = redis.connect()) {
            expected = rewriteSteps(c, redisDir);
        }
        try (ServerProcess basalt = ServerProcess.startIn(basaltDir, "--appendonly", "yes"); RawClient c = basalt.connect()) {
            assertThat(rewriteSteps(c, basaltDir)).isEqualTo(expected);
        }
    }

    /** Pipelined {@code SET pre:<i> <value>} for i below {@code n}, 500 commands per round trip. */
    private static void preload(RawClient c, int n) throws IOException {
        byte[] set = "SET".getBytes(StandardCharsets.UTF_8);
        byte[] value = VALUE.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i += 500) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int count = Math.min(500, n - i);
            for (int j = 0; j < count; j++) {
                out.writeBytes(RawClient.multibulk(set, ("pre:" + (i + j)).getBytes(StandardCharsets.UTF_8), value));
            }
            c.send(out.toByteArray());
            for (int j = 0; j < count; j++) c.readReply();
        }
    }

    /**
     * One writer: SETs of new keys and INCRs of its own counter, recording what was
     * acknowledged, until the connection dies.
     */
    private static void write(int port, String prefix, Map<String, Long> acked, AtomicBoolean stop) {
        try (RawClient c = new RawClient(ServerProcess.HOST, port, Duration.ofSeconds(10))) {
            String counter = prefix + "counter";
            for (int i = 0; !stop.get(); i++) {
                if (i % 3 == 2) {
                    String reply = text(c.call("INCR", counter));
                    acked.put(counter, Long.parseLong(reply.substring(1).trim()));
                } else {
                    String key = prefix + i;
                    byte[] reply = i % 2 == 0 ? c.call("SET", key, VALUE) : c.call("SET", key, VALUE, "EX", "100000");
                    if (text(reply).equals("+OK\r\n")) acked.put(key, 0L);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The server was killed: the last write may or may not have happened; it was not acknowledged.
        }
    }

    /**
     * Every acknowledged SET is there, and every counter holds its last acknowledged value
     * or one more (an INCR that reached the file but whose reply was lost): a write applied
     * twice (in the base and again from an increment) or lost would show.
     */
    private static void verify(RawClient c, Map<String, Long> acked, long seed) throws IOException {
        String present = "$" + VALUE.length() + "\r\n" + VALUE + "\r\n";
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            String got = text(c.call("GET", e.getKey()));
            if (e.getKey().endsWith("counter")) {
                long value = Long.parseLong(got.substring(got.indexOf('\n') + 1).trim());
                assertThat(value).as("counter %s (seed %d)", e.getKey(), seed).isBetween(e.getValue(), e.getValue() + 1);
                e.setValue(value);
            } else {
                assertThat(got).as("acknowledged %s after kill -9 (seed %d)", e.getKey(), seed).isEqualTo(present);
            }
        }
    }

    @Test
    void killedDuringAndAfterRewritesUnderWriteLoadLosesNoAcknowledgedWriteAndRedisLoadsTheResult() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Long> acked = new ConcurrentHashMap<>();
        String[] args = {"--appendonly", "yes", "--appendfsync", "always", "--rdb-key-save-delay", "20",
            "--enable-debug-command", "yes"};
        try (ServerProcess basalt = ServerProcess.startIn(dir, args); RawClient c = basalt.connect()) {
            preload(c, 30_000);
        }
        int duringRewrite = 0;
        for (int round = 0; round < 4; round++) {
            try (ServerProcess basalt = ServerProcess.startIn(dir, args); RawClient c = basalt.connect()) {
                verify(c, acked, seed);
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    String prefix = "r" + round + ":w" + w + ":";
                    Thread t = new Thread(() -> write(basalt.port(), prefix, acked, stop), "aofrw-writer-" + w);
                    t.start();
                    writers.add(t);
                }
                Thread.sleep(100 + random.nextInt(200));
                assertThat(text(c.call("BGREWRITEAOF"))).isEqualTo("+Background append only file rewriting started\r\n");
                if (round % 2 == 0) {
                    // Somewhere during the rewrite (it takes over a second here), or just after it.
                    Thread.sleep(random.nextInt(1200));
                } else {
                    // Once the rewrite has replaced the base, while the writers go on.
                    awaitRewrite(c);
                    Thread.sleep(random.nextInt(300));
                }
                if (info(c).contains("aof_rewrite_in_progress:1")) duringRewrite++;
                basalt.process().destroyForcibly();
                basalt.process().waitFor();
                stop.set(true);
                for (Thread t : writers) t.join();
            }
        }
        assertThat(acked).as("acknowledged writes (seed " + seed + ")").hasSizeGreaterThan(100);
        String expected;
        try (ServerProcess basalt = ServerProcess.startIn(dir, args); RawClient c = basalt.connect()) {
            verify(c, acked, seed);
            assertThat(text(c.call("BGREWRITEAOF"))).isEqualTo("+Background append only file rewriting started\r\n");
            c.call("SET", "after", "rewrite");
            awaitRewrite(c);
            assertThat(info(c)).contains("aof_last_bgrewrite_status:ok");
            expected = text(c.call("DEBUG", "DIGEST"));
            assertThat(basalt.terminate(Duration.ofSeconds(10))).isZero();
        }
        System.out.println("AofRewriteIT: " + acked.size() + " acknowledged keys, kills during a rewrite: " + duringRewrite
                + "/4 (seed " + seed + ")");
        Process check = new ProcessBuilder("redis-check-aof", dir.resolve("appendonlydir/appendonly.aof.manifest").toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(out).isZero();
        assertThat(out).contains("All AOF files and manifest are valid");
        try (RedisProcess redis = RedisProcess.startIn(dir, "--appendonly", "yes"); RawClient c = redis.connect()) {
            assertThat(text(c.call("DEBUG", "DIGEST"))).isEqualTo(expected);
        }
    }

    @Test
    void theAofIsRewrittenAutomaticallyPastTheMinimumSizeAndGrowth() throws Exception {
        String[] args = {"--appendonly", "yes", "--auto-aof-rewrite-min-size", "256kb", "--auto-aof-rewrite-percentage", "100",
            "--enable-debug-command", "yes"};
        String expected;
        try (ServerProcess basalt = ServerProcess.startIn(dir, args); RawClient c = basalt.connect()) {
            preload(c, 5_000);
            Thread.sleep(300);
            assertThat(info(c)).contains("aof_rewrites:0").containsPattern("aof_current_size:2[45]\\d{4}\r\n");
            // Overwrites take the AOF past 256 KB (from an empty base: any growth is enough).
            preload(c, 300);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!info(c).contains("aof_rewrites:1")) {
                assertThat(System.nanoTime()).as("no automatic rewrite: " + info(c)).isLessThan(deadline);
                Thread.sleep(20);
            }
            awaitRewrite(c);
            assertThat(basalt.logText()).containsPattern("Starting automatic rewriting of AOF on \\d+% growth");
            assertThat(manifest(dir)).isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
            expected = text(c.call("DEBUG", "DIGEST"));
            assertThat(basalt.terminate(Duration.ofSeconds(10))).isZero();
        }
        try (ServerProcess basalt = ServerProcess.startIn(dir, args); RawClient c = basalt.connect()) {
            assertThat(text(c.call("DEBUG", "DIGEST"))).isEqualTo(expected);
        }
    }
}

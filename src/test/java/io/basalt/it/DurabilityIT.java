package io.basalt.it;

import io.basalt.testing.DatasetGenerator;
import io.basalt.testing.Datasets;
import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.basalt.it.RdbFiles.jedis;
import static io.basalt.testing.DatasetGenerator.bytes;
import static io.basalt.testing.DatasetGenerator.cmd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RDB side of durability: what a restart finds after SHUTDOWN (with and without save
 * points, SAVE, NOSAVE), SIGTERM, and kill -9 in the middle of a BGSAVE; start-up refusing a
 * corrupt dump; and the MISCONF state after a failed BGSAVE, reply for reply as Redis.
 * Each server runs on a directory the test owns, so the dump outlives the process.
 */
class DurabilityIT {
    private static final String[] DEBUG = {"--enable-debug-command", "yes"};

    @TempDir
    Path dir;

    /** A Basalt with Redis's default save points (ServerProcess turns them off unless told), or {@code extra}'s. */
    private ServerProcess basalt(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--save", "3600 1 300 100 60 10000"));
        args.addAll(List.of(DEBUG));
        args.addAll(List.of(extra));
        return ServerProcess.start(args.toArray(new String[0]));
    }

    /**
     * Writes a dataset and returns its digest as a restart will find it: after DEBUG RELOAD,
     * because loading legitimately turns a small skiplist's -0 score into a listpack's 0 (see
     * {@link Datasets.Comparison}). The reload leaves a dump behind, which the tests overwrite.
     */
    private static String populate(Jedis j, long seed) {
        new DatasetGenerator(seed, 40).populate(j);
        assertThat(j.sendCommand(cmd("DEBUG"), bytes("RELOAD"))).isEqualTo(bytes("OK"));
        return Datasets.digest(j);
    }

    /** Sends SHUTDOWN with {@code options}; the server closes the connection without a reply and exits 0. */
    private static void shutdown(ServerProcess server, String... options) throws Exception {
        try (Jedis j = jedis(server)) {
            byte[][] args = new byte[options.length][];
            for (int i = 0; i < options.length; i++) args[i] = bytes(options[i]);
            try {
                j.sendCommand(cmd("SHUTDOWN"), args);
            } catch (redis.clients.jedis.exceptions.JedisConnectionException expected) {
                // The reply to a successful SHUTDOWN is the connection closing.
            }
        }
        assertExits(server, 0);
    }

    private static void assertExits(ManagedProcess server, int status) throws InterruptedException {
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("process exits").isTrue();
        assertThat(server.process().exitValue()).as("exit status; log:\n%s", server.logText()).isEqualTo(status);
    }

    private String digestAfterRestart() throws Exception {
        try (ServerProcess server = basalt("--save", ""); Jedis j = jedis(server)) {
            return Datasets.digest(j);
        }
    }

    @Test
    void shutdownWithDefaultSavePointsSaves() throws Exception {
        String digest;
        try (ServerProcess server = basalt(); Jedis j = jedis(server)) {
            assertThat(j.configGet("save").get("save")).isEqualTo("3600 1 300 100 60 10000");
            digest = populate(j, 1);
            shutdown(server);
            assertThat(server.logText()).contains("Saving the final RDB snapshot before exiting.", "DB saved on disk");
        }
        assertThat(digestAfterRestart()).isEqualTo(digest);
    }

    @Test
    void shutdownSaveWithoutSavePointsSaves() throws Exception {
        String digest;
        try (ServerProcess server = basalt("--save", ""); Jedis j = jedis(server)) {
            digest = populate(j, 2);
            shutdown(server, "SAVE");
        }
        assertThat(digestAfterRestart()).isEqualTo(digest);
    }

    @Test
    void shutdownNosaveKeepsThePreviousDump() throws Exception {
        String saved;
        try (ServerProcess server = basalt(); Jedis j = jedis(server)) {
            saved = populate(j, 3);
            assertThat(j.save()).isEqualTo("OK");
            j.set("after-save", "lost");
            j.del(j.randomKey());
            shutdown(server, "NOSAVE");
        }
        assertThat(digestAfterRestart()).isEqualTo(saved);
    }

    @Test
    void sigtermWithSavePointsSaves() throws Exception {
        String digest;
        try (ServerProcess server = basalt(); Jedis j = jedis(server)) {
            digest = populate(j, 4);
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertExits(server, 0);
            assertThat(server.logText()).contains("Received SIGTERM scheduling shutdown...", "DB saved on disk");
        }
        assertThat(digestAfterRestart()).isEqualTo(digest);
    }

    /** A save point ("1 1") starts a BGSAVE from the cron; once it is done, kill -9 loses nothing. */
    @Test
    void savePointBgsaveSurvivesKill() throws Exception {
        String digest;
        try (ServerProcess server = basalt("--save", "1 1"); Jedis j = jedis(server)) {
            populate(j, 8);
            j.set("one-more", "change");
            digest = Datasets.digest(j);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!RdbFiles.info(j, "rdb_changes_since_last_save").equals("0") || !RdbFiles.info(j, "rdb_bgsave_in_progress").equals("0")) {
                assertThat(System.nanoTime()).as("a save point's BGSAVE").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(server.logText()).contains("changes in 1 seconds. Saving...", "Background saving terminated with success");
            server.process().destroyForcibly();
            assertExits(server, 137);
        }
        assertThat(digestAfterRestart()).isEqualTo(digest);
    }

    /** SHUTDOWN stops a running BGSAVE and saves everything, not just what the BGSAVE had not reached. */
    @Test
    void shutdownDuringBgsaveSavesEverything() throws Exception {
        String digest;
        try (ServerProcess server = basalt(); Jedis j = jedis(server)) {
            digest = populate(j, 5);
            j.configSet("rdb-key-save-delay", "5000");
            assertThat(j.bgsave()).isEqualTo("Background saving started");
            Thread.sleep(200);
            shutdown(server);
        }
        assertThat(digestAfterRestart()).isEqualTo(digest);
    }

    /**
     * kill -9 while a slow BGSAVE writes its temp file: the dump is the previous one, intact,
     * and the temp file left behind does not stop the next start.
     */
    @Test
    void killDuringBgsaveLeavesThePreviousDump() throws Exception {
        String saved;
        try (ServerProcess server = basalt("--save", ""); Jedis j = jedis(server)) {
            saved = populate(j, 6);
            assertThat(j.save()).isEqualTo("OK");
            for (int i = 0; i < 2000; i += 100) {
                String[] kv = new String[200];
                for (int k = 0; k < 100; k++) {
                    kv[2 * k] = "more:" + (i + k);
                    kv[2 * k + 1] = "x".repeat(100);
                }
                j.mset(kv);
            }
            j.configSet("rdb-key-save-delay", "2000");
            assertThat(j.bgsave()).isEqualTo("Background saving started");
            Path temp = awaitTempFile();
            server.process().destroyForcibly();
            assertExits(server, 137);
            assertThat(temp).exists();
        }
        RdbFiles.assertValid(dir.resolve("dump.rdb"));
        try (ServerProcess server = basalt("--save", ""); Jedis j = jedis(server)) {
            assertThat(Datasets.digest(j)).isEqualTo(saved);
            // And the next BGSAVE still works beside the leftover.
            j.set("new", "v");
            assertThat(j.bgsave()).isEqualTo("Background saving started");
            assertThat(RdbFiles.awaitBgsave(j, 30_000)).isEqualTo("ok");
        }
        RdbFiles.assertValid(dir.resolve("dump.rdb"));
    }

    private Path awaitTempFile() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> temps = s.filter(p -> p.getFileName().toString().startsWith("temp-")).toList();
                if (!temps.isEmpty() && Files.size(temps.get(0)) > 0) return temps.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no temp file in " + dir);
    }

    /**
     * A damaged dump stops start-up with exit status 1 and the reason in the log, before the
     * server serves anything; redis-server refuses the same file.
     */
    @Test
    void corruptDumpFailsStartUp() throws Exception {
        try (ServerProcess server = basalt("--save", ""); Jedis j = jedis(server)) {
            populate(j, 7);
            assertThat(j.save()).isEqualTo("OK");
        }
        byte[] good = Files.readAllBytes(dir.resolve("dump.rdb"));
        record Damage(String name, UnaryOperator<byte[]> apply, String reason) {}
        List<Damage> damages = List.of(
                // Where the byte lands decides which check fails first: any reason will do.
                new Damage("a byte flipped in the middle", b -> flip(b, b.length / 2), ""),
                new Damage("truncated", b -> java.util.Arrays.copyOf(b, b.length / 2), "Short read"),
                new Damage("wrong checksum", b -> flip(b, b.length - 1), "Wrong RDB checksum expected: ("
                        + Long.toHexString(storedChecksum(good)) + ") but got (" + Long.toHexString(storedChecksum(flip(good, good.length - 1))) + ")"),
                new Damage("version 99", b -> {
                    byte[] c = b.clone();
                    System.arraycopy("REDIS0099".getBytes(StandardCharsets.US_ASCII), 0, c, 0, 9);
                    return c;
                }, "Can't handle RDB format version 99"));
        // Each damaged copy in its own directory; all the servers start at once.
        List<Launched> basalts = new ArrayList<>(), redises = new ArrayList<>();
        for (int i = 0; i < damages.size(); i++) {
            Path d = Files.createDirectory(dir.resolve("damage-" + i));
            Files.write(d.resolve("dump.rdb"), damages.get(i).apply().apply(good));
            basalts.add(launch(d, ServerProcess.javaCommand(List.of("--port", Integer.toString(ManagedProcess.freePort()),
                    "--bind", ManagedProcess.HOST, "--dir", d.toString(), "--save", ""))));
            redises.add(launch(d, List.of(RedisProcess.BINARY, "--port", Integer.toString(ManagedProcess.freePort()),
                    "--bind", ManagedProcess.HOST, "--dir", d.toString(), "--save", "")));
        }
        List<String> report = new ArrayList<>();
        for (int i = 0; i < damages.size(); i++) {
            Damage d = damages.get(i);
            String basaltLog = basalts.get(i).awaitFailure(d.name());
            assertThat(basaltLog).as(d.name()).contains("Fatal error loading the DB: " + d.reason()).doesNotContain("Ready to accept");
            String redisLog = redises.get(i).awaitFailure(d.name());
            report.add(d.name() + ":\n  basalt: " + lastLines(basaltLog) + "\n  redis:  " + lastLines(redisLog));
        }
        System.out.println(String.join("\n", report));
    }

    /** The CRC-64 in a dump's last 8 bytes (little-endian). */
    private static long storedChecksum(byte[] rdb) {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (rdb[rdb.length - 8 + i] & 0xffL) << (8 * i);
        return v;
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x5a;
        return c;
    }

    /** A server process started in {@code dir} with its output in a log file. */
    private record Launched(Process process, Path log, String name) {
        /** Waits for the process to exit with status 1 (within a minute); returns its output. */
        String awaitFailure(String what) throws Exception {
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s: %s exits", what, name).isTrue();
                String out = Files.readString(log, StandardCharsets.ISO_8859_1);
                assertThat(process.exitValue()).as("%s: exit status of %s; log:\n%s", what, name, out).isEqualTo(1);
                return out;
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static Launched launch(Path dir, List<String> command) throws Exception {
        Path log = ManagedProcess.logDir().resolve("durability-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Launched(p, log, command.get(0));
    }

    private static String lastLines(String log) {
        String[] lines = log.strip().split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 2), lines.length));
    }

    /**
     * A BGSAVE that cannot write (its directory removed, which stops root too): BGSAVE still
     * starts, INFO shows the error, writes and PING get MISCONF while reads work, a failed
     * SAVE changes nothing, and a successful BGSAVE in a usable directory clears it. Every
     * reply is compared with redis-server's in the same situation.
     */
    @Test
    void failedBgsaveGivesMisconfLikeRedis() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        Path bad = dir.resolve("gone");
        String[] config = {"--save", "3600 1", "--enable-protected-configs", "yes"};
        try (ServerProcess server = basalt(config); RedisProcess redis = RedisProcess.start(config);
             Jedis b = jedis(server); Jedis r = jedis(redis)) {
            List<String> fromBasalt = misconfScript(b, bad, "basalt");
            List<String> fromRedis = misconfScript(r, bad, "redis");
            assertThat(fromBasalt).isEqualTo(fromRedis);
            assertThat(fromBasalt).anyMatch(s -> s.startsWith("SET -> MISCONF"));
        }
    }

    private static List<String> misconfScript(Jedis j, Path bad, String name) throws Exception {
        List<String> out = new ArrayList<>();
        Path broken = bad.resolve(name);
        Files.createDirectories(broken);
        out.add("CONFIG SET dir -> " + reply(j, "CONFIG", "SET", "dir", broken.toString()));
        Files.delete(broken);
        out.add("SET -> " + reply(j, "SET", "k", "v"));
        out.add("BGSAVE -> " + reply(j, "BGSAVE"));
        out.add("status -> " + RdbFiles.awaitBgsave(j, 30_000));
        out.add("SET -> " + reply(j, "SET", "k", "v2"));
        out.add("PING -> " + reply(j, "PING"));
        out.add("GET -> " + reply(j, "GET", "k"));
        out.add("SAVE -> " + reply(j, "SAVE"));
        out.add("status -> " + RdbFiles.info(j, "rdb_last_bgsave_status"));
        Files.createDirectories(broken);
        out.add("CONFIG SET dir -> " + reply(j, "CONFIG", "SET", "dir", broken.toString()));
        out.add("SET -> " + reply(j, "SET", "k", "v3"));
        out.add("BGSAVE -> " + reply(j, "BGSAVE"));
        out.add("status -> " + RdbFiles.awaitBgsave(j, 30_000));
        out.add("SET -> " + reply(j, "SET", "k", "v4"));
        out.add("PING -> " + reply(j, "PING"));
        return out;
    }

    private static String reply(Jedis j, String... args) {
        byte[][] rest = new byte[args.length - 1][];
        for (int i = 1; i < args.length; i++) rest[i - 1] = bytes(args[i]);
        try {
            Object o = j.sendCommand(cmd(args[0]), rest);
            return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
        } catch (JedisDataException e) {
            return e.getMessage();
        }
    }
}

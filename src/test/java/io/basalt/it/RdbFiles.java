package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the persistence integration tests share: redis-check-rdb, waiting for a BGSAVE, INFO fields. */
final class RdbFiles {
    static final String CHECKER = System.getProperty("basalt.it.redisCheckRdb", "redis-check-rdb");

    private RdbFiles() {}

    /** A Jedis connection with a 30 s timeout (SAVE of a larger dataset, DEBUG RELOAD). */
    static Jedis jedis(ManagedProcess server) {
        return new Jedis(new HostAndPort(ManagedProcess.HOST, server.port()),
                DefaultJedisClientConfig.builder().timeoutMillis(30_000).build());
    }

    /** Runs redis-check-rdb on {@code file}; requires exit status 0 and "RDB looks OK". Returns its output. */
    static String assertValid(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(CHECKER, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("redis-check-rdb %s:\n%s", file, out).isZero();
        assertThat(out).contains("RDB looks OK");
        return out;
    }

    /**
     * A new directory under {@code parent} holding a copy of {@code rdb} as dump.rdb (a server
     * started there cannot touch the original; it goes when the parent's owner deletes it).
     */
    static Path copyToNewDir(Path rdb, Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "copy-");
        Files.copy(rdb, dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    /** One field of INFO persistence (or any section), "" when absent. */
    static String info(Jedis j, String field) {
        for (String line : j.info("persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return "";
    }

    /** Waits until no BGSAVE runs; returns rdb_last_bgsave_status. */
    static String awaitBgsave(Jedis j, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!info(j, "rdb_bgsave_in_progress").equals("0")) {
            if (System.nanoTime() > deadline) throw new AssertionError("BGSAVE still running after " + timeoutMillis + " ms");
            Thread.sleep(10);
        }
        return info(j, "rdb_last_bgsave_status");
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: temp directories
        }
    }
}

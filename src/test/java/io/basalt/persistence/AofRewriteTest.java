package io.basalt.persistence;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BGREWRITEAOF without fork: the files and manifests redis-server 7.0 produces for the same
 * steps (texts captured from it), writes during a slow rewrite landing in the new increment,
 * the rules shared with BGSAVE, CONFIG SET appendonly, failures and the automatic rewrite.
 */
class AofRewriteTest {
    @TempDir
    Path dir;

    private Harness start(String... extra) throws Exception {
        return AppendOnlyFileTest.startAof(dir, AppendOnlyFileTest.prepend(extra, "enable-debug-command", "yes", "appendfsync", "always"));
    }

    private Harness startOn(String... extra) throws Exception {
        return start(AppendOnlyFileTest.prepend(extra, "appendonly", "yes"));
    }

    private String manifest() throws IOException {
        return Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"), StandardCharsets.ISO_8859_1);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("appendonlydir"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String info(Harness h) {
        return h.raw("INFO", "persistence");
    }

    /** Waits for the running background job (rewrite or BGSAVE) to end. */
    static void awaitIdle(Harness h) throws InterruptedException {
        for (int i = 0; i < 4000; i++) {
            String info = info(h);
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("rdb_bgsave_in_progress:0")) return;
            Thread.sleep(5);
        }
        throw new AssertionError("background job still running: " + info(h));
    }

    /** One server cron tick's persistence work (scheduled jobs, automatic rewrite). */
    private static void cron(Harness h) {
        h.engine.executionLock().lock();
        try {
            h.engine.runCronTasks();
        } finally {
            h.engine.executionLock().unlock();
        }
    }

    private static void populate(Harness h, int keys) {
        for (int i = 0; i < keys; i++) {
            h.call("SET", "s" + i, "v" + i);
            h.call("RPUSH", "l" + (i % 7), "e" + i);
            h.call("HSET", "h" + (i % 5), "f" + i, "v" + i);
            h.call("SADD", "set" + (i % 3), "m" + i);
            h.call("ZADD", "z" + (i % 4), Integer.toString(i), "m" + i);
        }
        h.call("PEXPIREAT", "s1", "4000000000000");
        h.call("SELECT", "5");
        h.call("SET", "other", "db");
        h.call("SELECT", "0");
    }

    @Test
    void oneAndTwoRewritesLeaveTheFilesAndManifestRedisLeaves() throws Exception {
        Harness h = startOn();
        h.call("SET", "a", "1");
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
        awaitIdle(h);
        assertThat(manifest()).isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        assertThat(files()).containsExactly("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
        h.call("SET", "b", "2");
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
        awaitIdle(h);
        assertThat(manifest()).isEqualTo("file appendonly.aof.3.base.rdb seq 3 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n");
        assertThat(files()).containsExactly("appendonly.aof.3.base.rdb", "appendonly.aof.3.incr.aof", "appendonly.aof.manifest");
        assertThat(Files.size(dir.resolve("appendonlydir/appendonly.aof.3.incr.aof"))).isZero();
        long base = Files.size(dir.resolve("appendonlydir/appendonly.aof.3.base.rdb"));
        assertThat(info(h)).contains("aof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0\r\naof_last_rewrite_time_sec:0\r\n"
                        + "aof_current_rewrite_time_sec:-1\r\naof_last_bgrewrite_status:ok\r\naof_rewrites:2\r\n"
                        + "aof_rewrites_consecutive_failures:0\r\n")
                .contains("aof_current_size:" + base + "\r\naof_base_size:" + base + "\r\n")
                .doesNotContain("aof_last_cow_size:0\r\n");
        // No temp file is left in dir.
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("appendonlydir");
        }
    }

    @Test
    void withoutAutoGcTheHistoryStaysListedInRedisOrder() throws Exception {
        Harness h = startOn("aof-disable-auto-gc", "yes", "aof-use-rdb-preamble", "no");
        h.call("SET", "a", "1");
        h.raw("BGREWRITEAOF");
        awaitIdle(h);
        h.call("SET", "b", "2");
        h.raw("BGREWRITEAOF");
        awaitIdle(h);
        assertThat(manifest()).isEqualTo("file appendonly.aof.3.base.aof seq 3 type b\n"
                + "file appendonly.aof.2.incr.aof seq 2 type h\nfile appendonly.aof.2.base.aof seq 2 type h\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\nfile appendonly.aof.1.base.aof seq 1 type h\n"
                + "file appendonly.aof.3.incr.aof seq 3 type i\n");
        assertThat(files()).hasSize(7);
        // Turning the garbage collection back on deletes the history (updateAofAutoGCEnabled).
        assertThat(h.raw("CONFIG", "SET", "aof-disable-auto-gc", "no")).isEqualTo("+OK\r\n");
        assertThat(manifest()).isEqualTo("file appendonly.aof.3.base.aof seq 3 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n");
        assertThat(files()).containsExactly("appendonly.aof.3.base.aof", "appendonly.aof.3.incr.aof", "appendonly.aof.manifest");
        // An AOF-format base: SELECT, then the keys in table order.
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.3.base.aof")))
                .startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n").hasSize(23 + 2 * 27)
                .contains("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n").contains("*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
    }

    @Test
    void withAppendonlyNoTheRewriteWritesABaseAndSwitchingOnAndOffFollowsRedis() throws Exception {
        Harness h = start();
        h.call("SET", "a", "1");
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
        awaitIdle(h);
        assertThat(manifest()).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n");
        assertThat(files()).containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.manifest");
        assertThat(info(h)).contains("aof_enabled:0\r\n").contains("aof_rewrites:1\r\n").doesNotContain("aof_current_size");

        assertThat(h.raw("CONFIG", "SET", "appendonly", "yes")).isEqualTo("+OK\r\n");
        assertThat(info(h)).contains("aof_enabled:1\r\n");
        awaitIdle(h);
        assertThat(manifest()).isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        h.call("SET", "c", "3");
        assertThat(h.raw("CONFIG", "SET", "appendonly", "no")).isEqualTo("+OK\r\n");
        h.call("SET", "d", "4");
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof")))
                .isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n");
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
        awaitIdle(h);
        assertThat(manifest()).isEqualTo("file appendonly.aof.3.base.rdb seq 3 type b\n");
        assertThat(files()).containsExactly("appendonly.aof.3.base.rdb", "appendonly.aof.manifest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void writesDuringASlowRewriteLandInTheNewIncrementAndARestartHasTheSameDataset(String preamble) throws Exception {
        Harness h = startOn("aof-use-rdb-preamble", preamble, "rdb-key-save-delay", "5000");
        populate(h, 100);
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
        String during = info(h);
        assertThat(during).contains("aof_rewrite_in_progress:1\r\n").contains("aof_current_rewrite_time_sec:0\r\n")
                .contains("current_save_keys_total:");
        // Changes to keys the rewrite has or has not reached yet, deletions, new keys, another database.
        for (int i = 0; i < 100; i += 3) {
            h.call("APPEND", "s" + i, "+");
            h.call("LPUSH", "l" + (i % 7), "x" + i);
            h.call("HDEL", "h" + (i % 5), "f" + i);
            h.call("SREM", "set" + (i % 3), "m" + i);
            h.call("ZINCRBY", "z" + (i % 4), "0.5", "m" + i);
            h.call("DEL", "s" + (i + 1));
            h.call("SET", "new" + i, "n");
        }
        h.call("SELECT", "5");
        h.call("RENAME", "other", "renamed");
        h.call("SELECT", "0");
        assertThat(info(h)).contains("aof_rewrite_in_progress:1\r\n");
        String digest = (String) h.call("DEBUG", "DIGEST");
        awaitIdle(h);
        String base = "appendonly.aof.2.base." + (preamble.equals("yes") ? "rdb" : "aof");
        assertThat(manifest()).isEqualTo("file " + base + " seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.2.incr.aof"), StandardCharsets.ISO_8859_1))
                .startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$6\r\nAPPEND\r\n$2\r\ns0\r\n");
        assertThat(info(h)).contains("aof_last_bgrewrite_status:ok\r\n");
        Harness restarted = startOn("aof-use-rdb-preamble", preamble);
        assertThat(restarted.call("DEBUG", "DIGEST")).isEqualTo(digest);
    }

    @Test
    void aRewriteAndABgsaveTakeTurnsAsRedisChildrenDo() throws Exception {
        Harness h = startOn("rdb-key-save-delay", "5000");
        populate(h, 30);
        String digest = (String) h.call("DEBUG", "DIGEST");
        assertThat(h.raw("BGSAVE")).isEqualTo("+Background saving started\r\n");
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting scheduled\r\n");
        assertThat(h.raw("BGSAVE", "SCHEDULE")).isEqualTo("-ERR Background save already in progress\r\n");
        assertThat(info(h)).contains("aof_rewrite_scheduled:1\r\n").contains("aof_pending_rewrite:1\r\n");
        cron(h);
        assertThat(info(h)).contains("rdb_bgsave_in_progress:1\r\n").contains("aof_rewrite_in_progress:0\r\n");
        awaitIdle(h);
        cron(h);
        assertThat(info(h)).contains("aof_rewrite_in_progress:1\r\n").contains("aof_rewrite_scheduled:0\r\n");
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("-ERR Background append only file rewriting already in progress\r\n");
        assertThat(h.raw("BGSAVE")).isEqualTo("-ERR Another child process is active (AOF?): can't BGSAVE right now. "
                + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.\r\n");
        assertThat(h.raw("BGSAVE", "SCHEDULE")).isEqualTo("+Background saving scheduled\r\n");
        h.call("SET", "during", "rewrite");
        // SAVE runs in the foreground during a rewrite (it completes the rewrite's walk first).
        assertThat(h.raw("SAVE")).isEqualTo("+OK\r\n");
        String withDuring = (String) h.call("DEBUG", "DIGEST");
        awaitIdle(h);
        assertThat(info(h)).contains("aof_last_bgrewrite_status:ok\r\n");
        cron(h);
        assertThat(info(h)).contains("rdb_bgsave_in_progress:1\r\n");
        awaitIdle(h);
        assertThat(info(h)).contains("rdb_last_bgsave_status:ok\r\n").contains("rdb_saves:3\r\n");
        assertThat(startOn().call("DEBUG", "DIGEST")).isEqualTo(withDuring);
        Harness fromRdb = new Harness("dir", dir.toString(), "enable-debug-command", "yes");
        assertThat(fromRdb.raw("DEBUG", "RELOAD", "NOSAVE")).isEqualTo("+OK\r\n");
        assertThat(fromRdb.call("DEBUG", "DIGEST")).isEqualTo(withDuring).isNotEqualTo(digest);
    }

    @Test
    void configSetAppendonlyYesWritesTheFirstBaseWhileWritesAccumulateThenARestartLoadsEverything() throws Exception {
        Harness h = start("rdb-key-save-delay", "5000");
        populate(h, 40);
        assertThat(h.raw("CONFIG", "SET", "appendonly", "yes")).isEqualTo("+OK\r\n");
        assertThat(info(h)).contains("aof_enabled:1\r\n").contains("aof_rewrite_in_progress:1\r\n");
        assertThat(Files.exists(dir.resolve("appendonlydir/temp-appendonly.aof.incr"))).isTrue();
        h.call("SET", "s3", "changed");
        h.call("DEL", "l2");
        h.call("SET", "fresh", "1");
        String digest = (String) h.call("DEBUG", "DIGEST");
        awaitIdle(h);
        assertThat(manifest()).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(files()).containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
        h.call("SET", "after", "on");
        String after = (String) h.call("DEBUG", "DIGEST");
        assertThat(after).isNotEqualTo(digest);
        assertThat(startOn().call("DEBUG", "DIGEST")).isEqualTo(after);
    }

    @Test
    void switchingOnDuringABgsaveSchedulesTheRewriteAndShutdownWaitsForTheFirstBase() throws Exception {
        Harness h = start("rdb-key-save-delay", "5000");
        populate(h, 60);
        assertThat(h.raw("BGSAVE")).isEqualTo("+Background saving started\r\n");
        assertThat(h.raw("CONFIG", "SET", "appendonly", "yes")).isEqualTo("+OK\r\n");
        assertThat(info(h)).contains("aof_enabled:1\r\n").contains("aof_rewrite_scheduled:1\r\n");
        // Writes before the rewrite starts are not kept: the base will hold them.
        h.call("SET", "early", "1");
        awaitIdle(h);
        cron(h);
        assertThat(info(h)).contains("aof_rewrite_in_progress:1\r\n");
        Persistence p = h.engine.service(Persistence.class);
        h.engine.executionLock().lock();
        try {
            assertThat(p.prepareForShutdown(false, true, false)).isFalse();
        } finally {
            h.engine.executionLock().unlock();
        }
        h.call("SET", "late", "2");
        String digest = (String) h.call("DEBUG", "DIGEST");
        awaitIdle(h);
        assertThat(startOn().call("DEBUG", "DIGEST")).isEqualTo(digest);
    }

    @Test
    void aFailedRewriteKeepsTheAofAsItWasAndCountsTheFailure() throws Exception {
        Harness h = startOn("rdb-key-save-delay", "5000");
        populate(h, 30);
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
        Files.delete(dir.resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof"));
        h.call("SET", "during", "x");
        String digest = (String) h.call("DEBUG", "DIGEST");
        awaitIdle(h);
        assertThat(info(h)).contains("aof_last_bgrewrite_status:err\r\n").contains("aof_rewrites:1\r\n")
                .contains("aof_rewrites_consecutive_failures:1\r\n");
        assertThat(manifest()).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n"
                + "file appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        assertThat(startOn().call("DEBUG", "DIGEST")).isEqualTo(digest);
        // The next rewrite succeeds and resets the failure count.
        h.raw("CONFIG", "SET", "rdb-key-save-delay", "0");
        assertThat(h.raw("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
        awaitIdle(h);
        assertThat(info(h)).contains("aof_last_bgrewrite_status:ok\r\n").contains("aof_rewrites_consecutive_failures:0\r\n");
        assertThat(manifest()).isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n");
        assertThat(startOn().call("DEBUG", "DIGEST")).isEqualTo(digest);
    }

    @Test
    void theCronRewritesAutomaticallyOnceTheAofGrewPastPercentageAndMinimum() throws Exception {
        Harness h = startOn("auto-aof-rewrite-min-size", "4096", "auto-aof-rewrite-percentage", "100");
        for (int i = 0; i < 10; i++) h.call("SET", "k" + i, "x".repeat(100));
        cron(h);
        assertThat(info(h)).contains("aof_rewrites:0\r\n");
        for (int i = 0; i < 40; i++) h.call("SET", "k" + i, "y".repeat(100));
        cron(h);
        awaitIdle(h);
        String info = info(h);
        assertThat(info).contains("aof_rewrites:1\r\n").contains("aof_last_bgrewrite_status:ok\r\n");
        long base = Files.size(dir.resolve("appendonlydir/appendonly.aof.2.base.rdb"));
        assertThat(info).contains("aof_base_size:" + base + "\r\n");
        // Growth is now measured from the new base: a few more writes do not trigger another rewrite.
        h.call("SET", "one", "more");
        cron(h);
        assertThat(info(h)).contains("aof_rewrites:1\r\n");
    }
}

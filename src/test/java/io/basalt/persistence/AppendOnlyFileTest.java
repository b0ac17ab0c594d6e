package io.basalt.persistence;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The AOF directory a start-up creates or adopts, and what a batch of writes appends. */
class AppendOnlyFileTest {
    @TempDir
    Path dir;

    private Harness start(String... extra) throws Exception {
        return startAof(dir, prepend(extra, "appendonly", "yes"));
    }

    static String[] prepend(String[] extra, String... first) {
        String[] args = java.util.Arrays.copyOf(first, first.length + extra.length);
        System.arraycopy(extra, 0, args, first.length, extra.length);
        return args;
    }

    /** A harness in {@code dir} with these directives and the AOF layer started as the server starts it. */
    static Harness startAof(Path dir, String... directives) throws Exception {
        Harness h = new Harness(prepend(directives, "dir", dir.toString()));
        h.engine.executionLock().lock();
        try {
            AppendOnlyFile.start(h.engine);
        } finally {
            h.engine.executionLock().unlock();
        }
        return h;
    }

    private String read(String file) throws Exception {
        return Files.readString(dir.resolve("appendonlydir").resolve(file), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFirstStartCreatesBaseIncrementAndManifestAsRedisNamesThem() throws Exception {
        Harness h = start("aof-use-rdb-preamble", "no", "appendfsync", "always");
        assertThat(read("appendonly.aof.manifest"))
                .isEqualTo("file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(read("appendonly.aof.1.base.aof")).isEmpty();
        h.call("SET", "k", "v");
        h.call("SELECT", "4");
        h.call("SET", "k", "v", "EX", "10");
        h.call("GET", "k");
        assertThat(read("appendonly.aof.1.incr.aof")).isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
                + "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n4\r\n"
                + "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n" + (h.clock.millis() + 10_000) + "\r\n");
        assertThat(h.raw("INFO", "persistence")).contains("aof_enabled:1\r\n").contains("aof_last_write_status:ok\r\n")
                .contains("aof_current_size:" + Files.size(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof")) + "\r\n")
                .contains("aof_base_size:0\r\naof_pending_rewrite:0\r\naof_buffer_length:0\r\n");
    }

    @Test
    void theDefaultBaseIsAnRdbThatLoadsBack() throws Exception {
        Harness h = start("appendfsync", "always");
        assertThat(read("appendonly.aof.manifest")).startsWith("file appendonly.aof.1.base.rdb seq 1 type b\n");
        assertThat(Files.readAllBytes(dir.resolve("appendonlydir/appendonly.aof.1.base.rdb"))).startsWith("REDIS0010".getBytes());
        h.call("SET", "k", "v");
        Harness again = start("appendfsync", "always");
        assertThat(again.raw("GET", "k")).isEqualTo("$1\r\nv\r\n");
    }

    @Test
    void timestampsAnnotateTheBaseAndEachNewSecond() throws Exception {
        // Only an AOF-format base carries the annotation (an RDB base has none, as in Redis).
        Harness h = start("aof-timestamp-enabled", "yes", "appendfsync", "no", "aof-use-rdb-preamble", "no");
        long second = h.clock.millis() / 1000;
        assertThat(read("appendonly.aof.1.base.aof")).isEqualTo("#TS:" + second + "\r\n");
        h.call("SET", "a", "1");
        h.call("SET", "b", "1");
        h.clock.advanceMillis(1000);
        h.call("SET", "c", "1");
        assertThat(read("appendonly.aof.1.incr.aof")).startsWith("#TS:" + second + "\r\n*2\r\n$6\r\nSELECT")
                .contains("$1\r\nb\r\n$1\r\n1\r\n#TS:" + (second + 1) + "\r\n*3\r\n");
    }

    @Test
    void aRestartReplaysAndAppendsToTheLastIncrement() throws Exception {
        Harness first = start("appendfsync", "always");
        first.call("RPUSH", "l", "a", "b");
        first.call("INCRBYFLOAT", "f", "0.1");
        Harness second = start("appendfsync", "always");
        assertThat(second.raw("LRANGE", "l", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(second.call("GET", "f")).isEqualTo("0.1");
        second.call("DEL", "l");
        assertThat(read("appendonly.aof.manifest")).endsWith("file appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(read("appendonly.aof.1.incr.aof")).endsWith("*2\r\n$3\r\nDEL\r\n$1\r\nl\r\n");
    }

    @Test
    void anAofFromBeforeRedis7BecomesTheBaseOfANewDirectory() throws Exception {
        Files.writeString(dir.resolve("appendonly.aof"), "*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$3\r\nyes\r\n");
        Harness h = start();
        assertThat(h.call("GET", "old")).isEqualTo("yes");
        assertThat(Files.exists(dir.resolve("appendonly.aof"))).isFalse();
        assertThat(read("appendonly.aof.manifest"))
                .isEqualTo("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    }
}

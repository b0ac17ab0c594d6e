package io.basalt.persistence;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The AOF-format base (a snapshot with the AOF encoder): every type, batches of 64 items, expiry times; loading it rebuilds the same dataset. */
class AofRewriterTest {
    @TempDir
    Path dir;

    @Test
    void theDatasetWrittenAsCommandsLoadsBackIdentically() throws Exception {
        Harness h = new Harness("enable-debug-command", "yes");
        h.call("SET", "str", "hello");
        h.call("SET", "int", "12345");
        h.call("SET", "big", "x".repeat(100));
        h.call("APPEND", "raw", "abc");
        h.call("SET", "ttl", "v", "PXAT", "4000000000123");
        for (int i = 0; i < 150; i++) {
            h.call("RPUSH", "list", "e" + i);
            h.call("SADD", "set", "m" + i);
            h.call("SADD", "ints", Integer.toString(i));
            h.call("ZADD", "zset", Double.toString(i * 0.1), "z" + i);
            h.call("HSET", "hash", "f" + i, "v" + i);
        }
        h.call("ZADD", "small", "-inf", "a", "3.5", "b");
        h.call("HSET", "smallhash", "f", "v");
        h.call("PEXPIREAT", "hash", "4000000000000");
        h.call("SELECT", "7");
        h.call("SET", "other", "db");
        String digest = (String) h.call("DEBUG", "DIGEST");

        Path file = dir.resolve("base.aof");
        write(h, file, 1_700_000_000L);
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n")
                .contains("*66\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n")
                .contains("*24\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n")
                .contains("*3\r\n$9\r\nPEXPIREAT\r\n$3\r\nttl\r\n$13\r\n4000000000123\r\n")
                .contains("*6\r\n$4\r\nZADD\r\n$5\r\nsmall\r\n$4\r\n-inf\r\n$1\r\na\r\n$3\r\n3.5\r\n$1\r\nb\r\n")
                .contains("*4\r\n$5\r\nHMSET\r\n$9\r\nsmallhash\r\n$1\r\nf\r\n$1\r\nv\r\n");

        Harness loaded = new Harness("enable-debug-command", "yes");
        AofLoader loader = new AofLoader(loaded.engine, dir, "appendonly.aof", false);
        assertThat(loader.loadFile("base.aof")).isEqualTo(AofLoader.Status.OK);
        assertThat(loaded.call("DEBUG", "DIGEST")).isEqualTo(digest);
    }

    @Test
    void anEmptyDatasetIsAnEmptyFile() throws Exception {
        Harness h = new Harness();
        Path file = dir.resolve("empty.aof");
        write(h, file, -1);
        assertThat(Files.size(file)).isZero();
    }

    /** The AOF-format base of the dataset now, through the snapshot as a rewrite writes it. */
    static void write(Harness h, Path file, long unixSeconds) throws IOException {
        h.engine.executionLock().lock();
        try {
            new Snapshot(h.engine.keyspace(), RdbFileSink.temporary(file, false), new AofRewriter(unixSeconds, java.util.List.of()), false)
                    .runInForeground();
        } finally {
            h.engine.executionLock().unlock();
        }
    }
}

package io.basalt.persistence;

import io.basalt.protocol.Args;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RESP form appended, and replaying files as Redis's loadSingleAppendOnlyFile does:
 * annotations skipped, MULTI/EXEC applied whole, a cut-off tail truncated or refused, a
 * corrupt middle refused, keys with past expiry times kept while loading.
 */
class AofLoaderTest {
    @TempDir
    Path dir;

    private static String resp(String... args) {
        AofBuffer b = new AofBuffer();
        b.appendCommand(Args.of(args));
        return bufferText(b);
    }

    /** What the buffer writes to a file. */
    private static String bufferText(AofBuffer b) {
        try {
            Path tmp = Files.createTempFile("aofbuf", ".aof");
            try (var f = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                b.writeTo(f);
            }
            String s = Files.readString(tmp, StandardCharsets.ISO_8859_1);
            Files.delete(tmp);
            return s;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void appendsRespArraysSelectsAndTimestamps() {
        assertThat(resp("SET", "k", "")).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
        AofBuffer b = new AofBuffer();
        b.appendTimestamp(1_700_000_000L);
        b.appendSelect(12);
        b.appendCommand(Args.of("DEL", "a"));
        assertThat(bufferText(b)).isEqualTo("#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$2\r\n12\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n");
    }

    private AofLoader.Status load(Harness h, boolean truncated, String text) throws Exception {
        Files.writeString(dir.resolve("f.aof"), text, StandardCharsets.ISO_8859_1);
        AofLoader loader = new AofLoader(h.engine, dir, "appendonly.aof", truncated);
        h.engine.executionLock().lock();
        try {
            return loader.loadFile("f.aof");
        } finally {
            h.engine.executionLock().unlock();
        }
    }

    @Test
    void replaysCommandsSkippingAnnotations() throws Exception {
        Harness h = new Harness();
        String text = "#TS:1700000000\r\n" + resp("SELECT", "2") + resp("SET", "k", "v") + resp("RPUSH", "l", "a", "b");
        assertThat(load(h, true, text)).isEqualTo(AofLoader.Status.OK);
        h.call("SELECT", "2");
        assertThat(h.call("GET", "k")).isEqualTo("v");
        assertThat(h.raw("LRANGE", "l", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }

    @Test
    void aCutOffTailIsTruncatedToTheLastCompleteCommandWhenAllowed() throws Exception {
        Harness h = new Harness();
        String whole = resp("SET", "a", "1") + resp("SET", "b", "2");
        String text = whole + resp("SET", "c", "3").substring(0, 12);
        assertThat(load(h, true, text)).isEqualTo(AofLoader.Status.TRUNCATED);
        assertThat(Files.size(dir.resolve("f.aof"))).isEqualTo(whole.length());
        assertThat(h.call("GET", "b")).isEqualTo("2");
        assertThat(h.call("EXISTS", "c")).isEqualTo(0L);

        Harness strict = new Harness();
        assertThat(load(strict, false, text)).isEqualTo(AofLoader.Status.FAILED);
        assertThat(load(strict, false, whole + "*")).isEqualTo(AofLoader.Status.FAILED);
        assertThat(load(new Harness(), true, whole + "*")).isEqualTo(AofLoader.Status.TRUNCATED);
    }

    @Test
    void anUnfinishedTransactionIsRevertedWholeAndAFinishedOneApplied() throws Exception {
        Harness h = new Harness();
        String done = resp("MULTI") + resp("SET", "x", "1") + resp("EXEC");
        String open = resp("MULTI") + resp("SET", "y", "1");
        assertThat(load(h, true, done + open)).isEqualTo(AofLoader.Status.TRUNCATED);
        assertThat(Files.size(dir.resolve("f.aof"))).isEqualTo(done.length());
        assertThat(h.call("GET", "x")).isEqualTo("1");
        assertThat(h.call("EXISTS", "y")).isEqualTo(0L);
    }

    @Test
    void aCorruptMiddleOrAnUnknownCommandFails() throws Exception {
        String good = resp("SET", "a", "1");
        assertThat(load(new Harness(), true, good + "garbage\r\n" + good)).isEqualTo(AofLoader.Status.FAILED);
        assertThat(load(new Harness(), true, good + "*2\r\n?3\r\n")).isEqualTo(AofLoader.Status.FAILED);
        assertThat(load(new Harness(), true, resp("NOSUCHCOMMAND", "x") + good)).isEqualTo(AofLoader.Status.FAILED);
        assertThat(load(new Harness(), true, "")).isEqualTo(AofLoader.Status.EMPTY);
    }

    @Test
    void keysWithPastExpiryTimesLoadAsTheyWereAndExpireAfterwards() throws Exception {
        Harness h = new Harness();
        long past = h.clock.millis() - 1000;
        String text = resp("SET", "k", "v", "PXAT", Long.toString(past)) + resp("APPEND", "k", "w")
                + resp("PEXPIREAT", "k", Long.toString(past)) + resp("GETEX", "k", "PXAT", Long.toString(past));
        assertThat(load(h, true, text)).isEqualTo(AofLoader.Status.OK);
        h.engine.keyspace().setLoading(true);
        assertThat(h.call("GET", "k")).isEqualTo("vw");
        h.engine.keyspace().setLoading(false);
        assertThat(h.call("GET", "k")).isNull();
    }

    @Test
    void aBlockingCommandInTheFileAnswersAsOnTimeout() throws Exception {
        Harness h = new Harness();
        assertThat(load(h, true, resp("BLPOP", "nothing", "0") + resp("SET", "after", "1"))).isEqualTo(AofLoader.Status.OK);
        assertThat(h.call("GET", "after")).isEqualTo("1");
        assertThat(h.engine.blocking().count()).isZero();
    }
}

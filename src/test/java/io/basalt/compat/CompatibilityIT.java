package io.basalt.compat;

import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import io.basalt.util.ArgSplitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every {@code src/test/resources/compat/*.redis} file line by line against a real
 * redis-server and a Basalt process, requiring byte-identical raw replies. A file is one
 * dynamic test: every mismatch in it is reported (file, line, command, both replies).
 */
class CompatibilityIT {
    static final Path CASES = Path.of("src/test/resources/compat");
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REPORTED = 50;

    private static RedisProcess redis;
    private static ServerProcess basalt;
    private static final AtomicLong invocations = new AtomicLong();
    private static final Set<String> distinct = java.util.Collections.synchronizedSet(new HashSet<>());
    private static final AtomicLong mismatches = new AtomicLong();

    @BeforeAll
    static void startServers() throws IOException {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        redis = RedisProcess.start();
        basalt = ServerProcess.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stopServers() {
        if (redis != null) redis.close();
        if (basalt != null) basalt.close();
        System.out.printf("Compatibility: %d invocations (%d distinct commands) compared, %d mismatches%n",
                invocations.get(), distinct.size(), mismatches.get());
    }

    /** {@code -Dcompat.only=hashes,sets} runs only the files whose names start with one of these. */
    @TestFactory
    Stream<DynamicTest> compatibilityFiles() throws IOException {
        List<String> only = List.of(System.getProperty("compat.only", "").split(","));
        List<Path> files;
        try (Stream<Path> s = Files.list(CASES)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".redis"))
                    .filter(p -> only.stream().anyMatch(o -> p.getFileName().toString().startsWith(o)))
                    .sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> runFile(f)));
    }

    /** One parsed line of a case file. */
    record Line(int number, String text, List<byte[]> args) {}

    static List<Line> parse(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            List<byte[]> args = new ArrayList<>();
            boolean ok = ArgSplitter.split(b, 0, b.length, (buf, off, len) -> {
                byte[] a = new byte[len];
                System.arraycopy(buf, off, a, 0, len);
                args.add(a);
            });
            if (!ok) throw new IllegalArgumentException(file.getFileName() + ":" + (i + 1) + ": unbalanced quotes: " + text);
            out.add(new Line(i + 1, text, args));
        }
        return out;
    }

    /**
     * A file whose first line is {@code # requires: CMD ...} needs commands a later issue
     * brings (e.g. LPUSH to create a non-string value): it is reported as skipped until
     * Basalt declares all of them, and then runs like any other file.
     */
    static List<String> requirements(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("# requires:")) return List.of();
        return List.of(lines.get(0).substring("# requires:".length()).trim().split("\\s+"));
    }

    private void runFile(Path file) throws IOException {
        List<String> missing = new ArrayList<>();
        try (RawClient probe = new RawClient("127.0.0.1", basalt.port(), REPLY_TIMEOUT)) {
            for (String cmd : requirements(file)) {
                if (probe.text("COMMAND", "INFO", cmd).equals("*1\r\n$-1\r\n")) missing.add(cmd);
            }
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> file.getFileName() + " pending: Basalt lacks " + missing);
        List<Line> lines = parse(file);
        List<String> report = new ArrayList<>();
        int failures = 0;
        Pair pair = Pair.open(redis, basalt, true);
        try {
            for (Line line : lines) {
                invocations.incrementAndGet();
                distinct.add(line.text().strip());
                // A line closed the connections (QUIT...): continue on new ones, keeping the data.
                if (pair == null) pair = Pair.open(redis, basalt, false);
                byte[] request = RawClient.multibulk(line.args().toArray(new byte[0][]));
                String expected = reply(pair.redis, request);
                String actual = reply(pair.basalt, request);
                if (!expected.equals(actual)) {
                    failures++;
                    mismatches.incrementAndGet();
                    if (report.size() < MAX_REPORTED) {
                        report.add(file.getFileName() + ":" + line.number() + ": " + line.text().strip()
                                + "\n    redis:  " + expected + "\n    basalt: " + actual);
                    }
                }
                if (broken(expected) || broken(actual)) {
                    pair.close();
                    pair = null;
                }
            }
        } finally {
            if (pair != null) pair.close();
        }
        if (failures > 0) {
            fail(failures + " of " + lines.size() + " replies differ in " + file.getFileName() + ":\n"
                    + String.join("\n", report));
        }
    }

    /** A connection that closed or missed a reply cannot carry on in step: it is replaced. */
    private static boolean broken(String reply) {
        return reply.startsWith("<");
    }

    /** The escaped reply, "&lt;closed&gt; ..." if the connection closed, "&lt;timeout&gt; ..." if none came. */
    private static String reply(RawClient c, byte[] request) {
        try {
            c.send(request);
            return RawClient.escape(c.readReply(REPLY_TIMEOUT));
        } catch (java.io.EOFException | java.net.SocketException e) {
            return "<closed> " + e.getMessage();
        } catch (java.net.SocketTimeoutException e) {
            return "<timeout> " + e.getMessage();
        } catch (IOException e) {
            return "<io error> " + e;
        }
    }

    /** One connection to each server in RESP2 on DB 0 (fresh connections), emptied first if asked. */
    static final class Pair implements AutoCloseable {
        /** Reset commands Basalt may not have yet on a branch; once every branch is merged this is empty. */
        final RawClient redis;
        final RawClient basalt;

        private Pair(RawClient redis, RawClient basalt) {
            this.redis = redis;
            this.basalt = basalt;
        }

        static Pair open(RedisProcess r, ServerProcess b, boolean flush) throws IOException {
            Pair p = new Pair(r.connect(), b.connect());
            for (RawClient c : new RawClient[] {p.redis, p.basalt}) {
                if (flush) expect(c, "+OK\r\n", "FLUSHALL");
                expect(c, "+OK\r\n", "SELECT", "0");
            }
            return p;
        }

        private static void expect(RawClient c, String want, String... cmd) throws IOException {
            String got = c.text(cmd);
            if (!got.equals(want)) throw new IllegalStateException(String.join(" ", cmd) + " -> " + got);
        }

        @Override
        public void close() throws IOException {
            redis.close();
            basalt.close();
        }
    }
}

package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import io.basalt.util.ArgSplitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keyspace notifications compared with redis-server 7.0: a subscriber on {@code __key*__:*}
 * records every message while {@code notifications/script.redis} (writes and reads of every
 * family, lazy and active expiry) runs on each server; the two sequences must be identical,
 * message by message, for each notify-keyspace-events setting. The command replies are
 * compared too (but TTLs, which depend on the moment).
 */
class NotificationDifferentialIT {
    private static final Path SCRIPT = Path.of("src/test/resources/notifications/script.redis");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String END_CHANNEL = "__keyend__:end";

    private static RedisProcess redis;
    private static ServerProcess basalt;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        redis = RedisProcess.start("--enable-debug-command", "yes");
        basalt = ServerProcess.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
        if (basalt != null) basalt.close();
    }

    /** What one server produced: the notifications received and the replies to the script. */
    private record Run(List<String> messages, List<String> replies) {}

    @ParameterizedTest
    @ValueSource(strings = {"AKEmn", "KEA", "Eg", "K$lx", "Eshzn", "Km", "Ed"})
    void sameNotificationsAsRedis(String flags) throws IOException, InterruptedException {
        List<List<byte[]>> script = parse();
        Run expected = run(redis, flags, script);
        Run actual = run(basalt, flags, script);
        List<String> report = new ArrayList<>();
        int n = Math.max(expected.messages.size(), actual.messages.size());
        for (int i = 0; i < n; i++) {
            String e = i < expected.messages.size() ? expected.messages.get(i) : "<none>";
            String a = i < actual.messages.size() ? actual.messages.get(i) : "<none>";
            if (!e.equals(a)) {
                report.add("first differing notification #" + i + "\n    redis:  " + e + "\n    basalt: " + a
                        + "\n  redis's before it: " + expected.messages.subList(Math.max(0, i - 5), Math.min(i, expected.messages.size())));
                break;
            }
        }
        for (int i = 0; i < script.size(); i++) {
            String line = line(script.get(i));
            if (line.startsWith("TTL ") || line.startsWith("PTTL ")) continue;
            if (!expected.replies.get(i).equals(actual.replies.get(i))) {
                report.add("reply to " + line + "\n    redis:  " + expected.replies.get(i) + "\n    basalt: " + actual.replies.get(i));
            }
        }
        if (!report.isEmpty()) fail("notify-keyspace-events " + flags + ":\n" + String.join("\n", report));
        System.out.printf("notify-keyspace-events %s: %d notifications identical%n", flags, expected.messages.size());
    }

    private static Run run(ManagedProcess server, String flags, List<List<byte[]>> script) throws IOException, InterruptedException {
        try (RawClient cmd = new RawClient(ManagedProcess.HOST, server.port(), TIMEOUT);
             RawClient blocked = new RawClient(ManagedProcess.HOST, server.port(), TIMEOUT);
             RawClient sub = new RawClient(ManagedProcess.HOST, server.port(), TIMEOUT)) {
            expect(cmd, "+OK\r\n", "FLUSHALL");
            expect(cmd, "+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", flags);
            sub.call("PSUBSCRIBE", "__key*__:*");
            List<String> replies = new ArrayList<>();
            for (List<byte[]> args : script) {
                switch (new String(args.get(0), StandardCharsets.US_ASCII)) {
                    case "SLEEP" -> {
                        Thread.sleep(Long.parseLong(new String(args.get(1), StandardCharsets.US_ASCII)));
                        replies.add("");
                    }
                    case "ASYNC" -> {
                        blocked.send(RawClient.multibulk(args.subList(1, args.size()).toArray(new byte[0][])));
                        // The blocking command must have arrived before the command that serves it.
                        waitBlocked(cmd);
                        replies.add("");
                    }
                    case "AWAIT" -> replies.add(RawClient.escape(blocked.readReply(TIMEOUT)));
                    default -> replies.add(RawClient.escape(cmd.call(args)));
                }
            }
            cmd.call("PUBLISH", END_CHANNEL, "end");
            List<String> messages = new ArrayList<>();
            while (true) {
                String m = RawClient.escape(sub.readReply(TIMEOUT));
                if (m.contains(END_CHANNEL)) break;
                messages.add(m);
            }
            expect(cmd, "+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "");
            return new Run(messages, replies);
        }
    }

    private static void waitBlocked(RawClient c) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!c.text("INFO", "clients").contains("blocked_clients:1\r\n")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the client did not block");
            Thread.sleep(2);
        }
    }

    private static void expect(RawClient c, String want, String... cmd) throws IOException {
        String got = c.text(cmd);
        if (!got.equals(want)) throw new IllegalStateException(String.join(" ", cmd) + " -> " + got);
    }

    private static List<List<byte[]>> parse() throws IOException {
        List<List<byte[]>> out = new ArrayList<>();
        for (String text : Files.readAllLines(SCRIPT, StandardCharsets.UTF_8)) {
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            List<byte[]> args = new ArrayList<>();
            boolean ok = ArgSplitter.split(b, 0, b.length, (buf, off, len) -> {
                byte[] a = new byte[len];
                System.arraycopy(buf, off, a, 0, len);
                args.add(a);
            });
            if (!ok) throw new IllegalArgumentException("unbalanced quotes: " + text);
            out.add(args);
        }
        return out;
    }

    private static String line(List<byte[]> args) {
        StringBuilder b = new StringBuilder();
        for (byte[] a : args) b.append(b.isEmpty() ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
        return b.toString();
    }
}

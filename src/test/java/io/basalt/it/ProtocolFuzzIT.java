package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RawClient;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends at least a million random and mutated RESP/inline frames to a live Basalt process
 * over many connections, while a canary connection keeps checking SET/GET round-trips. The
 * server must never crash, hang, corrupt its reply stream or grow its RSS without bound.
 * <p>
 * Each fuzz connection carries a batch of well-formed frames followed (usually) by one
 * terminal frame (mutated, truncated, oversized...), then half-closes; the server must close
 * the connection, and when it closes cleanly its output must be a sequence of complete RESP
 * replies. Properties: {@code basalt.fuzz.seed}, {@code basalt.fuzz.frames} (default 1,000,000),
 * {@code basalt.fuzz.seconds} (default 240), {@code basalt.fuzz.minFrames} (default: frames),
 * {@code basalt.fuzz.maxRssMb} (default 1536), {@code basalt.fuzz.heapMb} (server -Xmx, default 1024),
 * {@code basalt.fuzz.connections} (default 3).
 */
class ProtocolFuzzIT {
    private static final long SEED = Long.getLong("basalt.fuzz.seed", System.nanoTime());
    private static final long FRAMES = Long.getLong("basalt.fuzz.frames", 1_000_000);
    private static final long SECONDS = Long.getLong("basalt.fuzz.seconds", 240);
    private static final long MIN_FRAMES = Long.getLong("basalt.fuzz.minFrames", FRAMES);
    private static final long MAX_RSS_KB = Long.getLong("basalt.fuzz.maxRssMb", 1536) * 1024;
    private static final String PASSWORD = "fuzz-pass";
    private static final byte[] AUTH = FuzzFrames.multibulk(new byte[][] {
            "AUTH".getBytes(StandardCharsets.US_ASCII), PASSWORD.getBytes(StandardCharsets.US_ASCII)});
    private static final long HEAP_MB = Long.getLong("basalt.fuzz.heapMb", 1024);
    private static final int CONNECTIONS = Integer.getInteger("basalt.fuzz.connections", 3);
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);
    private static final Duration CANARY_DEADLINE = Duration.ofSeconds(10);

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong terminalFrames = new AtomicLong();
    private final AtomicLong mutatedFrames = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong cleanCloses = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong canaryRounds = new AtomicLong();
    private final AtomicLong canaryMaxMicros = new AtomicLong();
    private final AtomicLong maxRssKb = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    @Test
    void serverSurvivesMalformedInput() throws Exception {
        System.out.println("ProtocolFuzzIT seed=" + SEED + " (rerun with -Dbasalt.fuzz.seed=" + SEED + ")");
        // A bounded heap: a heap leak then ends the process (ExitOnOutOfMemoryError) instead of
        // hiding behind lazy GC, and RSS above the bound means off-heap growth.
        // With a password, connections that skip AUTH exercise the unauthenticated limits.
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx" + HEAP_MB + "m"), "--requirepass", PASSWORD)) {
            long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
            SplittableRandom master = new SplittableRandom(SEED);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                SplittableRandom r = master.split();
                threads.add(Thread.ofPlatform().name("fuzz-" + i).start(guarded(() -> fuzz(server, r, deadline))));
            }
            SplittableRandom canaryRandom = master.split();
            Thread canary = Thread.ofPlatform().name("fuzz-canary").start(guarded(() -> canary(server, canaryRandom)));
            Thread sampler = Thread.ofPlatform().daemon().name("fuzz-rss").start(() -> sampleRss(server));
            for (Thread t : threads) t.join();
            stop.set(true);
            canary.join();
            sampler.interrupt();
            sampleOnce(server);

            System.out.printf("ProtocolFuzzIT: %d frames (%d mutated mid-connection, %d terminal) on %d connections, %d clean closes, %d resets, "
                            + "%d MB sent, %d MB received; canary %d round-trips, slowest %d ms; max RSS %d MB%n",
                    frames.get(), mutatedFrames.get(), terminalFrames.get(), connections.get(), cleanCloses.get(), resets.get(),
                    bytesSent.get() >> 20, bytesReceived.get() >> 20, canaryRounds.get(),
                    canaryMaxMicros.get() / 1000, maxRssKb.get() / 1024);

            assertThat(failures).as("failures (seed " + SEED + ")").isEmpty();
            List<String> suspicious = server.logText().lines()
                    .filter(l -> l.contains("Exception") || l.contains(" error: ") || l.contains("failed"))
                    .limit(20).toList();
            assertThat(suspicious).as("server log lines reporting internal errors").isEmpty();
            assertThat(server.isAlive()).as("server process alive").isTrue();
            try (RawClient c = server.connect()) {
                assertThat(c.text("AUTH", PASSWORD)).isEqualTo("+OK\r\n");
                assertThat(c.text("PING")).isEqualTo("+PONG\r\n");
            }
            assertThat(frames.get()).as("frames sent").isGreaterThanOrEqualTo(MIN_FRAMES);
            assertThat(canaryRounds.get()).as("canary round-trips").isPositive();
            assertThat(maxRssKb.get()).as("max RSS (kB)").isLessThan(MAX_RSS_KB);
        }
    }

    /** Records anything a worker throws as a failure instead of losing it on a thread. */
    private Runnable guarded(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (Throwable t) {
                failures.add(Thread.currentThread().getName() + " died: " + t);
                stop.set(true);
            }
        };
    }

    private void fuzz(ServerProcess server, SplittableRandom rnd, long deadline) {
        FuzzFrames gen = new FuzzFrames(rnd);
        while (!stop.get() && frames.get() < FRAMES && System.nanoTime() < deadline && failures.isEmpty()) {
            int size = rnd.nextInt(100) < 40 ? rnd.nextInt(5) : 20 + rnd.nextInt(400);
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            if (rnd.nextInt(100) < 80) batch.writeBytes(AUTH);
            int count = 0;
            long mutated = 0;
            while (count < size) {
                if (rnd.nextInt(100) < 70) {
                    batch.writeBytes(gen.valid());
                    count++;
                } else {
                    // A mutated frame the server reads as whole commands can go mid-batch.
                    byte[] m = gen.terminal();
                    if (m != null && FuzzFrames.selfContained(m)) {
                        batch.writeBytes(m);
                        count++;
                        mutated++;
                    }
                }
            }
            if (rnd.nextInt(100) < 70) {
                byte[] t = gen.terminal();
                if (t != null) {
                    batch.writeBytes(t);
                    count++;
                    terminalFrames.incrementAndGet();
                }
            }
            mutatedFrames.addAndGet(mutated);
            // Some connections dribble their bytes so frames straddle reads at random points.
            int chunk = rnd.nextInt(100) < 20 ? 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 4096) : Integer.MAX_VALUE;
            try {
                exchange(server, batch.toByteArray(), chunk);
                frames.addAndGet(count);
            } catch (IOException e) {
                failures.add("batch exchange failed: " + e);
            }
        }
    }

    /** One connection: writes the batch from a helper thread, half-closes, reads until the server closes. */
    private void exchange(ServerProcess server, byte[] batch, int chunk) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(ManagedProcess.HOST, server.port()), 10_000);
            connections.incrementAndGet();
            OutputStream out = s.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    if (chunk >= batch.length) {
                        out.write(batch);
                    } else {
                        // Small writes only for the first 64 KiB: enough to split frames, not to crawl.
                        int dribble = Math.min(batch.length, 64 * 1024);
                        for (int off = 0; off < dribble; off += chunk) {
                            out.write(batch, off, Math.min(chunk, dribble - off));
                            out.flush();
                        }
                        out.write(batch, dribble, batch.length - dribble);
                    }
                    out.flush();
                    s.shutdownOutput();
                    bytesSent.addAndGet(batch.length);
                } catch (IOException e) {
                    // The server closed first (protocol error, QUIT): expected.
                }
            });
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long until = System.nanoTime() + CLOSE_DEADLINE.toNanos();
            boolean clean;
            while (true) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    failures.add("server did not close a connection within " + CLOSE_DEADLINE + " after EOF; batch of "
                            + batch.length + " bytes ends with " + RawClient.escape(tail(batch, 200)));
                    clean = false;
                    break;
                }
                s.setSoTimeout((int) Math.max(1, left));
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (SocketException e) {
                    resets.incrementAndGet();
                    clean = false;
                    break;
                }
                if (n < 0) {
                    clean = true;
                    break;
                }
                got.write(buf, 0, n);
            }
            try {
                writer.join(CLOSE_DEADLINE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] reply = got.toByteArray();
            bytesReceived.addAndGet(reply.length);
            if (clean) {
                cleanCloses.incrementAndGet();
                int bad = wellFormedUpTo(reply);
                if (bad >= 0) {
                    failures.add("malformed reply stream at byte " + bad + " of " + reply.length + ": "
                            + RawClient.escape(Arrays.copyOfRange(reply, Math.max(0, bad - 100), Math.min(reply.length, bad + 100)))
                            + "; batch ends with " + RawClient.escape(tail(batch, 200)));
                }
            }
        }
    }

    private static byte[] tail(byte[] b, int n) {
        return Arrays.copyOfRange(b, Math.max(0, b.length - n), b.length);
    }

    /** -1 if {@code r} is a sequence of complete RESP2/RESP3 values, else the offset where that fails. */
    /**
     * Offset of the first reply that is not well-formed RESP, or -1. A reply cut short by the
     * end of the stream is fine: like Redis, the server closes a connection when the client
     * shuts its side, dropping replies not yet written (a 64 KB COMMAND reply is cut that way).
     */
    static int wellFormedUpTo(byte[] r) {
        int[] p = {0};
        while (p[0] < r.length) {
            int start = p[0];
            if (!skipValue(r, p, 0)) return p[0] >= r.length ? -1 : start;
        }
        return -1;
    }

    /** Skips one value; false if it is malformed, or cut short (then {@code p[0]} is at or past the end). */
    private static boolean skipValue(byte[] r, int[] p, int depth) {
        if (depth > 64) return false;
        if (p[0] >= r.length) return false;
        byte t = r[p[0]++];
        int eol = lineEnd(r, p[0]);
        if (eol < 0) {
            p[0] = r.length;
            return false;
        }
        String line = new String(r, p[0], eol - p[0], StandardCharsets.ISO_8859_1);
        p[0] = eol + 2;
        switch (t) {
            case '+', '-', ':', '_', ',', '#', '(':
                return true;
            case '$', '=', '!': {
                long n = parse(line);
                if (n == -1 && t == '$') return true;
                if (n < 0) return false;
                if (p[0] + n + 2 > r.length) {
                    p[0] = r.length;
                    return false;
                }
                p[0] += (int) n;
                return r[p[0]++] == '\r' && r[p[0]++] == '\n';
            }
            case '*', '~', '>', '%', '|': {
                long n = parse(line);
                if (n == -1 && t == '*') return true;
                if (n < 0) return false;
                long items = (t == '%' || t == '|') ? 2 * n : n;
                for (long i = 0; i < items; i++) if (!skipValue(r, p, depth + 1)) return false;
                return true;
            }
            default:
                return false;
        }
    }

    private static int lineEnd(byte[] r, int from) {
        for (int i = from; i + 1 < r.length; i++) if (r[i] == '\r' && r[i + 1] == '\n') return i;
        return -1;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** SET then GET on a private key, forever until stopped: every answer must be right and timely. */
    private void canary(ServerProcess server, SplittableRandom rnd) {
        RawClient c = null;
        try {
            c = new RawClient(ManagedProcess.HOST, server.port(), CANARY_DEADLINE);
            byte[] auth = c.call("AUTH", PASSWORD);
            if (!"+OK\r\n".equals(new String(auth, StandardCharsets.ISO_8859_1))) {
                failures.add("canary AUTH replied " + RawClient.escape(auth));
                return;
            }
            String key = "canary:" + Long.toHexString(SEED);
            while (!stop.get() && failures.isEmpty()) {
                byte[] value = new byte[1 + rnd.nextInt(64)];
                rnd.nextBytes(value);
                long t0 = System.nanoTime();
                byte[] set = c.call("SET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8), value);
                byte[] get = c.call("GET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
                long micros = (System.nanoTime() - t0) / 1000;
                canaryMaxMicros.accumulateAndGet(micros, Math::max);
                if (!"+OK\r\n".equals(new String(set, StandardCharsets.ISO_8859_1))) {
                    failures.add("canary SET replied " + RawClient.escape(set));
                    return;
                }
                byte[] want = FuzzFrames.concat(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII),
                        value, new byte[] {'\r', '\n'});
                if (!Arrays.equals(want, get)) {
                    failures.add("canary GET replied " + RawClient.escape(get) + ", expected " + RawClient.escape(want));
                    return;
                }
                canaryRounds.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (IOException e) {
            failures.add("canary failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing a socket the test no longer needs.
                }
            }
        }
    }

    private void sampleRss(ServerProcess server) {
        while (!Thread.currentThread().isInterrupted()) {
            sampleOnce(server);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce(ServerProcess server) {
        long kb = server.rssKb();
        if (kb > 0) maxRssKb.accumulateAndGet(kb, Math::max);
    }
}

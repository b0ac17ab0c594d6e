package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache under allkeys-lru, Basalt against Debian's redis-server in the same run: the same
 * seeded, skewed (Zipf) stream of GETs, each miss followed by a SET of the key, on servers
 * started with the same {@code maxmemory}, until the SETs have stored ten times the limit.
 * Reported per server, over time: hit rate, evicted_keys, used_memory and RSS. Asserted:
 * Basalt's RSS stays under a bound derived from maxmemory (see {@link #rssBoundKb}), its
 * used_memory settles at the limit, and its hit rate is within a few points of Redis's.
 * <p>
 * The CI run is small (16 MB, ~20 s per server). A longer one by hand, e.g. 64 MB:
 * {@code bench/run --eviction} or
 * {@code mvn -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=EvictionIT -Deviction.maxmemory-mb=64}.
 */
class EvictionIT {
    private static final long MAXMEMORY_MB = Long.getLong("eviction.maxmemory-mb", 16);
    /** How many times the limit the SETs store in total. */
    private static final long VOLUME_FACTOR = Long.getLong("eviction.volume-factor", 10);
    private static final int VALUE_BYTES = 100;
    /** Zipf exponent of the key popularity (web caches measure 0.6..1). */
    private static final double ZIPF_S = Double.parseDouble(System.getProperty("eviction.zipf", "0.9"));
    private static final long SEED = Long.getLong("eviction.seed", 42);
    private static final int BATCH = 256;
    private static final long SAMPLE_MS = 1000;
    /** Hit rates may differ by this many percentage points. */
    private static final double HIT_RATE_TOLERANCE = 3.0;

    /** One server's figures at a point of the run. */
    record Sample(double seconds, long gets, double hitRate, long evicted, long usedMemory, long rssKb) {}

    record Result(String name, List<Sample> samples, long gets, long hits, long sets, long maxRssKb) {
        double hitRate() {
            return 100.0 * hits / gets;
        }
    }

    @Test
    void cacheUnderTenTimesItsLimitKeepsRssBoundedAndHitRatesClose() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        long maxmemory = MAXMEMORY_MB << 20;
        // Redis counts ~180 B per key for these keys and 100-byte values: ten limits' worth of keys.
        int universe = (int) (maxmemory * VOLUME_FACTOR / 180);
        long setsWanted = universe;
        double[] cdf = zipfCdf(universe, ZIPF_S);
        String[] config = {"--maxmemory", Long.toString(maxmemory), "--maxmemory-policy", "allkeys-lru"};

        Result redis;
        try (RedisProcess r = RedisProcess.start(config)) {
            redis = drive("redis-server", r, cdf, setsWanted);
        }
        Result basalt;
        long idleRssKb;
        String jvm = System.getProperty("eviction.basalt-jvm", "");
        try (ServerProcess b = ServerProcess.start(jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+")), config)) {
            idleRssKb = b.rssKb();
            basalt = drive("basalt", b, cdf, setsWanted);
        }
        report(maxmemory, universe, idleRssKb, redis, basalt);

        assertThat(basalt.maxRssKb()).as("Basalt's peak RSS (kB)").isLessThan(rssBoundKb(maxmemory, idleRssKb));
        Sample last = basalt.samples().getLast();
        assertThat(last.usedMemory()).as("used_memory at the end").isBetween(maxmemory * 9 / 10, maxmemory);
        assertThat(last.evicted()).as("evicted_keys").isPositive();
        assertThat(basalt.hitRate()).as("hit rate (%), Redis's is " + redis.hitRate())
                .isCloseTo(redis.hitRate(), org.assertj.core.data.Offset.offset(HIT_RATE_TOLERANCE));
    }

    /**
     * The RSS Basalt may reach: its idle RSS (JVM, classes, code cache and the start-up heap,
     * ~95 MB), plus the heap the server steers the collector to (server.HeapTarget: a 32 MB
     * allowance plus twice maxmemory, the live data at about Redis's size and as much garbage),
     * plus one more maxmemory of allocation the collector may let through above its soft target
     * while a cycle runs. Without eviction the dataset alone would reach 10x the limit, and
     * without the heap target the collector lets garbage grow RSS for gigabytes.
     */
    static long rssBoundKb(long maxmemory, long idleRssKb) {
        return idleRssKb + (32L << 10) + 3 * (maxmemory >> 10);
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) cdf[i] /= sum;
        return cdf;
    }

    private static int zipfRank(double[] cdf, double u) {
        int lo = 0, hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Runs the load against one server until {@code setsWanted} SETs went out; samples every second. */
    private static Result drive(String name, ManagedProcess server, double[] cdf, long setsWanted) throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        // Popular ranks are scattered over the key names, so no key order favours either server.
        long scramble = 0x9E3779B97F4A7C15L;
        byte[] value = new byte[VALUE_BYTES];
        java.util.Arrays.fill(value, (byte) 'v');
        List<Sample> samples = new ArrayList<>();
        long gets = 0, hits = 0, sets = 0, maxRss = 0;
        long start = System.nanoTime(), nextSample = start;
        long intervalGets = 0, intervalHits = 0;
        try (Socket s = new Socket(ManagedProcess.HOST, server.port());
             RawClient info = server.connect()) {
            s.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            byte[][] keys = new byte[BATCH][];
            boolean[] missed = new boolean[BATCH];
            while (sets < setsWanted) {
                for (int i = 0; i < BATCH; i++) {
                    long rank = zipfRank(cdf, rnd.nextDouble());
                    keys[i] = ("key:" + Long.toHexString((rank + 1) * scramble)).getBytes(StandardCharsets.US_ASCII);
                    writeCommand(out, "GET".getBytes(StandardCharsets.US_ASCII), keys[i], null);
                }
                out.flush();
                int misses = 0;
                for (int i = 0; i < BATCH; i++) {
                    missed[i] = readBulkIsNull(in);
                    if (missed[i]) misses++;
                }
                for (int i = 0; i < BATCH; i++) {
                    if (missed[i]) writeCommand(out, "SET".getBytes(StandardCharsets.US_ASCII), keys[i], value);
                }
                out.flush();
                for (int i = 0; i < misses; i++) expectOk(in);
                gets += BATCH;
                hits += BATCH - misses;
                sets += misses;
                intervalGets += BATCH;
                intervalHits += BATCH - misses;
                long now = System.nanoTime();
                if (now >= nextSample) {
                    long rss = server.rssKb();
                    maxRss = Math.max(maxRss, rss);
                    samples.add(sample(info, (now - start) / 1e9, gets, 100.0 * intervalHits / intervalGets, rss));
                    intervalGets = intervalHits = 0;
                    nextSample = now + SAMPLE_MS * 1_000_000;
                }
            }
            long rss = server.rssKb();
            maxRss = Math.max(maxRss, rss);
            samples.add(sample(info, (System.nanoTime() - start) / 1e9, gets,
                    intervalGets == 0 ? 0 : 100.0 * intervalHits / intervalGets, rss));
        }
        return new Result(name, samples, gets, hits, sets, maxRss);
    }

    private static Sample sample(RawClient info, double seconds, long gets, double hitRate, long rssKb) throws IOException {
        String text = info.text("INFO", "all");
        return new Sample(seconds, gets, hitRate, field(text, "evicted_keys"), field(text, "used_memory"), rssKb);
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) return Long.parseLong(line.substring(name.length() + 1));
        }
        throw new IllegalStateException("no " + name + " in INFO");
    }

    private static void writeCommand(OutputStream out, byte[] cmd, byte[] key, byte[] value) throws IOException {
        out.write('*');
        out.write(value == null ? '2' : '3');
        out.write('\r');
        out.write('\n');
        writeBulk(out, cmd);
        writeBulk(out, key);
        if (value != null) writeBulk(out, value);
    }

    private static void writeBulk(OutputStream out, byte[] b) throws IOException {
        out.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write('\r');
        out.write('\n');
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) throw new java.io.EOFException();
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    /** Reads a GET reply; true for a miss. */
    private static boolean readBulkIsNull(InputStream in) throws IOException {
        String head = line(in);
        if (head.equals("$-1")) return true;
        if (head.charAt(0) != '$') throw new IllegalStateException("GET replied " + head);
        in.readNBytes(Integer.parseInt(head.substring(1)) + 2);
        return false;
    }

    private static void expectOk(InputStream in) throws IOException {
        String reply = line(in);
        if (!reply.equals("+OK")) throw new IllegalStateException("SET replied " + reply);
    }

    private static void report(long maxmemory, int universe, long idleRssKb, Result redis, Result basalt) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nEviction: maxmemory %d MB allkeys-lru, %,d keys Zipf(%.2f) seed %d, %d-byte values,"
                        + " GET then SET on a miss until %,d SETs (%dx the limit)%n",
                maxmemory >> 20, universe, ZIPF_S, SEED, VALUE_BYTES, universe, VOLUME_FACTOR));
        for (Result r : List.of(redis, basalt)) {
            out.append(String.format("%s: %,d GETs, hit rate %.2f%%, %,d SETs, peak RSS %,d kB%n",
                    r.name(), r.gets(), r.hitRate(), r.sets(), r.maxRssKb()));
            out.append(String.format("  %8s %12s %10s %12s %14s %10s%n", "t (s)", "GETs", "hit rate", "evicted", "used_memory", "RSS (kB)"));
            for (Sample s : r.samples()) {
                out.append(String.format("  %8.1f %,12d %9.2f%% %,12d %,14d %,10d%n",
                        s.seconds(), s.gets(), s.hitRate(), s.evicted(), s.usedMemory(), s.rssKb()));
            }
        }
        out.append(String.format("Basalt idle RSS %,d kB, RSS bound %,d kB%n", idleRssKb, rssBoundKb(maxmemory, idleRssKb)));
        System.out.print(out);
    }
}

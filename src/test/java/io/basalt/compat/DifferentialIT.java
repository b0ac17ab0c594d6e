package io.basalt.compat;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential random test: one seeded stream of commands over a small key universe
 * ({@link Universe}, {@link Catalog}) goes to Debian's redis-server and to Basalt in
 * pipelined batches; every reply must match (after the normalisations of {@link Req.Normal}
 * for hash order and the clock), and at the end both datasets must have the same
 * DEBUG DIGEST. Commands Basalt does not declare yet (COMMAND INFO) are left out, so the
 * mix widens by itself as families land.
 * <p>
 * {@code -Ddiff.seed=N} replays a run (default: from the clock), {@code -Ddiff.commands=N}
 * sets its length (default 100,000). The seed also decides whether the encoding thresholds
 * are lowered (most runs) or left at their defaults. {@code -Ddiff.candidate=redis} puts a
 * second redis-server in Basalt's place: every command is then enabled, and a mismatch
 * means the generator produced something non-deterministic (two Redis processes differ in
 * hash seeds and skiplist levels), which is how the normalisations are checked.
 */
class DifferentialIT {
    private static final int BATCH = 500;
    private static final int HISTORY = 20;
    private static final int SHOWN_REPLY = 600;
    /** Lowered in most runs so compact encodings convert often; each is applied only if Basalt accepts it. */
    private static final String[][] LOW_THRESHOLDS = {
        {"hash-max-listpack-entries", "16"}, {"hash-max-listpack-value", "16"}, {"set-max-intset-entries", "16"},
        {"zset-max-listpack-entries", "16"}, {"zset-max-listpack-value", "16"}, {"list-max-listpack-size", "4"},
        {"hll-sparse-max-bytes", "300"}};

    /**
     * Sent after every {@link #BATCH} requests and at the end: a write that changes the
     * two datasets differently without a differing reply is caught within one batch.
     */
    private static final Generator.Generated DIGEST = new Generator.Generated(null, Req.of("DEBUG", "DIGEST"));

    @Test
    void randomCommandsMatchRedis() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        long seed = Long.getLong("diff.seed", System.nanoTime());
        int commands = Integer.getInteger("diff.commands", 100_000);
        boolean selfCheck = System.getProperty("diff.candidate", "basalt").equals("redis");
        try (RedisProcess redis = RedisProcess.start();
             ManagedProcess basalt = selfCheck ? RedisProcess.start() : ServerProcess.start("--enable-debug-command", "yes");
             RawClient redisControl = redis.connect();
             RawClient basaltControl = basalt.connect();
             PipelinedConnection redisPipe = new PipelinedConnection(redis.port());
             PipelinedConnection basaltPipe = new PipelinedConnection(basalt.port())) {
            new Run(seed, commands, redisControl, basaltControl, redisPipe, basaltPipe).execute();
        }
    }

    /** One run: set-up, the command stream, the final dataset comparison. */
    private static final class Run {
        private final long seed;
        private final int target;
        private final RawClient redisControl;
        private final RawClient basaltControl;
        private final PipelinedConnection redisPipe;
        private final PipelinedConnection basaltPipe;
        private final Universe universe;
        private final boolean lowered;
        /** A quarter of the runs speak RESP3 on the compared connections (maps, sets, doubles, nested pairs). */
        private final boolean resp3;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "differential-writer");
            t.setDaemon(true);
            return t;
        });
        /** Everything sent, with Redis's reply and the family (null for a guard), for the mismatch report. */
        private final List<Req> sent = new ArrayList<>();
        private final List<byte[]> redisReplies = new ArrayList<>();
        private final Map<String, Integer> perFamily = new LinkedHashMap<>();
        private final List<String> settings = new ArrayList<>();
        private int executed;
        private int errors;
        private int wrongType;
        private int skippedBlocking;
        /** Requests sent since the last DEBUG DIGEST comparison. */
        private int sinceDigest;

        Run(long seed, int target, RawClient redisControl, RawClient basaltControl,
                PipelinedConnection redisPipe, PipelinedConnection basaltPipe) {
            this.seed = seed;
            this.target = target;
            this.redisControl = redisControl;
            this.basaltControl = basaltControl;
            this.redisPipe = redisPipe;
            this.basaltPipe = basaltPipe;
            this.universe = new Universe(seed);
            Random setUp = new Random(seed ^ 0x9E3779B97F4A7C15L);
            this.lowered = setUp.nextInt(10) < 7;
            this.resp3 = setUp.nextInt(4) == 0;
            for (String f : Catalog.FAMILIES) perFamily.put(f, 0);
        }

        void execute() throws Exception {
            long started = System.nanoTime();
            if (lowered) lowerThresholds();
            if (resp3) {
                for (PipelinedConnection p : new PipelinedConnection[] {redisPipe, basaltPipe}) {
                    p.send(Req.of("HELLO", "3").wire());
                    byte[] hello = p.read(1)[0];
                    if (hello[0] != '%') throw new IllegalStateException("HELLO 3 -> " + RawClient.escape(hello));
                }
            }
            Generator generator = new Generator(universe, enabledSpecs());
            try {
                List<Generator.Generated> batch = new ArrayList<>(BATCH);
                while (executed + batch.size() < target) {
                    Generator.Generated g = generator.next();
                    if (g.req().prelude != null) batch.add(new Generator.Generated(null, g.req().prelude));
                    if (g.req().blockingKeys == null) {
                        batch.add(g);
                        if (batch.size() >= BATCH) flush(batch);
                        continue;
                    }
                    // A blocking command goes alone, and only when a key exists (it then answers at once).
                    Req guard = Req.of("EXISTS").add(g.req().blockingKeys);
                    batch.add(new Generator.Generated(null, guard));
                    flush(batch);
                    if (Arrays.equals(redisReplies.getLast(), ":0\r\n".getBytes(StandardCharsets.US_ASCII))) {
                        skippedBlocking++;
                    } else {
                        batch.add(g);
                        flush(batch);
                    }
                }
                sinceDigest = BATCH;
                flush(batch);
            } finally {
                writer.shutdownNow();
            }
            System.out.printf("DifferentialIT: seed %d, %d commands in %.1f s, %s, thresholds %s%s; %d error replies (%d WRONGTYPE), "
                    + "%d blocking commands skipped (no key)%n  per family: %s%n  encodings at the end (db 0): %s%n",
                    seed, executed, (System.nanoTime() - started) / 1e9, resp3 ? "RESP3" : "RESP2", lowered ? "lowered " : "default",
                    lowered ? settings : "", errors, wrongType, skippedBlocking, perFamily, encodings());
        }

        /** The same CONFIG SET on both servers, for the directives Basalt accepts. */
        private void lowerThresholds() throws IOException {
            for (String[] s : LOW_THRESHOLDS) {
                if (!basaltControl.text("CONFIG", "SET", s[0], s[1]).equals("+OK\r\n")) continue;
                String r = redisControl.text("CONFIG", "SET", s[0], s[1]);
                if (!r.equals("+OK\r\n")) throw new IllegalStateException("redis refused CONFIG SET " + s[0] + ": " + r);
                settings.add(s[0] + "=" + s[1]);
            }
        }

        /** The specs whose commands Basalt declares; the others are logged per family. */
        private List<Catalog.Spec> enabledSpecs() throws IOException {
            Set<String> declared = new HashSet<>();
            Set<String> names = new TreeSet<>();
            for (Catalog.Spec s : Catalog.all().specs()) {
                names.add(s.command());
                names.addAll(s.requires());
            }
            for (String name : names) {
                String reply = basaltControl.text("COMMAND", "INFO", name);
                if (reply.startsWith("*1\r\n*") && !reply.startsWith("*1\r\n*-1")) declared.add(name);
            }
            List<Catalog.Spec> enabled = new ArrayList<>();
            Map<String, Set<String>> dropped = new TreeMap<>();
            for (Catalog.Spec s : Catalog.all().specs()) {
                if (declared.contains(s.command()) && declared.containsAll(s.requires())) enabled.add(s);
                else dropped.computeIfAbsent(s.family(), k -> new TreeSet<>()).add(s.command());
            }
            int count = dropped.values().stream().mapToInt(Set::size).sum();
            System.out.println("DifferentialIT: " + count + " generated commands left out (Basalt does not declare them"
                    + " or what they need yet): " + dropped);
            return enabled;
        }

        private void flush(List<Generator.Generated> batch) throws Exception {
            sinceDigest += batch.size();
            if (sinceDigest >= BATCH) {
                batch.add(DIGEST);
                sinceDigest = 0;
            }
            if (batch.isEmpty()) return;
            ByteArrayOutputStream wire = new ByteArrayOutputStream(batch.size() * 48);
            for (Generator.Generated g : batch) wire.writeBytes(g.req().wire());
            byte[] bytes = wire.toByteArray();
            // Written from another thread: a server that stops reading while its replies back
            // up must not block this thread before it starts reading them.
            Future<?> sending = writer.submit(() -> {
                redisPipe.send(bytes);
                basaltPipe.send(bytes);
                return null;
            });
            byte[][] expected;
            byte[][] actual;
            try {
                expected = redisPipe.read(batch.size());
            } catch (IOException e) {
                throw new IllegalStateException("redis-server stopped answering" + stalled(batch), e);
            }
            try {
                actual = basaltPipe.read(batch.size());
            } catch (IOException e) {
                throw new IllegalStateException("Basalt stopped answering (" + e.getMessage() + ")" + stalled(batch), e);
            }
            sending.get();
            for (int i = 0; i < batch.size(); i++) {
                Generator.Generated g = batch.get(i);
                Req req = g.req();
                int index = sent.size();
                sent.add(req);
                redisReplies.add(expected[i]);
                if (g.spec() != null) {
                    executed++;
                    perFamily.merge(g.spec().family(), 1, Integer::sum);
                }
                if (expected[i][0] == '-') {
                    errors++;
                    if (expected[i][1] == 'W') wrongType++;
                }
                byte[] e = Replies.normalise(expected[i], req.normal);
                byte[] a = Replies.normalise(actual[i], req.normal);
                if (!Arrays.equals(e, a)) mismatch(index, g, expected[i], actual[i]);
            }
            batch.clear();
        }

        private String stalled(List<Generator.Generated> batch) {
            StringBuilder sb = new StringBuilder(" within commands #" + sent.size() + "..#" + (sent.size() + batch.size() - 1)
                    + " (seed " + seed + "); replay: " + replay(executed + batch.size()) + "\n  the batch:");
            for (Generator.Generated g : batch) sb.append("\n    ").append(g.req());
            return sb.toString();
        }

        private String where(int index) {
            return " at command #" + index + " (seed " + seed + ")";
        }

        private void mismatch(int index, Generator.Generated g, byte[] expected, byte[] actual) throws IOException {
            StringBuilder sb = new StringBuilder();
            Set<String> keys = new HashSet<>();
            if (g == DIGEST) {
                sb.append("The datasets differ (DEBUG DIGEST) after command #").append(index - 1).append(" (seed ").append(seed)
                        .append("), with no reply differing before\n");
                keys.addAll(differingKeys(sb));
            } else {
                sb.append("Basalt's reply differs from redis-server's").append(where(index)).append('\n');
                sb.append("  family:  ").append(g.spec() == null ? "(guard of a blocking command)" : g.spec().family()).append('\n');
                sb.append("  command: ").append(g.req()).append('\n');
                if (g.req().normal != Req.Normal.EXACT) sb.append("  compared as: ").append(g.req().normal).append('\n');
                sb.append("  redis:   ").append(shown(expected)).append('\n');
                sb.append("  basalt:  ").append(shown(actual)).append('\n');
                for (String a : g.req().args) {
                    if (universe.isKey(a)) keys.add(a);
                }
            }
            sb.append("  protocol: ").append(resp3 ? "RESP3" : "RESP2").append(", thresholds: ")
                    .append(lowered ? "lowered " + settings : "default").append('\n');
            sb.append("  replay:  ").append(replay(executed)).append('\n');
            appendHistory(sb, index, keys);
            fail(sb.toString());
        }

        /** How many keys of the universe end in each type and encoding: shows that conversions happened. */
        private Map<String, Integer> encodings() throws IOException {
            Map<String, Integer> count = new TreeMap<>();
            for (String key : universe.allKeys()) {
                String type = redisControl.text("TYPE", key).strip().substring(1);
                if (type.equals("none")) continue;
                String encoding = new String(redisControl.call("OBJECT", "ENCODING", key), StandardCharsets.ISO_8859_1).split("\r\n")[1];
                count.merge(type + "/" + encoding, 1, Integer::sum);
            }
            return count;
        }

        private String replay(int commands) {
            return "mvn -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DifferentialIT"
                    + " -Ddiff.seed=" + seed + " -Ddiff.commands=" + commands;
        }

        /** The last commands that named one of the failing command's keys (or the last ones at all). */
        private void appendHistory(StringBuilder sb, int index, Set<String> keys) {
            List<Integer> picked = new ArrayList<>();
            for (int i = index - 1; i >= 0 && picked.size() < HISTORY; i--) {
                if (keys.isEmpty() || sent.get(i).args.stream().anyMatch(keys::contains)
                        || sent.get(i).args.getFirst().equalsIgnoreCase("SWAPDB")) {
                    picked.add(i);
                }
            }
            sb.append("  last ").append(picked.size()).append(" commands on ")
                    .append(keys.isEmpty() ? "the connection" : new TreeSet<>(keys) + " (and SWAPDB)").append(", oldest first:\n");
            for (int j = picked.size() - 1; j >= 0; j--) {
                int i = picked.get(j);
                sb.append("    #").append(i).append(' ').append(sent.get(i)).append("  -> ").append(shown(redisReplies.get(i))).append('\n');
            }
        }

        private static String shown(byte[] reply) {
            String s = RawClient.escape(reply);
            return s.length() <= SHOWN_REPLY ? s : s.substring(0, SHOWN_REPLY) + "...(" + reply.length + " bytes)";
        }

        /** Appends the keys (of DB 0 and 1) whose type, value or TTL differ, and returns their names. */
        private Set<String> differingKeys(StringBuilder sb) throws IOException {
            Set<String> differing = new TreeSet<>();
            for (String db : new String[] {"0", "1"}) {
                redisControl.text("SELECT", db);
                basaltControl.text("SELECT", db);
                Set<String> keys = new TreeSet<>(universe.allKeys());
                keys.addAll(keyNames(redisControl));
                keys.addAll(keyNames(basaltControl));
                for (String key : keys) {
                    String re = describe(redisControl, key);
                    String ba = describe(basaltControl, key);
                    if (!re.equals(ba)) {
                        differing.add(key);
                        sb.append("  db ").append(db).append(" key ").append(key).append(":\n    redis:  ").append(re)
                                .append("\n    basalt: ").append(ba).append('\n');
                    }
                }
            }
            return differing;
        }

        private static Collection<String> keyNames(RawClient c) throws IOException {
            List<String> names = new ArrayList<>();
            byte[] reply = c.call("KEYS", "*");
            int p = 0;
            while (reply[p] != '\n') p++;
            p++;
            while (p < reply.length) {
                int end = Replies.end(reply, p, reply.length);
                int nl = p;
                while (reply[nl] != '\n') nl++;
                names.add(new String(reply, nl + 1, end - nl - 3, StandardCharsets.ISO_8859_1));
                p = end;
            }
            return names;
        }

        /** Type, digest, whether a TTL is set, and the contents (sorted where hash-ordered). */
        private static String describe(RawClient c, String key) throws IOException {
            String type = c.text("TYPE", key).strip();
            if (type.equals("+none")) return "none";
            String digest = c.text("DEBUG", "DIGEST-VALUE", key).strip().replace("\r\n", " ");
            String ttl = c.text("PTTL", key).equals(":-1\r\n") ? "no ttl" : "ttl";
            byte[] contents = switch (type) {
                case "+string" -> c.call("GET", key);
                case "+hash" -> Replies.normalise(c.call("HGETALL", key), Req.Normal.SORTED_PAIRS);
                case "+list" -> c.call("LRANGE", key, "0", "-1");
                case "+set" -> Replies.normalise(c.call("SMEMBERS", key), Req.Normal.SORTED);
                case "+zset" -> c.call("ZRANGE", key, "0", "-1", "WITHSCORES");
                default -> new byte[0];
            };
            return type + " " + digest + " " + ttl + " " + shown(contents);
        }
    }
}

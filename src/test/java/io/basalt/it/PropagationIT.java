package io.basalt.it;

import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ReplicaStream;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The propagated stream, compared command by command with real Redis 7.0: the same commands
 * run on redis-server, read as a replica reads it ({@link ReplicaStream}), and on Basalt, read
 * from its AOF increment. Covers every rewrite (SET EX → PXAT, EXPIRE → PEXPIREAT, GETEX,
 * GETDEL, GETSET, INCRBYFLOAT, HINCRBYFLOAT, GEOADD → ZADD, SPOP → SREM/DEL, the multi and
 * blocking pops, served blocked clients, past expiry times → DEL/UNLINK), expired keys
 * deleted lazily (with MULTI/EXEC around a write) and actively, SELECT across databases, and
 * transactions (one unit; unwrapped when one command changed data; runtime errors inside).
 * Absolute times are compared exactly; only those computed from the clock (relative TTLs) may
 * differ, by at most the few milliseconds between the two servers' runs.
 * <p>
 * Script lines: a command, or {@code @sleep ms}, {@code @async name command} (sent on
 * connection {@code name} without waiting: it blocks), {@code @await name} (its reply),
 * {@code @any command} (a random reply, not compared; the members SPOP propagates from key
 * {@code rnd} are random too and compared by shape).
 */
class PropagationIT {
    private static final String SCRIPT = """
            DEBUG SET-ACTIVE-EXPIRE 0
            SET s1 v
            SET s2 v EX 1000
            SET s3 v PX 100000 NX
            SET s4 v EXAT 4000000000
            SET s5 v PXAT 4000000000123
            SET s6 v KEEPTTL
            SET s2 w KEEPTTL GET
            SET s7 v GET
            SET s7 v2 XX get GET
            SET s8 v NX EX 100
            SET s8 v NX EX 100
            SET s9 v xx
            SETNX s9 v
            SETNX s9 v
            SETEX s10 100 v
            PSETEX s11 100000 v
            GETEX s1 EX 100
            GETEX s1 PX 100000
            GETEX s1 EXAT 4000000000
            GETEX s1 PXAT 4000000000000
            GETEX s1 PERSIST
            GETEX s1 PERSIST
            GETEX s1
            GETEX s1 EXAT 1
            GETEX missing EX 10
            GETDEL s3
            GETDEL missing
            GETSET s4 new
            GETSET fresh 1
            INCRBYFLOAT f 1.5
            INCRBYFLOAT f 1e3
            INCRBYFLOAT f -0.1
            SET f2 10 EX 100
            INCRBYFLOAT f2 0.5
            MSET a 1 b 2 c 3
            MSETNX a 1 d 4
            MSETNX d 4 e 5
            APPEND a x
            INCR n
            INCRBY n 5
            DECR n
            DECRBY n 2
            SETRANGE a 5 zz
            SETRANGE a 0 ""
            EXPIRE a 100
            EXPIRE a 100 NX
            EXPIRE a 200 XX
            PEXPIRE a 300000 GT
            EXPIREAT a 4000000000 LT
            PEXPIREAT a 4000000000000
            PEXPIREAT a 4000000000000 NX
            EXPIRE b -1
            PEXPIREAT c 1
            EXPIREAT missing 1
            PERSIST a
            PERSIST a
            CONFIG SET lazyfree-lazy-expire yes
            EXPIRE d 0
            GETEX e PXAT 2
            CONFIG SET lazyfree-lazy-expire no
            CONFIG SET lazyfree-lazy-user-del yes
            GETDEL s7
            CONFIG SET lazyfree-lazy-user-del no
            DEL s8 nothere s9
            UNLINK s10
            RENAME s11 r1
            RENAMENX r1 s1
            RENAMENX s4 r1
            COPY r1 r2
            COPY r1 r2 DB 3 REPLACE
            MOVE r2 1
            SELECT 1
            SET x y
            SELECT 2
            SET z w
            INCR n
            SELECT 0
            SWAPDB 1 2
            SELECT 5
            FLUSHDB
            SELECT 0
            RPUSH l a b c d e f g h
            LPUSH l z
            LPUSHX l y
            RPUSHX nolist y
            LPOP l
            RPOP l 2
            LSET l 0 Z
            LINSERT l BEFORE c bb
            LREM l 0 bb
            LTRIM l 0 100
            LMOVE l l2 LEFT right
            RPOPLPUSH l l2
            LMPOP 2 nope l LEFT COUNT 2
            LMPOP 1 l RIGHT
            BLPOP nope l 0
            BRPOP l 0
            RPUSH l 1 2 3
            BLMPOP 0 1 l RIGHT COUNT 100
            BLMOVE l2 l3 left RIGHT 0
            BRPOPLPUSH l2 l4 0
            LPOP nolist
            @async w1 BLPOP q1 0
            @sleep 100
            RPUSH q1 x
            @await w1
            @async w2 BLMOVE q2 q3 RIGHT LEFT 0
            @sleep 100
            LPUSH q2 m
            @await w2
            @async w3 BRPOPLPUSH q4 q5 0
            @sleep 100
            LPUSH q4 m
            @await w3
            @async w4 BLMPOP 0 1 q6 LEFT COUNT 5
            @sleep 100
            RPUSH q6 a b c
            @await w4
            @async w5 BZPOPMIN zq 0
            @sleep 100
            ZADD zq 1 a 2 b
            @await w5
            @async w6 BZMPOP 0 1 zq2 MAX COUNT 10
            @sleep 100
            ZADD zq2 1 a 2 b 3 c
            @await w6
            SADD set 1 2 3 4
            SADD set 1
            SREM set 4 99
            SMOVE set set2 1
            SADD one x
            SPOP one
            SADD two 1 2
            SPOP two 5
            SPOP two 1
            SPOP missing 3
            SADD rnd 1 2 3 4 5 6 7 8 9 10 11 12
            @any SPOP rnd 2
            @any SPOP rnd 9
            DEL rnd
            SRANDMEMBER set 5
            SADD set3 3 9
            SINTERSTORE dst set set3
            SUNIONSTORE dst set set3
            SDIFFSTORE dst set set3
            SDIFFSTORE dst nothere
            MULTI
            SET t1 v EX 100
            INCR t2
            GET t1
            SELECT 4
            SET t3 x
            SELECT 0
            EXEC
            MULTI
            INCR t2
            GET t2
            EXEC
            MULTI
            GET t2
            EXEC
            MULTI
            SET t4 v
            INCR t4
            SET t5 v
            EXEC
            MULTI
            SET t6 v
            DISCARD
            HSET h f1 v1 f2 v2
            HSETNX h f1 x
            HSETNX h f3 x
            HMSET h f4 v4
            HDEL h f4 nothere
            HINCRBY h n 5
            HINCRBYFLOAT h fl 1.5
            HINCRBYFLOAT h fl 1e2
            HINCRBYFLOAT h fl -0.25
            ZADD z 1 a 2 b 3 c 4 d 5 e 6 f
            ZADD z XX CH 10 a
            ZADD z INCR 1 b
            ZINCRBY z 2.5 c
            ZREM z nothere f
            ZPOPMIN z
            ZPOPMAX z 2
            ZMPOP 1 z MIN COUNT 1
            ZMPOP 2 nope z MAX COUNT 10
            ZADD z 1 a 2 b 3 c 4 d
            BZPOPMIN z 0
            BZPOPMAX nope z 0
            BZMPOP 0 1 z MIN COUNT 1
            ZREMRANGEBYSCORE z 0 1
            ZADD z2 5 x 6 y
            ZUNIONSTORE zu 2 z z2
            ZINTERSTORE zi 2 z z2
            ZRANGESTORE zr z2 0 -1
            ZDIFFSTORE zd 2 z2 z
            ZREMRANGEBYRANK zu 0 0
            ZREMRANGEBYLEX zu - +
            GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
            GEOADD g XX CH 13.361390 38.115556 Palermo
            GEOADD g NX 2.3522 48.8566 Paris
            GEOSEARCHSTORE gs g FROMLONLAT 15 37 BYRADIUS 200 km ASC
            GEORADIUS g 15 37 200 km STORE gr
            PFADD hll a b c
            PFADD hll a
            PFCOUNT hll
            PFCOUNT hll
            PFADD hll2 d
            PFMERGE hll3 hll hll2
            SETBIT bits 7 1
            SETBIT bits 7 1
            BITOP OR bits2 bits bits
            BITFIELD bf SET u8 0 200 GET u8 0
            BITFIELD_RO bf GET u8 0
            RPUSH sortme 3 1 2
            SORT sortme STORE sorted
            SORT sortme
            SET e1 v PX 50
            SET e2 v PX 50
            SET e3 v PX 50
            SET e4 v PX 50
            @sleep 100
            GET e1
            SET e2 w
            DEL e3
            DEL e4 e2
            DEBUG SET-ACTIVE-EXPIRE 1
            SET e5 v PX 20
            @sleep 400
            SELECT 3
            FLUSHALL
            SET end 1
            """;

    @Test
    void basaltPropagatesWhatRedisPropagates() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        try (RedisProcess redis = RedisProcess.start("--repl-diskless-sync-delay", "0");
             ServerProcess basalt = ServerProcess.start("--appendonly", "yes", "--aof-use-rdb-preamble", "no",
                     "--enable-debug-command", "yes");
             ReplicaStream replica = ReplicaStream.attach(ServerProcess.HOST, redis.port(), Duration.ofSeconds(30))) {
            Session r = new Session(redis.port());
            Session b = new Session(basalt.port());
            for (String line : SCRIPT.strip().split("\n")) {
                String[] words = line.strip().split(" ");
                switch (words[0]) {
                    case "@sleep" -> Thread.sleep(Long.parseLong(words[1]));
                    case "@async" -> {
                        r.async(words[1], rest(words, 2));
                        b.async(words[1], rest(words, 2));
                    }
                    case "@await" -> assertThat(b.await(words[1])).as(line).isEqualTo(r.await(words[1]));
                    case "@any" -> {
                        r.call(line, rest(words, 1));
                        b.call(line, rest(words, 1));
                    }
                    default -> {
                        String[] argv = unquote(words);
                        String expected = r.call(line, argv);
                        assertThat(b.call(line, argv)).as("reply to " + line).isEqualTo(expected);
                    }
                }
            }
            r.close();
            b.close();
            List<String> fromRedis = texts(replica.readUntil(c -> ReplicaStream.text(c).equals("SET end 1")));
            Path incr = basalt.dir().resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof");
            List<String> fromBasalt = texts(ReplicaStream.parseAof(Files.readAllBytes(incr)));
            assertThat(fromRedis).as("Redis's stream").hasSizeGreaterThan(150);
            compare(fromBasalt, fromRedis);
        }
    }

    private static String[] rest(String[] words, int from) {
        return unquote(java.util.Arrays.copyOfRange(words, from, words.length));
    }

    /** {@code ""} in the script is the empty argument. */
    private static String[] unquote(String[] words) {
        String[] out = words.clone();
        for (int i = 0; i < out.length; i++) if (out[i].equals("\"\"")) out[i] = "";
        return out;
    }

    private static List<String> texts(List<List<byte[]>> commands) {
        List<String> out = new ArrayList<>();
        for (List<byte[]> c : commands) out.add(ReplicaStream.text(c));
        return out;
    }

    /**
     * Equal streams, but for the time after PXAT or PEXPIREAT where both are close to now
     * (computed from a relative TTL): those may differ by the time between the two runs.
     */
    private static void compare(List<String> basalt, List<String> redis) {
        long now = System.currentTimeMillis();
        StringBuilder diff = new StringBuilder();
        int n = Math.max(basalt.size(), redis.size());
        for (int i = 0; i < n; i++) {
            String b = i < basalt.size() ? basalt.get(i) : "<none>";
            String r = i < redis.size() ? redis.get(i) : "<none>";
            if (!b.equals(r) && !sameButClockTime(b, r, now)) diff.append(i).append(": basalt [").append(b)
                    .append("] redis [").append(r).append("]\n");
        }
        assertThat(diff.toString()).as("streams differ; basalt:\n" + String.join("\n", basalt)
                + "\n\nredis:\n" + String.join("\n", redis)).isEmpty();
    }

    /** Equal but for a clock-derived time, or for which random member an SPOP of {@code rnd} removed. */
    private static boolean sameButClockTime(String b, String r, long now) {
        String[] bw = b.split(" "), rw = r.split(" ");
        if (bw.length != rw.length) return false;
        for (int i = 0; i < bw.length; i++) {
            if (bw[i].equals(rw[i])) continue;
            if (i == 2 && bw[0].equals("SREM") && bw[1].equals("rnd")) continue;
            boolean timeArg = (i == 4 && bw[0].equals("SET") && bw[3].equals("PXAT"))
                    || (i == 2 && bw[0].equals("PEXPIREAT"));
            if (!timeArg) return false;
            long tb = Long.parseLong(bw[i]), tr = Long.parseLong(rw[i]);
            // Computed from the clock: within a day of now, and the two runs a few seconds apart at most.
            if (Math.abs(tb - tr) > 5_000 || Math.abs(tb - now) > 86_400_000L) return false;
        }
        return true;
    }

    /** Connections to one server: the main one and named ones for blocking commands. */
    private static final class Session {
        private final int port;
        private final RawClient main;
        private final Map<String, RawClient> named = new HashMap<>();

        Session(int port) throws Exception {
            this.port = port;
            this.main = new RawClient(ServerProcess.HOST, port, Duration.ofSeconds(10));
        }

        String call(String line, String... argv) throws Exception {
            try {
                return new String(main.call(argv), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new AssertionError("no reply from port " + port + " to: " + line, e);
            }
        }

        void async(String name, String... argv) throws Exception {
            RawClient c = named.get(name);
            if (c == null) {
                c = new RawClient(ServerProcess.HOST, port, Duration.ofSeconds(10));
                named.put(name, c);
            }
            byte[][] b = new byte[argv.length][];
            for (int i = 0; i < argv.length; i++) b[i] = argv[i].getBytes(StandardCharsets.UTF_8);
            c.send(RawClient.multibulk(b));
        }

        String await(String name) throws Exception {
            return new String(named.get(name).readReply(), StandardCharsets.UTF_8);
        }

        void close() throws Exception {
            main.close();
            for (RawClient c : named.values()) c.close();
        }
    }
}

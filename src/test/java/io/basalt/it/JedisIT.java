package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.BitPosParams;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.CommandDocument;
import redis.clients.jedis.resps.CommandInfo;
import redis.clients.jedis.resps.LCSMatchResult;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Slowlog;
import redis.clients.jedis.util.SafeEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jedis 5 against a Basalt process: plain and password-protected servers. The parameterised
 * tests run the same typed-API assertions against Basalt and real redis-server.
 */
class JedisIT {
    static final String PASSWORD = "jedis-pass";
    private static ServerProcess open;
    private static ServerProcess secured;
    private static RedisProcess real;

    @BeforeAll
    static void start() throws IOException {
        open = ServerProcess.start();
        secured = ServerProcess.start("--requirepass", PASSWORD);
        real = Target.startRedisIfAvailable();
    }

    @AfterAll
    static void stop() {
        if (open != null) open.close();
        if (secured != null) secured.close();
        if (real != null) real.close();
    }

    /** Basalt and (when installed) real Redis: the parameterised tests must pass on both. */
    static List<Target> servers() {
        return Target.both(open, real);
    }

    private static Jedis connect(ServerProcess s, String password) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().timeoutMillis(10_000);
        if (password != null) b.password(password);
        return new Jedis(new HostAndPort(ServerProcess.HOST, s.port()), b.build());
    }

    @Test
    void pingEchoAndStrings() {
        try (Jedis j = connect(open, null)) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.ping("hi")).isEqualTo("hi");
            assertThat(j.echo("echoed")).isEqualTo("echoed");
            assertThat(j.set("jedis:k", "v1")).isEqualTo("OK");
            assertThat(j.get("jedis:k")).isEqualTo("v1");
            assertThat(j.get("jedis:missing")).isNull();
            byte[] binary = {0, 1, (byte) 0xff, '\r', '\n'};
            assertThat(j.set("jedis:bin".getBytes(StandardCharsets.UTF_8), binary)).isEqualTo("OK");
            assertThat(j.get("jedis:bin".getBytes(StandardCharsets.UTF_8))).isEqualTo(binary);
        }
    }

    @Test
    void setOptions() {
        try (Jedis j = connect(open, null)) {
            assertThat(j.set("jedis:nx", "a", SetParams.setParams().nx())).isEqualTo("OK");
            assertThat(j.set("jedis:nx", "b", SetParams.setParams().nx())).isNull();
            assertThat(j.get("jedis:nx")).isEqualTo("a");
            assertThat(j.set("jedis:xx-missing", "b", SetParams.setParams().xx())).isNull();
            assertThat(j.set("jedis:nx", "c", SetParams.setParams().xx())).isEqualTo("OK");
            assertThat(j.setGet("jedis:nx", "d")).isEqualTo("c");
            assertThat(j.set("jedis:ex", "e", SetParams.setParams().ex(1000))).isEqualTo("OK");
            assertThat(j.set("jedis:ex", "kept", SetParams.setParams().keepTtl())).isEqualTo("OK");
            assertThat(j.set("jedis:px", "p", SetParams.setParams().px(100_000).nx())).isEqualTo("OK");
            assertThatThrownBy(() -> j.set("jedis:bad", "v", SetParams.setParams().ex(0)))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR invalid expire time in 'set' command");
            assertThat(j.get("jedis:ex")).isEqualTo("kept");
        }
    }

    @Test
    void selectIsolatesDatabases() {
        try (Jedis j = connect(open, null)) {
            j.select(2);
            j.set("jedis:db", "two");
            j.select(0);
            assertThat(j.get("jedis:db")).isNull();
            j.select(2);
            assertThat(j.get("jedis:db")).isEqualTo("two");
            assertThatThrownBy(() -> j.select(16)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR DB index is out of range");
        }
    }

    @Test
    void pipelining() {
        try (Jedis j = connect(open, null)) {
            Pipeline p = j.pipelined();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                p.set("jedis:pipe:" + i, "v" + i);
                gets.add(p.get("jedis:pipe:" + i));
            }
            p.sync();
            for (int i = 0; i < gets.size(); i++) assertThat(gets.get(i).get()).isEqualTo("v" + i);
        }
    }

    @Test
    void authViaRequirepass() {
        try (Jedis j = connect(secured, PASSWORD)) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.set("jedis:auth", "yes")).isEqualTo("OK");
            assertThat(j.get("jedis:auth")).isEqualTo("yes");
        }
        try (Jedis j = connect(secured, null)) {
            assertThatThrownBy(j::ping).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH Authentication required.");
            assertThatThrownBy(() -> j.auth("wrong")).isInstanceOf(JedisDataException.class)
                    .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
            assertThat(j.auth(PASSWORD)).isEqualTo("OK");
            assertThat(j.get("jedis:auth")).isEqualTo("yes");
        }
    }

    @Test
    void helloAndReset() {
        try (Jedis j = connect(open, null)) {
            List<?> hello = (List<?>) j.sendCommand(redis.clients.jedis.Protocol.Command.HELLO, "2");
            assertThat(new String((byte[]) hello.get(0), StandardCharsets.UTF_8)).isEqualTo("server");
            assertThat(hello).hasSize(14);
            j.select(3);
            j.set("jedis:db3only", "x");
            Object reset = j.sendCommand(redis.clients.jedis.Protocol.Command.RESET);
            assertThat(new String((byte[]) reset, StandardCharsets.UTF_8)).isEqualTo("RESET");
            assertThat(j.get("jedis:db3only")).isNull();
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    // ---- Same as Redis: every parameterised test below passes against Basalt and real Redis ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void stringCommands(Target t) {
        try (Jedis j = t.flushedJedis()) {
            assertThat(j.set("s:ex", "1", SetParams.setParams().ex(100))).isEqualTo("OK");
            assertThat(j.ttl("s:ex")).isBetween(99L, 100L);
            assertThat(j.set("s:px", "1", SetParams.setParams().px(50_000))).isEqualTo("OK");
            assertThat(j.pttl("s:px")).isBetween(40_000L, 50_000L);
            assertThat(j.set("s:ex", "2", SetParams.setParams().keepTtl())).isEqualTo("OK");
            assertThat(j.ttl("s:ex")).isBetween(99L, 100L);
            assertThat(j.set("s:ex", "3")).isEqualTo("OK");
            assertThat(j.ttl("s:ex")).isEqualTo(-1);
            assertThat(j.setGet("s:ex", "4", SetParams.setParams().xx().ex(60))).isEqualTo("3");
            assertThat(j.ttl("s:ex")).isBetween(59L, 60L);
            assertThat(j.setGet("s:none", "x", SetParams.setParams().nx())).isNull();
            assertThat(j.setGet("s:none", "y", SetParams.setParams().nx())).isEqualTo("x");
            assertThat(j.get("s:none")).isEqualTo("x");
            long at = System.currentTimeMillis() / 1000 + 10_000;
            assertThat(j.set("s:exat", "v", SetParams.setParams().exAt(at))).isEqualTo("OK");
            assertThat(j.expireTime("s:exat")).isEqualTo(at);
            assertThat(j.set("s:pxat", "v", SetParams.setParams().pxAt(at * 1000 + 123))).isEqualTo("OK");
            assertThat(j.pexpireTime("s:pxat")).isEqualTo(at * 1000 + 123);
            assertThatThrownBy(() -> j.set("s:bad", "v", SetParams.setParams().px(-1)))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR invalid expire time in 'set' command");
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.SET, "s:bad", "v", "NX", "XX"))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR syntax error");

            // GETEX / GETDEL / GETSET / SETNX / SETEX / PSETEX
            assertThat(j.getEx("s:none", GetExParams.getExParams().ex(30))).isEqualTo("x");
            assertThat(j.ttl("s:none")).isBetween(29L, 30L);
            assertThat(j.getEx("s:none", GetExParams.getExParams().px(20_000))).isEqualTo("x");
            assertThat(j.pttl("s:none")).isBetween(10_000L, 20_000L);
            assertThat(j.getEx("s:none", GetExParams.getExParams().exAt(at))).isEqualTo("x");
            assertThat(j.expireTime("s:none")).isEqualTo(at);
            assertThat(j.getEx("s:none", GetExParams.getExParams().pxAt(at * 1000 + 7))).isEqualTo("x");
            assertThat(j.pexpireTime("s:none")).isEqualTo(at * 1000 + 7);
            assertThat(j.getEx("s:none", GetExParams.getExParams().persist())).isEqualTo("x");
            assertThat(j.ttl("s:none")).isEqualTo(-1);
            assertThat(j.getEx("s:missing", GetExParams.getExParams().ex(5))).isNull();
            assertThatThrownBy(() -> j.getEx("s:none", GetExParams.getExParams().ex(0)))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR invalid expire time in 'getex' command");
            assertThat(j.getDel("s:none")).isEqualTo("x");
            assertThat(j.getDel("s:none")).isNull();
            assertThat(j.exists("s:none")).isFalse();
            assertThat(j.getSet("s:gs", "a")).isNull();
            assertThat(j.getSet("s:gs", "b")).isEqualTo("a");
            assertThat(j.setnx("s:gs", "c")).isZero();
            assertThat(j.setnx("s:nx", "c")).isEqualTo(1);
            assertThat(j.setex("s:setex", 70, "v")).isEqualTo("OK");
            assertThat(j.ttl("s:setex")).isBetween(69L, 70L);
            assertThat(j.psetex("s:psetex", 70_000, "v")).isEqualTo("OK");
            assertThat(j.pttl("s:psetex")).isBetween(60_000L, 70_000L);
            assertThatThrownBy(() -> j.setex("s:setex", -1, "v"))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR invalid expire time in 'setex' command");

            // MSET / MGET / MSETNX
            assertThat(j.mset("m:1", "one", "m:2", "two", "m:3", "three")).isEqualTo("OK");
            assertThat(j.mget("m:1", "m:missing", "m:3", "m:2")).containsExactly("one", null, "three", "two");
            assertThat(j.msetnx("m:4", "four", "m:1", "uno")).isZero();
            assertThat(j.exists("m:4")).isFalse();
            assertThat(j.msetnx("m:4", "four", "m:5", "five")).isEqualTo(1);
            assertThat(j.mget("m:4", "m:5")).containsExactly("four", "five");

            // counters
            assertThat(j.incr("c:n")).isEqualTo(1);
            assertThat(j.incrBy("c:n", 41)).isEqualTo(42);
            assertThat(j.decr("c:n")).isEqualTo(41);
            assertThat(j.decrBy("c:n", 50)).isEqualTo(-9);
            assertThat(j.get("c:n")).isEqualTo("-9");
            assertThat(j.incrByFloat("c:f", 10.5)).isEqualTo(10.5);
            assertThat(j.incrByFloat("c:f", 0.1)).isEqualTo(10.6);
            assertThat(j.get("c:f")).isEqualTo("10.6");
            assertThat(j.incrByFloat("c:n", 5.0E3)).isEqualTo(4991.0);
            assertThat(j.get("c:n")).isEqualTo("4991");
            j.set("c:big", "9223372036854775807");
            assertThatThrownBy(() -> j.incr("c:big")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR increment or decrement would overflow");
            assertThatThrownBy(() -> j.incr("s:gs")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThatThrownBy(() -> j.incrByFloat("s:gs", 1)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not a valid float");

            // APPEND / STRLEN / GETRANGE / SETRANGE / SUBSTR
            assertThat(j.append("a:s", "Hello")).isEqualTo(5);
            assertThat(j.append("a:s", " World")).isEqualTo(11);
            assertThat(j.strlen("a:s")).isEqualTo(11);
            assertThat(j.strlen("a:missing")).isZero();
            assertThat(j.getrange("a:s", 0, 4)).isEqualTo("Hello");
            assertThat(j.getrange("a:s", -5, -1)).isEqualTo("World");
            assertThat(j.getrange("a:s", 5, 2)).isEmpty();
            assertThat(j.getrange("a:s", 100, 200)).isEmpty();
            assertThat(j.substr("a:s", 6, 100)).isEqualTo("World");
            assertThat(j.setrange("a:s", 6, "Redis")).isEqualTo(11);
            assertThat(j.get("a:s")).isEqualTo("Hello Redis");
            assertThat(j.setrange("a:pad", 3, "x")).isEqualTo(4);
            assertThat(j.get("a:pad".getBytes(StandardCharsets.UTF_8))).isEqualTo(new byte[] {0, 0, 0, 'x'});
            assertThatThrownBy(() -> j.setrange("a:s", -1, "x")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR offset is out of range");
            assertThatThrownBy(() -> j.setrange("a:s", 536_870_912, "x")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR string exceeds maximum allowed size (proto-max-bulk-len)");

            // LCS
            j.mset("l:a", "ohmytext", "l:b", "mynewtext");
            assertThat(j.lcs("l:a", "l:b", LCSParams.LCSParams()).getMatchString()).isEqualTo("mytext");
            assertThat(j.lcs("l:a", "l:b", LCSParams.LCSParams().len()).getLen()).isEqualTo(6);
            LCSMatchResult idx = j.lcs("l:a", "l:b", LCSParams.LCSParams().idx().withMatchLen());
            assertThat(idx.getLen()).isEqualTo(6);
            assertThat(idx.getMatches()).hasSize(2);
            assertMatch(idx.getMatches().get(0), 4, 7, 5, 8, 4);
            assertMatch(idx.getMatches().get(1), 2, 3, 0, 1, 2);
            LCSMatchResult min = j.lcs("l:a", "l:b", LCSParams.LCSParams().idx().minMatchLen(4).withMatchLen());
            assertThat(min.getMatches()).hasSize(1);
            assertMatch(min.getMatches().get(0), 4, 7, 5, 8, 4);
            assertThat(j.lcs("l:a", "l:missing", LCSParams.LCSParams()).getMatchString()).isEmpty();
            assertThatThrownBy(() -> j.lcs("l:a", "l:b", LCSParams.LCSParams().len().idx()))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR If you want both the length and indexes, please just use IDX.");
        }
    }

    private static void assertMatch(LCSMatchResult.MatchedPosition m, long aStart, long aEnd, long bStart, long bEnd,
                                    long len) {
        assertThat(List.of(m.getA().getStart(), m.getA().getEnd(), m.getB().getStart(), m.getB().getEnd(), m.getMatchLen()))
                .containsExactly(aStart, aEnd, bStart, bEnd, len);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void bitmapCommands(Target t) {
        try (Jedis j = t.flushedJedis()) {
            assertThat(j.setbit("b:k", 7, true)).isFalse();
            assertThat(j.setbit("b:k", 7, false)).isTrue();
            assertThat(j.setbit("b:k", 7, true)).isFalse();
            assertThat(j.getbit("b:k", 7)).isTrue();
            assertThat(j.getbit("b:k", 6)).isFalse();
            assertThat(j.getbit("b:k", 100_000)).isFalse();
            assertThat(j.get("b:k")).isEqualTo("\u0001");
            assertThatThrownBy(() -> j.setbit("b:k", -1, true)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR bit offset is not an integer or out of range");

            j.set("b:s", "foobar");
            assertThat(j.bitcount("b:s")).isEqualTo(26);
            assertThat(j.bitcount("b:s", 0, 0)).isEqualTo(4);
            assertThat(j.bitcount("b:s", 1, 1)).isEqualTo(6);
            assertThat(j.bitcount("b:s", -2, -1)).isEqualTo(7);
            assertThat(j.bitcount("b:s", 5, 30, BitCountOption.BIT)).isEqualTo(17);
            assertThat(j.bitcount("b:missing")).isZero();

            j.set("b:p".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xf0, 0});
            assertThat(j.bitpos("b:p", false)).isEqualTo(12);
            assertThat(j.bitpos("b:p", true, BitPosParams.bitPosParams().start(2))).isEqualTo(-1);
            assertThat(j.bitpos("b:p", true, BitPosParams.bitPosParams().start(1).end(2))).isEqualTo(8);
            assertThat(j.bitpos("b:p", false, BitPosParams.bitPosParams().start(2).end(20).modifier(BitCountOption.BIT)))
                    .isEqualTo(12);
            assertThat(j.bitpos("b:missing", true)).isEqualTo(-1);

            j.set("b:x", "abc");
            j.set("b:y", "ab");
            assertThat(j.bitop(BitOP.AND, "b:and", "b:x", "b:y")).isEqualTo(3);
            assertThat(j.get("b:and".getBytes(StandardCharsets.UTF_8))).isEqualTo(new byte[] {'a', 'b', 0});
            assertThat(j.bitop(BitOP.OR, "b:or", "b:x", "b:y")).isEqualTo(3);
            assertThat(j.get("b:or")).isEqualTo("abc");
            assertThat(j.bitop(BitOP.XOR, "b:xor", "b:x", "b:y")).isEqualTo(3);
            assertThat(j.get("b:xor".getBytes(StandardCharsets.UTF_8))).isEqualTo(new byte[] {0, 0, 'c'});
            assertThat(j.bitop(BitOP.NOT, "b:not", "b:y")).isEqualTo(2);
            assertThat(j.get("b:not".getBytes(StandardCharsets.UTF_8))).isEqualTo(new byte[] {(byte) ~'a', (byte) ~'b'});
            assertThatThrownBy(() -> j.bitop(BitOP.NOT, "b:not", "b:x", "b:y")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR BITOP NOT must be called with a single source key.");

            assertThat(j.bitfield("b:f", "SET", "u8", "0", "255", "GET", "u8", "0", "INCRBY", "u8", "0", "10"))
                    .containsExactly(0L, 255L, 9L);
            assertThat(j.bitfield("b:f", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300", "OVERFLOW", "FAIL",
                    "INCRBY", "u8", "0", "1", "SET", "i8", "#1", "-100", "GET", "i8", "#1"))
                    .containsExactly(255L, null, 0L, -100L);
            assertThat(j.bitfield("b:f", "INCRBY", "i5", "100", "-17", "GET", "u4", "100")).containsExactly(15L, 7L); // -17 wraps in i5
            assertThat(j.bitfieldReadonly("b:f", "GET", "u8", "0", "GET", "i8", "8", "GET", "u16", "#0"))
                    .containsExactly(255L, -100L, 65436L);
            assertThat(j.bitfieldReadonly("b:missing", "GET", "u63", "0")).containsExactly(0L);
            assertThatThrownBy(() -> j.bitfield("b:f", "GET", "u64", "0")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
            assertThatThrownBy(() -> j.bitfieldReadonly("b:f", "SET", "u8", "0", "1"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR BITFIELD_RO only supports the GET subcommand");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void keyCommands(Target t) {
        try (Jedis j = t.flushedJedis()) {
            j.set("k:a", "1");
            assertThat(j.ttl("k:a")).isEqualTo(-1);
            assertThat(j.pttl("k:a")).isEqualTo(-1);
            assertThat(j.ttl("k:missing")).isEqualTo(-2);
            assertThat(j.pttl("k:missing")).isEqualTo(-2);
            assertThat(j.expireTime("k:a")).isEqualTo(-1);
            assertThat(j.expireTime("k:missing")).isEqualTo(-2);
            assertThat(j.expire("k:a", 100, ExpiryOption.XX)).isZero();
            assertThat(j.expire("k:a", 100, ExpiryOption.GT)).isZero();
            assertThat(j.expire("k:a", 100, ExpiryOption.NX)).isEqualTo(1);
            assertThat(j.expire("k:a", 200, ExpiryOption.NX)).isZero();
            assertThat(j.expire("k:a", 50, ExpiryOption.GT)).isZero();
            assertThat(j.expire("k:a", 200, ExpiryOption.GT)).isEqualTo(1);
            assertThat(j.ttl("k:a")).isBetween(199L, 200L);
            assertThat(j.expire("k:a", 300, ExpiryOption.LT)).isZero();
            assertThat(j.expire("k:a", 150, ExpiryOption.LT)).isEqualTo(1);
            assertThat(j.expire("k:a", 120, ExpiryOption.XX)).isEqualTo(1);
            assertThat(j.ttl("k:a")).isBetween(119L, 120L);
            assertThat(j.pexpire("k:a", 90_000, ExpiryOption.LT)).isEqualTo(1);
            assertThat(j.pttl("k:a")).isBetween(80_000L, 90_000L);
            assertThat(j.pexpire("k:a", 95_000)).isEqualTo(1);
            assertThat(j.expire("k:missing", 10)).isZero();
            assertThat(j.persist("k:a")).isEqualTo(1);
            assertThat(j.persist("k:a")).isZero();
            assertThat(j.ttl("k:a")).isEqualTo(-1);
            assertThat(j.expire("k:a", 100, ExpiryOption.LT)).isEqualTo(1);
            long at = System.currentTimeMillis() / 1000 + 5_000;
            assertThat(j.expireAt("k:a", at)).isEqualTo(1);
            assertThat(j.expireTime("k:a")).isEqualTo(at);
            assertThat(j.pexpireAt("k:a", at * 1000 + 999)).isEqualTo(1);
            assertThat(j.pexpireTime("k:a")).isEqualTo(at * 1000 + 999);
            assertThat(j.expireAt("k:a", at + 10, ExpiryOption.LT)).isZero();
            assertThat(j.expireAt("k:a", at + 10, ExpiryOption.GT)).isEqualTo(1);
            assertThat(j.expireTime("k:a")).isEqualTo(at + 10);
            assertThatThrownBy(() -> j.sendCommand(Protocol.Command.EXPIRE, "k:a", "10", "NX", "XX"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR NX and XX, GT or LT options at the same time are not compatible");
            // A time in the past deletes the key.
            j.set("k:gone", "x");
            assertThat(j.expire("k:gone", -1)).isEqualTo(1);
            assertThat(j.exists("k:gone")).isFalse();
            j.set("k:gone", "x");
            assertThat(j.pexpireAt("k:gone", 1)).isEqualTo(1);
            assertThat(j.get("k:gone")).isNull();

            // EXISTS / DEL / UNLINK / TYPE / TOUCH
            j.mset("k:b", "2", "k:c", "3", "k:d", "4");
            assertThat(j.exists("k:a", "k:b", "k:b", "k:missing")).isEqualTo(3);
            assertThat(j.type("k:b")).isEqualTo("string");
            assertThat(j.type("k:missing")).isEqualTo("none");
            assertThat(j.touch("k:b", "k:c", "k:missing")).isEqualTo(2);
            assertThat(j.del("k:b", "k:missing")).isEqualTo(1);
            assertThat(j.unlink("k:c", "k:d", "k:c")).isEqualTo(2);
            assertThat(j.exists("k:b", "k:c", "k:d")).isZero();

            // OBJECT ENCODING
            j.set("k:int", "12345");
            j.set("k:emb", "short");
            j.set("k:raw", "x".repeat(100));
            assertThat(j.objectEncoding("k:int")).isEqualTo("int");
            assertThat(j.objectEncoding("k:emb")).isEqualTo("embstr");
            assertThat(j.objectEncoding("k:raw")).isEqualTo("raw");
            j.append("k:emb", "er");
            assertThat(j.objectEncoding("k:emb")).isEqualTo("raw");
            assertThat(j.objectEncoding("k:missing")).isNull();

            // RENAME / RENAMENX (the TTL moves with the value)
            j.set("r:src", "v", SetParams.setParams().ex(500));
            assertThat(j.rename("r:src", "r:dst")).isEqualTo("OK");
            assertThat(j.exists("r:src")).isFalse();
            assertThat(j.get("r:dst")).isEqualTo("v");
            assertThat(j.ttl("r:dst")).isBetween(499L, 500L);
            j.set("r:other", "o");
            assertThat(j.renamenx("r:dst", "r:other")).isZero();
            assertThat(j.renamenx("r:dst", "r:new")).isEqualTo(1);
            assertThatThrownBy(() -> j.rename("r:missing", "r:x")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR no such key");
            assertThat(j.rename("r:other", "r:other")).isEqualTo("OK");

            // COPY (same db, other db, REPLACE) and MOVE
            assertThat(j.copy("r:new", "r:copy", false)).isTrue();
            assertThat(j.ttl("r:copy")).isBetween(499L, 500L);
            assertThat(j.copy("r:other", "r:copy", false)).isFalse();
            assertThat(j.copy("r:other", "r:copy", true)).isTrue();
            assertThat(j.get("r:copy")).isEqualTo("o");
            assertThat(j.copy("r:new", "r:new", 1, false)).isTrue();
            assertThat(j.copy("r:new", "r:new", 1, false)).isFalse();
            assertThat(j.copy("r:missing", "r:copy2", false)).isFalse();
            assertThat(j.move("r:new", 1)).isZero();
            assertThat(j.move("r:other", 1)).isEqualTo(1);
            assertThat(j.exists("r:other")).isFalse();
            assertThatThrownBy(() -> j.move("r:copy", 0)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR source and destination objects are the same");
            assertThatThrownBy(() -> j.copy("r:copy", "r:copy", false)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR source and destination objects are the same");
            j.select(1);
            assertThat(j.mget("r:new", "r:other")).containsExactly("v", "o");
            assertThat(j.ttl("r:new")).isBetween(499L, 500L);

            // DBSIZE / SWAPDB / FLUSHDB / FLUSHALL
            assertThat(j.dbSize()).isEqualTo(2);
            j.select(0);
            long db0 = j.dbSize();
            assertThat(db0).isEqualTo(6);
            assertThat(j.swapDB(0, 1)).isEqualTo("OK");
            assertThat(j.dbSize()).isEqualTo(2);
            assertThat(j.get("r:other")).isEqualTo("o");
            assertThatThrownBy(() -> j.swapDB(0, 16)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR DB index is out of range");
            assertThat(j.flushDB()).isEqualTo("OK");
            assertThat(j.dbSize()).isZero();
            j.select(1);
            assertThat(j.dbSize()).isEqualTo(db0);
            j.select(2);
            j.set("f:x", "y");
            assertThat(j.flushAll()).isEqualTo("OK");
            assertThat(j.dbSize()).isZero();
            j.select(1);
            assertThat(j.dbSize()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void scanKeysAndRandomKey(Target t) {
        try (Jedis j = t.flushedJedis()) {
            j.select(6);
            assertThat(j.randomKey()).isNull();
            assertThat(j.scan(ScanParams.SCAN_POINTER_START).getResult()).isEmpty();
            Set<String> scanKeys = new HashSet<>();
            Pipeline p = j.pipelined();
            for (int i = 0; i < 3000; i++) {
                String k = "scan:" + i;
                scanKeys.add(k);
                p.set(k, Integer.toString(i));
            }
            for (int i = 0; i < 100; i++) p.set("other:" + i, "o");
            p.sync();
            assertThat(j.dbSize()).isEqualTo(3100);

            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int calls = 0;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().match("scan:*").count(200));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
                calls++;
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(seen).isEqualTo(scanKeys);
            assertThat(calls).isGreaterThan(3);

            Set<String> all = new HashSet<>();
            cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().count(1000), "string");
                all.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(all).hasSize(3100).containsAll(scanKeys);

            Set<String> none = new HashSet<>();
            cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().count(1000), "list");
                none.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(none).isEmpty();

            assertThatThrownBy(() -> j.scan("abc")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR invalid cursor");
            assertThatThrownBy(() -> j.scan("0", new ScanParams().count(0))).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR syntax error");

            Set<String> expected = new HashSet<>();
            for (int i = 100; i < 200; i++) expected.add("scan:" + i);
            assertThat(j.keys("scan:1??")).isEqualTo(expected);
            assertThat(j.keys("other:[0-1]")).containsExactlyInAnyOrder("other:0", "other:1");
            assertThat(j.keys("*")).hasSize(3100);
            assertThat(j.keys("nomatch*")).isEmpty();
            for (int i = 0; i < 5; i++) assertThat(j.randomKey()).matches("(scan|other):\\d+");
            j.flushDB();
            j.set("only", "1");
            assertThat(j.randomKey()).isEqualTo("only");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void pipelineWithErrorReplies(Target t) {
        try (Jedis j = t.flushedJedis()) {
            Pipeline p = j.pipelined();
            Response<String> set = p.set("p:text", "abc");
            Response<Long> incr = p.incr("p:text");
            Response<Long> append = p.append("p:text", "def");
            Response<Double> badFloat = p.incrByFloat("p:text", 1.5);
            Response<Long> counter = p.incrBy("p:n", 7);
            Response<String> rename = p.rename("p:missing", "p:x");
            Response<List<String>> mget = p.mget("p:text", "p:n", "p:missing");
            Response<Long> del = p.del("p:text", "p:n");
            p.sync();
            assertThat(set.get()).isEqualTo("OK");
            assertThatThrownBy(incr::get).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(append.get()).isEqualTo(6);
            assertThatThrownBy(badFloat::get).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not a valid float");
            assertThat(counter.get()).isEqualTo(7);
            assertThatThrownBy(rename::get).isInstanceOf(JedisDataException.class).hasMessage("ERR no such key");
            assertThat(mget.get()).containsExactly("abcdef", "7", null);
            assertThat(del.get()).isEqualTo(2);
            // The connection is still in step after the pipeline.
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void pooledConcurrentIncrements(Target t) throws Exception {
        try (Jedis j = t.flushedJedis()) {
            assertThat(j.dbSize()).isZero();
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(8);
        try (JedisPooled pooled = new JedisPooled(new HostAndPort(ServerProcess.HOST, t.port()),
                DefaultJedisClientConfig.builder().timeoutMillis(10_000).build(), pool)) {
            int threads = 6;
            int each = 500;
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int n = 0; n < threads; n++) {
                    int id = n;
                    fs.add(ex.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            pooled.incr("pool:counter");
                            pooled.incrBy("pool:by", 3);
                            if (i % 100 == 0) pooled.set("pool:t" + id + ":" + i, "x");
                        }
                    }));
                }
                for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
            } finally {
                ex.shutdownNow();
            }
            assertThat(pooled.get("pool:counter")).isEqualTo(Integer.toString(threads * each));
            assertThat(pooled.get("pool:by")).isEqualTo(Integer.toString(threads * each * 3));
            assertThat(pooled.keys("pool:t*")).hasSize(threads * 5);
            assertThat(pooled.dbSize()).isEqualTo(2 + threads * 5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void clientCommands(Target t) throws Exception {
        try (Jedis a = t.flushedJedis(); Jedis b = t.jedis()) {
            assertThat(a.clientGetname()).isNull();
            assertThat(a.clientSetname("conn-a")).isEqualTo("OK");
            assertThat(a.clientGetname()).isEqualTo("conn-a");
            assertThatThrownBy(() -> a.clientSetname("has space")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR Client names cannot contain spaces, newlines or special characters.");
            b.clientSetname("conn-b");
            long idA = a.clientId();
            long idB = b.clientId();
            assertThat(idB).isGreaterThan(idA);

            Map<String, String> info = fields(a.clientInfo().trim());
            assertThat(info).containsEntry("id", Long.toString(idA)).containsEntry("name", "conn-a")
                    .containsEntry("db", "0").containsEntry("cmd", "client|info").containsEntry("resp", "2")
                    .containsEntry("flags", "N").containsEntry("multi", "-1");
            assertThat(info.get("addr")).startsWith("127.0.0.1:");
            assertThat(info.get("laddr")).isEqualTo("127.0.0.1:" + t.port());
            assertThat(List.copyOf(info.keySet())).isEqualTo(CLIENT_FIELDS);
            b.select(3);
            String list = a.clientList();
            assertThat(list).endsWith("\n");
            Map<String, Map<String, String>> byName = new HashMap<>();
            for (String line : list.split("\n")) {
                Map<String, String> f = fields(line);
                assertThat(List.copyOf(f.keySet())).isEqualTo(CLIENT_FIELDS);
                byName.put(f.get("name"), f);
            }
            assertThat(byName.get("conn-a")).containsEntry("cmd", "client|list").containsEntry("id", Long.toString(idA));
            assertThat(byName.get("conn-b")).containsEntry("cmd", "select").containsEntry("db", "3")
                    .containsEntry("id", Long.toString(idB));
            assertThat(a.clientList(idB).trim()).contains("name=conn-b ");
            assertThat(a.clientList(ClientType.NORMAL)).contains("name=conn-a ").contains("name=conn-b ");

            assertThat(a.clientKill(ClientKillParams.clientKillParams().id("999999"))).isZero();
            assertThatThrownBy(() -> a.clientKill("127.0.0.1:1")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR No such client");
            assertThat(a.clientKill(ClientKillParams.clientKillParams().id(Long.toString(idB)))).isEqualTo(1);
            assertThatThrownBy(b::ping).isInstanceOf(JedisConnectionException.class);
            try (Jedis c = t.jedis()) {
                String addr = fields(c.clientInfo().trim()).get("addr");
                assertThat(a.clientKill(addr)).isEqualTo("OK");
                assertThatThrownBy(c::ping).isInstanceOf(JedisConnectionException.class);
            }
            assertThat(fields(a.clientInfo().trim())).containsEntry("name", "conn-a");
        }
    }

    /** CLIENT LIST / CLIENT INFO fields of Redis 7.0, in order. */
    static final List<String> CLIENT_FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle", "flags",
            "db", "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl",
            "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp");

    static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : line.split(" ")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void clientPauseAndUnpause(Target t) throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (Jedis a = t.flushedJedis(); Jedis b = t.jedis()) {
            b.set("pause:k", "before");
            // WRITE pause: reads go on, writes wait until UNPAUSE.
            assertThat(a.clientPause(20_000, ClientPauseMode.WRITE)).isEqualTo("OK");
            assertThat(b.get("pause:k")).isEqualTo("before");
            Future<String> write = ex.submit(() -> b.set("pause:k", "after"));
            Thread.sleep(300);
            assertThat(write.isDone()).isFalse();
            assertThat(a.clientUnpause()).isEqualTo("OK");
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(a.get("pause:k")).isEqualTo("after");
            // ALL pause for a short time: another client's command waits for it to end.
            assertThat(a.clientPause(800)).isEqualTo("OK");
            long start = System.nanoTime();
            assertThat(b.ping()).isEqualTo("PONG");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
            assertThatThrownBy(() -> a.clientPause(-1)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR timeout is negative");
        } finally {
            ex.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void configInfoTimeAndDbsize(Target t) {
        try (Jedis j = t.flushedJedis()) {
            assertThat(j.configGet("maxmemory")).isEqualTo(Map.of("maxmemory", "0"));
            assertThat(j.configSet("maxmemory-policy", "allkeys-lru")).isEqualTo("OK");
            assertThat(j.configGet("maxmemory-policy")).isEqualTo(Map.of("maxmemory-policy", "allkeys-lru"));
            assertThat(j.configSet("maxmemory-policy", "noeviction", "slowlog-max-len", "200")).isEqualTo("OK");
            assertThat(j.configGet("slowlog-*"))
                    .isEqualTo(Map.of("slowlog-log-slower-than", "10000", "slowlog-max-len", "200"));
            assertThat(j.configGet("maxmemory-policy", "slowlog-max-len"))
                    .isEqualTo(Map.of("maxmemory-policy", "noeviction", "slowlog-max-len", "200"));
            j.configSet("slowlog-max-len", "128");
            assertThat(j.configGet("no-such-*")).isEmpty();
            assertThatThrownBy(() -> j.configSet("no-such-option", "1")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR Unknown option or number of arguments for CONFIG SET - 'no-such-option'");
            assertThatThrownBy(() -> j.configSet("maxmemory-policy", "sometimes")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");

            // INFO: the default sections of Redis 7.0, in order, and the keyspace values.
            Map<String, Map<String, String>> info = parseInfo(j.info());
            assertThat(List.copyOf(info.keySet())).containsExactly("Server", "Clients", "Memory", "Persistence",
                    "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
            assertThat(info.get("Server")).containsEntry("redis_version", "7.0.15")
                    .containsEntry("tcp_port", Integer.toString(t.port())).containsEntry("redis_mode", "standalone");
            assertThat(info.get("Replication")).containsEntry("role", "master").containsEntry("connected_slaves", "0");
            assertThat(info.get("Cluster")).containsEntry("cluster_enabled", "0");
            assertThat(info.get("Keyspace")).isEmpty();
            assertThat(Long.parseLong(info.get("Clients").get("connected_clients"))).isGreaterThanOrEqualTo(1);
            j.mset("i:1", "a", "i:2", "b");
            j.setex("i:3", 1000, "c");
            j.select(4);
            j.set("i:4", "d");
            Map<String, String> keyspace = parseInfo(j.info("keyspace")).get("Keyspace");
            assertThat(keyspace.keySet()).containsExactly("db0", "db4");
            assertThat(keyspace.get("db0")).startsWith("keys=3,expires=1,avg_ttl=");
            assertThat(keyspace.get("db4")).isEqualTo("keys=1,expires=0,avg_ttl=0");
            long avgTtl = Long.parseLong(keyspace.get("db0").substring("keys=3,expires=1,avg_ttl=".length()));
            assertThat(avgTtl).isBetween(0L, 1_000_000L);
            assertThat(j.dbSize()).isEqualTo(1);
            Map<String, Map<String, String>> two = parseInfo(
                    SafeEncoder.encode((byte[]) j.sendCommand(Protocol.Command.INFO, "server", "clients")));
            assertThat(two.keySet()).containsExactly("Server", "Clients");
            assertThat(parseInfo(j.info("nosuchsection"))).isEmpty();

            List<String> time = j.time();
            assertThat(time).hasSize(2);
            long micros = Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
            assertThat(Math.abs(micros / 1000 - System.currentTimeMillis())).isLessThan(5_000);
            assertThat(Long.parseLong(time.get(1))).isBetween(0L, 999_999L);
            assertThat(j.lastsave()).isBetween(0L, System.currentTimeMillis() / 1000 + 1);
            assertThat(j.memoryUsage("i:4")).isPositive();
            assertThat(j.memoryUsage("i:none")).isNull();
            assertThat(j.latencyLatest()).isEmpty();
            assertThat(j.latencyReset()).isZero();
            assertThat(j.objectIdletime("i:4")).isBetween(0L, 2L);
        }
    }

    /** INFO text into sections of fields (section name without "# "). */
    static Map<String, Map<String, String>> parseInfo(String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> section = null;
        for (String line : text.split("\r\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("# ")) {
                section = new LinkedHashMap<>();
                out.put(line.substring(2), section);
            } else {
                int colon = line.indexOf(':');
                assertThat(colon).as("INFO line %s", line).isPositive();
                assertThat(section).as("field before a section header").isNotNull();
                section.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void slowlog(Target t) {
        try (Jedis j = t.flushedJedis()) {
            j.clientSetname("slow-client");
            assertThat(j.configSet("slowlog-log-slower-than", "0")).isEqualTo("OK");
            try {
                assertThat(j.slowlogReset()).isEqualTo("OK");
                j.set("slow:k", "v");
                j.get("slow:k");
                assertThat(j.slowlogLen()).isEqualTo(3); // SLOWLOG RESET, SET, GET
                List<Slowlog> entries = j.slowlogGet();
                assertThat(entries).hasSize(4); // and SLOWLOG LEN
                assertThat(entries.get(0).getArgs()).containsExactly("SLOWLOG", "LEN");
                assertThat(entries.get(1).getArgs()).containsExactly("GET", "slow:k");
                assertThat(entries.get(2).getArgs()).containsExactly("SET", "slow:k", "v");
                assertThat(entries.get(3).getArgs()).containsExactly("SLOWLOG", "RESET");
                assertThat(entries.get(0).getId()).isEqualTo(entries.get(1).getId() + 1);
                Slowlog set = entries.get(2);
                assertThat(set.getClientName()).isEqualTo("slow-client");
                assertThat(set.getClientIpPort().getHost()).isEqualTo("127.0.0.1");
                assertThat(set.getExecutionTime()).isGreaterThanOrEqualTo(0);
                assertThat(Math.abs(set.getTimeStamp() - System.currentTimeMillis() / 1000)).isLessThan(10);
                assertThat(j.slowlogGet(1)).hasSize(1).first().extracting(Slowlog::getArgs)
                        .isEqualTo(List.of("SLOWLOG", "GET"));
                j.set("slow:long", "x".repeat(200));
                List<String> truncated = j.slowlogGet(1).get(0).getArgs();
                assertThat(truncated.get(2)).isEqualTo("x".repeat(128) + "... (72 more bytes)");
                assertThat(j.slowlogReset()).isEqualTo("OK");
                assertThat(j.slowlogLen()).isEqualTo(1);
            } finally {
                j.configSet("slowlog-log-slower-than", "10000");
                j.slowlogReset();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void monitorSeesAnotherClientsCommands(Target t) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Jedis watcher = t.jedis();
        Thread th = new Thread(() -> {
            try {
                watcher.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        lines.add(command);
                        if (command.contains("\"monitor:stop\"")) client.disconnect();
                    }
                });
            } catch (RuntimeException e) {
                lines.add("failed: " + e);
            }
        }, "jedis-monitor");
        th.start();
        try (Jedis j = t.jedis()) {
            // MONITOR's +OK arrives before Jedis calls proceed: wait until it sees commands.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String line;
            do {
                j.ping();
                line = lines.poll(100, TimeUnit.MILLISECONDS);
                // Skip the second connection's handshake (CLIENT SETINFO ...).
            } while ((line == null || !line.endsWith("\"PING\"")) && System.nanoTime() < deadline);
            assertThat(line).as("MONITOR saw a PING").isNotNull().endsWith("\"PING\"");
            j.select(2);
            j.set("monitor:key", "hello world");
            j.get("monitor:stop");
            th.join(10_000);
            assertThat(th.isAlive()).isFalse();
            List<String> rest = new ArrayList<>(lines);
            rest.removeIf(l -> l.endsWith("\"PING\""));
            assertThat(rest).hasSize(3);
            assertThat(rest.get(0)).matches("\\d+\\.\\d{6} \\[2 127\\.0\\.0\\.1:\\d+\\] \"SELECT\" \"2\"");
            assertThat(rest.get(1)).matches("\\d+\\.\\d{6} \\[2 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"monitor:key\" \"hello world\"");
            assertThat(rest.get(2)).matches("\\d+\\.\\d{6} \\[2 127\\.0\\.0\\.1:\\d+\\] \"GET\" \"monitor:stop\"");
        } finally {
            watcher.close();
            th.join(10_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void commandInfo(Target t) {
        try (Jedis j = t.jedis()) {
            long count = j.commandCount();
            // COMMAND LIST names subcommands too ("config|get"); COMMAND COUNT does not.
            assertThat(count).isEqualTo(j.commandList().stream().filter(n -> !n.contains("|")).count());
            // (Jedis 5.2 cannot parse the COMMAND INFO reply of a container such as CLIENT, from Redis 7.0 either.)
            Map<String, CommandInfo> infos = j.commandInfo("get", "set", "incrbyfloat");
            assertThat(infos.keySet()).containsExactlyInAnyOrder("get", "set", "incrbyfloat");
            CommandInfo get = infos.get("get");
            assertThat(get.getArity()).isEqualTo(2);
            assertThat(get.getFlags()).containsExactly("readonly", "fast");
            assertThat(List.of(get.getFirstKey(), get.getLastKey(), get.getStep())).containsExactly(1L, 1L, 1L);
            assertThat(get.getAclCategories()).containsExactly("@read", "@string", "@fast");
            CommandInfo set = infos.get("set");
            assertThat(set.getArity()).isEqualTo(-3);
            assertThat(set.getFlags()).containsExactly("write", "denyoom");
            assertThat(set.getAclCategories()).containsExactly("@write", "@string", "@slow");
            assertThat(infos.get("incrbyfloat").getFlags()).containsExactly("write", "denyoom", "fast");
            Map<String, CommandDocument> docs = j.commandDocs("getex", "lcs");
            assertThat(docs.keySet()).containsExactlyInAnyOrder("getex", "lcs");
            assertThat(docs.get("getex").getSummary()).isEqualTo("Get the value of a key and optionally set its expiration");
            assertThat(docs.get("getex").getSince()).isEqualTo("6.2.0");
            assertThat(docs.get("getex").getGroup()).isEqualTo("string");
            assertThat(docs.get("lcs").getComplexity()).isEqualTo("O(N*M) where N and M are the lengths of s1 and s2, respectively");
            assertThat(j.commandGetKeys("set", "a", "b")).containsExactly("a");
            assertThat(j.commandGetKeys("mset", "a", "1", "b", "2")).containsExactly("a", "b");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void resp3Connection(Target t) {
        try (Jedis j = new Jedis(new HostAndPort(ServerProcess.HOST, t.port()), DefaultJedisClientConfig.builder()
                .timeoutMillis(10_000).protocol(RedisProtocol.RESP3).build())) {
            j.flushAll();
            assertThat(fields(j.clientInfo().trim())).containsEntry("resp", "3");
            assertThat(j.set("r3:k", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
            assertThat(j.getEx("r3:k", GetExParams.getExParams().persist())).isEqualTo("v");
            assertThat(j.incrByFloat("r3:f", 1.5)).isEqualTo(1.5);
            assertThat(j.mget("r3:k", "r3:none")).containsExactly("v", null);
            assertThat(j.configGet("slowlog-max-len", "maxmemory"))
                    .isEqualTo(Map.of("slowlog-max-len", "128", "maxmemory", "0"));
            j.mset("l:a", "ohmytext", "l:b", "mynewtext");
            LCSMatchResult idx = j.lcs("l:a", "l:b", LCSParams.LCSParams().idx().withMatchLen());
            assertThat(idx.getLen()).isEqualTo(6);
            assertMatch(idx.getMatches().get(0), 4, 7, 5, 8, 4);
            assertThat(j.bitfield("r3:bf", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5", "INCRBY", "u2", "0", "3"))
                    .containsExactly(null, 3L);
            assertThat(j.time()).hasSize(2);
            assertThat(j.expire("r3:k", 10, ExpiryOption.NX)).isEqualTo(1);
            assertThat(j.ttl("r3:k")).isBetween(9L, 10L);
            ScanResult<String> scan = j.scan("0", new ScanParams().count(100));
            assertThat(scan.getCursor()).isEqualTo("0");
            assertThat(scan.getResult()).containsExactlyInAnyOrder("r3:k", "r3:f", "l:a", "l:b", "r3:bf");
            // Redis sends INFO as a RESP3 verbatim string; Jedis 5.2 keeps its "txt:" format prefix.
            assertThat(j.info("keyspace")).startsWith("txt:# Keyspace\r\ndb0:keys=5,expires=1,avg_ttl=");
            assertThatThrownBy(() -> j.incr("l:a")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            Pipeline p = j.pipelined();
            Response<Long> bad = p.incr("l:a");
            Response<Double> good = p.incrByFloat("r3:f", 1);
            p.sync();
            assertThatThrownBy(bad::get).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(good.get()).isEqualTo(2.5);
        }
    }
}

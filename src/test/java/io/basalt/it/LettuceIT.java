package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import io.lettuce.core.AclCategory;
import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.ClientListArgs;
import io.lettuce.core.CopyArgs;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.KillArgs;
import io.lettuce.core.LcsArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.StringMatchResult;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.models.command.CommandDetail;
import io.lettuce.core.models.command.CommandDetailParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lettuce 6 (RESP3 through HELLO by default) against a Basalt process. The parameterised tests
 * run the same typed-API assertions against Basalt and real redis-server, each over RESP3 and RESP2.
 */
class LettuceIT {
    static final String PASSWORD = "lettuce-pass";
    private static ServerProcess open;
    private static ServerProcess secured;
    private static RedisProcess real;
    private static RedisClient client;
    private static RedisClient resp2Client;

    @BeforeAll
    static void start() throws IOException {
        open = ServerProcess.start();
        secured = ServerProcess.start("--requirepass", PASSWORD);
        real = Target.startRedisIfAvailable();
        client = RedisClient.create();
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        resp2Client = RedisClient.create();
        resp2Client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
    }

    @AfterAll
    static void stop() {
        if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        if (resp2Client != null) resp2Client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        if (open != null) open.close();
        if (secured != null) secured.close();
        if (real != null) real.close();
    }

    /** Basalt and (when installed) real Redis, each through a RESP3 and a RESP2 connection. */
    static Stream<Arguments> servers() {
        return Target.both(open, real).stream().flatMap(t -> Stream.of(
                Arguments.of(t, ProtocolVersion.RESP3), Arguments.of(t, ProtocolVersion.RESP2)));
    }

    private static StatefulRedisConnection<String, String> connect(Target t, ProtocolVersion protocol) {
        RedisClient c = protocol == ProtocolVersion.RESP2 ? resp2Client : client;
        StatefulRedisConnection<String, String> conn = c.connect(RedisURI.builder().withHost(ServerProcess.HOST)
                .withPort(t.port()).withTimeout(Duration.ofSeconds(20)).build());
        assertThat(((StatefulRedisConnectionImpl<?, ?>) conn).getConnectionState().getNegotiatedProtocolVersion())
                .isEqualTo(protocol);
        return conn;
    }

    /** A connection with every database of the server emptied. */
    private static StatefulRedisConnection<String, String> fresh(Target t, ProtocolVersion protocol) {
        StatefulRedisConnection<String, String> conn = connect(t, protocol);
        conn.sync().flushall();
        return conn;
    }

    private static StatefulRedisConnection<String, String> connect(ServerProcess s, String password, int db) {
        RedisURI.Builder b = RedisURI.builder().withHost(ServerProcess.HOST).withPort(s.port())
                .withTimeout(Duration.ofSeconds(20)).withDatabase(db);
        if (password != null) b.withPassword(password.toCharArray());
        return client.connect(b.build());
    }

    @Test
    void negotiatesResp3AndRunsSyncCommands() {
        try (StatefulRedisConnection<String, String> c = connect(open, null, 0)) {
            assertThat(((StatefulRedisConnectionImpl<?, ?>) c).getConnectionState().getNegotiatedProtocolVersion())
                    .isEqualTo(ProtocolVersion.RESP3);
            RedisCommands<String, String> sync = c.sync();
            assertThat(sync.ping()).isEqualTo("PONG");
            assertThat(sync.echo("hello")).isEqualTo("hello");
            assertThat(sync.set("lettuce:k", "v")).isEqualTo("OK");
            assertThat(sync.get("lettuce:k")).isEqualTo("v");
            assertThat(sync.get("lettuce:missing")).isNull();
            assertThat(sync.set("lettuce:k", "w", SetArgs.Builder.nx())).isNull();
            assertThat(sync.setGet("lettuce:k", "x")).isEqualTo("v");
            assertThat(sync.set("lettuce:ttl", "t", SetArgs.Builder.ex(1000))).isEqualTo("OK");
            assertThatThrownBy(() -> sync.set("lettuce:bad", "v", SetArgs.Builder.ex(-5)))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR invalid expire time in 'set' command");
        }
    }

    @Test
    void resp2WhenAsked() {
        RedisClient resp2 = RedisClient.create();
        resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> c = resp2.connect(
                RedisURI.builder().withHost(ServerProcess.HOST).withPort(open.port()).build())) {
            assertThat(c.sync().ping()).isEqualTo("PONG");
            assertThat(((StatefulRedisConnectionImpl<?, ?>) c).getConnectionState().getNegotiatedProtocolVersion())
                    .isEqualTo(ProtocolVersion.RESP2);
        } finally {
            resp2.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }

    @Test
    void passwordAndDatabaseInTheHandshake() {
        try (StatefulRedisConnection<String, String> c = connect(secured, PASSWORD, 5)) {
            RedisCommands<String, String> sync = c.sync();
            assertThat(sync.set("lettuce:db5", "five")).isEqualTo("OK");
            sync.select(0);
            assertThat(sync.get("lettuce:db5")).isNull();
            sync.select(5);
            assertThat(sync.get("lettuce:db5")).isEqualTo("five");
        }
    }

    @Test
    void asyncApi() throws Exception {
        try (StatefulRedisConnection<String, String> c = connect(open, null, 0)) {
            RedisAsyncCommands<String, String> async = c.async();
            RedisFuture<String> set = async.set("lettuce:async", "a");
            RedisFuture<String> get = async.get("lettuce:async");
            assertThat(set.get(20, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(get.get(20, TimeUnit.SECONDS)).isEqualTo("a");
        }
    }

    @Test
    void manyCommandsInFlight() {
        try (StatefulRedisConnection<String, String> c = connect(open, null, 0)) {
            RedisAsyncCommands<String, String> async = c.async();
            int n = 10_000;
            List<RedisFuture<String>> sets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) sets.add(async.set("lettuce:flight:" + i, Integer.toString(i)));
            List<RedisFuture<String>> gets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) gets.add(async.get("lettuce:flight:" + i));
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(60), sets.toArray(new RedisFuture[0]))).isTrue();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(60), gets.toArray(new RedisFuture[0]))).isTrue();
            for (int i = 0; i < n; i++) assertThat(gets.get(i).toCompletableFuture().getNow(null)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void manualFlushing() {
        try (StatefulRedisConnection<String, String> c = connect(open, null, 0)) {
            c.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> async = c.async();
            List<RedisFuture<?>> all = new ArrayList<>();
            for (int batch = 0; batch < 10; batch++) {
                for (int i = 0; i < 500; i++) {
                    all.add(async.set("lettuce:batch:" + batch + ":" + i, "v" + i));
                    all.add(async.get("lettuce:batch:" + batch + ":" + i));
                    all.add(async.ping());
                }
                assertThat(all.get(all.size() - 1).isDone()).isFalse();
                c.flushCommands();
            }
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(60), all.toArray(new RedisFuture[0]))).isTrue();
            for (int k = 0; k < all.size(); k += 3) {
                assertThat(all.get(k).toCompletableFuture().getNow(null)).isEqualTo("OK");
                assertThat(all.get(k + 1).toCompletableFuture().getNow(null)).isEqualTo("v" + ((k / 3) % 500));
                assertThat(all.get(k + 2).toCompletableFuture().getNow(null)).isEqualTo("PONG");
            }
        }
    }

    // ---- Same as Redis: every parameterised test below passes against Basalt and real Redis ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void stringCommands(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.set("s:k", "v", SetArgs.Builder.ex(100))).isEqualTo("OK");
            assertThat(r.ttl("s:k")).isBetween(99L, 100L);
            assertThat(r.set("s:k", "w", SetArgs.Builder.xx().keepttl())).isEqualTo("OK");
            assertThat(r.ttl("s:k")).isBetween(99L, 100L);
            assertThat(r.set("s:k", "x", SetArgs.Builder.nx())).isNull();
            assertThat(r.set("s:px", "p", SetArgs.Builder.px(30_000))).isEqualTo("OK");
            assertThat(r.pttl("s:px")).isBetween(20_000L, 30_000L);
            long at = System.currentTimeMillis() / 1000 + 20_000;
            assertThat(r.set("s:at", "a", SetArgs.Builder.exAt(at))).isEqualTo("OK");
            assertThat(r.expiretime("s:at")).isEqualTo(at);
            assertThat(r.set("s:at", "a", SetArgs.Builder.pxAt(at * 1000 + 5))).isEqualTo("OK");
            assertThat(r.pexpiretime("s:at")).isEqualTo(at * 1000 + 5);
            assertThat(r.setGet("s:k", "y")).isEqualTo("w");
            assertThat(r.ttl("s:k")).isEqualTo(-1);
            assertThat(r.setGet("s:new", "n", SetArgs.Builder.nx())).isNull();
            assertThat(r.get("s:new")).isEqualTo("n");

            assertThat(r.getex("s:k", GetExArgs.Builder.ex(40))).isEqualTo("y");
            assertThat(r.ttl("s:k")).isBetween(39L, 40L);
            assertThat(r.getex("s:k", GetExArgs.Builder.px(Duration.ofSeconds(30)))).isEqualTo("y");
            assertThat(r.pttl("s:k")).isBetween(20_000L, 30_000L);
            assertThat(r.getex("s:k", GetExArgs.Builder.exAt(Instant.ofEpochSecond(at)))).isEqualTo("y");
            assertThat(r.expiretime("s:k")).isEqualTo(at);
            assertThat(r.getex("s:k", GetExArgs.Builder.pxAt(at * 1000 + 1))).isEqualTo("y");
            assertThat(r.pexpiretime("s:k")).isEqualTo(at * 1000 + 1);
            assertThat(r.getex("s:k", GetExArgs.Builder.persist())).isEqualTo("y");
            assertThat(r.ttl("s:k")).isEqualTo(-1);
            assertThat(r.getex("s:missing", GetExArgs.Builder.ex(1))).isNull();
            assertThat(r.getdel("s:k")).isEqualTo("y");
            assertThat(r.getdel("s:k")).isNull();
            assertThat(r.getset("s:k", "1")).isNull();
            assertThat(r.getset("s:k", "2")).isEqualTo("1");
            assertThat(r.setnx("s:k", "3")).isFalse();
            assertThat(r.setnx("s:nx", "3")).isTrue();
            assertThat(r.setex("s:ex", 80, "e")).isEqualTo("OK");
            assertThat(r.ttl("s:ex")).isBetween(79L, 80L);
            assertThat(r.psetex("s:pex", 80_000, "e")).isEqualTo("OK");
            assertThat(r.pttl("s:pex")).isBetween(70_000L, 80_000L);

            Map<String, String> m = new LinkedHashMap<>();
            m.put("m:1", "one");
            m.put("m:2", "two");
            assertThat(r.mset(m)).isEqualTo("OK");
            assertThat(r.mget("m:1", "m:none", "m:2")).containsExactly(KeyValue.just("m:1", "one"),
                    KeyValue.empty("m:none"), KeyValue.just("m:2", "two"));
            assertThat(r.msetnx(Map.of("m:3", "three", "m:1", "uno"))).isFalse();
            assertThat(r.exists("m:3")).isZero();
            assertThat(r.msetnx(Map.of("m:3", "three", "m:4", "four"))).isTrue();

            assertThat(r.incr("c:n")).isEqualTo(1);
            assertThat(r.incrby("c:n", 99)).isEqualTo(100);
            assertThat(r.decr("c:n")).isEqualTo(99);
            assertThat(r.decrby("c:n", 100)).isEqualTo(-1);
            assertThat(r.incrbyfloat("c:f", 3.25)).isEqualTo(3.25);
            assertThat(r.incrbyfloat("c:f", -0.05)).isEqualTo(3.2);
            assertThat(r.get("c:f")).isEqualTo("3.2");
            assertThatThrownBy(() -> r.incr("m:1")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThatThrownBy(() -> r.incrbyfloat("m:1", 1)).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR value is not a valid float");
            r.set("c:min", Long.toString(Long.MIN_VALUE));
            assertThatThrownBy(() -> r.decr("c:min")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR increment or decrement would overflow");

            assertThat(r.append("a:s", "abc")).isEqualTo(3);
            assertThat(r.append("a:s", "def")).isEqualTo(6);
            assertThat(r.strlen("a:s")).isEqualTo(6);
            assertThat(r.getrange("a:s", 1, -2)).isEqualTo("bcde");
            assertThat(r.getrange("a:s", -100, 1)).isEqualTo("ab");
            assertThat(r.getrange("a:missing", 0, -1)).isEmpty();
            assertThat(r.setrange("a:s", 2, "XY")).isEqualTo(6);
            assertThat(r.get("a:s")).isEqualTo("abXYef");
            assertThat(r.setrange("a:s", 8, "!")).isEqualTo(9);
            assertThat(r.get("a:s")).isEqualTo("abXYef\0\0!");
            assertThat(r.setrange("a:missing", 0, "")).isZero();
            assertThat(r.exists("a:missing")).isZero();

            r.set("l:a", "ohmytext");
            r.set("l:b", "mynewtext");
            assertThat(r.lcs(LcsArgs.Builder.keys("l:a", "l:b")).getMatchString()).isEqualTo("mytext");
            assertThat(r.lcs(LcsArgs.Builder.keys("l:a", "l:b").justLen()).getLen()).isEqualTo(6);
            StringMatchResult idx = r.lcs(LcsArgs.Builder.keys("l:a", "l:b").withIdx().withMatchLen());
            assertThat(idx.getLen()).isEqualTo(6);
            assertThat(idx.getMatches()).hasSize(2);
            assertMatch(idx.getMatches().get(0), 4, 7, 5, 8, 4);
            assertMatch(idx.getMatches().get(1), 2, 3, 0, 1, 2);
            StringMatchResult min = r.lcs(LcsArgs.Builder.keys("l:a", "l:b").withIdx().minMatchLen(3));
            assertThat(min.getMatches()).hasSize(1);
            assertThat(min.getMatches().get(0).getA().getStart()).isEqualTo(4);
        }
    }

    private static void assertMatch(StringMatchResult.MatchedPosition m, long aStart, long aEnd, long bStart, long bEnd,
                                    long len) {
        assertThat(List.of(m.getA().getStart(), m.getA().getEnd(), m.getB().getStart(), m.getB().getEnd(), m.getMatchLen()))
                .containsExactly(aStart, aEnd, bStart, bEnd, len);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void bitmapCommands(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.setbit("b:k", 1, 1)).isZero();
            assertThat(r.setbit("b:k", 1, 1)).isEqualTo(1);
            assertThat(r.getbit("b:k", 1)).isEqualTo(1);
            assertThat(r.get("b:k")).isEqualTo("@");
            r.set("b:s", "foobar");
            assertThat(r.bitcount("b:s")).isEqualTo(26);
            assertThat(r.bitcount("b:s", 1, -2)).isEqualTo(18);
            assertThat(r.bitpos("b:s", true)).isEqualTo(1);
            assertThat(r.bitpos("b:s", false, 2)).isEqualTo(16);
            assertThat(r.bitpos("b:s", true, 3, 4)).isEqualTo(25);
            r.set("b:x", "ab");
            assertThat(r.bitopAnd("b:and", "b:s", "b:x")).isEqualTo(6);
            assertThat(r.get("b:and")).isEqualTo("`b\0\0\0\0");
            assertThat(r.bitopOr("b:or", "b:s", "b:x")).isEqualTo(6);
            assertThat(r.get("b:or")).isEqualTo("goobar");
            assertThat(r.bitopXor("b:xor", "b:x", "b:x")).isEqualTo(2);
            assertThat(r.get("b:xor")).isEqualTo("\0\0");
            assertThat(r.bitopNot("b:not", "b:missing")).isZero();
            assertThat(r.exists("b:not")).isZero();

            BitFieldArgs setGet = BitFieldArgs.Builder.set(BitFieldArgs.unsigned(8), 0, 200)
                    .get(BitFieldArgs.unsigned(8), 0).incrBy(BitFieldArgs.unsigned(8), 0, 100);
            assertThat(r.bitfield("b:f", setGet)).containsExactly(0L, 200L, 44L);
            BitFieldArgs overflow = BitFieldArgs.Builder.overflow(BitFieldArgs.OverflowType.SAT)
                    .incrBy(BitFieldArgs.signed(8), BitFieldArgs.typeWidthBasedOffset(1), -1000)
                    .overflow(BitFieldArgs.OverflowType.FAIL).incrBy(BitFieldArgs.signed(8), BitFieldArgs.typeWidthBasedOffset(1), -1)
                    .get(BitFieldArgs.signed(16), 0);
            assertThat(r.bitfield("b:f", overflow)).containsExactly(-128L, null, 11392L);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void keyCommands(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            r.set("k:a", "1");
            assertThat(r.expire("k:a", 100, ExpireArgs.Builder.xx())).isFalse();
            assertThat(r.expire("k:a", 100, ExpireArgs.Builder.nx())).isTrue();
            assertThat(r.expire("k:a", 100, ExpireArgs.Builder.nx())).isFalse();
            assertThat(r.expire("k:a", Duration.ofSeconds(200), ExpireArgs.Builder.gt())).isTrue();
            assertThat(r.expire("k:a", 300, ExpireArgs.Builder.lt())).isFalse();
            assertThat(r.ttl("k:a")).isBetween(199L, 200L);
            assertThat(r.pexpire("k:a", Duration.ofSeconds(150), ExpireArgs.Builder.lt())).isTrue();
            assertThat(r.pttl("k:a")).isBetween(140_000L, 150_000L);
            long at = System.currentTimeMillis() / 1000 + 3_000;
            assertThat(r.expireat("k:a", Instant.ofEpochSecond(at))).isTrue();
            assertThat(r.expiretime("k:a")).isEqualTo(at);
            assertThat(r.pexpireat("k:a", at * 1000 + 250, ExpireArgs.Builder.gt())).isTrue();
            assertThat(r.pexpiretime("k:a")).isEqualTo(at * 1000 + 250);
            assertThat(r.persist("k:a")).isTrue();
            assertThat(r.persist("k:a")).isFalse();
            assertThat(r.ttl("k:a")).isEqualTo(-1);
            assertThat(r.ttl("k:none")).isEqualTo(-2);
            assertThat(r.expire("k:none", 5)).isFalse();

            r.set("k:b", "2");
            assertThat(r.exists("k:a", "k:b", "k:none")).isEqualTo(2);
            assertThat(r.type("k:a")).isEqualTo("string");
            assertThat(r.type("k:none")).isEqualTo("none");
            assertThat(r.touch("k:a", "k:none")).isEqualTo(1);
            assertThat(r.objectEncoding("k:a")).isEqualTo("int");
            assertThat(r.objectIdletime("k:a")).isBetween(0L, 2L);
            assertThat(r.objectRefcount("k:a")).isEqualTo(2147483647L); // a shared integer
            assertThatThrownBy(() -> r.objectFreq("k:a")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            assertThat(r.objectEncoding("k:none")).isNull();
            assertThat(r.del("k:b", "k:none")).isEqualTo(1);
            r.set("k:b", "2");
            assertThat(r.unlink("k:b")).isEqualTo(1);

            r.setex("r:src", 900, "v");
            assertThat(r.rename("r:src", "r:dst")).isEqualTo("OK");
            assertThat(r.ttl("r:dst")).isBetween(899L, 900L);
            assertThat(r.renamenx("r:dst", "k:a")).isFalse();
            assertThat(r.renamenx("r:dst", "r:dst2")).isTrue();
            assertThatThrownBy(() -> r.rename("r:none", "r:x")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR no such key");
            assertThat(r.copy("r:dst2", "r:copy")).isTrue();
            assertThat(r.copy("k:a", "r:copy")).isFalse();
            assertThat(r.copy("k:a", "r:copy", CopyArgs.Builder.replace(true))).isTrue();
            assertThat(r.get("r:copy")).isEqualTo("1");
            assertThat(r.copy("r:dst2", "r:dst2", CopyArgs.Builder.destinationDb(3))).isTrue();
            assertThat(r.move("r:dst2", 3)).isFalse();
            assertThat(r.move("r:copy", 3)).isTrue();
            assertThat(r.dbsize()).isEqualTo(2);
            assertThat(r.swapdb(0, 3)).isEqualTo("OK");
            assertThat(r.dbsize()).isEqualTo(2);
            assertThat(r.mget("r:dst2", "r:copy", "k:a")).containsExactly(KeyValue.just("r:dst2", "v"),
                    KeyValue.just("r:copy", "1"), KeyValue.empty("k:a"));
            assertThat(r.ttl("r:dst2")).isBetween(899L, 900L);
            assertThat(r.flushdb()).isEqualTo("OK");
            assertThat(r.dbsize()).isZero();
            r.select(3);
            assertThat(r.dbsize()).isEqualTo(2);
            assertThat(r.flushall()).isEqualTo("OK");
            assertThat(r.dbsize()).isZero();
            assertThat(r.randomkey()).isNull();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void scanWithArgs(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            c.setAutoFlushCommands(false);
            List<RedisFuture<String>> sets = new ArrayList<>();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 2500; i++) {
                expected.add("sc:" + i);
                sets.add(c.async().set("sc:" + i, "v"));
            }
            for (int i = 0; i < 50; i++) sets.add(c.async().set("x:" + i, "v"));
            c.flushCommands();
            c.setAutoFlushCommands(true);
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(30), sets.toArray(new RedisFuture[0]))).isTrue();

            Set<String> seen = new HashSet<>();
            KeyScanCursor<String> cursor = r.scan(KeyScanArgs.Builder.matches("sc:*").limit(300));
            seen.addAll(cursor.getKeys());
            while (!cursor.isFinished()) {
                cursor = r.scan(cursor, KeyScanArgs.Builder.matches("sc:*").limit(300));
                seen.addAll(cursor.getKeys());
            }
            assertThat(seen).isEqualTo(expected);
            Set<String> strings = ScanIterator.scan(r, KeyScanArgs.Builder.type("string").limit(500)).stream()
                    .collect(Collectors.toSet());
            assertThat(strings).hasSize(2550).containsAll(expected);
            assertThat(ScanIterator.scan(r, KeyScanArgs.Builder.type("hash")).stream().count()).isZero();
            assertThat(r.keys("x:?")).hasSize(10);
            assertThat(r.keys("sc:2[0-4]??")).hasSize(500);
            assertThat(r.randomkey()).matches("(sc|x):\\d+");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void asyncManualFlushWithErrorReplies(Target t, ProtocolVersion protocol) throws Exception {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            c.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> a = c.async();
            RedisFuture<String> set = a.set("e:text", "hello");
            RedisFuture<Long> incr = a.incr("e:text");
            RedisFuture<Double> incrFloat = a.incrbyfloat("e:text", 2);
            RedisFuture<Long> setbit = a.setbit("e:text", -1, 1);
            RedisFuture<String> rename = a.rename("e:none", "e:x");
            RedisFuture<Long> append = a.append("e:text", "!");
            RedisFuture<Long> ok = a.incrby("e:n", 5);
            c.flushCommands();
            // Replies come in order: once the last one is in, all are.
            assertThat(ok.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(set.get()).isEqualTo("OK");
            assertFails(incr, "ERR value is not an integer or out of range");
            assertFails(incrFloat, "ERR value is not a valid float");
            assertFails(setbit, "ERR bit offset is not an integer or out of range");
            assertFails(rename, "ERR no such key");
            assertThat(append.get()).isEqualTo(6);
            assertThat(ok.get()).isEqualTo(5);
            c.setAutoFlushCommands(true);
            assertThat(c.sync().get("e:text")).isEqualTo("hello!");
        }
    }

    private static void assertFails(RedisFuture<?> f, String message) {
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(RedisCommandExecutionException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void reactiveApi(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisReactiveCommands<String, String> rx = c.reactive();
            assertThat(rx.set("rx:a", "1").block()).isEqualTo("OK");
            assertThat(rx.incrby("rx:a", 9).block()).isEqualTo(10);
            assertThat(rx.get("rx:a").block()).isEqualTo("10");
            assertThat(rx.get("rx:none").block()).isNull();
            assertThat(rx.mset(Map.of("rx:b", "2", "rx:c", "3")).block()).isEqualTo("OK");
            assertThat(rx.mget("rx:a", "rx:none", "rx:c").collectList().block()).containsExactly(
                    KeyValue.just("rx:a", "10"), KeyValue.empty("rx:none"), KeyValue.just("rx:c", "3"));
            assertThat(rx.keys("rx:*").collectList().block()).containsExactlyInAnyOrder("rx:a", "rx:b", "rx:c");
            assertThat(rx.dbsize().block()).isEqualTo(3);
            assertThat(rx.expire("rx:a", 50).block()).isTrue();
            assertThat(rx.ttl("rx:a").block()).isEqualTo(50);
            assertThatThrownBy(() -> rx.incr("rx:none-int").then(rx.append("rx:b", "x")).then(rx.incr("rx:b")).block())
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(rx.getdel("rx:b").block()).isEqualTo("2x");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void clientCommands(Target t, ProtocolVersion protocol) throws Exception {
        try (StatefulRedisConnection<String, String> a = fresh(t, protocol);
             StatefulRedisConnection<String, String> b = connect(t, protocol)) {
            RedisCommands<String, String> r = a.sync();
            assertThat(r.clientGetname()).isNull();
            assertThat(r.clientSetname("lettuce-a")).isEqualTo("OK");
            assertThat(r.clientGetname()).isEqualTo("lettuce-a");
            b.sync().clientSetname("lettuce-b");
            long idA = r.clientId();
            long idB = b.sync().clientId();
            String resp = protocol == ProtocolVersion.RESP3 ? "3" : "2";
            Map<String, String> info = JedisIT.fields(r.clientInfo().trim());
            assertThat(List.copyOf(info.keySet())).isEqualTo(JedisIT.CLIENT_FIELDS);
            assertThat(info).containsEntry("id", Long.toString(idA)).containsEntry("name", "lettuce-a")
                    .containsEntry("resp", resp).containsEntry("cmd", "client|info");
            String list = r.clientList();
            assertThat(list).contains("id=" + idA + " ").contains("id=" + idB + " ").endsWith("\n");
            for (String line : list.split("\n")) {
                assertThat(List.copyOf(JedisIT.fields(line).keySet())).isEqualTo(JedisIT.CLIENT_FIELDS);
            }
            assertThat(r.clientList(ClientListArgs.Builder.ids(idB))).contains("name=lettuce-b ")
                    .doesNotContain("name=lettuce-a ");
            assertThat(r.clientKill(KillArgs.Builder.id(idB))).isEqualTo(1);
            assertThat(r.clientKill(KillArgs.Builder.id(idB))).isZero();
            assertThatThrownBy(() -> r.clientKill("127.0.0.1:1")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR No such client");
            assertThat(r.clientNoEvict(true)).isEqualTo("OK");
            assertThat(JedisIT.fields(r.clientInfo().trim())).containsEntry("flags", "e");
            assertThat(r.clientNoEvict(false)).isEqualTo("OK");
            StatefulRedisConnection<String, String> x = connect(t, protocol);
            StatefulRedisConnection<String, String> y = connect(t, protocol);
            long idX = x.sync().clientId();
            long idY = y.sync().clientId();
            // Kills every other normal connection (Lettuce reconnects the ones still open, with new ids).
            assertThat(r.clientKill(KillArgs.Builder.typeNormal().skipme())).isGreaterThanOrEqualTo(2);
            assertThat(r.clientList()).doesNotContain("id=" + idX + " ").doesNotContain("id=" + idY + " ")
                    .contains("id=" + idA + " ");
            x.close();
            y.close();
            assertThat(r.clientKill(KillArgs.Builder.skipme().addr("127.0.0.1:1"))).isZero();
            assertThatThrownBy(() -> r.clientKill(KillArgs.Builder.maxAge(-1L)))
                    .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("ERR ");
            // CLIENT PAUSE (ALL) delays another connection's command until it ends.
            try (StatefulRedisConnection<String, String> other = connect(t, protocol)) {
                assertThat(r.clientPause(800)).isEqualTo("OK");
                long start = System.nanoTime();
                assertThat(other.sync().ping()).isEqualTo("PONG");
                assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void serverCommands(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.configGet("slowlog-max-len")).isEqualTo(Map.of("slowlog-max-len", "128"));
            assertThat(r.configSet(Map.of("slowlog-max-len", "64", "maxmemory-policy", "volatile-ttl"))).isEqualTo("OK");
            assertThat(r.configGet("slowlog-max-len", "maxmemory-policy"))
                    .isEqualTo(Map.of("slowlog-max-len", "64", "maxmemory-policy", "volatile-ttl"));
            assertThat(r.configSet(Map.of("slowlog-max-len", "128", "maxmemory-policy", "noeviction"))).isEqualTo("OK");
            assertThatThrownBy(() -> r.configSet("slowlog-max-len", "abc")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument couldn't be parsed into an integer");

            String all = r.info();
            assertThat(all).startsWith("# Server\r\n");
            Map<String, Map<String, String>> info = JedisIT.parseInfo(all);
            assertThat(info.keySet()).containsExactly("Server", "Clients", "Memory", "Persistence", "Stats",
                    "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
            assertThat(info.get("Server")).containsEntry("redis_version", "7.0.15");
            r.set("i:a", "1");
            r.psetex("i:b", 100_000, "2");
            assertThat(JedisIT.parseInfo(r.info("keyspace")).get("Keyspace").get("db0"))
                    .startsWith("keys=2,expires=1,avg_ttl=");
            assertThat(JedisIT.parseInfo(r.info("keyspace")).get("Keyspace")).hasSize(1);
            assertThat(r.dbsize()).isEqualTo(2);
            List<String> time = r.time();
            assertThat(Math.abs(Long.parseLong(time.get(0)) - System.currentTimeMillis() / 1000)).isLessThan(5);
            assertThat(r.lastsave()).isBeforeOrEqualTo(new Date(System.currentTimeMillis() + 1000));

            // SLOWLOG with every command logged.
            assertThat(r.configSet("slowlog-log-slower-than", "0")).isEqualTo("OK");
            try {
                assertThat(r.slowlogReset()).isEqualTo("OK");
                r.getrange("i:a", 0, -1);
                assertThat(r.slowlogLen()).isEqualTo(2); // SLOWLOG RESET and GETRANGE
                List<Object> entries = r.slowlogGet(2);
                assertThat(entries).hasSize(2);
                List<?> newest = (List<?>) entries.get(0);
                assertThat(newest).hasSize(6);
                assertThat(newest.get(3)).isEqualTo(List.of("SLOWLOG", "LEN"));
                List<?> getrange = (List<?>) entries.get(1);
                assertThat(getrange.get(3)).isEqualTo(List.of("GETRANGE", "i:a", "0", "-1"));
                assertThat((Long) getrange.get(0)).isEqualTo((Long) newest.get(0) - 1);
                assertThat((String) getrange.get(4)).startsWith("127.0.0.1:");
            } finally {
                r.configSet("slowlog-log-slower-than", "10000");
                r.slowlogReset();
            }

            // COMMAND COUNT / INFO through Lettuce's parser.
            long count = r.commandCount();
            assertThat(count).isPositive();
            List<CommandDetail> details = CommandDetailParser.parse(r.commandInfo("get", "incrbyfloat", "lcs", "client"));
            assertThat(details).extracting(CommandDetail::getName).containsExactly("get", "incrbyfloat", "lcs", "client");
            CommandDetail get = details.get(0);
            assertThat(get.getArity()).isEqualTo(2);
            assertThat(get.getFlags()).containsExactlyInAnyOrder(CommandDetail.Flag.READONLY, CommandDetail.Flag.FAST);
            assertThat(List.of(get.getFirstKeyPosition(), get.getLastKeyPosition(), get.getKeyStepCount()))
                    .containsExactly(1, 1, 1);
            assertThat(get.getAclCategories()).containsExactlyInAnyOrder(AclCategory.READ, AclCategory.STRING,
                    AclCategory.FAST);
            CommandDetail lcs = details.get(2);
            assertThat(lcs.getArity()).isEqualTo(-3);
            assertThat(List.of(lcs.getFirstKeyPosition(), lcs.getLastKeyPosition())).containsExactly(1, 2);
            assertThat(details.get(3).getArity()).isEqualTo(-2);
            assertThat(CommandDetailParser.parse(r.command())).hasSize((int) count);
        }
    }
}

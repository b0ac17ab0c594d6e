package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.GeoArgs;
import io.lettuce.core.GeoCoordinates;
import io.lettuce.core.GeoSearch;
import io.lettuce.core.GeoWithin;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LPosArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SortArgs;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.ZPopArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The collection types through Lettuce 6's sync API over RESP3 and RESP2, against Basalt and
 * real redis-server alike. Besides the typed results, {@link #reply} records each reply's
 * wire shape (map, set, array, double, bulk...) so the RESP3 types are checked exactly.
 */
class DataTypesLettuceIT {
    private static ServerProcess basalt;
    private static RedisProcess real;
    private static RedisClient resp3Client;
    private static RedisClient resp2Client;

    @BeforeAll
    static void start() throws IOException {
        basalt = ServerProcess.start();
        real = Target.startRedisIfAvailable();
        resp3Client = RedisClient.create();
        resp3Client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        resp2Client = RedisClient.create();
        resp2Client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
    }

    @AfterAll
    static void stop() {
        if (resp3Client != null) resp3Client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        if (resp2Client != null) resp2Client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        if (basalt != null) basalt.close();
        if (real != null) real.close();
    }

    static Stream<Arguments> servers() {
        return Target.both(basalt, real).stream().flatMap(t -> Stream.of(
                Arguments.of(t, ProtocolVersion.RESP3), Arguments.of(t, ProtocolVersion.RESP2)));
    }

    /** A connection speaking {@code protocol}, with every database emptied. */
    private static StatefulRedisConnection<String, String> fresh(Target t, ProtocolVersion protocol) {
        RedisClient c = protocol == ProtocolVersion.RESP2 ? resp2Client : resp3Client;
        StatefulRedisConnection<String, String> conn = c.connect(RedisURI.builder().withHost(ServerProcess.HOST)
                .withPort(t.port()).withTimeout(Duration.ofSeconds(20)).build());
        assertThat(((StatefulRedisConnectionImpl<?, ?>) conn).getConnectionState().getNegotiatedProtocolVersion())
                .isEqualTo(protocol);
        conn.sync().flushall();
        return conn;
    }

    /**
     * The reply to a command as the tokens Lettuce's parser reported, in order: {@code %n} map
     * (n pairs), {@code ~n} set, {@code *n} array, {@code $text} bulk, {@code :n} integer,
     * {@code ,d} double, {@code null}.
     */
    private static List<String> reply(RedisCommands<String, String> r, CommandType type, String... args) {
        return r.dispatch(type, new ShapeOutput(), new CommandArgs<>(StringCodec.UTF8).addKeys(args[0])
                .addValues(List.of(args).subList(1, args.length)));
    }

    private static final class ShapeOutput extends CommandOutput<String, String, List<String>> {
        ShapeOutput() {
            super(StringCodec.UTF8, new ArrayList<>());
        }

        @Override
        public void set(ByteBuffer bytes) {
            output.add(bytes == null ? "null" : "$" + StandardCharsets.UTF_8.decode(bytes));
        }

        @Override
        public void set(long integer) {
            output.add(":" + integer);
        }

        @Override
        public void set(double number) {
            output.add("," + number);
        }

        @Override
        public void multiArray(int count) {
            output.add("*" + count);
        }

        @Override
        public void multiMap(int count) {
            output.add("%" + count);
        }

        @Override
        public void multiSet(int count) {
            output.add("~" + count);
        }
    }

    private static boolean resp3(ProtocolVersion protocol) {
        return protocol == ProtocolVersion.RESP3;
    }

    /** A null array: RESP3's null, RESP2's {@code *-1}. */
    private static String nullArray(ProtocolVersion protocol) {
        return resp3(protocol) ? "null" : "*-1";
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void hashesAndSets(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", "basalt");
            fields.put("n", "3");
            assertThat(r.hset("h", fields)).isEqualTo(2);
            assertThat(r.hgetall("h")).isEqualTo(Map.of("name", "basalt", "n", "3"));
            assertThat(r.hincrbyfloat("h", "n", 0.5)).isEqualTo(3.5);
            assertThat(r.hgetall("missing")).isEmpty();
            List<KeyValue<String, String>> pairs = r.hrandfieldWithvalues("h", 5);
            assertThat(pairs).containsExactlyInAnyOrder(KeyValue.just("name", "basalt"), KeyValue.just("n", "3.5"));
            assertThat(r.hrandfieldWithvalues("h", -3)).hasSize(3);

            assertThat(reply(r, CommandType.HGETALL, "h")).containsExactly(resp3(protocol)
                    ? new String[] {"%2", "$name", "$basalt", "$n", "$3.5"}
                    : new String[] {"*4", "$name", "$basalt", "$n", "$3.5"});
            assertThat(reply(r, CommandType.HGETALL, "missing")).containsExactly(resp3(protocol) ? "%0" : "*0");
            r.hdel("h", "n");
            assertThat(reply(r, CommandType.HRANDFIELD, "h", "-2", "WITHVALUES")).containsExactly(resp3(protocol)
                    ? new String[] {"*2", "*2", "$name", "$basalt", "*2", "$name", "$basalt"}
                    : new String[] {"*4", "$name", "$basalt", "$name", "$basalt"});

            assertThat(r.sadd("s", "b", "a", "c")).isEqualTo(3);
            assertThat(r.smembers("s")).isEqualTo(Set.of("a", "b", "c"));
            assertThat(r.smismember("s", "a", "z")).containsExactly(true, false);
            assertThat(r.sintercard("s", "missing")).isZero();
            r.del("s");
            r.sadd("ints", "3", "1", "2");
            assertThat(reply(r, CommandType.SMEMBERS, "ints")).containsExactly(resp3(protocol) ? "~3" : "*3",
                    "$1", "$2", "$3");
            assertThat(reply(r, CommandType.SMEMBERS, "missing")).containsExactly(resp3(protocol) ? "~0" : "*0");
            assertThat(reply(r, CommandType.SINTER, "ints", "ints")).containsExactly(resp3(protocol) ? "~3" : "*3",
                    "$1", "$2", "$3");

            r.set("str", "x");
            assertThatThrownBy(() -> r.hgetall("str")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
            assertThatThrownBy(() -> r.hincrbyfloat("h", "name", 1)).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR hash value is not a float");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void sortedSets(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.zadd("z", 1.5, "a", 2.0, "b")).isEqualTo(2);
            assertThat(r.zscore("z", "a")).isEqualTo(1.5);
            assertThat(r.zscore("z", "none")).isNull();
            assertThat(r.zincrby("z", 1, "a")).isEqualTo(2.5);
            assertThat(r.zmscore("z", "a", "none")).containsExactly(2.5, null);
            assertThat(r.zrangeWithScores("z", 0, -1)).containsExactly(ScoredValue.just(2, "b"), ScoredValue.just(2.5, "a"));
            assertThat(r.zrandmemberWithScores("z", 5)).containsExactlyInAnyOrder(ScoredValue.just(2, "b"),
                    ScoredValue.just(2.5, "a"));

            assertThat(reply(r, CommandType.ZSCORE, "z", "a")).containsExactly(resp3(protocol) ? ",2.5" : "$2.5");
            assertThat(reply(r, CommandType.ZSCORE, "z", "none")).containsExactly("null");
            assertThat(reply(r, CommandType.ZINCRBY, "z", "0.25", "b")).containsExactly(resp3(protocol) ? ",2.25" : "$2.25");
            assertThat(reply(r, CommandType.ZMSCORE, "z", "a", "none")).containsExactly(resp3(protocol)
                    ? new String[] {"*2", ",2.5", "null"} : new String[] {"*2", "$2.5", "null"});
            assertThat(reply(r, CommandType.ZRANGE, "z", "0", "-1", "WITHSCORES")).containsExactly(resp3(protocol)
                    ? new String[] {"*2", "*2", "$b", ",2.25", "*2", "$a", ",2.5"}
                    : new String[] {"*4", "$b", "$2.25", "$a", "$2.5"});
            assertThat(reply(r, CommandType.ZRANGE, "z", "0", "-1")).containsExactly("*2", "$b", "$a");
            r.zadd("one", 7, "m");
            assertThat(reply(r, CommandType.ZRANDMEMBER, "one", "-2", "WITHSCORES")).containsExactly(resp3(protocol)
                    ? new String[] {"*2", "*2", "$m", ",7.0", "*2", "$m", ",7.0"}
                    : new String[] {"*4", "$m", "$7", "$m", "$7"});
            assertThat(reply(r, CommandType.ZPOPMIN, "one")).containsExactly(resp3(protocol)
                    ? new String[] {"*2", "$m", ",7.0"} : new String[] {"*2", "$m", "$7"});

            r.zadd("pair", 1.0, "x", 2.0, "y");
            assertThat(reply(r, CommandType.ZMPOP, "1", "pair", "MIN")).containsExactly(resp3(protocol)
                    ? new String[] {"*2", "$pair", "*1", "*2", "$x", ",1.0"}
                    : new String[] {"*2", "$pair", "*1", "*2", "$x", "$1"});
            assertThat(reply(r, CommandType.ZUNION, "2", "pair", "one", "WITHSCORES")).containsExactly(resp3(protocol)
                    ? new String[] {"*1", "*2", "$y", ",2.0"} : new String[] {"*2", "$y", "$2"});
            assertThat(reply(r, CommandType.ZMPOP, "1", "missing", "MIN")).containsExactly(nullArray(protocol));

            KeyValue<String, List<ScoredValue<String>>> popped = r.zmpop(5, ZPopArgs.Builder.max(), "missing", "z");
            assertThat(popped.getKey()).isEqualTo("z");
            assertThat(popped.getValue()).containsExactly(ScoredValue.just(2.5, "a"), ScoredValue.just(2.25, "b"));
            assertThat(r.exists("z")).isZero();

            r.set("str", "x");
            assertThatThrownBy(() -> r.zincrby("str", 1, "a")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
            assertThatThrownBy(() -> r.zadd("z", Double.NaN, "a")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR value is not a valid float");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void listsGeoHyperLogLogAndSort(Target t, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = fresh(t, protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.rpush("l", "a", "b", "a", "c")).isEqualTo(4);
            assertThat(r.lpos("l", "a", LPosArgs.Builder.rank(-1))).isEqualTo(2);
            assertThat(r.lpos("l", "a", 0)).containsExactly(0L, 2L);
            KeyValue<String, List<String>> popped = r.lmpop(LMPopArgs.Builder.right().count(2), "missing", "l");
            assertThat(popped.getKey()).isEqualTo("l");
            assertThat(popped.getValue()).containsExactly("c", "a");
            assertThat(reply(r, CommandType.LMPOP, "1", "l", "LEFT")).containsExactly("*2", "$l", "*1", "$a");
            assertThat(reply(r, CommandType.LMPOP, "1", "missing", "LEFT")).containsExactly(nullArray(protocol));

            assertThat(r.geoadd("g", 13.361389, 38.115556, "Palermo", 15.087269, 37.502669, "Catania")).isEqualTo(2);
            List<GeoCoordinates> pos = r.geopos("g", "Palermo", "none");
            assertThat(pos.get(0).getX().doubleValue()).isEqualTo(13.36138933897018433);
            assertThat(pos.get(0).getY().doubleValue()).isEqualTo(38.11555639549629859);
            assertThat(pos.get(1)).isNull();
            assertThat(r.geodist("g", "Palermo", "Catania", GeoArgs.Unit.km)).isEqualTo(166.2742);
            List<GeoWithin<String>> near = r.geosearch("g", GeoSearch.fromCoordinates(15, 37),
                    GeoSearch.byRadius(200, GeoArgs.Unit.km), new GeoArgs().withDistance().asc());
            assertThat(near).extracting(GeoWithin::getMember).containsExactly("Catania", "Palermo");
            assertThat(near).extracting(GeoWithin::getDistance).containsExactly(56.4413, 190.4424);

            assertThat(reply(r, CommandType.GEOPOS, "g", "Palermo", "none")).containsExactly(resp3(protocol)
                    ? new String[] {"*2", "*2", ",13.361389338970184", ",38.1155563954963", "null"}
                    : new String[] {"*2", "*2", "$13.36138933897018433", "$38.11555639549629859", "*-1"});
            assertThat(reply(r, CommandType.GEODIST, "g", "Palermo", "Catania", "km")).containsExactly("$166.2742");
            assertThat(reply(r, CommandType.GEOSEARCH, "g", "FROMLONLAT", "15", "37", "BYRADIUS", "100", "km",
                    "WITHDIST", "WITHHASH")).containsExactly("*1", "*3", "$Catania", "$56.4413", ":3479447370796909");
            assertThat(reply(r, CommandType.GEOSEARCH, "g", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km",
                    "WITHCOORD")).containsExactly(resp3(protocol)
                    ? new String[] {"*1", "*2", "$Palermo", "*2", ",13.361389338970184", ",38.1155563954963"}
                    : new String[] {"*1", "*2", "$Palermo", "*2", "$13.36138933897018433", "$38.11555639549629859"});

            assertThat(r.pfadd("hll", "a", "b", "c")).isEqualTo(1);
            assertThat(r.pfcount("hll")).isEqualTo(3);
            assertThat(r.pfmerge("hll2", "hll", "missing")).isEqualTo("OK");
            assertThat(r.pfcount("hll2", "hll")).isEqualTo(3);

            r.rpush("n", "3", "1", "2");
            r.mset(Map.of("w_1", "30", "w_2", "10", "w_3", "20"));
            assertThat(r.sort("n")).containsExactly("1", "2", "3");
            assertThat(r.sort("n", SortArgs.Builder.by("w_*").get("#").get("nokey_*").desc()))
                    .containsExactly("1", null, "3", null, "2", null);
            assertThat(r.sortStore("n", SortArgs.Builder.alpha().limit(0, 2), "dst")).isEqualTo(2);
            assertThat(r.lrange("dst", 0, -1)).containsExactly("1", "2");
            r.set("str", "x");
            assertThatThrownBy(() -> r.pfadd("str", "a")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("WRONGTYPE Key is not a valid HyperLogLog string value.");
        }
    }
}

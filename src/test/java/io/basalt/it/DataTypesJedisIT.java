package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SortingParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.GeoRadiusResponse;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The collection types (hashes, lists, sets, sorted sets, geo, HyperLogLog, SORT) through
 * Jedis 5's typed API: every test runs the same exact-value assertions against Basalt and
 * real redis-server.
 */
class DataTypesJedisIT {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private static ServerProcess basalt;
    private static RedisProcess real;

    @BeforeAll
    static void start() throws IOException {
        basalt = ServerProcess.start();
        real = Target.startRedisIfAvailable();
    }

    @AfterAll
    static void stop() {
        if (basalt != null) basalt.close();
        if (real != null) real.close();
    }

    static List<Target> servers() {
        return Target.both(basalt, real);
    }

    /** A connection to {@code t} with every database emptied and the encoding limits at their defaults. */
    private static Jedis fresh(Target t) {
        Jedis j = t.flushedJedis();
        j.configSet(Map.of("hash-max-listpack-entries", "128", "hash-max-listpack-value", "64",
                "set-max-intset-entries", "512", "zset-max-listpack-entries", "128",
                "zset-max-listpack-value", "64", "list-max-listpack-size", "-2"));
        return j;
    }

    private static void assertError(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(JedisDataException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void hashes(Target t) {
        try (Jedis j = fresh(t)) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", "basalt");
            fields.put("count", "10");
            fields.put("ratio", "1.5");
            assertThat(j.hset("h", fields)).isEqualTo(3);
            assertThat(j.hset("h", Map.of("count", "11", "extra", "x"))).isEqualTo(1);
            assertThat(j.hgetAll("h")).isEqualTo(Map.of("name", "basalt", "count", "11", "ratio", "1.5", "extra", "x"));
            assertThat(j.hkeys("h")).isEqualTo(Set.of("name", "count", "ratio", "extra"));
            assertThat(j.hvals("h")).containsExactly("basalt", "11", "1.5", "x");
            assertThat(j.hget("h", "name")).isEqualTo("basalt");
            assertThat(j.hget("h", "nope")).isNull();
            assertThat(j.hmget("h", "ratio", "nope", "name")).containsExactly("1.5", null, "basalt");
            assertThat(j.hlen("h")).isEqualTo(4);
            assertThat(j.hexists("h", "extra")).isTrue();
            assertThat(j.hstrlen("h", "name")).isEqualTo(6);
            assertThat(j.hsetnx("h", "name", "other")).isZero();
            assertThat(j.hsetnx("h", "fresh", "v")).isEqualTo(1);
            assertThat(j.hincrBy("h", "count", -20)).isEqualTo(-9);
            assertThat(j.hincrByFloat("h", "ratio", 0.1)).isEqualTo(1.6);
            assertThat(j.hget("h", "ratio")).isEqualTo("1.6");
            assertThat(j.hincrByFloat("h", "new-float", 2.5e3)).isEqualTo(2500.0);
            assertThat(j.hget("h", "new-float")).isEqualTo("2500");
            assertThat(j.hdel("h", "fresh", "new-float", "nope")).isEqualTo(2);

            List<Map.Entry<String, String>> pairs = j.hrandfieldWithValues("h", 10);
            assertThat(pairs).hasSize(4);
            for (Map.Entry<String, String> e : pairs) assertThat(j.hget("h", e.getKey())).isEqualTo(e.getValue());
            assertThat(j.hrandfieldWithValues("h", -6)).hasSize(6);
            assertThat(j.hrandfield("h", 10)).containsExactlyInAnyOrder("name", "count", "ratio", "extra");
            assertThat(j.hrandfield("missing")).isNull();
            assertThat(j.hrandfield("missing", 3)).isEmpty();

            assertError(() -> j.hincrBy("h", "name", 1), "ERR hash value is not an integer");
            assertError(() -> j.hincrByFloat("h", "name", 1), "ERR hash value is not a float");
            j.set("str", "x");
            assertError(() -> j.hset("str", Map.of("a", "b")), WRONGTYPE);
            assertError(() -> j.hgetAll("str"), WRONGTYPE);

            // A hash stays a listpack up to hash-max-listpack-entries fields, then becomes a hashtable.
            assertThat(j.objectEncoding("h")).isEqualTo("listpack");
            j.configSet("hash-max-listpack-entries", "4");
            j.hset("small", Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
            assertThat(j.objectEncoding("small")).isEqualTo("listpack");
            j.hset("small", "e", "5");
            assertThat(j.objectEncoding("small")).isEqualTo("hashtable");
            j.configSet("hash-max-listpack-value", "8");
            j.hset("long", "f", "12345678");
            assertThat(j.objectEncoding("long")).isEqualTo("listpack");
            j.hset("long", "g", "123456789");
            assertThat(j.objectEncoding("long")).isEqualTo("hashtable");
            assertThat(j.hdel("long", "f", "g")).isEqualTo(2);
            assertThat(j.exists("long")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lists(Target t) {
        try (Jedis j = fresh(t)) {
            assertThat(j.lpush("l", "c", "b", "a")).isEqualTo(3);
            assertThat(j.rpush("l", "a", "b", "c", "a")).isEqualTo(7);
            assertThat(j.lrange("l", 0, -1)).containsExactly("a", "b", "c", "a", "b", "c", "a");
            assertThat(j.lrange("l", -2, 100)).containsExactly("c", "a");
            assertThat(j.lrange("l", 5, 2)).isEmpty();
            assertThat(j.llen("l")).isEqualTo(7);
            assertThat(j.lindex("l", -1)).isEqualTo("a");
            assertThat(j.lindex("l", 7)).isNull();

            assertThat(j.lpos("l", "a")).isEqualTo(0);
            assertThat(j.lpos("l", "c", LPosParams.lPosParams().rank(2))).isEqualTo(5);
            assertThat(j.lpos("l", "a", LPosParams.lPosParams().rank(-1), 2)).containsExactly(6L, 3L);
            assertThat(j.lpos("l", "a", LPosParams.lPosParams(), 0)).containsExactly(0L, 3L, 6L);
            assertThat(j.lpos("l", "a", LPosParams.lPosParams().maxlen(3), 0)).containsExactly(0L);
            assertThat(j.lpos("l", "zz")).isNull();
            assertThat(j.lpos("l", "zz", LPosParams.lPosParams(), 5)).isEmpty();
            assertError(() -> j.lpos("l", "a", LPosParams.lPosParams().rank(0)),
                    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                            + "or use negative to start from the end of the list");

            assertThat(j.lmove("l", "dst", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("a");
            assertThat(j.lmove("l", "dst", ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo("a");
            assertThat(j.lrange("dst", 0, -1)).containsExactly("a", "a");
            assertThat(j.lmove("missing", "dst", ListDirection.LEFT, ListDirection.LEFT)).isNull();
            assertThat(j.lset("l", 0, "B")).isEqualTo("OK");
            assertThat(j.linsert("l", ListPosition.AFTER, "B", "ins")).isEqualTo(6);
            assertThat(j.lrem("l", 0, "c")).isEqualTo(2);
            assertThat(j.lrange("l", 0, -1)).containsExactly("B", "ins", "a", "b");
            assertThat(j.ltrim("l", 1, -2)).isEqualTo("OK");
            assertThat(j.lrange("l", 0, -1)).containsExactly("ins", "a");

            KeyValue<String, List<String>> popped = j.lmpop(ListDirection.RIGHT, 5, "missing", "l", "dst");
            assertThat(popped.getKey()).isEqualTo("l");
            assertThat(popped.getValue()).containsExactly("a", "ins");
            assertThat(j.exists("l")).isFalse();
            KeyValue<String, List<String>> one = j.lmpop(ListDirection.LEFT, "missing", "dst");
            assertThat(one.getKey()).isEqualTo("dst");
            assertThat(one.getValue()).containsExactly("a");
            assertThat(j.lmpop(ListDirection.LEFT, "missing", "also-missing")).isNull();
            assertThat(j.lpop("dst", 3)).containsExactly("a");
            assertThat(j.lpop("dst")).isNull();
            assertThat(j.lpushx("dst", "x")).isZero();

            j.set("str", "x");
            assertError(() -> j.lpush("str", "a"), WRONGTYPE);
            assertError(() -> j.lset("nolist", 0, "x"), "ERR no such key");
            j.rpush("short", "x");
            assertError(() -> j.lset("short", 5, "x"), "ERR index out of range");

            // Redis 7.0 reports every list as a quicklist, whatever list-max-listpack-size says.
            j.configSet("list-max-listpack-size", "4");
            j.rpush("enc", "1");
            assertThat(j.objectEncoding("enc")).isEqualTo("quicklist");
            j.rpush("enc", "2", "3", "4", "5");
            assertThat(j.objectEncoding("enc")).isEqualTo("quicklist");
            assertThat(j.lrange("enc", 0, -1)).containsExactly("1", "2", "3", "4", "5");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void sets(Target t) {
        try (Jedis j = fresh(t)) {
            assertThat(j.sadd("s1", "3", "1", "2", "2")).isEqualTo(3);
            assertThat(j.smembers("s1")).isEqualTo(Set.of("1", "2", "3"));
            assertThat(j.sadd("s2", "2", "3", "4", "x")).isEqualTo(4);
            assertThat(j.scard("s2")).isEqualTo(4);
            assertThat(j.sismember("s1", "2")).isTrue();
            assertThat(j.smismember("s1", "1", "9", "3")).containsExactly(true, false, true);
            assertThat(j.sinter("s1", "s2")).isEqualTo(Set.of("2", "3"));
            assertThat(j.sintercard("s1", "s2")).isEqualTo(2);
            assertThat(j.sintercard(1, "s1", "s2")).isEqualTo(1);
            assertThat(j.sintercard("s1", "missing")).isZero();
            assertThat(j.sunion("s1", "s2")).isEqualTo(Set.of("1", "2", "3", "4", "x"));
            assertThat(j.sdiff("s2", "s1")).isEqualTo(Set.of("4", "x"));
            assertThat(j.sinterstore("inter", "s1", "s2")).isEqualTo(2);
            assertThat(j.sunionstore("union", "s1", "s2")).isEqualTo(5);
            assertThat(j.sdiffstore("diff", "s1", "s2")).isEqualTo(1);
            assertThat(j.smembers("diff")).isEqualTo(Set.of("1"));
            assertThat(j.sdiffstore("diff", "s1", "s1")).isZero();
            assertThat(j.exists("diff")).isFalse();
            assertThat(j.smove("s2", "s1", "x")).isEqualTo(1);
            assertThat(j.smove("s2", "s1", "x")).isZero();
            assertThat(j.srem("s1", "x", "nope")).isEqualTo(1);
            assertThat(j.srandmember("s1", 10)).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(j.srandmember("s1", -5)).hasSize(5).allMatch(m -> Set.of("1", "2", "3").contains(m));
            Set<String> popped = j.spop("s1", 2);
            assertThat(popped).hasSize(2);
            assertThat(j.smembers("s1")).hasSize(1).doesNotContainAnyElementsOf(popped);
            assertThat(j.smembers("missing")).isEmpty();

            j.set("str", "x");
            assertError(() -> j.sadd("str", "a"), WRONGTYPE);
            assertThat(j.sintercard(0, "inter", "union")).isEqualTo(2); // LIMIT 0: no limit
            assertError(() -> j.sintercard(-1, "s1"), "ERR LIMIT can't be negative");

            // Integers only: intset up to set-max-intset-entries; any other member or one more makes a hashtable.
            j.configSet("set-max-intset-entries", "3");
            j.sadd("ints", "1", "2", "3");
            assertThat(j.objectEncoding("ints")).isEqualTo("intset");
            j.sadd("ints", "4");
            assertThat(j.objectEncoding("ints")).isEqualTo("hashtable");
            j.sadd("mixed", "1");
            assertThat(j.objectEncoding("mixed")).isEqualTo("intset");
            j.sadd("mixed", "a");
            assertThat(j.objectEncoding("mixed")).isEqualTo("hashtable");
            assertThat(j.sunionstore("stored", "ints")).isEqualTo(4);
            assertThat(j.objectEncoding("stored")).isEqualTo("hashtable");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void sortedSets(Target t) {
        try (Jedis j = fresh(t)) {
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("a", 1.0);
            scores.put("b", 2.0);
            scores.put("c", 3.0);
            assertThat(j.zadd("z", scores)).isEqualTo(3);
            assertThat(j.zadd("z", 10, "a", ZAddParams.zAddParams().nx())).isZero();
            assertThat(j.zadd("z", 0.5, "a", ZAddParams.zAddParams().xx().ch())).isEqualTo(1);
            assertThat(j.zadd("z", 5, "b", ZAddParams.zAddParams().lt())).isZero();
            assertThat(j.zadd("z", 5, "b", ZAddParams.zAddParams().gt().ch())).isEqualTo(1);
            assertThat(j.zadd("z", 4, "d", ZAddParams.zAddParams().xx())).isZero();
            assertThat(j.zscore("z", "b")).isEqualTo(5.0);
            assertThat(j.zscore("z", "d")).isNull();
            assertThat(j.zmscore("z", "a", "d", "c")).containsExactly(0.5, null, 3.0);
            assertThat(j.zincrby("z", 0.25, "c")).isEqualTo(3.25);
            assertThat(j.zrangeWithScores("z", 0, -1)).containsExactly(
                    new Tuple("a", 0.5), new Tuple("c", 3.25), new Tuple("b", 5.0));
            assertThat(j.zrangeWithScores("z", ZRangeParams.zrangeByScoreParams(10, 1).rev()))
                    .containsExactly(new Tuple("b", 5.0), new Tuple("c", 3.25));
            assertThat(j.zrangeWithScores("z", ZRangeParams.zrangeByScoreParams(0, 10).limit(1, 5)))
                    .containsExactly(new Tuple("c", 3.25), new Tuple("b", 5.0));
            assertError(() -> j.zrangeWithScores("z", ZRangeParams.zrangeParams(0, -1).limit(1, 1)),
                    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            assertThat(j.zrank("z", "c")).isEqualTo(1);
            assertThat(j.zrevrank("z", "c")).isEqualTo(1);
            assertThat(j.zcount("z", "(0.5", "+inf")).isEqualTo(2);

            j.zadd("lex", Map.of("a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0));
            assertThat(j.zrangeByLex("lex", "[b", "(d")).containsExactly("b", "c");
            assertThat(j.zrangeByLex("lex", "-", "+", 1, 2)).containsExactly("b", "c");
            assertThat(j.zlexcount("lex", "(a", "+")).isEqualTo(3);
            assertError(() -> j.zrangeByLex("lex", "b", "d"), "ERR min or max not valid string range item");

            j.zadd("u1", Map.of("x", 1.0, "y", 2.0));
            j.zadd("u2", Map.of("y", 3.0, "w", 4.0));
            assertThat(j.zunionstore("out", new ZParams().weights(2, 1).aggregate(ZParams.Aggregate.MAX), "u1", "u2"))
                    .isEqualTo(3);
            assertThat(j.zrangeWithScores("out", 0, -1)).containsExactly(
                    new Tuple("x", 2.0), new Tuple("w", 4.0), new Tuple("y", 4.0));
            assertThat(j.zinterstore("out", new ZParams().aggregate(ZParams.Aggregate.SUM), "u1", "u2")).isEqualTo(1);
            assertThat(j.zrangeWithScores("out", 0, -1)).containsExactly(new Tuple("y", 5.0));

            KeyValue<String, List<Tuple>> min = j.zmpop(SortedSetOption.MIN, 2, "missing", "z");
            assertThat(min.getKey()).isEqualTo("z");
            assertThat(min.getValue()).containsExactly(new Tuple("a", 0.5), new Tuple("c", 3.25));
            KeyValue<String, List<Tuple>> max = j.zmpop(SortedSetOption.MAX, "z");
            assertThat(max.getValue()).containsExactly(new Tuple("b", 5.0));
            assertThat(j.exists("z")).isFalse();
            assertThat(j.zmpop(SortedSetOption.MAX, "z")).isNull();

            assertThat(j.zrandmember("lex", 10)).containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(j.zrandmember("lex", -7)).hasSize(7);
            assertThat(j.zrandmemberWithScores("lex", 2)).hasSize(2).allMatch(tu -> tu.getScore() == 0.0);
            assertThat(j.zrandmember("missing")).isNull();

            j.set("str", "x");
            assertError(() -> j.zadd("str", 1, "a"), WRONGTYPE);
            assertError(() -> j.sendCommand(Protocol.Command.ZADD, "lex", "NX", "XX", "1", "a"),
                    "ERR XX and NX options at the same time are not compatible");
            assertError(() -> j.zadd("lex", 1, "a", ZAddParams.zAddParams().gt().nx()),
                    "ERR GT, LT, and/or NX options at the same time are not compatible");
            j.hset("h", "f", "v");
            assertError(() -> j.zunionstore("out", "u1", "h"), WRONGTYPE);

            // zset-max-listpack-entries 3: a fourth member makes a skiplist; so does a long member.
            j.configSet("zset-max-listpack-entries", "3");
            j.zadd("enc", Map.of("a", 1.0, "b", 2.0, "c", 3.0));
            assertThat(j.objectEncoding("enc")).isEqualTo("listpack");
            j.zadd("enc", 4, "d");
            assertThat(j.objectEncoding("enc")).isEqualTo("skiplist");
            j.configSet("zset-max-listpack-value", "4");
            j.zadd("val", 1, "abcd");
            assertThat(j.objectEncoding("val")).isEqualTo("listpack");
            j.zadd("val", 1, "abcde");
            assertThat(j.objectEncoding("val")).isEqualTo("skiplist");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void geo(Target t) {
        try (Jedis j = fresh(t)) {
            assertThat(j.geoadd("g", 13.361389, 38.115556, "Palermo")).isEqualTo(1);
            assertThat(j.geoadd("g", Map.of("Catania", new GeoCoordinate(15.087269, 37.502669),
                    "Paris", new GeoCoordinate(2.349014, 48.864716)))).isEqualTo(2);
            assertThat(j.geodist("g", "Palermo", "Catania", GeoUnit.KM)).isEqualTo(166.2742);
            assertThat(j.geodist("g", "Palermo", "Catania")).isEqualTo(166274.1516);
            assertThat(j.geodist("g", "Palermo", "Nowhere")).isNull();
            assertThat(j.geohash("g", "Palermo", "Catania", "Nowhere")).containsExactly("sqc8b49rny0", "sqdtr74hyu0", null);
            List<GeoCoordinate> pos = j.geopos("g", "Palermo", "Nowhere");
            assertThat(pos).hasSize(2);
            assertThat(pos.get(0).getLongitude()).isEqualTo(13.36138933897018433);
            assertThat(pos.get(0).getLatitude()).isEqualTo(38.11555639549629859);
            assertThat(pos.get(1)).isNull();

            List<GeoRadiusResponse> near = j.geosearch("g", new GeoSearchParam().fromLonLat(15, 37)
                    .byRadius(200, GeoUnit.KM).asc().withDist().withCoord().withHash());
            assertThat(near).extracting(GeoRadiusResponse::getMemberByString).containsExactly("Catania", "Palermo");
            assertThat(near).extracting(GeoRadiusResponse::getDistance).containsExactly(56.4413, 190.4424);
            assertThat(near).extracting(GeoRadiusResponse::getRawScore).containsExactly(3479447370796909L, 3479099956230698L);
            assertThat(near.get(0).getCoordinate().getLongitude()).isCloseTo(15.087269, within(1e-5));
            assertThat(j.geosearch("g", new GeoSearchParam().fromMember("Palermo").byBox(400, 400, GeoUnit.KM)
                    .desc().count(1))).extracting(GeoRadiusResponse::getMemberByString).containsExactly("Catania");
            assertThat(j.geosearch("g", "Paris", 10, GeoUnit.KM))
                    .extracting(GeoRadiusResponse::getMemberByString).containsExactly("Paris");
            assertThat(j.zcard("g")).isEqualTo(3);

            assertError(() -> j.geosearch("g", new GeoSearchParam().fromMember("Nowhere").byRadius(1, GeoUnit.KM)),
                    "ERR could not decode requested zset member");
            assertError(() -> j.geoadd("g", 200, 100, "bad"),
                    "ERR invalid longitude,latitude pair 200.000000,100.000000");
            j.set("str", "x");
            assertError(() -> j.geoadd("str", 1, 1, "a"), WRONGTYPE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void hyperLogLog(Target t) {
        try (Jedis j = fresh(t)) {
            assertThat(j.pfadd("p1", "a", "b", "c", "d")).isEqualTo(1);
            assertThat(j.pfadd("p1", "a", "b")).isZero();
            assertThat(j.pfcount("p1")).isEqualTo(4);
            assertThat(j.pfadd("p2", "c", "d", "e")).isEqualTo(1);
            assertThat(j.pfcount("p1", "p2")).isEqualTo(5);
            assertThat(j.pfmerge("merged", "p1", "p2")).isEqualTo("OK");
            assertThat(j.pfcount("merged")).isEqualTo(5);
            assertThat(j.pfcount("missing")).isZero();
            String[] many = new String[10_000];
            for (int i = 0; i < many.length; i++) many[i] = "member-" + i;
            assertThat(j.pfadd("big", many)).isEqualTo(1);
            long estimate = j.pfcount("big");
            assertThat(estimate).isBetween(9_700L, 10_300L);
            assertThat(j.type("big")).isEqualTo("string");

            j.set("str", "not an hll");
            assertError(() -> j.pfadd("str", "a"), "WRONGTYPE Key is not a valid HyperLogLog string value.");
            assertError(() -> j.pfcount("str"), "WRONGTYPE Key is not a valid HyperLogLog string value.");
            j.sadd("set", "a");
            assertError(() -> j.pfcount("set"), WRONGTYPE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void sort(Target t) {
        try (Jedis j = fresh(t)) {
            j.rpush("n", "3", "1", "2");
            j.mset("w_1", "30", "w_2", "10", "w_3", "20");
            j.hset("o_1", "f", "one");
            j.hset("o_2", "f", "two");
            j.hset("o_3", "f", "three");
            assertThat(j.sort("n")).containsExactly("1", "2", "3");
            assertThat(j.sort("n", new SortingParams().desc().limit(1, 1))).containsExactly("2");
            assertThat(j.sort("n", new SortingParams().by("w_*").get("#", "o_*->f")))
                    .containsExactly("2", "two", "3", "three", "1", "one");
            assertThat(j.sort("n", new SortingParams().nosort())).containsExactly("3", "1", "2");
            assertThat(j.sort("n", new SortingParams().get("missing_*"))).containsExactly(null, null, null);

            j.rpush("words", "pear", "apple", "fig", "apple");
            assertThat(j.sort("words", new SortingParams().alpha())).containsExactly("apple", "apple", "fig", "pear");
            assertThat(j.sort("words", new SortingParams().alpha().desc().limit(0, 2))).containsExactly("pear", "fig");
            assertError(() -> j.sort("words"), "ERR One or more scores can't be converted into double");

            assertThat(j.sort("n", new SortingParams().by("w_*").desc(), "dst")).isEqualTo(3);
            assertThat(j.lrange("dst", 0, -1)).containsExactly("1", "3", "2");
            assertThat(j.sort("missing", new SortingParams(), "dst")).isZero();
            assertThat(j.exists("dst")).isFalse();

            j.sadd("set", "10", "9", "100");
            assertThat(j.sort("set")).containsExactly("9", "10", "100");
            j.zadd("zs", Map.of("b", 1.0, "a", 2.0, "c", 3.0));
            assertThat(j.sort("zs", new SortingParams().alpha())).containsExactly("a", "b", "c");
            j.set("str", "x");
            assertError(() -> j.sort("str"), WRONGTYPE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void scansAndStoredEncodings(Target t) {
        try (Jedis j = fresh(t)) {
            // Compact encodings: everything in one call, in insertion (intset: numeric) order, cursor 0.
            j.hset("h", "b", "2");
            j.hset("h", "a", "1");
            ScanResult<Map.Entry<String, String>> hs = j.hscan("h", ScanParams.SCAN_POINTER_START,
                    new ScanParams().count(1));
            assertThat(hs.getCursor()).isEqualTo("0");
            assertThat(hs.getResult()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
            j.sadd("ints", "30", "-1", "7");
            ScanResult<String> ss = j.sscan("ints", ScanParams.SCAN_POINTER_START, new ScanParams().count(1));
            assertThat(ss.getCursor()).isEqualTo("0");
            assertThat(ss.getResult()).containsExactly("-1", "7", "30");
            j.zadd("z", Map.of("m1", 2.0, "m2", 1.0));
            ScanResult<Tuple> zs = j.zscan("z", ScanParams.SCAN_POINTER_START, new ScanParams().match("m*"));
            assertThat(zs.getCursor()).isEqualTo("0");
            assertThat(zs.getResult()).containsExactly(new Tuple("m2", 1.0), new Tuple("m1", 2.0));
            assertThat(j.sscan("missing", ScanParams.SCAN_POINTER_START).getResult()).isEmpty();

            // Large encodings: a full cursor walk returns every element (duplicates allowed, none missed).
            Map<String, String> many = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) many.put("f" + i, "v" + i);
            j.hset("big", many);
            assertThat(j.objectEncoding("big")).isEqualTo("hashtable");
            Map<String, String> seen = new LinkedHashMap<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<Map.Entry<String, String>> page = j.hscan("big", cursor, new ScanParams().count(50));
                for (Map.Entry<String, String> e : page.getResult()) seen.put(e.getKey(), e.getValue());
                cursor = page.getCursor();
            } while (!cursor.equals("0"));
            assertThat(seen).isEqualTo(many);
            Set<String> members = new HashSet<>();
            String[] names = new String[700];
            for (int i = 0; i < names.length; i++) names[i] = Integer.toString(i * 3);
            j.sadd("bigset", names);
            assertThat(j.objectEncoding("bigset")).isEqualTo("hashtable");
            cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.sscan("bigset", cursor, new ScanParams().match("*5"));
                members.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals("0"));
            assertThat(members).isEqualTo(Arrays.stream(names).filter(n -> n.endsWith("5"))
                    .collect(Collectors.toSet()));

            // Values created in bulk take the encoding their final size calls for.
            j.configSet(Map.of("zset-max-listpack-entries", "3", "set-max-intset-entries", "3",
                    "hash-max-listpack-entries", "3"));
            j.zadd("four", Map.of("x", 1.0, "y", 2.0, "z", 3.0, "w", 4.0));
            assertThat(j.objectEncoding("four")).isEqualTo("skiplist");
            assertThat(j.zrangestore("three", "four", ZRangeParams.zrangeParams(0, 2))).isEqualTo(3);
            assertThat(j.objectEncoding("three")).isEqualTo("listpack");
            assertThat(j.zunionstore("union4", "four")).isEqualTo(4);
            assertThat(j.objectEncoding("union4")).isEqualTo("skiplist");
            assertThat(j.zinterstore("inter3", "three", "four")).isEqualTo(3);
            assertThat(j.objectEncoding("inter3")).isEqualTo("listpack");
            j.sadd("s1", "1", "2", "3", "4", "5");
            j.sadd("s2", "1", "2", "9");
            assertThat(j.objectEncoding("s1")).isEqualTo("hashtable");
            assertThat(j.sinterstore("si", "s1", "s2")).isEqualTo(2);
            assertThat(j.objectEncoding("si")).isEqualTo("intset");
            assertThat(j.sdiffstore("sd", "s1", "s2")).isEqualTo(3);
            assertThat(j.objectEncoding("sd")).isEqualTo("intset");
            assertThat(j.hset("h4", Map.of("a", "1", "b", "2", "c", "3", "d", "4"))).isEqualTo(4);
            assertThat(j.objectEncoding("h4")).isEqualTo("hashtable");
            assertThat(j.copy("h4", "h4copy", false)).isTrue();
            assertThat(j.objectEncoding("h4copy")).isEqualTo("hashtable");
            assertThat(j.hgetAll("h4copy")).isEqualTo(j.hgetAll("h4"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void edgeReplies(Target t) {
        try (Jedis j = fresh(t)) {
            // HINCRBYFLOAT keeps Redis's long-double text; the typed reply is its nearest double.
            j.hset("h", "a", "1");
            assertThat(j.hincrByFloat("h", "a", 1e3)).isEqualTo(1001.0);
            assertThat(j.hincrByFloat("h", "a", -0.1)).isEqualTo(1000.9);
            assertThat(j.hget("h", "a")).isEqualTo("1000.90000000000000002");
            assertError(() -> j.sendCommand(Protocol.Command.HINCRBYFLOAT, "h", "c", "inf"),
                    "ERR value is NaN or Infinity");

            j.zadd("z", Map.of("a", 1.0, "b", 2.0));
            assertThat(j.zaddIncr("z", 1, "a", ZAddParams.zAddParams())).isEqualTo(2.0);
            assertThat(j.zaddIncr("z", 1, "a", ZAddParams.zAddParams().nx())).isNull();
            assertThat(j.zaddIncr("z", -5, "b", ZAddParams.zAddParams().gt())).isNull();
            assertError(() -> j.sendCommand(Protocol.Command.ZADD, "z", "INCR", "1", "a", "2", "b"),
                    "ERR INCR option supports a single increment-element pair");
            assertError(() -> j.sendCommand(Protocol.Command.ZADD, "z", "nan", "a"), "ERR value is not a valid float");
            assertError(() -> j.sendCommand(Protocol.Command.ZUNIONSTORE, "out", "2", "z", "z", "AGGREGATE", "avg"),
                    "ERR syntax error");
            j.zadd("scores", Map.of("d", 1.0000000000000002, "e", 0.1, "f", 1e20, "g", -0.0));
            assertThat(j.zrangeWithScores("scores", 0, -1)).containsExactly(new Tuple("g", 0.0),
                    new Tuple("e", 0.1), new Tuple("d", 1.0000000000000002), new Tuple("f", 1e20));

            j.rpush("l", "e", "d", "c", "b", "a");
            assertError(() -> j.lpos("l", "c", LPosParams.lPosParams().maxlen(-1)), "ERR MAXLEN can't be negative");
            assertError(() -> j.lpos("l", "c", LPosParams.lPosParams(), -1), "ERR COUNT can't be negative");
            assertThat(j.lpos("l", "a", LPosParams.lPosParams().maxlen(3))).isNull();
            assertError(() -> j.sendCommand(Protocol.Command.LMPOP, "1", "l", "LEFT", "COUNT", "10", "COUNT", "2"),
                    "ERR syntax error");
            assertError(() -> j.lmpop(ListDirection.LEFT, 0, "l"), "ERR count should be greater than 0");

            j.geoadd("geo", Map.of("Palermo", new GeoCoordinate(13.361389, 38.115556),
                    "Catania", new GeoCoordinate(15.087269, 37.502669)));
            assertThat(j.geosearch("geo", new GeoSearchParam().fromLonLat(15, 37).byRadius(200, GeoUnit.KM)
                    .count(1, true))).extracting(GeoRadiusResponse::getMemberByString).containsExactly("Palermo");
            assertError(() -> j.geosearch("geo", new GeoSearchParam().fromLonLat(15, 37)
                    .byRadius(200, GeoUnit.KM).count(0)), "ERR COUNT must be > 0");
            assertThat(j.geosearchStoreStoreDist("dists", "geo", new GeoSearchParam().fromLonLat(15, 37)
                    .byRadius(200, GeoUnit.KM))).isEqualTo(2);
            assertThat(j.zrangeWithScores("dists", 0, -1)).containsExactly(
                    new Tuple("Catania", 56.441257870158204), new Tuple("Palermo", 190.44242984775784));
            assertThat(j.geosearchStore("found", "geo", new GeoSearchParam().fromMember("Palermo")
                    .byBox(10, 10, GeoUnit.KM))).isEqualTo(1);
            assertThat(j.zscore("found", "Palermo")).isEqualTo(j.zscore("geo", "Palermo"));

            j.rpush("n", "3", "1", "2", "10");
            assertThat(j.sort("n", new SortingParams().limit(-1, 2))).containsExactly("1", "2");
            assertThat(j.sort("n", new SortingParams().limit(0, -1))).containsExactly("1", "2", "3", "10");
            assertThat(j.sort("n", new SortingParams().alpha())).containsExactly("1", "10", "2", "3");
            assertThat(j.sort("geo", new SortingParams().nosort().limit(1, 1))).containsExactly("Catania");
        }
    }
}

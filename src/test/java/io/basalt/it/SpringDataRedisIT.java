package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ListOperations.MoveFrom;
import org.springframework.data.redis.core.ListOperations.MoveTo;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.support.atomic.RedisAtomicLong;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data Redis over Lettuce (no Spring Boot: the connection factory is started and
 * stopped here), against Basalt and real redis-server alike: the template's operations on
 * every type, transactions with WATCH through a SessionCallback, Lua scripts run as
 * EVALSHA with the EVAL fallback, a listener container receiving a published message and a
 * keyspace notification, and RedisAtomicLong.
 */
class SpringDataRedisIT {
    private static ServerProcess basalt;
    private static RedisProcess redis;
    private static final Map<String, LettuceConnectionFactory> FACTORIES = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        basalt = ServerProcess.start();
        redis = Target.startRedisIfAvailable();
    }

    @AfterAll
    static void stop() {
        try {
            for (LettuceConnectionFactory f : FACTORIES.values()) f.destroy();
            Target.assertSameErrorKinds(servers());
        } finally {
            if (basalt != null) basalt.close();
            if (redis != null) redis.close();
        }
    }

    static List<Target> servers() {
        return Target.both(basalt, redis);
    }

    /** The target's started connection factory (one per server), after emptying the server. */
    private static LettuceConnectionFactory factory(Target t) {
        try (Jedis j = t.flushedJedis()) {
            j.ping();
        }
        return FACTORIES.computeIfAbsent(t.name(), name -> {
            LettuceConnectionFactory f = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration(ServerProcess.HOST, t.port()));
            f.afterPropertiesSet();
            f.start();
            return f;
        });
    }

    private static StringRedisTemplate template(Target t) {
        return new StringRedisTemplate(factory(t));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void templateOperationsOnEveryType(Target t) {
        StringRedisTemplate tpl = template(t);
        var values = tpl.opsForValue();
        values.set("s", "v");
        assertThat(values.get("s")).isEqualTo("v");
        assertThat(values.setIfAbsent("s", "w")).isFalse();
        assertThat(values.setIfAbsent("t", "w", Duration.ofSeconds(100))).isTrue();
        assertThat(tpl.getExpire("t", TimeUnit.SECONDS)).isBetween(1L, 100L);
        assertThat(values.increment("n")).isEqualTo(1L);
        assertThat(values.increment("n", 10)).isEqualTo(11L);
        assertThat(values.increment("f", 1.5)).isEqualTo(1.5);
        assertThat(values.append("s", "x")).isEqualTo(2);
        assertThat(values.getAndSet("s", "y")).isEqualTo("vx");
        assertThat(values.multiGet(List.of("s", "missing", "t"))).containsExactly("y", null, "w");
        assertThat(values.getAndDelete("t")).isEqualTo("w");
        assertThat(tpl.hasKey("t")).isFalse();

        var hashes = tpl.<String, String>opsForHash();
        hashes.put("h", "a", "1");
        hashes.putAll("h", Map.of("b", "2", "c", "3"));
        assertThat(hashes.putIfAbsent("h", "a", "9")).isFalse();
        assertThat(hashes.get("h", "a")).isEqualTo("1");
        assertThat(hashes.increment("h", "a", 4)).isEqualTo(5L);
        assertThat(hashes.entries("h")).isEqualTo(Map.of("a", "5", "b", "2", "c", "3"));
        assertThat(hashes.delete("h", "b", "missing")).isEqualTo(1L);
        assertThat(hashes.size("h")).isEqualTo(2L);
        assertThat(hashes.multiGet("h", List.of("a", "x"))).containsExactly("5", null);

        var lists = tpl.opsForList();
        assertThat(lists.rightPushAll("l", "a", "b", "c")).isEqualTo(3L);
        assertThat(lists.leftPush("l", "z")).isEqualTo(4L);
        assertThat(lists.range("l", 0, -1)).containsExactly("z", "a", "b", "c");
        assertThat(lists.leftPop("l")).isEqualTo("z");
        assertThat(lists.rightPop("l")).isEqualTo("c");
        assertThat(lists.index("l", 1)).isEqualTo("b");
        assertThat(lists.move(MoveFrom.fromHead("l"), MoveTo.toTail("l2"))).isEqualTo("a");
        assertThat(lists.leftPop("empty", Duration.ofMillis(100))).isNull();

        var sets = tpl.opsForSet();
        assertThat(sets.add("set1", "a", "b", "c")).isEqualTo(3L);
        assertThat(sets.add("set2", "b", "c", "d")).isEqualTo(3L);
        assertThat(sets.isMember("set1", "a")).isTrue();
        assertThat(sets.intersect("set1", "set2")).isEqualTo(Set.of("b", "c"));
        assertThat(sets.union("set1", "set2")).isEqualTo(Set.of("a", "b", "c", "d"));
        assertThat(sets.difference("set1", "set2")).isEqualTo(Set.of("a"));
        assertThat(sets.remove("set1", "a", "x")).isEqualTo(1L);
        assertThat(sets.members("set1")).isEqualTo(Set.of("b", "c"));

        var zsets = tpl.opsForZSet();
        assertThat(zsets.add("z", "a", 1)).isTrue();
        assertThat(zsets.add("z", "b", 2.5)).isTrue();
        assertThat(zsets.add("z", "a", 3)).isFalse();
        assertThat(zsets.incrementScore("z", "b", 1)).isEqualTo(3.5);
        assertThat(zsets.range("z", 0, -1)).containsExactly("a", "b");
        assertThat(zsets.reverseRangeWithScores("z", 0, 0)).extracting(TypedTuple::getValue, TypedTuple::getScore)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 3.5));
        assertThat(zsets.rank("z", "b")).isEqualTo(1L);
        assertThat(zsets.count("z", 2, 4)).isEqualTo(2L);
        assertThat(zsets.rangeByScore("z", 3.2, 10)).containsExactly("b");
        assertThat(zsets.popMin("z").getValue()).isEqualTo("a");
        assertThat(zsets.zCard("z")).isEqualTo(1L);
    }

    @ParameterizedTest
    @MethodSource("servers")
    @SuppressWarnings("unchecked")
    void sessionCallbackTransactionsWithWatch(Target t) throws Exception {
        StringRedisTemplate tpl = template(t);
        tpl.opsForValue().set("balance", "100");
        List<Object> results = tpl.execute(new SessionCallback<List<Object>>() {
            @Override
            public <K, V> List<Object> execute(RedisOperations<K, V> operations) {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                ops.watch("balance");
                long balance = Long.parseLong(ops.opsForValue().get("balance"));
                ops.multi();
                ops.opsForValue().set("balance", Long.toString(balance - 30));
                ops.opsForList().rightPush("audit", "-30");
                ops.opsForValue().increment("balance", 5);
                return ops.exec();
            }
        });
        assertThat(results).containsExactly(true, 1L, 75L);
        assertThat(tpl.opsForValue().get("balance")).isEqualTo("75");

        // Another connection changes the watched key between WATCH and EXEC: the transaction aborts.
        List<Object> aborted = tpl.execute(new SessionCallback<List<Object>>() {
            @Override
            public <K, V> List<Object> execute(RedisOperations<K, V> operations) {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                ops.watch("balance");
                try (Jedis j = t.jedis()) {
                    j.set("balance", "0");
                }
                ops.multi();
                ops.opsForValue().set("balance", "999");
                return ops.exec();
            }
        });
        assertThat(aborted).isEmpty();
        assertThat(tpl.opsForValue().get("balance")).isEqualTo("0");

        // Optimistic-locking increments from several threads lose nothing.
        tpl.opsForValue().set("counter", "0");
        int threads = 4, increments = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < increments; n++) {
                        while (true) {
                            List<Object> r = tpl.execute(new SessionCallback<List<Object>>() {
                                @Override
                                public <K, V> List<Object> execute(RedisOperations<K, V> operations) {
                                    RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                                    ops.watch("counter");
                                    long v = Long.parseLong(ops.opsForValue().get("counter"));
                                    ops.multi();
                                    ops.opsForValue().set("counter", Long.toString(v + 1));
                                    return ops.exec();
                                }
                            });
                            if (!r.isEmpty()) break;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tpl.opsForValue().get("counter")).isEqualTo(Integer.toString(threads * increments));
    }

    @ParameterizedTest
    @MethodSource("servers")
    @SuppressWarnings({"rawtypes", "unchecked"})
    void luaScriptsReturningLongListAndBoolean(Target t) {
        StringRedisTemplate tpl = template(t);
        try (Jedis j = t.jedis()) {
            j.scriptFlush();
        }
        DefaultRedisScript<Long> incr = new DefaultRedisScript<>(
                "local v = redis.call('INCRBY', KEYS[1], ARGV[1]) redis.call('EXPIRE', KEYS[1], ARGV[2]) return v",
                Long.class);
        // The first run finds no cached script (NOSCRIPT) and falls back to EVAL; the second runs EVALSHA.
        assertThat(tpl.execute(incr, List.of("hits"), "5", "100")).isEqualTo(5L);
        assertThat(tpl.execute(incr, List.of("hits"), "2", "100")).isEqualTo(7L);
        assertThat(tpl.getExpire("hits")).isBetween(1L, 100L);

        DefaultRedisScript<List> list = new DefaultRedisScript<>(
                "redis.call('RPUSH', KEYS[1], unpack(ARGV)) return redis.call('LRANGE', KEYS[1], 0, -1)", List.class);
        assertThat((List<Object>) tpl.execute(list, List.of("items"), "a", "b", "c")).containsExactly("a", "b", "c");

        DefaultRedisScript<Boolean> exists = new DefaultRedisScript<>(
                "return redis.call('EXISTS', KEYS[1]) == 1", Boolean.class);
        assertThat(tpl.execute(exists, List.of("items"))).isTrue();
        assertThat(tpl.execute(exists, List.of("missing"))).isFalse();

        DefaultRedisScript<Boolean> compareAndDelete = new DefaultRedisScript<>(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) == 1 end return false",
                Boolean.class);
        tpl.opsForValue().set("token", "mine");
        assertThat(tpl.execute(compareAndDelete, List.of("token"), "theirs")).isFalse();
        assertThat(tpl.execute(compareAndDelete, List.of("token"), "mine")).isTrue();
        assertThat(tpl.hasKey("token")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void listenerContainerReceivesMessagesAndKeyspaceNotifications(Target t) throws Exception {
        LettuceConnectionFactory f = factory(t);
        StringRedisTemplate tpl = new StringRedisTemplate(f);
        try (Jedis j = t.jedis()) {
            j.configSet("notify-keyspace-events", "KEA");
        }
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MessageListener listener = (Message message, byte[] pattern) -> received.add(
                new String(message.getChannel(), StandardCharsets.UTF_8) + " "
                        + new String(message.getBody(), StandardCharsets.UTF_8));
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(f);
        container.addMessageListener(listener, new ChannelTopic("news"));
        container.addMessageListener(listener, new PatternTopic("__keyevent@0__:*"));
        container.addMessageListener(listener, new PatternTopic("__keyspace@0__:watched"));
        container.afterPropertiesSet();
        try {
            container.start();
            tpl.convertAndSend("news", "hello");
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("news hello");
            tpl.opsForValue().set("watched", "1");
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 2; i++) events.add(received.poll(10, TimeUnit.SECONDS));
            assertThat(events).containsExactlyInAnyOrder("__keyevent@0__:set watched", "__keyspace@0__:watched set");
            tpl.expire("watched", Duration.ofSeconds(100));
            events.clear();
            for (int i = 0; i < 2; i++) events.add(received.poll(10, TimeUnit.SECONDS));
            assertThat(events).containsExactlyInAnyOrder("__keyevent@0__:expire watched", "__keyspace@0__:watched expire");
            assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            container.stop();
            container.destroy();
            try (Jedis j = t.jedis()) {
                j.configSet("notify-keyspace-events", "");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void redisAtomicLong(Target t) {
        LettuceConnectionFactory f = factory(t);
        RedisAtomicLong counter = new RedisAtomicLong("atomic", f);
        assertThat(counter.get()).isZero();
        assertThat(counter.incrementAndGet()).isEqualTo(1L);
        assertThat(counter.addAndGet(41)).isEqualTo(42L);
        assertThat(counter.compareAndSet(42, 7)).isTrue();
        assertThat(counter.compareAndSet(42, 8)).isFalse();
        assertThat(counter.getAndIncrement()).isEqualTo(7L);
        assertThat(counter.getAndSet(100)).isEqualTo(8L);
        assertThat(counter.updateAndGet(v -> v * 2)).isEqualTo(200L);
        assertThat(counter.decrementAndGet()).isEqualTo(199L);
        assertThat(new StringRedisTemplate(f).opsForValue().get("atomic")).isEqualTo("199");
    }
}

package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.args.UnblockType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blocking list and sorted-set commands with several clients over TCP, through Jedis and
 * Lettuce, against Basalt and real redis-server alike: wake-ups, FIFO order among clients
 * blocked on one key, timeouts, type changes, CLIENT UNBLOCK, and that a blocked client
 * never holds up the others.
 */
class BlockingIT {
    private static ServerProcess basalt;
    private static RedisProcess real;
    private static RedisClient lettuce;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "blocking-it");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void start() throws IOException {
        basalt = ServerProcess.start();
        real = Target.startRedisIfAvailable();
        lettuce = RedisClient.create();
    }

    @AfterAll
    static void stop() {
        if (lettuce != null) lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        if (basalt != null) basalt.close();
        if (real != null) real.close();
    }

    static List<Target> servers() {
        return Target.both(basalt, real);
    }

    /** Polls INFO until {@code n} clients are blocked (so the next blocker is queued behind them). */
    private static void awaitBlocked(Jedis admin, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (admin.info("clients").contains("blocked_clients:" + n + "\r\n")) return;
            Thread.sleep(5);
        }
        throw new AssertionError("expected " + n + " blocked clients: " + admin.info("clients"));
    }

    /** Runs a blocking call on its own connection, closed when the call returns. */
    private static <T> Future<T> onOwnConnection(Target t, java.util.function.Function<Jedis, T> call) {
        Jedis j = t.jedis();
        return POOL.submit(() -> {
            try (j) {
                return call.apply(j);
            }
        });
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void clientsBlockedOnOneKeyAreServedInTheOrderTheyBlocked(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis()) {
            List<Future<List<String>>> waiters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiters.add(onOwnConnection(t, j -> j.blpop(0, "q")));
                awaitBlocked(admin, i + 1);
            }
            assertThat(admin.clientList()).contains("cmd=blpop");
            // One push of three elements: the first three clients get one each, in order.
            assertThat(admin.rpush("q", "a", "b", "c")).isEqualTo(3);
            assertThat(await(waiters.get(0))).containsExactly("q", "a");
            assertThat(await(waiters.get(1))).containsExactly("q", "b");
            assertThat(await(waiters.get(2))).containsExactly("q", "c");
            assertThat(admin.exists("q")).isFalse();
            awaitBlocked(admin, 1);
            assertThat(admin.lpush("q", "d")).isEqualTo(1);
            assertThat(await(waiters.get(3))).containsExactly("q", "d");
            awaitBlocked(admin, 0);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void timeoutsHaveSubSecondPrecisionAndReplyNull(Target t) throws Exception {
        try (Jedis j = t.flushedJedis()) {
            long start = System.nanoTime();
            assertThat(j.blpop(0.15, "none")).isNull();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).isBetween(140L, 900L);
            assertThat(j.bzpopmin(0.05, "none")).isNull();
            assertThat(j.blmove("none", "dst", ListDirection.LEFT, ListDirection.RIGHT, 0.05)).isNull();
            assertThat(j.blmpop(0.05, ListDirection.LEFT, "none")).isNull();
            assertThatThrownBy(() -> j.blpop(-1.0, "none")).hasMessage("ERR timeout is negative");
            assertThatThrownBy(() -> j.sendCommand(redis.clients.jedis.Protocol.Command.BLPOP, "none", "abc"))
                    .hasMessage("ERR timeout is not a float or out of range");
            assertThat(j.info("clients")).contains("blocked_clients:0\r\n");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aBlockedClientHoldsUpNobody(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis()) {
            Future<List<String>> waiter = onOwnConnection(t, j -> j.brpop(0, "k1", "k2"));
            awaitBlocked(admin, 1);
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) assertThat(admin.ping()).isEqualTo("PONG");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
            assertThat(waiter.isDone()).isFalse();
            // The second key wakes it; commands pipelined after the push see the list already served.
            Pipeline p = admin.pipelined();
            Response<Long> pushed = p.rpush("k2", "x", "y");
            Response<Long> left = p.llen("k2");
            p.sync();
            assertThat(pushed.get()).isEqualTo(2);
            assertThat(left.get()).isEqualTo(1);
            assertThat(await(waiter)).containsExactly("k2", "y");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aKeyOfAnotherTypeKeepsTheClientWaiting(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis()) {
            Future<List<String>> waiter = onOwnConnection(t, j -> j.blpop(0, "k"));
            awaitBlocked(admin, 1);
            admin.set("k", "string");
            admin.zadd("k2", 1, "m");
            admin.rename("k2", "k3");
            Thread.sleep(50);
            assertThat(waiter.isDone()).isFalse();
            admin.del("k");
            admin.rpush("tmp", "v");
            admin.rename("tmp", "k");
            assertThat(await(waiter)).containsExactly("k", "v");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void blmoveMovesOnceServedAndFailsOnAWrongTypeDestination(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis()) {
            Future<String> mover = onOwnConnection(t,
                    j -> j.blmove("src", "dst", ListDirection.RIGHT, ListDirection.LEFT, 0));
            awaitBlocked(admin, 1);
            admin.rpush("src", "a", "b");
            assertThat(await(mover)).isEqualTo("b");
            assertThat(admin.lrange("dst", 0, -1)).containsExactly("b");
            assertThat(admin.lrange("src", 0, -1)).containsExactly("a");

            admin.del("src");
            admin.set("dst", "string");
            Future<String> failing = onOwnConnection(t, j -> j.brpoplpush("src", "dst", 0));
            awaitBlocked(admin, 1);
            admin.rpush("src", "c");
            assertThatThrownBy(() -> await(failing)).hasRootCauseInstanceOf(JedisDataException.class)
                    .hasStackTraceContaining("WRONGTYPE");
            assertThat(admin.lrange("src", 0, -1)).containsExactly("c");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void sortedSetsAndMultiPopsWakeUpToo(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis()) {
            Future<redis.clients.jedis.util.KeyValue<String, Tuple>> min = onOwnConnection(t, j -> j.bzpopmin(0, "z"));
            awaitBlocked(admin, 1);
            Future<redis.clients.jedis.util.KeyValue<String, List<Tuple>>> many =
                    onOwnConnection(t, j -> j.bzmpop(0, SortedSetOption.MAX, 10, "y", "z"));
            awaitBlocked(admin, 2);
            admin.zadd("z", java.util.Map.of("a", 1.0, "b", 2.0, "c", 3.5));
            assertThat(await(min).getValue()).isEqualTo(new Tuple("a", 1.0));
            var rest = await(many);
            assertThat(rest.getKey()).isEqualTo("z");
            assertThat(rest.getValue()).containsExactly(new Tuple("c", 3.5), new Tuple("b", 2.0));

            Future<redis.clients.jedis.util.KeyValue<String, List<String>>> lists =
                    onOwnConnection(t, j -> j.blmpop(0, ListDirection.LEFT, 2, "l1", "l2"));
            awaitBlocked(admin, 1);
            admin.rpush("l2", "1", "2", "3");
            var popped = await(lists);
            assertThat(popped.getKey()).isEqualTo("l2");
            assertThat(popped.getValue()).containsExactly("1", "2");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void clientUnblockEndsTheWaitWithATimeoutOrAnError(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis()) {
            Jedis blocked = t.jedis();
            long id = blocked.clientId();
            Future<List<String>> waiter = POOL.submit(() -> blocked.blpop(0, "k"));
            awaitBlocked(admin, 1);
            assertThat(admin.clientList()).containsPattern("id=" + id + " .* flags=b ");
            assertThat(admin.clientUnblock(id, UnblockType.TIMEOUT)).isEqualTo(1);
            assertThat(await(waiter)).isNull();
            assertThat(admin.clientUnblock(id)).isEqualTo(0);

            Future<List<String>> again = POOL.submit(() -> blocked.blpop(0, "k"));
            awaitBlocked(admin, 1);
            assertThat(admin.clientUnblock(id, UnblockType.ERROR)).isEqualTo(1);
            assertThatThrownBy(() -> await(again)).hasStackTraceContaining("UNBLOCKED client unblocked via CLIENT UNBLOCK");
            assertThat(blocked.ping()).isEqualTo("PONG");
            blocked.close();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aDisconnectedClientStopsWaiting(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis()) {
            Jedis blocked = t.jedis();
            Future<List<String>> waiter = POOL.submit(() -> blocked.blpop(0, "k"));
            awaitBlocked(admin, 1);
            blocked.disconnect();
            awaitBlocked(admin, 0);
            assertThatThrownBy(() -> await(waiter)).isNotInstanceOf(TimeoutException.class);
            admin.rpush("k", "v");
            assertThat(admin.lrange("k", 0, -1)).containsExactly("v");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void lettuceAsyncBlockingPopsAreServedInOrder(Target t) throws Exception {
        try (Jedis admin = t.flushedJedis();
             StatefulRedisConnection<String, String> first = lettuce.connect(RedisURI.create(ServerProcess.HOST, t.port()));
             StatefulRedisConnection<String, String> second = lettuce.connect(RedisURI.create(ServerProcess.HOST, t.port()))) {
            RedisAsyncCommands<String, String> a = first.async();
            RedisAsyncCommands<String, String> b = second.async();
            RedisFuture<KeyValue<String, String>> fa = a.brpop(0, "lq");
            awaitBlocked(admin, 1);
            RedisFuture<KeyValue<String, List<String>>> fb = b.blmpop(0, LMPopArgs.Builder.right().count(5), "lq");
            awaitBlocked(admin, 2);
            admin.rpush("lq", "1", "2", "3");
            assertThat(fa.get(10, TimeUnit.SECONDS)).isEqualTo(KeyValue.just("lq", "3"));
            assertThat(fb.get(10, TimeUnit.SECONDS)).isEqualTo(KeyValue.just("lq", List.of("2", "1")));
            RedisFuture<KeyValue<String, ScoredValue<String>>> fz = a.bzpopmax(0.1, "nz");
            assertThat(fz.get(10, TimeUnit.SECONDS)).isNull();
        }
    }
}

package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactions through real clients, on Basalt and real redis-server alike: Jedis's
 * optimistic-locking loop (WATCH, MULTI, EXEC retried on a null reply) contended by several
 * threads must lose no increment, Lettuce's RESP3 transactions report discarded and aborted
 * transactions as Redis does, and the clients' typed errors match.
 */
class TransactionIT {
    private static ServerProcess basalt;
    private static RedisProcess redis;

    @BeforeAll
    static void start() throws IOException {
        basalt = ServerProcess.start();
        redis = Target.startRedisIfAvailable();
    }

    @AfterAll
    static void stop() {
        if (basalt != null) basalt.close();
        if (redis != null) redis.close();
    }

    static List<Target> servers() {
        return Target.both(basalt, redis);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void contendedCheckAndSetLosesNoUpdate(Target t) throws Exception {
        try (Jedis j = t.flushedJedis()) {
            j.set("counter", "0");
        }
        int threads = 6, increments = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> retries = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            retries.add(pool.submit(() -> {
                int aborted = 0;
                try (Jedis j = t.jedis()) {
                    for (int n = 0; n < increments; n++) {
                        while (true) {
                            j.watch("counter");
                            long value = Long.parseLong(j.get("counter"));
                            Transaction tx = j.multi();
                            tx.set("counter", Long.toString(value + 1));
                            tx.rpush("log", Long.toString(value));
                            if (tx.exec() != null) break;
                            aborted++;
                        }
                    }
                }
                return aborted;
            }));
        }
        int aborted = 0;
        for (Future<Integer> f : retries) aborted += f.get(2, TimeUnit.MINUTES);
        pool.shutdown();
        try (Jedis j = t.jedis()) {
            assertThat(j.get("counter")).isEqualTo(Integer.toString(threads * increments));
            // Every committed transaction saw the value the previous one wrote: no duplicates.
            List<String> log = j.lrange("log", 0, -1);
            assertThat(log).hasSize(threads * increments).doesNotHaveDuplicates();
        }
        assertThat(aborted).as("contention aborted some transactions").isPositive();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void jedisSeesQueuedErrorsAndRuntimeErrors(Target t) {
        try (Jedis j = t.flushedJedis()) {
            j.set("s", "text");
            Transaction tx = j.multi();
            Response<Long> incr = tx.incr("s");
            Response<String> set = tx.set("k", "v");
            List<Object> results = tx.exec();
            assertThat(results).hasSize(2);
            assertThat(results.get(0)).isInstanceOf(JedisDataException.class);
            assertThatThrownBy(incr::get).hasMessage("ERR value is not an integer or out of range");
            assertThat(set.get()).isEqualTo("OK");
        }
        try (Jedis j = t.jedis()) {
            Transaction tx = j.multi();
            tx.set("a", "1");
            tx.sendCommand(() -> "NOSUCH".getBytes(), "x");
            assertThatThrownBy(tx::exec).isInstanceOf(JedisDataException.class)
                    .hasMessage("EXECABORT Transaction discarded because of previous errors.");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void lettuceResp3TransactionsAndWatch(Target t) {
        RedisClient client = RedisClient.create("redis://" + ServerProcess.HOST + ":" + t.port());
        try (StatefulRedisConnection<String, String> c1 = client.connect();
             StatefulRedisConnection<String, String> c2 = client.connect()) {
            RedisCommands<String, String> a = c1.sync();
            a.flushall();
            a.multi();
            a.set("k", "1");
            a.incr("k");
            a.hset("h", "f", "v");
            a.hgetall("h");
            TransactionResult r = a.exec();
            assertThat(r.wasDiscarded()).isFalse();
            assertThat(r.<String>get(0)).isEqualTo("OK");
            assertThat(r.<Long>get(1)).isEqualTo(2L);
            assertThat(r.<java.util.Map<String, String>>get(3)).containsEntry("f", "v");

            a.watch("k");
            c2.sync().set("k", "changed");
            a.multi();
            a.set("k", "mine");
            assertThat(a.exec().wasDiscarded()).isTrue();
            assertThat(a.get("k")).isEqualTo("changed");

            a.multi();
            a.set("x", "1");
            assertThat(a.discard()).isEqualTo("OK");
            assertThat(a.exists("x")).isZero();
        } finally {
            client.shutdown();
        }
    }
}

package io.basalt.it;

import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.Protocol;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pub/Sub through real clients, each case against Basalt and redis-server: Jedis (RESP2)
 * and Lettuce (RESP3 pushes) subscribers receive messages, pattern and shard messages with
 * the right subscription counts, and a subscriber that stops reading is disconnected by the
 * pubsub class of client-output-buffer-limit.
 */
class PubSubIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
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

    static List<Target> targets() {
        return Target.both(basalt, redis);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    /** Waits until {@code channel} has {@code n} subscribers (PUBSUB NUMSUB). */
    private static void awaitSubscribers(Jedis j, String channel, long n) throws InterruptedException {
        await(n + " subscribers of " + channel, () -> j.pubsubNumSub(channel).get(channel) == n);
    }

    /** SPUBLISH (Jedis offers it on cluster clients only). */
    private static Object spublish(Jedis j, String channel, String message) {
        return j.sendCommand(Protocol.Command.SPUBLISH, channel, message);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void jedisSubscriberGetsMessagesPatternMessagesAndCounts(Target t) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                seen.add("message " + channel + " " + message);
                if (message.equals("stop")) unsubscribe("jc1", "jc2");
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                seen.add("pmessage " + pattern + " " + channel + " " + message);
                if (message.equals("stop")) punsubscribe();
            }

            @Override
            public void onSubscribe(String channel, int count) {
                seen.add("subscribe " + channel + " " + count);
                if (channel.equals("jc2")) psubscribe("jp*");
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                seen.add("psubscribe " + pattern + " " + count);
            }

            @Override
            public void onUnsubscribe(String channel, int count) {
                seen.add("unsubscribe " + channel + " " + count);
            }

            @Override
            public void onPUnsubscribe(String pattern, int count) {
                seen.add("punsubscribe " + pattern + " " + count);
            }
        };
        try (Jedis sub = t.jedis(); Jedis pub = t.flushedJedis()) {
            Thread reader = new Thread(() -> sub.subscribe(listener, "jc1", "jc2"));
            reader.start();
            await("the pattern subscription", () -> pub.pubsubNumPat() == 1);
            assertThat(pub.publish("jc1", "hello")).isEqualTo(1);
            assertThat(pub.publish("jp-x", "world")).isEqualTo(1);
            assertThat(pub.publish("jc2", "stop")).isEqualTo(1);
            awaitSubscribers(pub, "jc1", 0);
            assertThat(pub.publish("jp-y", "stop")).isEqualTo(1);
            reader.join(DEADLINE.toMillis());
            assertThat(reader.isAlive()).isFalse();
            assertThat(seen).containsExactly(
                    "subscribe jc1 1", "subscribe jc2 2", "psubscribe jp* 3",
                    "message jc1 hello", "pmessage jp* jp-x world",
                    "message jc2 stop", "unsubscribe jc1 2", "unsubscribe jc2 1",
                    "pmessage jp* jp-y stop", "punsubscribe jp* 0");
            assertThat(pub.pubsubNumSub("jc1").get("jc1")).isEqualTo(0L);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void jedisShardSubscriber(Target t) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        JedisShardedPubSub listener = new JedisShardedPubSub() {
            @Override
            public void onSMessage(String channel, String message) {
                seen.add("smessage " + channel + " " + message);
                sunsubscribe();
            }

            @Override
            public void onSSubscribe(String channel, int count) {
                seen.add("ssubscribe " + channel + " " + count);
            }

            @Override
            public void onSUnsubscribe(String channel, int count) {
                seen.add("sunsubscribe " + channel + " " + count);
            }
        };
        try (Connection sub = new Connection(ServerProcess.HOST, t.port()); Jedis pub = t.flushedJedis()) {
            Thread reader = new Thread(() -> listener.proceed(sub, "js"));
            reader.start();
            await("the shard subscription", () -> pub.pubsubShardNumSub("js").get("js") == 1);
            assertThat(pub.publish("js", "not-shard")).isEqualTo(0);
            assertThat(spublish(pub, "js", "m")).isEqualTo(1L);
            reader.join(DEADLINE.toMillis());
            assertThat(seen).containsExactly("ssubscribe js 1", "smessage js m", "sunsubscribe js 0");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void lettuceResp3SubscriberGetsPushes(Target t) throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(ServerProcess.HOST, t.port()));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        List<String> seen = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> conn = client.connectPubSub(); Jedis pub = t.flushedJedis()) {
            conn.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    seen.add("message " + channel + " " + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    seen.add("pmessage " + pattern + " " + channel + " " + message);
                }

                @Override
                public void smessage(String channel, String message) {
                    seen.add("smessage " + channel + " " + message);
                }

                @Override
                public void subscribed(String channel, long count) {
                    seen.add("subscribe " + channel + " " + count);
                }

                @Override
                public void psubscribed(String pattern, long count) {
                    seen.add("psubscribe " + pattern + " " + count);
                }

                @Override
                public void ssubscribed(String channel, long count) {
                    seen.add("ssubscribe " + channel + " " + count);
                }

                @Override
                public void unsubscribed(String channel, long count) {
                    seen.add("unsubscribe " + channel + " " + count);
                }
            });
            var cmd = conn.sync();
            cmd.subscribe("lc");
            cmd.psubscribe("lp*");
            cmd.ssubscribe("ls");
            // RESP3: the subscribed connection still runs ordinary commands.
            assertThat(cmd.set("k", "v")).isEqualTo("OK");
            assertThat(cmd.get("k")).isEqualTo("v");
            assertThat(pub.publish("lc", "one")).isEqualTo(1);
            assertThat(pub.publish("lp1", "two")).isEqualTo(1);
            assertThat(spublish(pub, "ls", "three")).isEqualTo(1L);
            // A message to itself arrives as a push among its replies.
            assertThat(cmd.publish("lc", "self")).isEqualTo(1);
            await("four messages", () -> seen.stream().filter(s -> s.contains("message")).count() == 4);
            cmd.unsubscribe("lc");
            await("the unsubscription", () -> seen.size() == 8);
            assertThat(seen).containsExactly("subscribe lc 1", "psubscribe lp* 2", "ssubscribe ls 1",
                    "message lc one", "pmessage lp* lp1 two", "smessage ls three", "message lc self",
                    "unsubscribe lc 1");
            String info = pub.clientList();
            assertThat(info).contains("sub=0 psub=1 ssub=1");
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void slowSubscriberIsDisconnectedByThePubsubLimit(Target t) throws Exception {
        try (Jedis pub = t.flushedJedis(); RawClient slow = new RawClient(ServerProcess.HOST, t.port(), DEADLINE)) {
            String before = pub.configGet("client-output-buffer-limit").get("client-output-buffer-limit");
            pub.configSet("client-output-buffer-limit", "pubsub 262144 0 0");
            try {
                slow.call("SUBSCRIBE", "slow");
                String big = "x".repeat(64 * 1024);
                long delivered = 0;
                // The subscriber never reads: once the socket buffers are full its output grows past the limit.
                for (int i = 0; i < 2000 && pub.pubsubNumSub("slow").get("slow") > 0; i++) {
                    delivered += pub.publish("slow", big);
                }
                assertThat(pub.pubsubNumSub("slow").get("slow")).isEqualTo(0L);
                assertThat(delivered).isPositive();
                assertThat(pub.clientList()).doesNotContain("cmd=subscribe");
            } finally {
                pub.configSet("client-output-buffer-limit", before);
            }
        }
    }
}

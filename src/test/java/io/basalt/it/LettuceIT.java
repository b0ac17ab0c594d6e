package io.basalt.it;

import io.basalt.testing.ServerProcess;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lettuce 6 (RESP3 through HELLO by default) against a Basalt process. */
class LettuceIT {
    static final String PASSWORD = "lettuce-pass";
    private static ServerProcess open;
    private static ServerProcess secured;
    private static RedisClient client;

    @BeforeAll
    static void start() throws IOException {
        open = ServerProcess.start();
        secured = ServerProcess.start("--requirepass", PASSWORD);
        client = RedisClient.create();
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
    }

    @AfterAll
    static void stop() {
        if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        if (open != null) open.close();
        if (secured != null) secured.close();
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
}

package io.basalt.it;

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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jedis 5 against a Basalt process: plain and password-protected servers. */
class JedisIT {
    static final String PASSWORD = "jedis-pass";
    private static ServerProcess open;
    private static ServerProcess secured;

    @BeforeAll
    static void start() throws IOException {
        open = ServerProcess.start();
        secured = ServerProcess.start("--requirepass", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (open != null) open.close();
        if (secured != null) secured.close();
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
}

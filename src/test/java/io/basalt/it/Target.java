package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One server a "same as Redis" parameterised client test runs against: the Basalt process
 * or the real redis-server. A test that asserts exact values and passes for both targets
 * has had its expectations checked against real Redis.
 */
record Target(String name, ManagedProcess process) {
    boolean isRedis() {
        return process instanceof RedisProcess;
    }

    int port() {
        return process.port();
    }

    /** A Jedis connection with a 10 s timeout. */
    Jedis jedis() {
        return new Jedis(new HostAndPort(ServerProcess.HOST, port()),
                DefaultJedisClientConfig.builder().timeoutMillis(10_000).build());
    }

    /** A Jedis connection after emptying every database. */
    Jedis flushedJedis() {
        Jedis j = jedis();
        j.flushAll();
        return j;
    }

    /**
     * The kinds of error reply the server has sent (INFO errorstats), but ERR: Redis 7.0
     * answers CLIENT SETINFO, which clients send on connect, with ERR, while Basalt accepts it.
     */
    Set<String> errorKinds() {
        Set<String> kinds = new TreeSet<>();
        try (Jedis j = jedis()) {
            for (String line : j.info("errorstats").split("\r\n")) {
                if (line.startsWith("errorstat_")) kinds.add(line.substring("errorstat_".length(), line.indexOf(':')));
            }
        }
        kinds.remove("ERR");
        return kinds;
    }

    /**
     * Basalt and Redis sent the same kinds of error reply: a client did not silently recover
     * from an error on one server only. Nothing to compare without Redis.
     */
    static void assertSameErrorKinds(List<Target> targets) {
        if (targets.size() < 2) return;
        org.assertj.core.api.Assertions.assertThat(targets.get(0).errorKinds()).isEqualTo(targets.get(1).errorKinds());
    }

    @Override
    public String toString() {
        return name;
    }

    /** Starts real redis-server when installed (null otherwise: the Redis cases are then skipped). */
    static RedisProcess startRedisIfAvailable() throws IOException {
        return RedisProcess.available() ? RedisProcess.start() : null;
    }

    /** Basalt first, then Redis when it is running. */
    static List<Target> both(ManagedProcess basalt, ManagedProcess redis) {
        List<Target> out = new ArrayList<>();
        out.add(new Target("basalt", basalt));
        if (redis != null) out.add(new Target("redis", redis));
        return out;
    }
}

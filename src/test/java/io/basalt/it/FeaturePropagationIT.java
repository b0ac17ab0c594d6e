package io.basalt.it;

import io.basalt.testing.Datasets;
import io.basalt.testing.ReplicationNodes;
import io.basalt.testing.ReplicationNodes.Kind;
import io.basalt.testing.ReplicationNodes.Node;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scripts, transactions and eviction reach replicas and the AOF as the data they changed:
 * on a master with {@code appendonly yes} and {@code appendfsync always}, with a Basalt and a
 * redis-server replica attached, run Lua scripts (several writes, writes after reads,
 * relative TTLs, random and time-dependent effects, a write before a script error), a
 * MULTI/EXEC with a runtime error inside, and evictions (allkeys-lru by DEL, then volatile-ttl
 * by UNLINK). Then the master, both
 * replicas, and the master killed and restarted from its AOF alone must have the same DEBUG
 * DIGEST. The master must have evicted; the replicas, given the same maxmemory, must not
 * (replica-ignore-maxmemory): they get the master's DELs.
 * <p>
 * Runs with a Basalt master (the case that matters) and a redis-server master, which checks
 * the scenario's expectations against Redis 7.0.
 */
class FeaturePropagationIT {
    private static final String EMPTY_DIGEST = "0".repeat(40);

    private static final String COUNT_AND_STAMP = """
            local n = redis.call('INCR', KEYS[1])
            redis.call('HSET', KEYS[2], 'count', n, 'name', ARGV[1])
            local name = redis.call('HGET', KEYS[2], 'name')
            redis.call('SET', KEYS[3], name .. ':' .. n)
            redis.call('EXPIRE', KEYS[3], 1000)
            redis.call('PEXPIRE', KEYS[2], 500000)
            redis.call('SET', KEYS[4], n, 'EX', 2000)
            redis.call('ZINCRBY', KEYS[5], 1.5, name)
            return n
            """;
    /** Random and clock-dependent effects: replicas must get what the master did, not the script. */
    private static final String RANDOM_EFFECTS = """
            redis.call('SADD', KEYS[1], 'a', 'b', 'c', 'd', 'e', 'f')
            local m = redis.call('SPOP', KEYS[1])
            redis.call('RPUSH', KEYS[2], m)
            local t = redis.call('TIME')
            redis.call('SET', KEYS[3], t[1] .. '.' .. t[2])
            redis.call('HSET', KEYS[4], 'r', redis.call('SRANDMEMBER', KEYS[1]))
            return m
            """;
    private static final String EXPIRE_IN_THE_PAST = """
            redis.call('SET', KEYS[1], 'gone')
            redis.call('EXPIRE', KEYS[1], -1)
            redis.call('SET', KEYS[2], 'stays')
            return redis.call('EXISTS', KEYS[1])
            """;
    /** The first write stays when the script fails after it (scripts do not roll back). */
    private static final String WRITE_THEN_FAIL = """
            redis.call('SET', KEYS[1], 'written')
            redis.call('INCR', KEYS[2])
            return 'unreached'
            """;

    static List<Kind> masters() {
        return ReplicationNodes.kinds();
    }

    @ParameterizedTest(name = "master={0}")
    @MethodSource("masters")
    void scriptsTransactionsAndEvictionGiveTheSameDataOnReplicasAndAfterAofReload(Kind masterKind) throws Exception {
        Assumptions.assumeTrue(io.basalt.testing.RedisProcess.available(), "redis-server is not installed");
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            // A backlog at its minimum: it grows with the writes and counts as used memory, and
            // the default 1 MB would outgrow the eviction test's headroom by itself.
            Node master = nodes.start(masterKind, "--appendonly", "yes", "--appendfsync", "always",
                    "--repl-backlog-size", "16kb");
            Node basaltReplica = nodes.start(Kind.BASALT, ReplicationNodes.replicaOf(master));
            Node redisReplica = nodes.start(Kind.REDIS, ReplicationNodes.replicaOf(master));
            ReplicationNodes.awaitConverged(master, basaltReplica, redisReplica);

            try (Jedis j = master.jedis()) {
                runScripts(j);
                runTransaction(j);
            }
            ReplicationNodes.awaitSameData(master, basaltReplica, redisReplica);
            assertSameDigest(master, basaltReplica, redisReplica);

            long evicted = evict(master, basaltReplica, redisReplica);
            ReplicationNodes.awaitSameData(master, basaltReplica, redisReplica);
            String digest = assertSameDigest(master, basaltReplica, redisReplica);
            assertThat(master.stat("evicted_keys")).isEqualTo(evicted);
            assertThat(basaltReplica.stat("evicted_keys")).as("evictions on the Basalt replica").isZero();
            assertThat(redisReplica.stat("evicted_keys")).as("evictions on the Redis replica").isZero();

            // The AOF alone (the process killed, fsync always) rebuilds the same dataset.
            master.kill();
            master.restart();
            assertThat(master.logText()).contains("DB loaded from append only file");
            try (Jedis j = master.jedis()) {
                assertThat(Datasets.digest(j)).as("digest after the AOF reload").isEqualTo(digest);
            }
        }
    }

    private static void runScripts(Jedis j) throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            Object n = j.eval(COUNT_AND_STAMP, List.of("count", "profile", "stamp", "last", "names"), List.of("user" + i));
            assertThat(n).isEqualTo((long) i);
        }
        for (int i = 0; i < 3; i++) {
            Object member = j.eval(RANDOM_EFFECTS, List.of("pool" + i, "picked", "clock" + i, "rand" + i), List.of());
            assertThat((String) member).isIn("a", "b", "c", "d", "e", "f");
        }
        assertThat(j.eval(EXPIRE_IN_THE_PAST, List.of("past", "present"), List.of())).isEqualTo(0L);
        j.set("text", "not a number");
        assertThatThrownBy(() -> j.eval(WRITE_THEN_FAIL, List.of("partial", "text"), List.of()))
                .isInstanceOf(JedisDataException.class).hasMessageContaining("ERR value is not an integer or out of range");
        assertThat(j.get("partial")).isEqualTo("written");
        // Loaded and run by its SHA, and a read-only script (nothing to propagate).
        String sha = j.scriptLoad("return redis.call('LPUSH', KEYS[1], ARGV[1], ARGV[2])");
        assertThat(j.evalsha(sha, List.of("queue"), List.of("x", "y"))).isEqualTo(2L);
        assertThat(j.eval("return redis.call('GET', KEYS[1])", List.of("stamp"), List.of())).isEqualTo("user3:3");
        // A key that expired before a script reads it: its DEL reaches the replicas before the script's writes.
        j.psetex("fleeting", 50, "x");
        sleep(120);
        assertThat(j.eval("if redis.call('EXISTS', KEYS[1]) == 0 then return redis.call('SET', KEYS[2], 'was gone') end",
                List.of("fleeting", "afterwards"), List.of())).isEqualTo("OK");
    }

    private static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    private static void runTransaction(Jedis j) {
        Transaction tx = j.multi();
        tx.set("tx:a", "1");
        tx.incr("text");
        tx.hset("tx:h", "f", "v");
        tx.expire("tx:a", 3000);
        tx.lpush("tx:l", "1", "2", "3");
        tx.incrByFloat("tx:f", 2.5);
        tx.eval("return redis.call('INCRBY', KEYS[1], 10)", 1, "tx:n");
        tx.del("present");
        List<Object> results = tx.exec();
        assertThat(results).hasSize(8);
        assertThat(results.get(0)).isEqualTo("OK");
        assertThat(results.get(1)).isInstanceOf(JedisDataException.class);
        assertThat(((JedisDataException) results.get(1)).getMessage()).isEqualTo("ERR value is not an integer or out of range");
        assertThat(results.subList(2, 8)).containsExactly(1L, 1L, 3L, 2.5, 10L, 1L);
    }

    /**
     * allkeys-lru with a limit a little above the master's current use, then writes of several
     * times the headroom; the replicas get the same limit, which they must ignore. Returns
     * the master's evicted_keys (positive) with the limit lifted again.
     */
    private static long evict(Node master, Node... replicas) throws Exception {
        long limit = Long.parseLong(master.info("memory").get("used_memory")) + (512 << 10);
        for (Node n : List.of(master, replicas[0], replicas[1])) {
            assertThat(n.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")).isEqualTo("+OK\r\n");
            assertThat(n.call("CONFIG", "SET", "maxmemory", Long.toString(limit))).isEqualTo("+OK\r\n");
        }
        int written = 4_000;
        String value = "v".repeat(600);
        try (Jedis j = master.jedis()) {
            for (int i = 0; i < written; i++) j.set("cache:" + i, value);
            assertThat(j.dbSize()).as("keys left after eviction").isLessThan(written);
        }
        long lruEvicted = master.stat("evicted_keys");
        assertThat(lruEvicted).as("evicted_keys on the master").isPositive();
        // volatile-ttl, evicting by UNLINK (lazyfree-lazy-eviction): keys with TTLs go, soonest first.
        // Fresh headroom over what allkeys-lru left (keys without a TTL, which volatile-ttl cannot evict).
        long ttlLimit = Long.parseLong(master.info("memory").get("used_memory")) + (512 << 10);
        assertThat(master.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl")).isEqualTo("+OK\r\n");
        assertThat(master.call("CONFIG", "SET", "lazyfree-lazy-eviction", "yes")).isEqualTo("+OK\r\n");
        assertThat(master.call("CONFIG", "SET", "maxmemory", Long.toString(ttlLimit))).isEqualTo("+OK\r\n");
        try (Jedis j = master.jedis()) {
            for (int i = 0; i < written; i++) j.setex("ttl:" + i, 10_000 + i, value);
            assertThat(j.exists("ttl:" + (written - 1))).as("the latest-expiring key").isTrue();
            assertThat(j.exists("ttl:0")).as("the soonest-expiring key").isFalse();
        }
        long evicted = master.stat("evicted_keys");
        assertThat(evicted).as("evicted_keys after volatile-ttl").isGreaterThan(lruEvicted);
        System.out.printf("%s: allkeys-lru maxmemory %d, evicted_keys after both rounds %d; used_memory of %s %s, of %s %s%n",
                master, limit, evicted,
                replicas[0], replicas[0].info("memory").get("used_memory"),
                replicas[1], replicas[1].info("memory").get("used_memory"));
        assertThat(master.call("CONFIG", "SET", "maxmemory", "0")).isEqualTo("+OK\r\n");
        return evicted;
    }

    /** Every node's DEBUG DIGEST, equal and not the empty dataset's; returns it. */
    private static String assertSameDigest(Node master, Node... replicas) {
        String want;
        try (Jedis j = master.jedis()) {
            want = Datasets.digest(j);
        }
        assertThat(want).isNotEqualTo(EMPTY_DIGEST);
        for (Node r : replicas) {
            try (Jedis j = r.jedis()) {
                assertThat(Datasets.digest(j)).as("digest of " + r).isEqualTo(want);
            }
        }
        return want;
    }
}

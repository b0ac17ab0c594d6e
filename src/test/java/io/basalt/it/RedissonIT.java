package io.basalt.it;

import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBatch;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RBloomFilter;
import org.redisson.api.RCountDownLatch;
import org.redisson.api.RHyperLogLog;
import org.redisson.api.RPatternTopic;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RReadWriteLock;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RTopic;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RMapCache;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RSemaphore;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;
import org.redisson.config.Protocol;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redisson's distributed objects, built on Lua scripts and Pub/Sub (a lock's release is
 * published to its waiters), against Basalt and real redis-server alike: a lock contended by
 * several threads loses no update, lease times expire locks, a non-owner cannot unlock, maps
 * and map caches, the rate limiter hands out exactly its permits per interval, semaphores,
 * atomic longs and buckets with TTLs.
 */
class RedissonIT {
    private static final int THREADS = 6;
    private static ServerProcess basalt;
    private static RedisProcess redis;
    private static final Map<String, RedissonClient> CLIENTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        basalt = ServerProcess.start();
        redis = Target.startRedisIfAvailable();
    }

    @AfterAll
    static void stop() {
        try {
            for (RedissonClient c : CLIENTS.values()) c.shutdown(0, 5, TimeUnit.SECONDS);
            Target.assertSameErrorKinds(servers());
        } finally {
            if (basalt != null) basalt.close();
            if (redis != null) redis.close();
        }
    }

    static List<Target> servers() {
        return Target.both(basalt, redis);
    }

    /** One client per server, shared by its cases; minimal: one loopback server, few threads, short timeouts. */
    private static RedissonClient redisson(Target t) {
        try (Jedis j = t.flushedJedis()) {
            j.ping();
        }
        return CLIENTS.computeIfAbsent(t.name(), name -> Redisson.create(config(t, THREADS + 2, 4)));
    }

    /**
     * A minimal client configuration: one loopback server, few threads, short timeouts, a
     * connection pool of {@code connections} and {@code subscriptions} pub/sub connections.
     */
    private static Config config(Target t, int connections, int subscriptions) {
        Config config = new Config();
        config.setThreads(2);
        config.setNettyThreads(Math.max(4, connections));
        config.setCodec(StringCodec.INSTANCE);
        config.useSingleServer()
                .setAddress("redis://" + ServerProcess.HOST + ":" + t.port())
                .setConnectionPoolSize(connections)
                .setConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(subscriptions)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setConnectTimeout(5_000)
                .setTimeout(5_000)
                .setRetryAttempts(1);
        return config;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void contendedLockLosesNoUpdate(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RLock lock = client.getLock("lock");
        int increments = 60;
        // A plain read-modify-write through Jedis: only the lock makes it safe.
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(pool.submit(() -> {
                    try (Jedis j = t.jedis()) {
                        for (int n = 0; n < increments; n++) {
                            lock.lock();
                            try {
                                String v = j.get("counter");
                                j.set("counter", Long.toString((v == null ? 0 : Long.parseLong(v)) + 1));
                            } finally {
                                lock.unlock();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        try (Jedis j = t.jedis()) {
            assertThat(j.get("counter")).isEqualTo(Integer.toString(THREADS * increments));
            assertThat(j.exists("lock")).as("the lock key after the last unlock").isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void tryLockWaitsForTheReleaseAndLeasesExpire(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RLock lock = client.getLock("lease");
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // Held elsewhere: a zero wait fails, a wait longer than the holder's hold succeeds (woken by the release message).
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = other.submit(() -> {
                lock.lock();
                held.countDown();
                release.await();
                lock.unlock();
                return null;
            });
            held.await();
            assertThat(lock.isLocked()).isTrue();
            assertThat(lock.isHeldByCurrentThread()).isFalse();
            assertThat(lock.tryLock(0, 10, TimeUnit.SECONDS)).isFalse();
            long begin = System.nanoTime();
            Thread releaser = new Thread(() -> {
                sleep(300);
                release.countDown();
            });
            releaser.start();
            assertThat(lock.tryLock(10, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isBetween(250L, 5_000L);
            holder.get(10, TimeUnit.SECONDS);
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(lock.getHoldCount()).isEqualTo(1);
            // Reentrant: a second hold by the same thread.
            assertThat(lock.tryLock(0, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(lock.getHoldCount()).isEqualTo(2);
            lock.unlock();
            lock.unlock();
            assertThat(lock.isLocked()).isFalse();

            // A lease time expires the lock without an unlock.
            assertThat(lock.tryLock(0, 300, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(lock.remainTimeToLive()).isBetween(1L, 300L);
            Future<Boolean> waiter = other.submit(() -> {
                boolean got = lock.tryLock(5, 1, TimeUnit.SECONDS);
                if (got) lock.unlock();
                return got;
            });
            assertThat(waiter.get(10, TimeUnit.SECONDS)).as("acquired after the lease ran out").isTrue();
            assertThat(lock.isLocked()).isFalse();
        } finally {
            other.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void unlockByAnotherThreadFails(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RLock lock = client.getLock("owned");
        lock.lock(10, TimeUnit.SECONDS);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> attempt = other.submit(() -> {
                assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class)
                        .hasMessageContaining("attempt to unlock lock, not locked by current thread");
                assertThat(lock.forceUnlock()).as("force unlock of a held lock").isTrue();
                return null;
            });
            attempt.get(10, TimeUnit.SECONDS);
            assertThat(lock.isLocked()).isFalse();
            assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        } finally {
            other.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void fairLockServesWaitersInArrivalOrder(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RLock fair = client.getFairLock("fair");
        fair.lock();
        int waiters = 3;
        ExecutorService pool = Executors.newFixedThreadPool(waiters);
        List<Integer> order = new ArrayList<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                int id = i;
                done.add(pool.submit(() -> {
                    fair.lock();
                    try {
                        synchronized (order) {
                            order.add(id);
                        }
                    } finally {
                        fair.unlock();
                    }
                    return null;
                }));
                // Each waiter queues before the next one arrives.
                awaitQueue(t, "redisson_lock_queue:{fair}", i + 1);
            }
            fair.unlock();
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(order).containsExactly(0, 1, 2);
    }

    private static void awaitQueue(Target t, String key, long length) {
        try (Jedis j = t.jedis()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (j.llen(key) < length) {
                if (System.nanoTime() > end) throw new AssertionError(key + " never reached " + length);
                sleep(10);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void mapOperations(Target t) {
        RedissonClient client = redisson(t);
        RMap<String, String> map = client.getMap("map", StringCodec.INSTANCE);
        assertThat(map.put("a", "1")).isNull();
        assertThat(map.put("a", "2")).isEqualTo("1");
        assertThat(map.get("a")).isEqualTo("2");
        assertThat(map.get("missing")).isNull();
        assertThat(map.putIfAbsent("a", "3")).isEqualTo("2");
        assertThat(map.putIfAbsent("b", "3")).isNull();
        assertThat(map.fastPut("c", "4")).isTrue();
        assertThat(map.fastPut("c", "5")).isFalse();
        assertThat(map.fastPutIfAbsent("c", "6")).isFalse();
        assertThat(map.replace("c", "7")).isEqualTo("5");
        assertThat(map.replace("missing", "7")).isNull();
        assertThat(map.replace("c", "7", "8")).isTrue();
        assertThat(map.replace("c", "7", "9")).isFalse();
        assertThat(map.remove("b")).isEqualTo("3");
        assertThat(map.remove("b")).isNull();
        assertThat(map.remove("c", "nope")).isFalse();
        assertThat(map.fastRemove("c", "missing")).isEqualTo(1);
        map.putAll(Map.of("x", "10", "y", "20"));
        assertThat(map.readAllMap()).isEqualTo(Map.of("a", "2", "x", "10", "y", "20"));
        Map<String, String> entries = new HashMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) entries.put(e.getKey(), e.getValue());
        assertThat(entries).isEqualTo(Map.of("a", "2", "x", "10", "y", "20"));
        assertThat(map.getAll(java.util.Set.of("a", "y", "missing"))).isEqualTo(Map.of("a", "2", "y", "20"));
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.containsKey("x")).isTrue();
        assertThat(map.containsValue("20")).isTrue();

        RMap<String, Long> counters = client.getMap("counters",
                new CompositeCodec(StringCodec.INSTANCE, LongCodec.INSTANCE, LongCodec.INSTANCE));
        assertThat(counters.addAndGet("n", 5L)).isEqualTo(5L);
        assertThat(counters.addAndGet("n", -2L)).isEqualTo(3L);
        assertThat(counters.get("n")).isEqualTo(3L);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void mapCacheEntriesExpire(Target t) {
        RedissonClient client = redisson(t);
        RMapCache<String, String> cache = client.getMapCache("cache", StringCodec.INSTANCE);
        assertThat(cache.put("short", "1", 300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(cache.put("long", "2", 1, TimeUnit.MINUTES)).isNull();
        assertThat(cache.fastPut("plain", "3")).isTrue();
        assertThat(cache.putIfAbsent("short", "x", 1, TimeUnit.MINUTES)).isEqualTo("1");
        assertThat(cache.get("short")).isEqualTo("1");
        assertThat(cache.remainTimeToLive("short")).isBetween(1L, 300L);
        assertThat(cache.remainTimeToLive("plain")).isEqualTo(-1L);
        sleep(450);
        assertThat(cache.get("short")).as("expired entry").isNull();
        assertThat(cache.containsKey("short")).isFalse();
        assertThat(cache.get("long")).isEqualTo("2");
        assertThat(cache.readAllMap()).isEqualTo(Map.of("long", "2", "plain", "3"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void rateLimiterHandsOutExactlyItsPermitsPerInterval(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RRateLimiter limiter = client.getRateLimiter("limiter");
        assertThat(limiter.trySetRate(RateType.OVERALL, 5, Duration.ofSeconds(2))).isTrue();
        assertThat(limiter.trySetRate(RateType.OVERALL, 9, Duration.ofSeconds(2))).as("already set").isFalse();
        // Several threads race for the permits of one interval: exactly 5 win.
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 3; n++) {
                        if (limiter.tryAcquire()) granted.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted.get()).isEqualTo(5);
        assertThat(limiter.availablePermits()).isZero();
        assertThat(limiter.tryAcquire(2)).isFalse();
        // The next interval refills them.
        sleep(2_100);
        assertThat(limiter.tryAcquire(3)).isTrue();
        assertThat(limiter.availablePermits()).isEqualTo(2);
        assertThat(limiter.tryAcquire(3)).isFalse();
        assertThat(limiter.tryAcquire(2)).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        // A blocking acquire waits for the refill.
        long begin = System.nanoTime();
        assertThat(limiter.tryAcquire(1, Duration.ofSeconds(5))).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isBetween(100L, 4_000L);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void semaphoreAcrossThreads(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RSemaphore semaphore = client.getSemaphore("semaphore");
        assertThat(semaphore.trySetPermits(2)).isTrue();
        assertThat(semaphore.trySetPermits(5)).isFalse();
        assertThat(semaphore.availablePermits()).isEqualTo(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 5; n++) {
                        semaphore.acquire();
                        try {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            sleep(5);
                            inside.decrementAndGet();
                        } finally {
                            semaphore.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(mostInside.get()).isBetween(1, 2);
        assertThat(semaphore.availablePermits()).isEqualTo(2);
        assertThat(semaphore.tryAcquire(2)).isTrue();
        assertThat(semaphore.tryAcquire()).isFalse();
        assertThat(semaphore.tryAcquire(Duration.ofMillis(200))).isFalse();
        semaphore.release(2);
        assertThat(semaphore.tryAcquire(Duration.ofMillis(200))).isTrue();
        assertThat(semaphore.drainPermits()).isEqualTo(1);
        assertThat(semaphore.availablePermits()).isZero();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void atomicLongAndBucketWithTtl(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RAtomicLong counter = client.getAtomicLong("atomic");
        assertThat(counter.incrementAndGet()).isEqualTo(1);
        assertThat(counter.addAndGet(41)).isEqualTo(42);
        assertThat(counter.compareAndSet(42, 7)).isTrue();
        assertThat(counter.compareAndSet(42, 8)).isFalse();
        assertThat(counter.getAndIncrement()).isEqualTo(7);
        assertThat(counter.decrementAndGet()).isEqualTo(7);
        assertThat(counter.getAndDelete()).isEqualTo(7);
        assertThat(counter.isExists()).isFalse();
        assertThat(counter.get()).isZero();

        RBucket<String> bucket = client.getBucket("bucket");
        bucket.set("value", Duration.ofMillis(400));
        assertThat(bucket.get()).isEqualTo("value");
        assertThat(bucket.remainTimeToLive()).isBetween(1L, 400L);
        assertThat(bucket.setIfAbsent("other")).isFalse();
        assertThat(bucket.setIfExists("kept", Duration.ofMillis(400))).isTrue();
        sleep(500);
        assertThat(bucket.get()).as("after the TTL").isNull();
        assertThat(bucket.compareAndSet(null, "swapped")).isTrue();
        assertThat(bucket.compareAndSet("value", "again")).isFalse();
        assertThat(bucket.getAndDelete()).isEqualTo("swapped");
        assertThat(bucket.setIfAbsent("fresh", Duration.ofMinutes(1))).isTrue();
        assertThat(bucket.getAndSet("next")).isEqualTo("fresh");
        assertThat(bucket.remainTimeToLive()).isEqualTo(-1L);
        assertThat(bucket.getAndDelete()).isEqualTo("next");
        assertThat(bucket.isExists()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void watchdogRenewsALockHeldPastItsTimeout(Target t) throws Exception {
        RedissonClient client = watchdogClient(t);
        RLock lock = client.getLock("watched");
        lock.lock();
        try {
            // The watchdog timeout is 1 s: without its renewals the key would be gone.
            sleep(2_500);
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(lock.remainTimeToLive()).isBetween(1L, 1_000L);
        } finally {
            lock.unlock();
        }
        assertThat(lock.isLocked()).isFalse();
    }

    /** A client whose lock watchdog renews every third of a second (a separate client: the setting is global). */
    private static RedissonClient watchdogClient(Target t) {
        redisson(t);
        return CLIENTS.computeIfAbsent(t.name() + "-watchdog", name -> {
            Config config = config(t, 2, 2);
            config.setLockWatchdogTimeout(1_000);
            return Redisson.create(config);
        });
    }

    @ParameterizedTest
    @MethodSource("servers")
    void readWriteLockAndCountDownLatch(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RReadWriteLock rw = client.getReadWriteLock("rw");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            rw.readLock().lock();
            // Readers share, a writer waits for them.
            assertThat(pool.submit(() -> {
                boolean got = rw.readLock().tryLock(0, 5, TimeUnit.SECONDS);
                if (got) rw.readLock().unlock();
                return got;
            }).get(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> writer = pool.submit(() -> {
                boolean got = rw.writeLock().tryLock(5, 5, TimeUnit.SECONDS);
                if (got) rw.writeLock().unlock();
                return got;
            });
            sleep(200);
            assertThat(writer.isDone()).isFalse();
            rw.readLock().unlock();
            assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();

            RCountDownLatch latch = client.getCountDownLatch("latch");
            assertThat(latch.trySetCount(3)).isTrue();
            Future<Boolean> awaiting = pool.submit(() -> latch.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) latch.countDown();
            assertThat(awaiting.get(15, TimeUnit.SECONDS)).isTrue();
            assertThat(latch.getCount()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void topicsQueuesAndSortedSets(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RTopic topic = client.getTopic("events");
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        int id = topic.addListener(String.class, (channel, msg) -> got.add(channel + "=" + msg));
        RPatternTopic pattern = client.getPatternTopic("ev*");
        int pid = pattern.addListener(String.class, (p, channel, msg) -> got.add(p + "|" + channel + "=" + msg));
        try {
            assertThat(topic.publish("one")).isEqualTo(2L);
            List<String> messages = new ArrayList<>(List.of(got.poll(10, TimeUnit.SECONDS), got.poll(10, TimeUnit.SECONDS)));
            assertThat(messages).containsExactlyInAnyOrder("events=one", "ev*|events=one");
        } finally {
            topic.removeListener(id);
            pattern.removeListener(pid);
        }

        RBlockingQueue<String> queue = client.getBlockingQueue("jobs");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> taken = pool.submit(() -> queue.poll(10, TimeUnit.SECONDS));
            sleep(200);
            assertThat(queue.offer("job1")).isTrue();
            assertThat(taken.get(15, TimeUnit.SECONDS)).isEqualTo("job1");
            assertThat(queue.poll(100, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            pool.shutdownNow();
        }

        RScoredSortedSet<String> scores = client.getScoredSortedSet("scores");
        assertThat(scores.add(3, "c")).isTrue();
        assertThat(scores.add(1, "a")).isTrue();
        assertThat(scores.addScore("a", 5)).isEqualTo(6.0);
        assertThat(scores.tryAdd(9, "c")).isFalse();
        assertThat(scores.readAll()).containsExactly("c", "a");
        assertThat(scores.rank("a")).isEqualTo(1);
        assertThat(scores.pollFirst()).isEqualTo("c");
        assertThat(scores.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void batchesAndExpirableSemaphores(Target t) throws Exception {
        RedissonClient client = redisson(t);
        RBatch batch = client.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
        batch.getBucket("b1").setAsync("1");
        batch.getAtomicLong("b2").incrementAndGetAsync();
        batch.getMap("b3").fastPutAsync("k", "v");
        BatchResult<?> result = batch.execute();
        assertThat(result.getResponses()).hasSize(3);
        assertThat(result.getResponses().get(1)).isEqualTo(1L);
        try (Jedis j = t.jedis()) {
            assertThat(j.get("b1")).isEqualTo("1");
            assertThat(j.hget("b3", "k")).isEqualTo("v");
        }

        RPermitExpirableSemaphore semaphore = client.getPermitExpirableSemaphore("leases");
        assertThat(semaphore.trySetPermits(2)).isTrue();
        String first = semaphore.acquire(300, TimeUnit.MILLISECONDS);
        String second = semaphore.tryAcquire(0, 10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(semaphore.tryAcquire(0, 10, TimeUnit.SECONDS)).isNull();
        // The first lease expires and its permit comes back.
        assertThat(semaphore.tryAcquire(3, 10, TimeUnit.SECONDS)).isNotNull();
        assertThat(semaphore.tryRelease(second)).isTrue();
        assertThat(semaphore.tryRelease(second)).isFalse();
        assertThat(semaphore.availablePermits()).isEqualTo(1);

        RHyperLogLog<String> hll = client.getHyperLogLog("visitors");
        assertThat(hll.addAll(List.of("a", "b", "c", "a"))).isTrue();
        assertThat(hll.count()).isEqualTo(3);
        RBloomFilter<String> bloom = client.getBloomFilter("bloom");
        assertThat(bloom.tryInit(1_000, 0.01)).isTrue();
        assertThat(bloom.add("x")).isTrue();
        assertThat(bloom.contains("x")).isTrue();
        assertThat(bloom.contains("y")).isFalse();
    }

    /** The same objects through a RESP3 connection: pub/sub arrives as push messages, scripts' replies in RESP3 types. */
    @ParameterizedTest
    @MethodSource("servers")
    void resp3ClientLocksMapsAndLimits(Target t) throws Exception {
        redisson(t);
        RedissonClient client = CLIENTS.computeIfAbsent(t.name() + "-resp3", name -> {
            Config config = config(t, THREADS + 2, 2);
            config.setProtocol(Protocol.RESP3);
            return Redisson.create(config);
        });
        RLock lock = client.getLock("lock3");
        RAtomicLong unsafe = client.getAtomicLong("plain");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 30; n++) {
                        lock.lock();
                        try {
                            unsafe.set(unsafe.get() + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(unsafe.get()).isEqualTo(THREADS * 30L);

        RMap<String, String> map = client.getMap("map3", StringCodec.INSTANCE);
        assertThat(map.put("a", "1")).isNull();
        assertThat(map.putIfAbsent("a", "2")).isEqualTo("1");
        assertThat(map.readAllMap()).isEqualTo(Map.of("a", "1"));
        RMapCache<String, String> cache = client.getMapCache("cache3", StringCodec.INSTANCE);
        cache.put("k", "v", 1, TimeUnit.MINUTES);
        assertThat(cache.remainTimeToLive("k")).isBetween(1L, 60_000L);

        RRateLimiter limiter = client.getRateLimiter("limiter3");
        assertThat(limiter.trySetRate(RateType.OVERALL, 3, Duration.ofSeconds(10))).isTrue();
        int granted = 0;
        for (int i = 0; i < 5; i++) if (limiter.tryAcquire()) granted++;
        assertThat(granted).isEqualTo(3);
        RSemaphore semaphore = client.getSemaphore("semaphore3");
        assertThat(semaphore.trySetPermits(1)).isTrue();
        semaphore.acquire();
        assertThat(semaphore.tryAcquire(Duration.ofMillis(100))).isFalse();
        semaphore.release();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

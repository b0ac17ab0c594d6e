package io.basalt.command.family;

import io.basalt.testing.Harness;
import io.basalt.testing.Harness.TestClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MULTI/EXEC/WATCH through the real dispatcher: what other clients' writes, expiry, flushes
 * and swaps do to a watcher, what reaches the AOF and replicas, and the client's state as
 * CLIENT LIST shows it. Single-connection behaviour is compared with Redis in
 * compat/transactions.redis.
 */
class TransactionCommandsTest {
    private final Harness h = new Harness("enable-debug-command", "yes");
    private final TestClient a = h.client();
    private final TestClient b = h.newClient();

    @Test
    void queuedCommandsRunAtExecInOrder() {
        assertThat(a.raw("MULTI")).isEqualTo("+OK\r\n");
        assertThat(a.raw("SET", "k", "1")).isEqualTo("+QUEUED\r\n");
        assertThat(a.raw("INCR", "k")).isEqualTo("+QUEUED\r\n");
        // Nothing ran yet: another client sees no key.
        assertThat(b.call("GET", "k")).isNull();
        assertThat(a.call("EXEC")).isEqualTo(List.of("OK", 2L));
        assertThat(b.call("GET", "k")).isEqualTo("2");
    }

    @Test
    void anotherClientsWriteToAWatchedKeyFailsTheExec() {
        a.call("SET", "k", "1");
        a.call("WATCH", "k");
        b.call("SET", "k", "2");
        a.call("MULTI");
        a.call("SET", "k", "3");
        assertThat(a.raw("EXEC")).isEqualTo("*-1\r\n");
        assertThat(a.call("GET", "k")).isEqualTo("2");
    }

    @Test
    void aFailedExecIsANullInResp3() {
        a.call("HELLO", "3");
        a.call("WATCH", "k");
        b.call("SET", "k", "2");
        a.call("MULTI");
        a.call("PING");
        assertThat(a.raw("EXEC")).isEqualTo("_\r\n");
    }

    @Test
    void writesToOtherKeysOrDatabasesDoNotFailTheExec() {
        a.call("WATCH", "k");
        b.call("SET", "other", "1");
        b.call("SELECT", "1");
        b.call("SET", "k", "1");
        a.call("MULTI");
        a.call("PING");
        assertThat(a.call("EXEC")).isEqualTo(List.of("PONG"));
    }

    @Test
    void eachWatcherOfAKeyIsInvalidated() {
        TestClient c = h.newClient();
        a.call("WATCH", "k");
        c.call("WATCH", "k", "j");
        b.call("DEL", "k");
        b.call("SET", "k", "x");
        for (TestClient t : List.of(a, c)) {
            t.call("MULTI");
            t.call("PING");
            assertThat(t.raw("EXEC")).isEqualTo("*-1\r\n");
        }
        // Once EXEC ended, the keys are no longer watched.
        assertThat(h.engine.watchedKeys()).isNotNull();
        c.call("MULTI");
        b.call("SET", "j", "1");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo(List.of("PONG"));
    }

    @Test
    void aWatchedKeyThatExpiresFailsTheExec() {
        a.call("SET", "k", "v", "PX", "100");
        a.call("WATCH", "k");
        h.clock.advanceMillis(200);
        a.call("MULTI");
        a.call("PING");
        assertThat(a.raw("EXEC")).isEqualTo("*-1\r\n");
    }

    @Test
    void aKeyAlreadyExpiredAtWatchTimeDoesNotFailTheExecWhenItIsDeleted() {
        a.call("SET", "k", "v", "PX", "100");
        h.clock.advanceMillis(200);
        a.call("WATCH", "k");
        // Another client's read deletes the expired key: no logical change.
        assertThat(b.call("GET", "k")).isNull();
        a.call("MULTI");
        a.call("PING");
        assertThat(a.call("EXEC")).isEqualTo(List.of("PONG"));
    }

    @Test
    void flushesAndSwapsInvalidateWatchersOfKeysThatExist() {
        a.call("SET", "k", "1");
        a.call("WATCH", "k");
        b.call("FLUSHDB");
        a.call("MULTI");
        a.call("PING");
        assertThat(a.raw("EXEC")).isEqualTo("*-1\r\n");

        // SWAPDB brings a key into the watched database.
        b.call("SELECT", "1");
        b.call("SET", "k", "from-db1");
        a.call("WATCH", "k");
        b.call("SWAPDB", "0", "1");
        a.call("MULTI");
        a.call("PING");
        assertThat(a.raw("EXEC")).isEqualTo("*-1\r\n");

        // A flush of a database without the key changes nothing for it.
        a.call("WATCH", "absent");
        b.call("FLUSHALL");
        a.call("MULTI");
        a.call("PING");
        assertThat(a.call("EXEC")).isEqualTo(List.of("PONG"));
    }

    @Test
    void aTransactionPropagatesAsOneUnitAndExecItselfNever() {
        List<String> stream = h.recordPropagation();
        a.call("MULTI");
        a.call("SET", "x", "1", "EX", "100");
        a.call("GET", "x");
        a.call("SELECT", "2");
        a.call("INCR", "n");
        a.call("EXEC");
        long at = h.clock.millis() + 100_000;
        assertThat(stream).containsExactly("0 MULTI", "0 SET x 1 PXAT " + at, "2 INCR n", "2 EXEC");
    }

    @Test
    void aTransactionWithOneWriteOrNoneIsNotWrapped() {
        List<String> stream = h.recordPropagation();
        a.call("MULTI");
        a.call("SET", "x", "1");
        a.call("GET", "x");
        a.call("EXEC");
        a.call("MULTI");
        a.call("GET", "x");
        a.call("EXEC");
        assertThat(stream).containsExactly("0 SET x 1");
    }

    @Test
    void aBlockingCommandInsideExecAnswersAtOnce() {
        a.call("MULTI");
        a.call("BLPOP", "list", "0");
        a.call("LPUSH", "list", "a");
        a.call("BLPOP", "list", "0");
        assertThat(a.call("EXEC")).isEqualTo(java.util.Arrays.asList(null, 1L, List.of("list", "a")));
        assertThat(a.client.has(io.basalt.command.Client.DENY_BLOCKING)).isFalse();
    }

    @Test
    void clientListShowsTheQueueAndAnAbortedWatch() {
        a.call("MULTI");
        a.call("SET", "k", "12345");
        a.call("GET", "k");
        assertThat(b.raw("CLIENT", "LIST", "ID", String.valueOf(a.client.id()))).contains(" multi=2 ", " multi-mem=13 ", "flags=x ");
        a.call("DISCARD");
        a.call("WATCH", "k");
        b.call("SET", "k", "1");
        assertThat(b.raw("CLIENT", "LIST", "ID", String.valueOf(a.client.id()))).contains(" multi=-1 ", "flags=d ");
        a.call("UNWATCH");
        assertThat(b.raw("CLIENT", "LIST", "ID", String.valueOf(a.client.id()))).contains("flags=N ");
    }

    @Test
    void resetAndDisconnectionEndTheTransactionAndTheWatches() {
        a.call("WATCH", "k");
        a.call("MULTI");
        a.call("SET", "k", "1");
        assertThat(a.raw("RESET")).isEqualTo("+RESET\r\n");
        assertThat(a.raw("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
        assertThat(a.call("GET", "k")).isNull();

        b.call("WATCH", "k");
        h.engine.executionLock().lock();
        try {
            h.engine.dispatcher().disconnected(b.client);
        } finally {
            h.engine.executionLock().unlock();
        }
        // Nobody watches any more: a write costs one counter test.
        a.call("SET", "k", "1");
        assertThat(b.client.transaction().queuedCount()).isZero();
    }

    @Test
    void aRejectedCommandAbortsTheTransactionAndARejectedExecDiscardsIt() {
        h.engine.replicationGate().lacksGoodReplicas = true;
        a.call("MULTI");
        assertThat(a.raw("SET", "k", "v")).startsWith("-NOREPLICAS");
        assertThat(a.raw("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");

        // The check passes while queueing but fails for EXEC, which writes through its queue.
        h.engine.replicationGate().lacksGoodReplicas = false;
        a.call("MULTI");
        a.call("SET", "k", "v");
        h.engine.replicationGate().lacksGoodReplicas = true;
        assertThat(a.raw("EXEC")).isEqualTo(
                "-EXECABORT Transaction discarded because of: NOREPLICAS Not enough good replicas to write.\r\n");
        assertThat(a.client.has(io.basalt.command.Client.MULTI)).isFalse();
        h.engine.replicationGate().lacksGoodReplicas = false;
        assertThat(a.call("GET", "k")).isNull();
    }

    @Test
    void commandStatisticsCountTheQueuedCommandsWhenTheyRun() {
        a.call("MULTI");
        a.call("SET", "k", "1");
        a.call("SET", "k", "2");
        assertThat(b.raw("INFO", "commandstats")).doesNotContain("cmdstat_set:");
        a.call("EXEC");
        assertThat(b.raw("INFO", "commandstats")).contains("cmdstat_set:calls=2,", "cmdstat_exec:calls=1,");
    }
}

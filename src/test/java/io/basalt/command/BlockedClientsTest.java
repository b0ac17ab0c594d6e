package io.basalt.command;

import io.basalt.testing.Harness;
import io.basalt.testing.Harness.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocking pops through the in-process dispatcher, with time on a manual clock. */
class BlockedClientsTest {
    private static String info(Harness h) {
        return h.raw("INFO", "clients");
    }

    @Test
    void aPushServesTheBlockedClientsInOrderAndLaterCommandsSeeTheResult() {
        Harness h = new Harness();
        TestClient a = h.newClient(), b = h.newClient();
        assertThat(a.raw("BLPOP", "k", "0")).isEmpty();
        assertThat(b.raw("BRPOP", "other", "k", "0")).isEmpty();
        assertThat(info(h)).contains("blocked_clients:2\r\n").contains("clients_in_timeout_table:0\r\n");
        assertThat(h.raw("RPUSH", "k", "x", "y", "z")).isEqualTo(":3\r\n");
        assertThat(a.takeOutput()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nx\r\n");
        assertThat(b.takeOutput()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nz\r\n");
        assertThat(h.raw("LRANGE", "k", "0", "-1")).isEqualTo("*1\r\n$1\r\ny\r\n");
        assertThat(info(h)).contains("blocked_clients:0\r\n");
        // Counted once each, when they blocked.
        assertThat(h.raw("INFO", "commandstats")).contains("cmdstat_blpop:calls=1,").contains("cmdstat_brpop:calls=1,");
    }

    @Test
    void timeoutsFollowTheClockAndRoundUpToAMillisecond() {
        Harness h = new Harness();
        TestClient a = h.newClient();
        assertThat(a.raw("BZPOPMIN", "z", "0.0001")).isEmpty();
        assertThat(info(h)).contains("clients_in_timeout_table:1\r\n");
        h.clock.advanceMillis(1);
        h.engine.beforeSleep();
        assertThat(a.takeOutput()).isEqualTo("*-1\r\n");
        assertThat(a.raw("BLMPOP", "1.5", "1", "l", "LEFT")).isEmpty();
        h.clock.advanceMillis(1499);
        h.engine.beforeSleep();
        assertThat(a.takeOutput()).isEmpty();
        h.clock.advanceMillis(1);
        h.engine.runCronTasks();
        assertThat(a.takeOutput()).isEqualTo("*-1\r\n");
        assertThat(info(h)).contains("blocked_clients:0\r\n").contains("clients_in_timeout_table:0\r\n");
    }

    @Test
    void timeoutArgumentsAreCheckedAsRedisDoes() {
        Harness h = new Harness();
        assertThat(h.raw("BLPOP", "k", "-0.0001")).isEmpty();
        assertThat(h.engine.blocking().count()).isEqualTo(1);
        TestClient b = h.newClient();
        assertThat(b.raw("BLPOP", "k", "-1")).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(b.raw("BLPOP", "k", "inf")).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(b.raw("BLPOP", "k", "1e30")).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(b.raw("BLPOP", "k", "abc")).isEqualTo("-ERR timeout is not a float or out of range\r\n");
        assertThat(b.raw("BLPOP", "k", " 1")).isEqualTo("-ERR timeout is not a float or out of range\r\n");
        // BLMPOP and BZMPOP check their options before the timeout.
        assertThat(b.raw("BLMPOP", "x", "0", "k", "LEFT")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(b.raw("BZMPOP", "x", "1", "k", "MIN", "COUNT", "0")).isEqualTo("-ERR count should be greater than 0\r\n");
        assertThat(b.raw("BLMOVE", "a", "b", "UP", "LEFT", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(b.raw("SET", "s", "v")).isEqualTo("+OK\r\n");
        assertThat(b.raw("BLPOP", "missing", "s", "0")).startsWith("-WRONGTYPE");
        assertThat(b.raw("BLMOVE", "s", "d", "LEFT", "LEFT", "0")).startsWith("-WRONGTYPE");
    }

    @Test
    void blmoveIntoAWrongTypeDestinationFailsWhenServedAndLeavesTheSource() {
        Harness h = new Harness();
        TestClient a = h.newClient();
        h.raw("SET", "dst", "string");
        assertThat(a.raw("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")).isEmpty();
        h.raw("LPUSH", "src", "v");
        assertThat(a.takeOutput()).startsWith("-WRONGTYPE");
        assertThat(h.raw("LLEN", "src")).isEqualTo(":1\r\n");
        assertThat(h.raw("INFO", "commandstats")).contains("cmdstat_blmove:calls=1,").contains("failed_calls=1");
    }

    @Test
    void aServedMoveWakesTheClientsWaitingOnItsDestination() {
        Harness h = new Harness();
        TestClient mover = h.newClient(), reader = h.newClient();
        assertThat(reader.raw("BLPOP", "dst", "0")).isEmpty();
        assertThat(mover.raw("BRPOPLPUSH", "src", "dst", "0")).isEmpty();
        h.raw("RPUSH", "src", "v");
        assertThat(mover.takeOutput()).isEqualTo("$1\r\nv\r\n");
        assertThat(reader.takeOutput()).isEqualTo("*2\r\n$3\r\ndst\r\n$1\r\nv\r\n");
        assertThat(h.raw("EXISTS", "src", "dst")).isEqualTo(":0\r\n");
    }

    @Test
    void keysOfAnotherTypeOrInAnotherDatabaseDoNotServe() {
        Harness h = new Harness();
        TestClient a = h.newClient();
        assertThat(a.raw("BLPOP", "k", "0")).isEmpty();
        h.raw("ZADD", "k", "1", "m");
        h.raw("SELECT", "1");
        h.raw("RPUSH", "k", "v");
        assertThat(a.takeOutput()).isEmpty();
        h.raw("SWAPDB", "0", "1");
        assertThat(a.takeOutput()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
    }

    @Test
    void clientUnblockAndDisconnectEndTheWait() {
        Harness h = new Harness();
        TestClient a = h.newClient();
        assertThat(a.raw("BZMPOP", "0", "1", "z", "MAX")).isEmpty();
        assertThat(h.raw("CLIENT", "LIST")).contains("flags=b ");
        assertThat(h.raw("CLIENT", "UNBLOCK", String.valueOf(a.client.id()), "ERROR")).isEqualTo(":1\r\n");
        assertThat(a.takeOutput()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
        assertThat(a.raw("BLPOP", "k", "0")).isEmpty();
        h.engine.dispatcher().disconnected(a.client);
        assertThat(info(h)).contains("blocked_clients:0\r\n");
        h.raw("RPUSH", "k", "v");
        assertThat(h.raw("LLEN", "k")).isEqualTo(":1\r\n");
    }

    @Test
    void insideExecTheCommandsAnswerAsATimeout() {
        Harness h = new Harness();
        TestClient a = h.newClient();
        // What EXEC sets while it runs the queue (TransactionCommandsTest runs real transactions).
        a.client.set(Client.DENY_BLOCKING);
        assertThat(a.raw("BLPOP", "k", "0")).isEqualTo("*-1\r\n");
        assertThat(a.raw("BZPOPMAX", "k", "0")).isEqualTo("*-1\r\n");
        assertThat(a.raw("BLMOVE", "k", "d", "LEFT", "LEFT", "0")).isEqualTo("$-1\r\n");
        assertThat(h.engine.blocking().count()).isZero();
    }
}

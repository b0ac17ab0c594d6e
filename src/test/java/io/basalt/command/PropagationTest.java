package io.basalt.command;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis 7.0's propagation rules and rewrites, through the real dispatcher; the exact
 * streams are also compared with a real redis-server by PropagationIT.
 */
class PropagationTest {
    private static final long NOW = 1_700_000_000_000L;
    private final Harness h = new Harness("enable-debug-command", "yes");
    private final List<String> stream = h.recordPropagation();

    @Test
    void onlyCommandsThatChangeTheDatasetPropagate() {
        h.call("GET", "k");
        h.call("SET", "k", "v");
        h.call("GET", "k");
        h.call("DEL", "missing");
        h.call("SELECT", "3");
        h.call("INCR", "n");
        assertThat(stream).containsExactly("0 SET k v", "3 INCR n");
    }

    @Test
    void nothingIsRecordedWithoutTargets() {
        Harness bare = new Harness();
        assertThat(bare.engine.propagation().active()).isFalse();
        assertThat(bare.call("SET", "k", "v", "EX", "10")).isEqualTo("OK");
        Client c = bare.client().client;
        c.setArgs(io.basalt.protocol.Args.of("SET", "k", "v"));
        c.propagateAs().add(new byte[] {'x'}).arg(1).args(0, 3).add(42);
        c.alsoPropagate().arg(2);
        c.propagateArgumentAs(0, new byte[] {'y'});
    }

    @Test
    void setWithExpiryPropagatesAnAbsoluteTime() {
        h.call("SET", "a", "1", "EX", "10");
        h.call("SET", "b", "2", "PX", "500", "NX");
        h.call("SET", "c", "3", "EXAT", "1800000000");
        h.call("SETEX", "d", "5", "4");
        h.call("PSETEX", "e", "5", "5");
        h.call("SET", "f", "6", "KEEPTTL");
        assertThat(stream).containsExactly(
                "0 SET a 1 PXAT " + (NOW + 10_000),
                "0 SET b 2 PXAT " + (NOW + 500),
                "0 SET c 3 PXAT 1800000000000",
                "0 SET d 4 PXAT " + (NOW + 5_000),
                "0 SET e 5 PXAT " + (NOW + 5),
                "0 SET f 6 KEEPTTL");
    }

    @Test
    void setGetDropsTheGetWords() {
        h.call("SET", "k", "v", "GET");
        h.call("SET", "k", "w", "get", "XX", "GET");
        h.call("SET", "k", "x", "GET", "EX", "1");
        assertThat(stream).containsExactly("0 SET k v", "0 SET k w XX", "0 SET k x PXAT " + (NOW + 1000));
    }

    @Test
    void expireFamilyPropagatesPexpireatOrADeletion() {
        h.call("MSET", "a", "1", "b", "2", "c", "3", "d", "4");
        stream.clear();
        h.call("EXPIRE", "a", "100", "NX");
        h.call("PEXPIRE", "b", "100");
        h.call("EXPIREAT", "c", "1800000000");
        h.call("PEXPIREAT", "d", "1800000000123", "NX");
        h.call("PEXPIREAT", "d", "1");
        h.call("EXPIRE", "missing", "10");
        h.call("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
        h.call("EXPIRE", "c", "-1");
        assertThat(stream).containsExactly(
                "0 PEXPIREAT a " + (NOW + 100_000) + " NX",
                "0 PEXPIREAT b " + (NOW + 100),
                "0 PEXPIREAT c 1800000000000",
                "0 PEXPIREAT d 1800000000123 NX",
                "0 DEL d",
                "0 UNLINK c");
    }

    @Test
    void getexGetdelGetsetIncrbyfloatHincrbyfloat() {
        h.call("SET", "k", "v");
        h.call("GETEX", "k", "EX", "10");
        h.call("GETEX", "k", "PERSIST");
        h.call("GETEX", "k", "PERSIST");
        h.call("GETEX", "k");
        h.call("GETEX", "k", "PXAT", "1");
        h.call("GETSET", "g", "1");
        h.call("GETDEL", "g");
        h.call("INCRBYFLOAT", "f", "1.5");
        h.call("HINCRBYFLOAT", "h", "x", "2.50");
        assertThat(stream).containsExactly(
                "0 SET k v",
                "0 PEXPIREAT k " + (NOW + 10_000),
                "0 PERSIST k",
                "0 DEL k",
                "0 SET g 1",
                "0 DEL g",
                "0 SET f 1.5 KEEPTTL",
                "0 HSET h x 2.5");
    }

    @Test
    void lazilyExpiredKeysPropagateAsDelBeforeTheCommandInsideMultiExec() {
        h.call("SET", "k", "v", "PX", "10");
        h.call("SET", "other", "v", "PX", "10");
        h.clock.advanceMillis(20);
        stream.clear();
        h.call("GET", "other");
        h.call("SET", "k", "w");
        assertThat(stream).containsExactly("0 DEL other", "0 MULTI", "0 DEL k", "0 SET k w", "0 EXEC");
    }

    @Test
    void scanAndRandomkeyNeverWrapTheDeletionsTheyCause() {
        h.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        h.call("SET", "a", "1", "PX", "10");
        h.call("SET", "b", "1", "PX", "10");
        h.clock.advanceMillis(20);
        stream.clear();
        h.call("SCAN", "0", "COUNT", "100");
        assertThat(stream).containsExactlyInAnyOrder("0 DEL a", "0 DEL b");
    }

    @Test
    void activeExpiryPropagatesEachDeletionAlone() {
        h.call("SET", "a", "1", "PX", "10");
        h.call("SET", "b", "1", "PX", "10");
        h.clock.advanceMillis(20);
        stream.clear();
        h.engine.executionLock().lock();
        try {
            h.engine.keyspace().activeExpireCycle(false, 10, 1);
        } finally {
            h.engine.executionLock().unlock();
        }
        assertThat(stream).containsExactlyInAnyOrder("0 DEL a", "0 DEL b");
    }

    @Test
    void spopWithCountPropagatesSremsOrADel() {
        h.call("SADD", "s", "a");
        stream.clear();
        h.call("SPOP", "s");
        assertThat(stream).containsExactly("0 SREM s a");
        h.call("SADD", "s", "a", "b", "c");
        stream.clear();
        h.call("SPOP", "s", "2");
        assertThat(stream).hasSize(4);
        assertThat(stream.get(0)).isEqualTo("0 MULTI");
        assertThat(stream.get(1)).startsWith("0 SREM s ");
        assertThat(stream.get(3)).isEqualTo("0 EXEC");
        stream.clear();
        h.call("SPOP", "s", "5");
        assertThat(stream).containsExactly("0 DEL s");
        h.call("SPOP", "s", "5");
        assertThat(stream).containsExactly("0 DEL s");
    }

    @Test
    void popsPropagateInTheirNonBlockingForm() {
        h.call("RPUSH", "l", "a", "b", "c");
        h.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        stream.clear();
        h.call("BLPOP", "nope", "l", "0");
        h.call("LMPOP", "1", "l", "RIGHT", "COUNT", "5");
        h.call("BZPOPMAX", "z", "0");
        h.call("ZMPOP", "1", "z", "MIN", "COUNT", "1");
        h.call("BZMPOP", "0", "1", "z", "MAX", "COUNT", "9");
        h.call("RPUSH", "l", "x");
        h.call("BLMOVE", "l", "m", "left", "RIGHT", "0");
        h.call("BRPOPLPUSH", "m", "l", "0");
        assertThat(stream).containsExactly(
                "0 LPOP l", "0 RPOP l 2", "0 ZPOPMAX z", "0 ZPOPMIN z 1", "0 ZPOPMAX z 1",
                "0 RPUSH l x", "0 LMOVE l m left RIGHT", "0 RPOPLPUSH m l");
    }

    @Test
    void aServedBlockedClientPropagatesAfterTheCommandThatServedIt() {
        Harness.TestClient waiter = h.newClient();
        waiter.raw("SELECT", "2");
        waiter.raw("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
        Harness.TestClient second = h.newClient();
        second.raw("SELECT", "2");
        second.raw("BLPOP", "dst", "0");
        Harness.TestClient other = h.newClient();
        other.raw("SELECT", "2");
        other.raw("LPUSH", "src", "v");
        assertThat(stream).containsExactly("2 LPUSH src v", "2 LMOVE src dst right left", "2 LPOP dst");
    }

    @Test
    void geoaddPropagatesAsZaddWithIntegerScores() {
        h.call("GEOADD", "g", "CH", "13.361389", "38.115556", "Palermo");
        assertThat(stream).containsExactly("0 zadd g CH 3479099956230698 Palermo");
    }

    @Test
    void flushesPropagateEvenOnAnEmptyDataset() {
        h.call("FLUSHDB");
        h.call("FLUSHALL", "ASYNC");
        assertThat(stream).containsExactly("0 FLUSHDB", "0 FLUSHALL ASYNC");
    }
}

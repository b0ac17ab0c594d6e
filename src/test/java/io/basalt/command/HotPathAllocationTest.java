package io.basalt.command;

import io.basalt.protocol.Args;
import io.basalt.protocol.ReplyWriter;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Common commands allocate nothing per call through the dispatcher, the call listeners and
 * the reply writer, except the value they store: the hot-path rule of STYLE.md, measured.
 */
class HotPathAllocationTest {
    private static final int CALLS = 100_000;

    /** Fewest bytes allocated per call over a few rounds (the first ones include JIT warm-up). */
    private static double bytesPerCall(Engine e, Client c, Args a) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                c.setArgs(a);
                e.executionLock().lock();
                try {
                    e.dispatcher().dispatch(c);
                    c.reply().drain();
                } finally {
                    e.executionLock().unlock();
                }
            }
            best = Math.min(best, (mx.getCurrentThreadAllocatedBytes() - before) / (double) CALLS);
        }
        return best;
    }

    @Test
    void getSetIncrAllocateOnlyWhatTheyStore() {
        Harness h = new Harness();
        Client c = new Client(1000, h.engine, h.newClient(), new ReplyWriter((buf, len) -> {}));
        assertThat(bytesPerCall(h.engine, c, Args.of("SET", "key:000000000001", "xxx")))
                .as("SET: the stored 3-byte value is one small byte[]").isLessThanOrEqualTo(24);
        assertThat(bytesPerCall(h.engine, c, Args.of("GET", "key:000000000001"))).as("GET").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("INCR", "counter")))
                .as("INCR past the shared integers: one Long").isLessThanOrEqualTo(24);
        assertThat(bytesPerCall(h.engine, c, Args.of("PING"))).as("PING").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("EXISTS", "key:000000000001"))).as("EXISTS").isLessThan(1);
    }

    @Test
    void publishAndKeyspaceNotificationsAllocateNothing() {
        Harness h = new Harness();
        Client c = new Client(1000, h.engine, h.newClient(), new ReplyWriter((buf, len) -> {}));
        assertThat(bytesPerCall(h.engine, c, Args.of("PUBLISH", "channel", "message"))).as("PUBLISH, nobody listens").isLessThan(1);
        Client sub = new Client(1001, h.engine, h.newClient(), new ReplyWriter((buf, len) -> {}));
        bytesPerCall(h.engine, sub, Args.of("SUBSCRIBE", "channel"));
        bytesPerCall(h.engine, sub, Args.of("PSUBSCRIBE", "chan*", "__key*__:*"));
        assertThat(bytesPerCall(h.engine, c, Args.of("PUBLISH", "channel", "message")))
                .as("PUBLISH to a channel and a pattern subscriber").isLessThan(1);
        h.raw("SET", "key:000000000001", "xxx");
        h.raw("CONFIG", "SET", "notify-keyspace-events", "KEA");
        assertThat(bytesPerCall(h.engine, c, Args.of("GET", "key:000000000001"))).as("GET, notifications on").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("EXPIRE", "key:000000000001", "1000")))
                .as("EXPIRE notifying a subscriber twice").isLessThan(1);
    }

    @Test
    void setLookupsAndRepeatedAddsAllocateNothing() {
        Harness h = new Harness();
        Client c = new Client(1000, h.engine, h.newClient(), new ReplyWriter((buf, len) -> {}));
        h.raw("SADD", "ints", "1", "2", "3");
        h.raw("SADD", "strs", "member:00000001", "member:00000002");
        assertThat(bytesPerCall(h.engine, c, Args.of("SISMEMBER", "ints", "2"))).as("SISMEMBER intset").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("SISMEMBER", "strs", "member:00000002")))
                .as("SISMEMBER hashtable").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("SADD", "strs", "member:00000001"))).as("SADD existing").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("SCARD", "strs"))).as("SCARD").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("SMEMBERS", "ints")))
                .as("SMEMBERS: at most the member view").isLessThanOrEqualTo(80);
    }

    @Test
    void listCommandsAllocateOnlyTheirNodes() {
        Harness h = new Harness();
        Client c = new Client(1000, h.engine, h.newClient(), new ReplyWriter((buf, len) -> {}));
        assertThat(bytesPerCall(h.engine, c, Args.of("RPUSH", "list", "0123456789abcdef")))
                .as("RPUSH: an 18-byte entry in an 8 KB node array grown by doubling").isLessThanOrEqualTo(48);
        assertThat(bytesPerCall(h.engine, c, Args.of("LRANGE", "list", "1000", "1099"))).as("LRANGE").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("LINDEX", "list", "-250000"))).as("LINDEX").isLessThan(1);
        assertThat(bytesPerCall(h.engine, c, Args.of("LPOP", "list"))).as("LPOP").isLessThan(8);
    }

    @Test
    void propagationCopiesNothingOnTheWayToATarget() {
        Harness h = new Harness();
        long[] seen = new long[1];
        h.engine.propagation().addTarget((db, argv) -> seen[0] += argv.count(), Propagation.ALL);
        Client c = new Client(1000, h.engine, h.newClient(), new ReplyWriter((buf, len) -> {}));
        assertThat(bytesPerCall(h.engine, c, Args.of("SET", "key:000000000001", "xxx")))
                .as("SET propagated as is").isLessThanOrEqualTo(24);
        assertThat(bytesPerCall(h.engine, c, Args.of("SET", "key:000000000001", "xxx", "EX", "100")))
                .as("SET EX rewritten to PXAT in a reused buffer").isLessThanOrEqualTo(24);
        assertThat(seen[0]).isPositive();
    }
}

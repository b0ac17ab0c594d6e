package io.basalt.replication;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared stream buffer against a byte-array model: offsets, the backlog window, reads and trimming. */
class ReplicationBufferTest {
    @Test
    void startsEmptyAfterTheCurrentOffset() {
        ReplicationBuffer b = new ReplicationBuffer(100, 1024);
        assertThat(b.endOffset()).isEqualTo(100);
        assertThat(b.backlogFirstOffset()).isEqualTo(101);
        assertThat(b.histlen()).isZero();
        assertThat(b.backlogHas(101)).isTrue();
        assertThat(b.backlogHas(100)).isFalse();
        assertThat(b.backlogHas(102)).isFalse();
    }

    @Test
    void theBacklogKeepsTheLastBacklogSizeBytes() {
        ReplicationBuffer b = new ReplicationBuffer(0, 10);
        b.append(bytes("0123456789abcdef"), 0, 16);
        assertThat(b.endOffset()).isEqualTo(16);
        assertThat(b.histlen()).isEqualTo(10);
        assertThat(b.backlogFirstOffset()).isEqualTo(7);
        assertThat(b.backlogHas(6)).isFalse();
        assertThat(b.backlogHas(7)).isTrue();
        assertThat(b.backlogHas(17)).isTrue();
        assertThat(read(b, 7)).isEqualTo("6789abcdef");
        assertThat(read(b, 17)).isEmpty();
    }

    /** Random appends, reads from random retained positions and trims with a replica lagging behind. */
    @Test
    void readsMatchTheModelAcrossBlocksAndTrims() {
        for (long seed = 1; seed <= 8; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            long backlog = 1 + rnd.nextInt(100_000);
            ReplicationBuffer b = new ReplicationBuffer(0, backlog);
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            long replica = 1;
            for (int step = 0; step < 120; step++) {
                byte[] chunk = new byte[rnd.nextInt(rnd.nextBoolean() ? 100 : 40_000)];
                rnd.nextBytes(chunk);
                b.append(chunk, 0, chunk.length);
                model.write(chunk, 0, chunk.length);
                assertThat(b.endOffset()).isEqualTo(model.size());
                assertThat(b.histlen()).isEqualTo(Math.min(backlog, model.size()));
                if (rnd.nextInt(4) == 0) replica = model.size() + 1;
                assertThat(b.holds(replica)).isTrue();
                long from = rnd.nextBoolean() ? replica : b.backlogFirstOffset();
                byte[] expected = java.util.Arrays.copyOfRange(model.toByteArray(), (int) from - 1, model.size());
                assertThat(readBytes(b, from)).isEqualTo(expected);
                b.trim(replica);
                assertThat(b.holds(replica)).isTrue();
                assertThat(b.holds(b.backlogFirstOffset())).isTrue();
            }
            assertThat(b.memory()).isLessThanOrEqualTo(model.size() - Math.min(replica, b.backlogFirstOffset()) + 2L * (1 << 20));
        }
    }

    @Test
    void rebaseMovesAnEmptyBuffer() {
        ReplicationBuffer b = new ReplicationBuffer(0, 100);
        b.rebase(5000);
        assertThat(b.endOffset()).isEqualTo(5000);
        assertThat(b.backlogFirstOffset()).isEqualTo(5001);
        b.append(bytes("xy"), 0, 2);
        assertThat(read(b, 5001)).isEqualTo("xy");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String read(ReplicationBuffer b, long from) {
        return new String(readBytes(b, from), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] readBytes(ReplicationBuffer b, long from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.read(from, out::write);
        return out.toByteArray();
    }
}

package io.basalt.persistence;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.protocol.Args;
import io.basalt.protocol.ReplyWriter;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the AOF on, a write costs its copy into the reused AOF buffer and the file write at
 * the end of the batch, not per-command garbage: measured over whole batches as a
 * connection runs them (commands, then the before-sleep AOF write).
 */
class AofHotPathTest {
    private static final int BATCHES = 2_000;
    private static final int PER_BATCH = 50;

    @TempDir
    Path dir;

    @Test
    void aWriteAllocatesOnlyWhatItStores() throws Exception {
        Harness h = new Harness("dir", dir.toString(), "appendonly", "yes", "appendfsync", "no");
        Engine e = h.engine;
        e.executionLock().lock();
        try {
            AppendOnlyFile.start(e);
        } finally {
            e.executionLock().unlock();
        }
        Client c = new Client(1000, e, h.newClient(), new ReplyWriter((buf, len) -> {}));
        Args set = Args.of("SET", "key:000000000001", "xxx");
        Args setex = Args.of("SET", "key:000000000001", "xxx", "EX", "100");
        assertThat(bytesPerCommand(e, c, set)).as("SET with the AOF on").isLessThanOrEqualTo(32);
        assertThat(bytesPerCommand(e, c, setex)).as("SET EX rewritten and appended").isLessThanOrEqualTo(32);
        assertThat(Files.size(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"))).isPositive();
    }

    private static double bytesPerCommand(Engine e, Client c, Args a) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int b = 0; b < BATCHES; b++) {
                e.executionLock().lock();
                try {
                    for (int i = 0; i < PER_BATCH; i++) {
                        c.setArgs(a);
                        e.dispatcher().dispatch(c);
                    }
                    c.reply().drain();
                    e.runBeforeSleepTasks();
                } finally {
                    e.executionLock().unlock();
                }
            }
            best = Math.min(best, (mx.getCurrentThreadAllocatedBytes() - before) / (double) (BATCHES * PER_BATCH));
        }
        return best;
    }
}

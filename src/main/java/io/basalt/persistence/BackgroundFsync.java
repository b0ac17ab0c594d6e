package io.basalt.persistence;

import io.basalt.util.Log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redis's bio thread for AOF fsyncs (appendfsync everysec): fsyncs run one at a time on their
 * own thread, so command execution never waits for the disk; the writer asks how many are
 * pending to postpone its writes as Redis does.
 */
final class BackgroundFsync {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "basalt-aof-fsync");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean failed;
    private volatile String failure = "";

    /** Fsyncs pending or running (INFO's aof_pending_bio_fsync). */
    int pending() {
        return pending.get();
    }

    /** True after a background fsync failed, until {@link #clearFailure}. */
    boolean failed() {
        return failed;
    }

    /** Why the last background fsync failed. */
    String failure() {
        return failure;
    }

    void clearFailure() {
        failed = false;
    }

    void fsync(FileChannel file) {
        pending.incrementAndGet();
        thread.execute(() -> {
            try {
                file.force(false);
                failed = false;
            } catch (IOException e) {
                if (!failed) Log.warning("Fail to fsync the AOF file: " + e.getMessage());
                failure = String.valueOf(e.getMessage());
                failed = true;
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /** Waits for the fsyncs queued so far (shutdown). */
    void drain() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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

    /**
     * Redis's aof_background_fsync_and_close: an increment no longer appended to is fsynced
     * and closed after the fsyncs queued before it. Not counted as pending (Redis's close jobs
     * are another bio type) and its failure is only logged: the next increment is what the
     * writes depend on now.
     */
    void close(FileChannel file) {
        thread.execute(() -> {
            try {
                file.force(false);
            } catch (IOException e) {
                Log.warning("Fail to fsync the AOF file: " + e.getMessage());
            }
            try {
                file.close();
            } catch (IOException e) {
                Log.warning("Fail to close the AOF file: " + e.getMessage());
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

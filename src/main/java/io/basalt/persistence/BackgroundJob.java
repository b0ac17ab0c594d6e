package io.basalt.persistence;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Redis's child process slot ({@code child_type}, {@code child_pid}): the one background
 * snapshot, a BGSAVE or an AOF rewrite, that may run at a time. Only one snapshot walks the
 * tables at a time, so a foreground save first completes the running walk
 * ({@link #finishWalkNow}). The job runs on its own thread, joining the execution order one
 * slice at a time; its completion handler runs on that thread under the execution lock.
 * Everything else here is guarded by the execution lock.
 */
final class BackgroundJob {
    enum Type { RDB, AOF }

    /** Redis's backgroundSaveDoneHandler / backgroundRewriteDoneHandler: under the execution lock; never after {@link #kill}. */
    interface DoneHandler {
        void done(Snapshot snapshot, IOException failure);
    }

    private final ReentrantLock lock;
    private Type type;
    /** An RDB job writing to replicas' sockets rather than to the dump file (rdb_child_type SOCKET). */
    private boolean toSockets;
    private Snapshot snapshot;
    private long startMillis;

    BackgroundJob(ReentrantLock lock) {
        this.lock = lock;
    }

    /** hasActiveChildProcess. */
    boolean active() {
        return snapshot != null;
    }

    /** Whether the running job is of this type (Redis's child_type check). */
    boolean is(Type t) {
        return snapshot != null && type == t;
    }

    /** Whether the running RDB job writes to replicas' sockets. */
    boolean toSockets() {
        return snapshot != null && toSockets;
    }

    /** The running job's snapshot, or null. */
    Snapshot snapshot() {
        return snapshot;
    }

    long startMillis() {
        return startMillis;
    }

    /**
     * Runs {@code s} on a new thread ({@code keyDelayMicros}: rdb-key-save-delay, for tests).
     * Inside the execution order, with no job running.
     */
    void start(Type t, Snapshot s, long now, long keyDelayMicros, String threadName, DoneHandler handler) {
        start(t, false, s, now, keyDelayMicros, threadName, handler);
    }

    void start(Type t, boolean sockets, Snapshot s, long now, long keyDelayMicros, String threadName, DoneHandler handler) {
        if (snapshot != null) throw new IllegalStateException("a background job is running");
        type = t;
        toSockets = sockets;
        snapshot = s;
        startMillis = now;
        Thread thread = new Thread(() -> {
            IOException failure = null;
            try {
                s.runInBackground(lock, Math.max(0, keyDelayMicros));
            } catch (IOException e) {
                failure = e;
            }
            lock.lock();
            try {
                if (snapshot != s) return;
                snapshot = null;
                handler.done(s, failure);
            } finally {
                lock.unlock();
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the running job, as Redis kills its child: nothing more is written, no handler runs. */
    void kill() {
        Snapshot s = snapshot;
        if (s == null) return;
        snapshot = null;
        s.cancel();
    }

    /** Completes the running job's walk inside the execution order, so another snapshot may start. */
    void finishWalkNow() {
        if (snapshot != null) snapshot.finishWalkNow();
    }
}

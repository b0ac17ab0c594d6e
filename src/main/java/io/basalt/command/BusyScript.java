package io.basalt.command;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A script that ran past busy-reply-threshold (Redis's "timed out" script). Scripts run on
 * a thread of their own while the event loop that started one waits for it (see
 * docs/ARCHITECTURE.md, "Scripting"). When one outlives the threshold, the event loop goes
 * back to its other clients, still holding the execution lock so that nothing else (cron,
 * replication, snapshots) runs, and answers them BUSY. From then on the two threads take
 * turns through a fair baton: the script holds it and lets go only at its instruction-count
 * hook, so the event loop touches the engine only while the script stands still there.
 */
public final class BusyScript {
    private final ReentrantLock baton = new ReentrantLock(true);
    private volatile boolean active;
    private volatile boolean eval;
    private volatile Thread scriptThread;

    /** True from the moment a script outlived the threshold until its call has finished. */
    public boolean active() {
        return active;
    }

    /** Whether the busy script is an EVAL (SCRIPT KILL) rather than a function (FUNCTION KILL). */
    public boolean isEval() {
        return eval;
    }

    /** Names the thread scripts run on: its own use of the execution lock is the event loop's. */
    public void setScriptThread(Thread t) {
        scriptThread = t;
    }

    boolean onScriptThread() {
        return Thread.currentThread() == scriptThread;
    }

    /** Script thread: the script outlived the threshold; it takes the baton before the event loop is told. */
    public void begin(boolean isEval) {
        baton.lock();
        eval = isEval;
        active = true;
    }

    /** Script thread, at its hook: lets an event loop waiting for its turn go first. */
    public void yieldTurn() {
        if (baton.hasQueuedThreads()) {
            baton.unlock();
            baton.lock();
        }
    }

    /** Script thread: the script returned; the event loop finishes its call, then calls {@link #end()}. */
    public void scriptReturned() {
        baton.unlock();
    }

    void end() {
        active = false;
    }

    void takeTurn() {
        baton.lock();
    }

    void releaseTurn() {
        if (baton.isHeldByCurrentThread()) baton.unlock();
    }
}

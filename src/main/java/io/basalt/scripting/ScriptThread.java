package io.basalt.scripting;

import java.util.concurrent.locks.LockSupport;

/**
 * The thread every script runs on. The event loop hands it a job and waits (spinning
 * briefly, then parked) until the job is done or the script outlived busy-reply-threshold;
 * in the second case the event loop goes back to its other clients while the job goes on
 * (see {@code command.BusyScript}). The thread has a large stack: Lua's C recursion and the
 * JNI frames of nested calls live on it.
 */
final class ScriptThread {
    private static final int IDLE = 0, RUNNING = 1, DONE = 2, BUSY = 3;
    /**
     * How long the event loop spins before parking while a script runs: a short script may
     * return within it, sparing one wake-up. The script thread never spins while idle: on a
     * machine with few cores a spinning thread takes the core the event loop needs
     * (measured in docs/ARCHITECTURE.md, "Scripting").
     */
    private static final long WAIT_SPIN_NANOS = 20_000;

    private final Thread thread;
    private volatile int state;
    private volatile Runnable job;
    private volatile Thread waiter;
    /** Script thread only: the running job went busy; its end is announced by the job itself. */
    private boolean busy;

    ScriptThread(String name) {
        thread = new Thread(null, this::loop, name, 256L << 20);
        thread.setDaemon(true);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    boolean onThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code work} on the script thread: true once it is done, false if it went busy and still runs. */
    boolean run(Runnable work) {
        waiter = Thread.currentThread();
        job = work;
        state = RUNNING;
        LockSupport.unpark(thread);
        long spinUntil = System.nanoTime() + WAIT_SPIN_NANOS;
        int s;
        while ((s = state) == RUNNING) {
            if (System.nanoTime() < spinUntil) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        if (s == DONE) {
            state = IDLE;
            return true;
        }
        return false;
    }

    /** Script thread: the running job outlived the threshold; the waiting event loop returns. */
    void wentBusy() {
        busy = true;
        state = BUSY;
        LockSupport.unpark(waiter);
    }

    /**
     * Script thread, at the end of a job that went busy, before it hands the end of the call
     * to the event loop: the thread takes jobs again.
     */
    void busyJobDone() {
        busy = false;
        state = IDLE;
    }

    private void loop() {
        while (true) {
            Runnable work = job;
            if (state != RUNNING || work == null) {
                LockSupport.park(this);
                continue;
            }
            job = null;
            try {
                work.run();
            } catch (Throwable t) {
                io.basalt.util.Log.warning("Script thread: unexpected " + t);
            }
            if (!busy && state == RUNNING) {
                state = DONE;
                LockSupport.unpark(waiter);
            }
        }
    }
}

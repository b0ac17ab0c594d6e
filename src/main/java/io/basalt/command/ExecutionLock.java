package io.basalt.command;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The execution lock ({@link Engine#executionLock()}), aware of busy scripts: while one runs,
 * whoever holds the lock also takes the script's baton ({@link BusyScript}) so it only acts
 * while the script stands at its hook; the script thread itself runs on behalf of the event
 * loop that holds the lock, so its own lock calls are no-ops. Without a busy script this
 * costs one volatile read per lock.
 */
final class ExecutionLock extends ReentrantLock {
    private final BusyScript busy;

    ExecutionLock(BusyScript busy) {
        this.busy = busy;
    }

    @Override
    public void lock() {
        if (busy.onScriptThread()) return;
        super.lock();
        if (busy.active()) busy.takeTurn();
    }

    @Override
    public void unlock() {
        if (busy.onScriptThread()) return;
        busy.releaseTurn();
        super.unlock();
    }

    /** One more hold, without the baton: the event loop keeps the execution order while a busy script runs. */
    void holdForBusyScript() {
        super.lock();
    }

    void releaseBusyScriptHold() {
        super.unlock();
    }
}

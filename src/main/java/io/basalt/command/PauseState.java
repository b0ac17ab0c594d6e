package io.basalt.command;

import io.basalt.util.Clock;

import java.util.ArrayList;
import java.util.List;

/** CLIENT PAUSE: which commands are held back, until when, and the clients waiting. */
public final class PauseState {
    public enum Type { NONE, WRITE, ALL }

    private final Clock clock;
    private Type type = Type.NONE;
    private long endMillis;
    private final List<Client> waiting = new ArrayList<>();
    /** Clients whose postponed command may run now that the pause ended, in arrival order. */
    private final List<Client> ready = new ArrayList<>();
    private boolean runningReady;

    PauseState(Clock clock) {
        this.clock = clock;
    }

    /** Starts or extends a pause; a pause never becomes shorter or weaker, as in Redis. */
    public void pause(Type t, long untilMillis) {
        checkTimeout();
        if (type == Type.NONE || t.ordinal() > type.ordinal()) type = t;
        if (untilMillis > endMillis || type == Type.NONE) endMillis = untilMillis;
    }

    /**
     * True if this command must wait. The deadline is not checked here: as in Redis, a pause
     * ends only in the cron or between read batches ({@link #checkTimeout}), so a command
     * arriving late still queues behind the ones held before it.
     */
    boolean holds(CommandSpec spec) {
        if (type == Type.NONE) return false;
        if (type == Type.ALL) return true;
        return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    }

    public boolean isPaused() {
        return type != Type.NONE;
    }

    public Type type() {
        return type;
    }

    void hold(Client c) {
        waiting.add(c);
    }

    /** Ends the pause when its time is over (called from the cron and between read batches). */
    public void checkTimeout() {
        if (type != Type.NONE && clock.millis() > endMillis) unpause();
    }

    /**
     * Ends the pause. The held clients run later, outside any command, through
     * {@link #runReady}: Redis also only unblocks them here and runs them afterwards.
     */
    public void unpause() {
        type = Type.NONE;
        endMillis = 0;
        ready.addAll(waiting);
        waiting.clear();
    }

    /**
     * Runs the commands held by a pause that ended, in the order they arrived, then lets each
     * client go on with its buffered input. A command may pause the server again, and then
     * the clients after it wait again.
     */
    void runReady(Dispatcher d) {
        if (runningReady || ready.isEmpty()) return;
        runningReady = true;
        try {
            while (!ready.isEmpty()) {
                Client c = ready.remove(0);
                c.clear(Client.PAUSED);
                if (d.runPostponed(c)) c.connection().resume();
            }
        } finally {
            runningReady = false;
        }
    }

    void forget(Client c) {
        waiting.remove(c);
        ready.remove(c);
    }
}

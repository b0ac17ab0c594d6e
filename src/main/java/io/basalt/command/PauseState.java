package io.basalt.command;

import io.basalt.util.Clock;

import java.util.ArrayList;
import java.util.List;

/**
 * Client pauses: which commands are held back, until when, and the clients waiting. Pauses
 * have purposes (Redis's pause_purpose: CLIENT PAUSE, a coordinated FAILOVER) that end
 * independently; the strongest active one applies.
 */
public final class PauseState {
    public enum Type { NONE, WRITE, ALL }

    public enum Purpose { CLIENT_COMMAND, SHUTDOWN, FAILOVER }

    private final Clock clock;
    private final Type[] types = {Type.NONE, Type.NONE, Type.NONE};
    private final long[] ends = new long[3];
    private Type type = Type.NONE;
    private final List<Client> waiting = new ArrayList<>();
    /** Clients whose postponed command may run now that the pause ended, in arrival order. */
    private final List<Client> ready = new ArrayList<>();
    private boolean runningReady;

    PauseState(Clock clock) {
        this.clock = clock;
    }

    /** Starts or extends a pause of {@code purpose}; it never becomes shorter or weaker, as in Redis. */
    public void pause(Purpose purpose, Type t, long untilMillis) {
        checkTimeout();
        int p = purpose.ordinal();
        if (types[p] == Type.NONE || untilMillis > ends[p]) ends[p] = untilMillis;
        if (t.ordinal() > types[p].ordinal()) types[p] = t;
        updateType();
    }

    private void updateType() {
        Type t = Type.NONE;
        for (Type x : types) if (x.ordinal() > t.ordinal()) t = x;
        type = t;
    }

    /**
     * True if this command must wait. The deadline is not checked here: as in Redis, a pause
     * ends only in the cron or between read batches ({@link #checkTimeout}), so a command
     * arriving late still queues behind the ones held before it.
     */
    /** Whether a command is held; {@code mayReplicate}: it writes or may replicate (an EXEC: any queued command does). */
    boolean holds(boolean mayReplicate) {
        if (type == Type.NONE) return false;
        return type == Type.ALL || mayReplicate;
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

    /** Ends the pauses whose time is over (called from the cron and between read batches). */
    public void checkTimeout() {
        if (type == Type.NONE) return;
        long now = clock.millis();
        for (Purpose p : Purpose.values()) {
            if (types[p.ordinal()] != Type.NONE && now > ends[p.ordinal()]) unpause(p);
        }
    }

    /**
     * Ends the pause of {@code purpose}. When no pause is left, the held clients run later,
     * outside any command, through {@link #runReady}: Redis also only unblocks them here and
     * runs them afterwards. (A write pause that remains lets nothing through: held commands
     * re-check when they run.)
     */
    public void unpause(Purpose purpose) {
        types[purpose.ordinal()] = Type.NONE;
        ends[purpose.ordinal()] = 0;
        updateType();
        if (type != Type.NONE) return;
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

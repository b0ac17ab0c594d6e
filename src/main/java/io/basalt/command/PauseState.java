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

    PauseState(Clock clock) {
        this.clock = clock;
    }

    /** Starts or extends a pause; a pause never becomes shorter or weaker, as in Redis. */
    public void pause(Type t, long untilMillis) {
        if (type == Type.NONE || t.ordinal() > type.ordinal()) type = t;
        if (untilMillis > endMillis || type == Type.NONE) endMillis = untilMillis;
    }

    /** True if this command must wait; ends the pause first if its time is over. */
    boolean holds(CommandSpec spec) {
        if (type == Type.NONE) return false;
        if (clock.millis() >= endMillis) {
            unpause();
            return false;
        }
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

    /** Ends the pause when its time is over (called from the cron). */
    public void checkTimeout() {
        if (type != Type.NONE && clock.millis() >= endMillis) unpause();
    }

    public void unpause() {
        type = Type.NONE;
        endMillis = 0;
        List<Client> resume = new ArrayList<>(waiting);
        waiting.clear();
        for (Client c : resume) {
            c.clear(Client.PAUSED);
            c.connection().resume();
        }
    }

    void forget(Client c) {
        waiting.remove(c);
    }
}

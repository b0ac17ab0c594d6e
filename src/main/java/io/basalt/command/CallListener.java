package io.basalt.command;

/** Told about every executed command (slowlog, latency monitor, MONITOR feed). */
public interface CallListener {
    void afterCall(Client c, CommandSpec spec, long startMicros, long durationMicros);

    /** CONFIG RESETSTAT: forget any statistics this listener keeps. */
    default void resetStats() {}
}

package io.basalt.scripting;

import io.basalt.command.Client;

/** One running script (Redis's scriptRunCtx): who called it, what it may do, what it did. */
final class ScriptRun {
    final Client caller;
    /** The SHA1 of an EVAL body, or the function's name: error messages and the slow-script log. */
    final String name;
    final boolean eval;
    final boolean readOnly;
    final boolean allowOom;
    /** Used memory exceeded maxmemory when the script started (Redis's pre_command_oom_state). */
    final boolean oomAtStart;
    final long startNanos;
    /** The instant every command of the script sees (Redis's script time snapshot). */
    final long snapshotMillis;
    boolean writeDirty;
    volatile boolean killed;
    /** The protocol redis.call replies come in (redis.setresp). */
    int resp = 2;

    ScriptRun(Client caller, String name, boolean eval, boolean readOnly, boolean allowOom, boolean oomAtStart,
              long startNanos, long snapshotMillis) {
        this.caller = caller;
        this.name = name;
        this.eval = eval;
        this.readOnly = readOnly;
        this.allowOom = allowOom;
        this.oomAtStart = oomAtStart;
        this.startNanos = startNanos;
        this.snapshotMillis = snapshotMillis;
    }

    /** Redis's mustObeyClient: our master, or the AOF being loaded. */
    boolean callerMustBeObeyed() {
        return caller.has(Client.MASTER) || caller.id() < 0;
    }
}

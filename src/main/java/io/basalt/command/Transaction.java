package io.basalt.command;

import io.basalt.protocol.Args;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's MULTI state and watched keys (Redis's multiState and watched_keys). Created on
 * the client's first MULTI or WATCH; clients that never use transactions carry none.
 */
public final class Transaction {
    final List<Args> queued = new ArrayList<>();
    final List<CommandSpec> specs = new ArrayList<>();
    final List<WatchedKeys.Watch> watched = new ArrayList<>();
    /** Union of the queued commands' flags, and of their complements (Redis's cmd_flags / cmd_inv_flags). */
    long flags;
    long invertedFlags;
    /** A watched key changed (CLIENT_DIRTY_CAS): EXEC replies with a null array. */
    boolean dirtyCas;
    /** A command was rejected while queueing (CLIENT_DIRTY_EXEC): EXEC replies EXECABORT. */
    boolean dirtyExec;
    /** Bytes held by the queued arguments (CLIENT LIST multi-mem). */
    long queuedBytes;

    void queue(Args copy, CommandSpec spec) {
        queued.add(copy);
        specs.add(spec);
        flags |= spec.flags();
        invertedFlags |= ~spec.flags();
        for (int i = 0; i < copy.count(); i++) queuedBytes += copy.length(i);
    }

    /** Whether a queued command has {@code flag} (Redis's is_*_command checks for EXEC). */
    boolean anyHas(CommandFlag flag) {
        return (flags & flag.bit) != 0;
    }

    /** Whether a queued command lacks {@code flag}. */
    boolean anyLacks(CommandFlag flag) {
        return (invertedFlags & flag.bit) != 0;
    }

    public int queuedCount() {
        return queued.size();
    }

    public Args queuedArgs(int i) {
        return queued.get(i);
    }

    public CommandSpec queuedSpec(int i) {
        return specs.get(i);
    }

    /** A command was rejected while queueing: EXEC must answer EXECABORT. */
    public boolean dirtyExec() {
        return dirtyExec;
    }

    /** UNWATCH: a change to a key no longer watched no longer matters. */
    public void clearDirtyCas() {
        dirtyCas = false;
    }

    /** A watched key changed or expired: EXEC must answer a null array. */
    public void markDirtyCas() {
        dirtyCas = true;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    public boolean dirtyCas() {
        return dirtyCas;
    }

    /** Forgets the queued commands and the flags (Redis's discardTransaction, minus the unwatching). */
    void clearQueue() {
        queued.clear();
        specs.clear();
        flags = 0;
        invertedFlags = 0;
        dirtyCas = false;
        dirtyExec = false;
        queuedBytes = 0;
    }
}

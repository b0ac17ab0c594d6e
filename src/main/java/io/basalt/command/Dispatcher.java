package io.basalt.command;

import io.basalt.config.Directives;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.Clock;
import io.basalt.util.Log;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one gate every command passes (Redis's processCommand + call): lookup, arity,
 * protected commands, authentication, maxmemory, replica gates, the RESP2 subscribed context,
 * client pause, then execution with statistics.
 * Checks appear here in Redis's order; handlers never repeat them.
 */
public final class Dispatcher {
    private static final byte[] HOST = "HOST:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POST = "POST".getBytes(StandardCharsets.US_ASCII);
    private static final long SECURITY_LOG_INTERVAL_MS = 60_000;
    /** Clients that get no replies: CLIENT REPLY OFF/SKIP, and both ends of a replication link. */
    private static final int SILENT = Client.REPLY_OFF | Client.REPLY_SKIP | Client.REPLICA | Client.MASTER;

    private final Engine engine;
    private final Clock clock;
    private long lastSecurityWarning = Long.MIN_VALUE / 2;
    private final CommandSpec exec;
    /** The commands that end a transaction: maxmemory never refuses them inside MULTI. */
    private final CommandSpec[] endingTransaction;
    /** The commands that run at once inside MULTI instead of being queued. */
    private final CommandSpec[] notQueued;

    Dispatcher(Engine engine) {
        this.engine = engine;
        this.clock = engine.clock();
        CommandTable table = engine.commands();
        this.exec = table.find("exec");
        this.endingTransaction = new CommandSpec[] {exec, table.find("discard"), table.find("quit"), table.find("reset")};
        this.notQueued = new CommandSpec[] {
            endingTransaction[0], endingTransaction[1], endingTransaction[2], endingTransaction[3],
            table.find("multi"), table.find("watch")
        };
    }

    /**
     * Executes the command in {@code c.args()}, then serves the clients blocked on keys it
     * created. Returns false when the client must stop processing input for now: it is
     * paused or blocked, or its connection is closing.
     */
    public boolean dispatch(Client c) {
        ReplyWriter reply = c.reply();
        reply.setEnabled(!c.has(SILENT));
        boolean go = process(c);
        if (!c.has(Client.PAUSED)) commandProcessed(c);
        engine.blocking().serveReadyKeys();
        engine.pause().runReady(this);
        return go && !c.has(Client.BLOCKED | Client.BUSY_SCRIPT);
    }

    /** Runs the commands a pause that just ended held back (called by the cron after a timeout). */
    public void runUnpaused() {
        engine.pause().runReady(this);
    }

    /**
     * Redis's resetClient(): a CLIENT REPLY SKIP takes effect for the command after itself,
     * and a skipped reply is skipped once; replies stay off while CLIENT REPLY OFF holds.
     */
    private static void commandProcessed(Client c) {
        c.clear(Client.REPLY_SKIP);
        if (c.has(Client.REPLY_SKIP_NEXT)) {
            c.clear(Client.REPLY_SKIP_NEXT);
            c.set(Client.REPLY_SKIP);
        }
        c.reply().setEnabled(!c.has(SILENT));
    }

    private boolean process(Client c) {
        Args a = c.args();
        // One clock read per command: the time the command sees is also its interaction time.
        engine.keyspace().freezeTime();
        c.touch(engine.keyspace().now());
        if (a.is(0, HOST) || a.is(0, POST)) {
            securityWarning(c);
            return false;
        }
        CommandSpec spec = lookup(a);
        c.setLastCommand(spec);
        if (spec == null) {
            flagTransaction(c);
            // Latin-1 round-trips the argument bytes Redis echoes verbatim (%.128s).
            c.reply().error(unknownCommand(a).getBytes(StandardCharsets.ISO_8859_1));
            return true;
        }
        if ((spec.arity() > 0 && spec.arity() != a.count()) || a.count() < -spec.arity()) {
            reject(c, spec, Errors.wrongArity(spec.fullName()));
            return true;
        }
        if (spec.has(CommandFlag.PROTECTED) && !protectedAllowed(c)) {
            reject(c, spec, Errors.DEBUG_NOT_ALLOWED);
            return true;
        }
        if (c.authRequired() && !spec.has(CommandFlag.NO_AUTH)) {
            reject(c, spec, Errors.NOAUTH);
            return true;
        }
        boolean inMulti = c.has(Client.MULTI);
        if (inMulti && spec.has(CommandFlag.NO_MULTI)) {
            reject(c, spec, Errors.NOT_IN_MULTI);
            return true;
        }
        // EXEC passes the checks as the union of its queued commands (Redis's is_*_command).
        Transaction queued = spec == exec && inMulti ? c.transaction() : null;
        // Redis's maxmemory step: evict first; what cannot be freed refuses commands that may grow
        // memory, and in MULTI anything but the commands that end the transaction.
        if (engine.memoryLimit().limited() && engine.memoryLimit().overLimitBeforeCommand()
                && (spec.has(CommandFlag.DENYOOM) || (queued != null && queued.anyHas(CommandFlag.DENYOOM))
                    || (inMulti && !endsTransaction(spec)))) {
            reject(c, spec, Errors.OOM);
            return true;
        }
        boolean write = spec.has(CommandFlag.WRITE) || (queued != null && queued.anyHas(CommandFlag.WRITE));
        boolean read = spec.has(CommandFlag.READONLY) || (queued != null && queued.anyHas(CommandFlag.READONLY));
        boolean mayReplicate = write || spec.has(CommandFlag.MAY_REPLICATE)
                || (queued != null && queued.anyHas(CommandFlag.MAY_REPLICATE));
        boolean fromMaster = c.has(Client.MASTER);
        String denial = engine.diskErrors().writeDenial();
        // A replica applies its master's stream even when it cannot persist it.
        if (denial != null && (write || spec.fullName().equals("ping")) && !fromMaster) {
            reject(c, spec, denial);
            return true;
        }
        ReplicationGate gate = engine.replicationGate();
        if (write && gate.lacksGoodReplicas) {
            reject(c, spec, Errors.NOREPLICAS);
            return true;
        }
        if (write && gate.readOnlyReplica && !fromMaster) {
            reject(c, spec, Errors.READONLY);
            return true;
        }
        if (c.has(Client.PUBSUB) && c.protocol() == 2 && !allowedWhileSubscribed(spec.fullName())) {
            reject(c, spec, Errors.subscribedContext(spec.fullName()));
            return true;
        }
        if (gate.staleDenied && (!spec.has(CommandFlag.STALE) || (queued != null && queued.anyLacks(CommandFlag.STALE)))) {
            reject(c, spec, Errors.MASTERDOWN);
            return true;
        }
        if (engine.loading() && (!spec.has(CommandFlag.LOADING) || (queued != null && queued.anyLacks(CommandFlag.LOADING)))) {
            reject(c, spec, Errors.LOADING);
            return true;
        }
        BusyScript busy = engine.busyScript();
        if (busy.active() && !spec.has(CommandFlag.ALLOW_BUSY)) {
            reject(c, spec, busy.isEval() ? Errors.BUSY_SCRIPT : Errors.BUSY_FUNCTION);
            return true;
        }
        if (c.has(Client.REPLICA) && (mayReplicate || read)) {
            // Redis frees a replica that makes its master reply.
            reject(c, spec, Errors.REPLICA_KEYSPACE);
            c.connection().closeNow();
            return false;
        }
        // The master link is never held: the replica applies its stream in order, whatever pauses its clients.
        if (!fromMaster && engine.pause().holds(mayReplicate)) {
            c.setPostponed(a.copyRange(0, a.count()));
            c.set(Client.PAUSED);
            engine.pause().hold(c);
            return false;
        }
        if (inMulti && !runsInMulti(spec)) {
            queue(c, spec);
            return true;
        }
        call(c, spec);
        return !c.has(Client.CLOSE_AFTER_REPLY);
    }

    private boolean endsTransaction(CommandSpec spec) {
        return isOneOf(spec, endingTransaction);
    }

    private boolean runsInMulti(CommandSpec spec) {
        return isOneOf(spec, notQueued);
    }

    private static boolean isOneOf(CommandSpec spec, CommandSpec[] specs) {
        for (CommandSpec s : specs) {
            if (s == spec) return true;
        }
        return false;
    }

    /** Redis's queueMultiCommand: an aborted transaction keeps nothing, but still answers QUEUED. */
    private static void queue(Client c, CommandSpec spec) {
        Transaction t = c.transaction();
        if (!t.dirtyCas && !t.dirtyExec) {
            Args a = c.args();
            t.queue(a.copyRange(0, a.count()), spec);
        }
        c.reply().raw(Replies.QUEUED);
    }

    /**
     * Runs a command inside another one, an EXEC's queued command or a script's redis.call,
     * after the checks its caller made (Redis's call() from execCommand and scriptCall):
     * statistics, listeners and propagation as for any command; its effects join the outer
     * command's propagated unit.
     */
    public void callNested(Client c, CommandSpec spec) {
        CommandSpec outer = c.lastCommand();
        c.setLastCommand(spec);
        call(c, spec);
        c.setLastCommand(outer);
    }

    /** Redis's flagTransaction: a command rejected while queueing makes EXEC fail. */
    private static void flagTransaction(Client c) {
        if (c.has(Client.MULTI)) c.transaction().dirtyExec = true;
    }

    /** The commands a RESP2 client may send in subscribed mode (RESP3 has no such limit). */
    private static boolean allowedWhileSubscribed(String command) {
        return switch (command) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                 "quit", "reset" -> true;
            default -> false;
        };
    }

    /** Runs a command postponed by CLIENT PAUSE; false if it had to wait again. */
    public boolean runPostponed(Client c) {
        Args held = c.postponed();
        if (held == null) return true;
        c.setPostponed(null);
        Args current = c.args();
        c.setArgs(held);
        boolean go = dispatch(c);
        c.setArgs(current);
        return go;
    }

    /** Forgets a disconnected client's pending state. */
    public void disconnected(Client c) {
        c.discardTransaction();
        engine.pause().forget(c);
        engine.blocking().forget(c);
        List<java.util.function.Consumer<Client>> listeners = engine.disconnectListeners();
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).accept(c);
    }

    private CommandSpec lookup(Args a) {
        CommandSpec base = engine.commands().lookup(a.buffer(), a.offset(0), a.length(0));
        if (base == null || !base.isContainer() || a.count() == 1) return base;
        return base.subcommand(Ascii.lower(a.string(1)));
    }

    /** Executes a command that passed every check: Redis's call(). */
    private void call(Client c, CommandSpec spec) {
        ReplyWriter reply = c.reply();
        long errorsBefore = reply.errorCount();
        long dirtyBefore = engine.stats().dirty;
        long start = clock.nanos();
        Propagation propagation = engine.propagation();
        propagation.enterCall();
        execute(c, spec);
        if (c.has(Client.BUSY_SCRIPT)) {
            suspended = new SuspendedCall(spec, c.args(), start, errorsBefore, dirtyBefore);
            // The query buffer moves on; the call's arguments must outlive it (slowlog, MONITOR).
            c.setArgs(c.args().copyRange(0, c.args().count()));
            return;
        }
        record(c, spec, start, reply.errorCount() > errorsBefore);
        propagation.exitCall(c, spec, engine.stats().dirty - dirtyBefore);
    }

    /** The command whose busy script still runs; its call ends in {@link #finishBusyScript}. */
    private record SuspendedCall(CommandSpec spec, Args args, long start, long errorsBefore, long dirtyBefore) {}

    private SuspendedCall suspended;

    /**
     * Called by a script command's handler, on the event loop, when its script outlived
     * busy-reply-threshold: the call returns without its reply and the event loop goes back to
     * its other clients, keeping the execution lock (see {@link BusyScript}).
     */
    public void suspendForBusyScript(Client c) {
        c.set(Client.BUSY_SCRIPT);
        ExecutionLock lock = (ExecutionLock) engine.executionLock();
        lock.holdForBusyScript();
        // What remains of this read batch touches the engine: it waits for the script's next hook.
        engine.busyScript().takeTurn();
    }

    /**
     * The busy script returned and wrote its reply: on the event loop that started it, under the
     * execution lock, its call ends (statistics, propagation) and the event loop lets go of the
     * execution order it kept.
     */
    public void finishBusyScript(Client c) {
        SuspendedCall s = suspended;
        suspended = null;
        c.clear(Client.BUSY_SCRIPT);
        record(c, s.spec, s.start, c.reply().errorCount() > s.errorsBefore);
        engine.propagation().exitCall(c, s.spec, engine.stats().dirty - s.dirtyBefore);
        c.setArgs(s.args);
        commandProcessed(c);
        engine.busyScript().end();
        ((ExecutionLock) engine.executionLock()).releaseBusyScriptHold();
    }

    /** The command named by {@code a} (a subcommand for containers), or null: for scripts' own checks. */
    public CommandSpec lookupCommand(Args a) {
        return lookup(a);
    }

    /**
     * Re-runs a blocked command for a key that received data (see {@link BlockedClients}):
     * it propagates as Redis propagates a served client, in the non-blocking form its handler
     * chose (LPOP for BLPOP, LMOVE for BLMOVE...), apart from the commands around it.
     */
    void executeServed(Client c, CommandSpec spec) {
        long dirtyBefore = engine.stats().dirty;
        Propagation propagation = engine.propagation();
        propagation.enterCall();
        execute(c, spec);
        propagation.exitCall(c, spec, engine.stats().dirty - dirtyBefore);
    }

    /**
     * Runs a command read from the AOF (Redis's loadSingleAppendOnlyFile calls the command's
     * proc): no checks, statistics or propagation, and no reply is sent. Returns false when
     * the command is unknown.
     */
    public boolean executeLoaded(Client c) {
        CommandSpec spec = lookup(c.args());
        if (spec == null) return false;
        c.setLastCommand(spec);
        engine.keyspace().freezeTime();
        execute(c, spec);
        return true;
    }

    /** Runs the handler; an error it raises becomes the reply. */
    void execute(Client c, CommandSpec spec) {
        try {
            spec.handler().execute(c);
        } catch (CommandError e) {
            c.reply().error(e.getMessage());
        } catch (RuntimeException e) {
            // A bug in a handler: Redis would crash; we keep serving, but loudly.
            internalError(c, spec, e);
        }
    }

    /**
     * Redis's updateStatsOnUnblock: a blocked command was counted when it blocked; its
     * serving time, and whether it ended in an error, are added when it completes.
     */
    void recordUnblocked(CommandSpec spec, long startNanos, boolean failed) {
        spec.microseconds += (clock.nanos() - startNanos) / 1000;
        if (failed) spec.failedCalls++;
    }

    private void record(Client c, CommandSpec spec, long startNanos, boolean failed) {
        long micros = (clock.nanos() - startNanos) / 1000;
        spec.calls++;
        spec.microseconds += micros;
        if (failed) spec.failedCalls++;
        engine.stats().commandsProcessed++;
        List<CallListener> listeners = engine.callListeners();
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).afterCall(c, spec, startNanos / 1000, micros);
    }

    private void internalError(Client c, CommandSpec spec, RuntimeException e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        Log.warning("Internal error executing '" + spec.fullName() + "' for client id=" + c.id() + ": " + trace);
        engine.stats().unexpectedErrorReplies++;
        c.reply().error(Errors.internalError(spec.fullName()));
    }

    /** Redis's rejectCommand: a rejected EXEC discards the transaction (and the watches), in MULTI or not. */
    private void reject(Client c, CommandSpec spec, String error) {
        flagTransaction(c);
        spec.rejectedCalls++;
        if (spec == exec) {
            c.discardTransaction();
            c.reply().error(Errors.execAbort(error));
            return;
        }
        c.reply().error(error);
    }

    private boolean protectedAllowed(Client c) {
        String mode = engine.config().getString(Directives.ENABLE_DEBUG_COMMAND);
        return mode.equals("yes") || (mode.equals("local") && c.connection().isLocal());
    }

    private void securityWarning(Client c) {
        long now = clock.millis();
        if (Math.abs(now - lastSecurityWarning) > SECURITY_LOG_INTERVAL_MS) {
            Log.warning("Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands "
                    + "to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to "
                    + "compromise your Redis instance. Connection aborted.");
            lastSecurityWarning = now;
        }
        c.connection().closeNow();
    }

    /** Redis's message for an unknown command or subcommand, with C-string truncation semantics. */
    private String unknownCommand(Args a) {
        CommandSpec base = engine.commands().lookup(a.buffer(), a.offset(0), a.length(0));
        if (base != null && base.isContainer()) {
            return Errors.unknownSubcommand(cString(a, 1, 128), Ascii.upper(cString(a, 0, Integer.MAX_VALUE)));
        }
        ByteArrayOutputStream args = new ByteArrayOutputStream();
        for (int i = 1; i < a.count() && args.size() < 128; i++) {
            int room = 128 - args.size();
            args.write('\'');
            byte[] v = cBytes(a, i, room);
            args.write(v, 0, v.length);
            args.write('\'');
            args.write(' ');
        }
        return Errors.unknownCommand(cString(a, 0, 128), args.toString(StandardCharsets.ISO_8859_1));
    }

    /** Argument as C's "%.Ns" prints it: up to the first NUL, at most {@code max} bytes. */
    private static byte[] cBytes(Args a, int i, int max) {
        int n = 0, len = Math.min(a.length(i), max);
        while (n < len && a.byteAt(i, n) != 0) n++;
        byte[] out = new byte[n];
        System.arraycopy(a.buffer(), a.offset(i), out, 0, n);
        return out;
    }

    private static String cString(Args a, int i, int max) {
        return new String(cBytes(a, i, max), StandardCharsets.ISO_8859_1);
    }
}

package io.basalt.replication;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.PauseState;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.Ascii;
import io.basalt.util.Log;

/**
 * FAILOVER (Redis 6.2's coordinated failover, failoverCommand / updateFailoverStatus): the
 * master pauses writes, waits until a replica (any, or the one named) acknowledged the whole
 * stream, then becomes a replica of it, asking with {@code PSYNC <id> <offset> FAILOVER} so
 * that the replica turns master and both continue with a partial resync. Inside the execution
 * order.
 */
final class Failover {
    enum State {
        NONE("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        final String infoName;

        State(String infoName) {
            this.infoName = infoName;
        }
    }

    private static final byte[] ABORT = Ascii.bytes("ABORT");
    private static final byte[] TIMEOUT = Ascii.bytes("TIMEOUT");
    private static final byte[] TO = Ascii.bytes("TO");
    private static final byte[] FORCE = Ascii.bytes("FORCE");

    private final Replication repl;
    State state = State.NONE;
    private String targetHost;
    private int targetPort;
    private long endMillis;
    private boolean force;

    Failover(Replication repl) {
        this.repl = repl;
    }

    boolean active() {
        return state != State.NONE;
    }

    /** failover_end_time is set: the master does not PING replicas meanwhile (it would move the offset). */
    boolean timed() {
        return endMillis != 0;
    }

    /** FAILOVER [TO host port [FORCE]] [TIMEOUT ms] | ABORT. */
    void command(Client c) {
        Args a = c.args();
        if (a.count() == 2 && a.is(1, ABORT)) {
            if (state == State.NONE) throw new CommandError("ERR No failover in progress.");
            abort("Failover manually aborted");
            c.reply().ok();
            return;
        }
        long timeout = 0, port = 0;
        String host = null;
        boolean forced = false;
        for (int j = 1; j < a.count(); j++) {
            if (a.is(j, TIMEOUT) && j + 1 < a.count() && timeout == 0) {
                timeout = Arguments.longArg(a, j + 1);
                if (timeout <= 0) throw new CommandError("ERR FAILOVER timeout must be greater than 0");
                j++;
            } else if (a.is(j, TO) && j + 2 < a.count() && host == null) {
                port = Arguments.longArg(a, j + 2);
                host = a.string(j + 1);
                j += 2;
            } else if (a.is(j, FORCE) && !forced) {
                forced = true;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        if (state != State.NONE) throw new CommandError("ERR FAILOVER already in progress.");
        if (repl.link != null) throw new CommandError("ERR FAILOVER is not valid when server is a replica.");
        if (repl.replicas.isEmpty()) throw new CommandError("ERR FAILOVER requires connected replicas.");
        if (forced && (timeout == 0 || host == null)) {
            throw new CommandError("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        if (host != null) {
            Replicas.Peer target = repl.replicas.find(host, port);
            if (target == null) throw new CommandError("ERR FAILOVER target HOST and PORT is not a replica.");
            if (target.state != Replicas.State.ONLINE) throw new CommandError("ERR FAILOVER target replica is not online.");
            targetHost = host;
            targetPort = (int) port;
            Log.notice("FAILOVER requested to " + host + ":" + port + ".");
        } else {
            Log.notice("FAILOVER requested to any replica.");
        }
        long now = repl.engine.clock().millis();
        endMillis = timeout > 0 ? now + timeout : 0;
        force = forced;
        state = State.WAIT_FOR_SYNC;
        repl.engine.pause().pause(PauseState.Purpose.FAILOVER, PauseState.Type.WRITE, Long.MAX_VALUE);
        c.reply().ok();
    }

    /** updateFailoverStatus (cron and every batch): fail over once the target caught up, or time out. */
    void update() {
        if (state != State.WAIT_FOR_SYNC) return;
        long now = repl.engine.clock().millis();
        if (endMillis != 0 && endMillis <= now) {
            if (force) {
                Log.notice("FAILOVER to " + targetHost + ":" + targetPort + " time out exceeded, failing over.");
                state = State.IN_PROGRESS;
                repl.replicaOf(targetHost, targetPort);
            } else {
                abort("Replica never caught up before timeout");
            }
            return;
        }
        long offset = repl.masterReplOffset();
        Replicas.Peer caughtUp = targetHost != null ? repl.replicas.find(targetHost, targetPort) : repl.replicas.caughtUp(offset);
        if (caughtUp == null || caughtUp.ackOffset != offset) return;
        if (targetHost == null) {
            targetHost = Replicas.ip(caughtUp);
            targetPort = caughtUp.listeningPort;
        }
        state = State.IN_PROGRESS;
        Log.notice("Failover target " + targetHost + ":" + targetPort + " is synced, failing over.");
        repl.replicaOf(targetHost, targetPort);
    }

    /** The new master accepted our PSYNC FAILOVER: the failover is over. */
    void accepted() {
        if (state == State.IN_PROGRESS) clear();
    }

    /** abortFailover: a failover that already turned us into a replica turns back. */
    void abort(String why) {
        if (state == State.NONE) return;
        Log.notice(targetHost != null ? "FAILOVER to " + targetHost + ":" + targetPort + " aborted: " + why
                : "FAILOVER to any replica aborted: " + why);
        if (state == State.IN_PROGRESS) repl.becomeMaster();
        clear();
    }

    /** clearFailoverState: the write pause ends. */
    private void clear() {
        endMillis = 0;
        force = false;
        targetHost = null;
        targetPort = 0;
        state = State.NONE;
        repl.engine.pause().unpause(PauseState.Purpose.FAILOVER);
    }
}

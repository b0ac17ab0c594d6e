package io.basalt.replication;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.Engine;
import io.basalt.command.spi.StreamOutput;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.Ascii;
import io.basalt.util.Log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The master side (Redis's server.slaves): SYNC/PSYNC, the full sync through a background
 * snapshot to disk or straight to the replicas' sockets, feeding the stream to online replicas
 * from the shared buffer, their acknowledgements, timeouts and output limits, and WAIT.
 * Everything runs inside the execution order but the transfers, which run on their own threads.
 */
final class Replicas {
    /** A replica's progress through a full sync (SLAVE_STATE_*). */
    enum State { WAIT_BGSAVE_START, WAIT_BGSAVE_END, SEND_BULK, ONLINE }

    /** What we know of a client that configured itself as a replica (REPLCONF) and of its sync. */
    static final class Peer {
        final Client client;
        int listeningPort;
        String announcedIp;
        boolean capaEof;
        boolean capaPsync2;
        /** It asked with SYNC: no +FULLRESYNC reply, no acknowledgements expected. */
        boolean prePsync;
        State state;
        StreamOutput out;
        /** psync_initial_offset: the offset its snapshot corresponds to. */
        long initialOffset;
        /** The next stream byte it gets; while it waits for its snapshot, the buffer keeps everything from here. */
        long position;
        /** A diskless sync is loaded only once the replica acknowledges: the stream waits for that (repl_start_cmd_stream_on_ack). */
        boolean streamOnAck;
        long ackOffset;
        long ackSeconds;
        /** It asked for (or needed) a full sync on this connection. */
        boolean fullSync;
        /** When its last full sync put it online (unix seconds), 0 before. */
        long onlineSince;
        /** A replica that keeps needing full syncs waits until then (ms) for its next snapshot. */
        long notBefore;

        /** Sends what the replica has not seen yet; asked for by its socket just before it writes. */
        Runnable pull;

        Peer(Client client) {
            this.client = client;
        }

        boolean attached() {
            return state != null;
        }
    }

    /** A client blocked in WAIT (BLOCKED_WAIT). */
    private record Waiting(Client client, long offset, long replicas, long deadline) {}

    private final Replication repl;
    private final Engine engine;
    private final Config config;
    private final List<Peer> attached = new ArrayList<>();
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean ackRequested;
    /**
     * Replicas (by announced address) whose full syncs keep ending within a minute, e.g. dropped
     * by client-output-buffer-limit while the snapshot transfers: Redis resyncs them in a loop,
     * each time at the cost of a snapshot; here each retry waits twice as long as the last.
     */
    private final java.util.Map<String, Integer> failedSyncs = new java.util.HashMap<>();
    long syncFull, syncPartialOk, syncPartialErr;
    private int goodReplicas;

    Replicas(Replication repl) {
        this.repl = repl;
        this.engine = repl.engine;
        this.config = repl.config;
        engine.info().setGauge("sync_full", () -> syncFull);
        engine.info().setGauge("sync_partial_ok", () -> syncPartialOk);
        engine.info().setGauge("sync_partial_err", () -> syncPartialErr);
        engine.info().setGauge("connected_slaves", attached::size);
        engine.addCronTask(this::expireWaits);
        engine.info().setGauge("blocked_clients", () -> engine.blocking().count() + waiting.size());
    }

    boolean isEmpty() {
        return attached.isEmpty();
    }

    List<Peer> attached() {
        return attached;
    }

    Peer peer(Client c) {
        if (c.replicationState() instanceof Peer p) return p;
        Peer p = new Peer(c);
        p.pull = () -> {
            if (p.state == State.ONLINE && !p.streamOnAck && attached.contains(p)) sendStream(p);
        };
        c.setReplicationState(p);
        return p;
    }

    /** replicationGetSlaveName: "ip:port" as the replica announced itself, else its client id. */
    static String name(Peer p) {
        String ip = ip(p);
        if (p.listeningPort != 0) return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + p.listeningPort;
        return "client id #" + p.client.id();
    }

    static String ip(Peer p) {
        if (p.announcedIp != null) return p.announcedIp;
        String addr = p.client.connection().address();
        int colon = addr.lastIndexOf(':');
        String host = colon > 0 ? addr.substring(0, colon) : addr;
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    // ---- SYNC / PSYNC ---------------------------------------------------------------------------

    /** findReplica: the attached replica that announced this address. */
    Peer find(String host, long port) {
        for (Peer p : attached) if (p.listeningPort == port && ip(p).equals(host)) return p;
        return null;
    }

    /** A replica that acknowledged everything up to {@code offset}, or null. */
    Peer caughtUp(long offset) {
        for (Peer p : attached) if (p.ackOffset == offset) return p;
        return null;
    }

    /** syncCommand. */
    void sync(Client c, boolean psync) {
        if (c.has(Client.REPLICA)) return;
        Args a = c.args();
        if (psync && a.count() > 3 && a.is(3, FAILOVER)) {
            Log.warning("Failover request received for replid " + a.string(1) + ".");
            if (repl.link == null) throw new CommandError("ERR PSYNC FAILOVER can't be sent to a master.");
            if (!a.string(1).equalsIgnoreCase(repl.replId)) throw new CommandError("ERR PSYNC FAILOVER replid must match my replid.");
            repl.becomeMaster();
            Log.notice("MASTER MODE enabled (failover request from '" + io.basalt.command.ClientInfo.line(c) + "')");
        }
        if (repl.failover.active()) throw new CommandError("NOMASTERLINK Can't SYNC while failing over");
        if (repl.link != null && !repl.link.connected()) throw new CommandError("NOMASTERLINK Can't SYNC while not connected with my master");
        Peer p = peer(c);
        Log.notice("Replica " + name(p) + " asks for synchronization");
        if (psync) {
            if (!Arguments.isLong(a, 2)) Log.warning("Replica " + name(p) + " asks for synchronization but with a wrong offset");
            long offset = Arguments.longArg(a, 2);
            String id = a.string(1);
            if (tryPartialResync(p, id, offset)) {
                syncPartialOk++;
                return;
            }
            if (!id.startsWith("?")) syncPartialErr++;
        } else {
            p.prePsync = true;
        }
        syncFull++;
        p.fullSync = true;
        p.state = State.WAIT_BGSAVE_START;
        attach(p);
        backOffIfLooping(p);
        if (attached.size() == 1 && repl.buffer == null) {
            repl.changeReplicationId();
            repl.clearReplicationId2();
            repl.createBacklog();
            Log.notice("Replication backlog created, my new replication IDs are '" + repl.replId + "' and '" + repl.replId2 + "'");
        }
        if (p.notBefore > engine.clock().millis()) return;
        if (repl.persistence.rdbSaveActive(false)) {
            Peer other = waitingOnDiskSave(p);
            if (other != null) {
                setupFullResync(p, other.initialOffset);
                Log.notice("Waiting for end of BGSAVE for SYNC");
            } else {
                Log.notice("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
            }
        } else if (repl.persistence.rdbSaveActive(true)) {
            Log.notice("Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC");
        } else if (config.getBool(Directives.REPL_DISKLESS_SYNC) && p.capaEof && config.getLong(Directives.REPL_DISKLESS_SYNC_DELAY) > 0) {
            Log.notice("Delay next BGSAVE for diskless SYNC");
        } else if (!repl.persistence.backgroundJobActive()) {
            startSnapshot(p.capaEof);
        } else {
            Log.notice("No BGSAVE in progress, but another BG operation is active. BGSAVE for replication delayed");
        }
    }

    /** The second full sync in a row that ends within a minute, and every one after, waits 1, 2, 4... s (at most half repl-timeout). */
    private void backOffIfLooping(Peer p) {
        int failures = failedSyncs.getOrDefault(name(p), 0);
        if (failures < 2) return;
        long cap = Math.max(1, config.getLong(Directives.REPL_TIMEOUT) / 2);
        long delay = Math.min(cap, 1L << Math.min(failures - 2, 20));
        p.notBefore = engine.clock().millis() + delay * 1000;
        Log.warning("Replica " + name(p) + " needed " + failures + " full syncs in a row that did not last: the next one waits "
                + delay + " s. Check client-output-buffer-limit for replicas.");
    }

    private void attach(Peer p) {
        p.client.set(Client.REPLICA);
        p.out = p.client.connection().streamOutput();
        // Replies of the handshake still in the client's writer leave before the stream.
        p.client.reply().drain();
        attached.add(p);
    }

    /** A replica already registering the differences of the running disk save, which {@code p} can share. */
    private Peer waitingOnDiskSave(Peer p) {
        for (Peer o : attached) {
            if (o != p && o.state == State.WAIT_BGSAVE_END && (p.capaEof || !o.capaEof) && repl.buffer.holds(o.position)) return o;
        }
        return null;
    }

    /** masterTryPartialResynchronization. */
    private boolean tryPartialResync(Peer p, String id, long offset) {
        boolean idMatches = id.equalsIgnoreCase(repl.replId) || (id.equalsIgnoreCase(repl.replId2) && offset <= repl.secondReplOffset);
        if (!idMatches) {
            if (id.startsWith("?")) {
                Log.notice("Full resync requested by replica " + name(p));
            } else if (!id.equalsIgnoreCase(repl.replId) && !id.equalsIgnoreCase(repl.replId2)) {
                Log.notice("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '" + id
                        + "', my replication IDs are '" + repl.replId + "' and '" + repl.replId2 + "')");
            } else {
                Log.notice("Partial resynchronization not accepted: Requested offset for second ID was " + offset
                        + ", but I can reply up to " + repl.secondReplOffset);
            }
            return false;
        }
        if (repl.buffer == null || !repl.buffer.backlogHas(offset)) {
            Log.notice("Unable to partial resync with replica " + name(p) + " for lack of backlog (Replica request was: " + offset + ").");
            if (offset > repl.masterReplOffset()) {
                Log.warning("Warning: replica " + name(p) + " tried to PSYNC with an offset that is greater than the master replication offset.");
            }
            return false;
        }
        p.state = State.ONLINE;
        p.ackSeconds = repl.nowSeconds();
        p.streamOnAck = false;
        attach(p);
        byte[] reply = Ascii.bytes(p.capaPsync2 ? "+CONTINUE " + repl.replId + "\r\n" : "+CONTINUE\r\n");
        p.out.write(reply, 0, reply.length);
        p.position = offset;
        long sent = repl.masterReplOffset() - offset + 1;
        Log.notice("Partial resynchronization request from " + name(p) + " accepted. Sending " + sent
                + " bytes of backlog starting from offset " + offset + ".");
        sendStream(p);
        refreshGoodReplicas();
        return true;
    }

    /** replicationSetupSlaveForFullResync: the replica waits for the snapshot taken at {@code offset}. */
    private void setupFullResync(Peer p, long offset) {
        p.initialOffset = offset;
        p.position = offset + 1;
        p.state = State.WAIT_BGSAVE_END;
        // Whatever follows must select its database: the replica starts from the snapshot's.
        repl.streamDb = -1;
        if (!p.prePsync) {
            byte[] reply = Ascii.bytes("+FULLRESYNC " + repl.replId + " " + offset + "\r\n");
            p.out.write(reply, 0, reply.length);
        }
    }

    /**
     * startBgsaveForReplication: one snapshot for every replica waiting to start, to their
     * sockets when diskless sync is on and all of them read the EOF-marked format, else to disk.
     */
    private void startSnapshot(boolean allEof) {
        boolean sockets = config.getBool(Directives.REPL_DISKLESS_SYNC) && allEof;
        Log.notice("Starting BGSAVE for SYNC with target: " + (sockets ? "replicas sockets" : "disk"));
        long offset = repl.masterReplOffset();
        long now = engine.clock().millis();
        if (sockets) {
            List<Peer> targets = new ArrayList<>();
            for (Peer p : attached) {
                if (p.state != State.WAIT_BGSAVE_START || p.notBefore > now) continue;
                setupFullResync(p, offset);
                targets.add(p);
            }
            repl.persistence.startSocketSave(new SnapshotTransfer(targets, config.getLong(Directives.REPL_TIMEOUT)));
            return;
        }
        if (!repl.persistence.startBackgroundSave()) {
            Log.warning("BGSAVE for replication failed");
            for (Iterator<Peer> it = attached.iterator(); it.hasNext(); ) {
                Peer p = it.next();
                if (p.state != State.WAIT_BGSAVE_START) continue;
                it.remove();
                p.client.connection().closeNow();
            }
            return;
        }
        for (Peer p : attached) {
            if (p.state == State.WAIT_BGSAVE_START && p.notBefore <= now) setupFullResync(p, offset);
        }
    }

    /**
     * shouldStartChildReplication + replicationStartPendingFork, from the cron: replicas waiting
     * to start get a snapshot once nothing else runs and, for diskless sync, once the delay
     * passed or enough replicas arrived.
     */
    void startPendingSync() {
        if (repl.persistence.backgroundJobActive()) return;
        int waitingCount = 0;
        long maxIdle = 0;
        boolean allEof = true;
        long now = engine.clock().millis();
        for (Peer p : attached) {
            if (p.state != State.WAIT_BGSAVE_START || p.notBefore > now) continue;
            waitingCount++;
            maxIdle = Math.max(maxIdle, (now - p.client.lastInteractionMillis()) / 1000);
            allEof &= p.capaEof;
        }
        if (waitingCount == 0) return;
        long maxReplicas = config.getLong(Directives.REPL_DISKLESS_SYNC_MAX_REPLICAS);
        if (!config.getBool(Directives.REPL_DISKLESS_SYNC) || (maxReplicas > 0 && waitingCount >= maxReplicas)
                || maxIdle >= config.getLong(Directives.REPL_DISKLESS_SYNC_DELAY)) {
            startSnapshot(allEof);
        }
    }

    /** updateSlavesWaitingBgsave: a background save ended; the replicas waiting for it get it. */
    void backgroundSaveDone(boolean ok, boolean toSockets) {
        for (Peer p : new ArrayList<>(attached)) {
            if (p.state != State.WAIT_BGSAVE_END) continue;
            if (!ok) {
                Log.warning("SYNC failed. BGSAVE child returned an error");
                drop(p);
                continue;
            }
            if (toSockets) {
                Log.notice("Streamed RDB transfer with replica " + name(p)
                        + " succeeded (socket). Waiting for REPLCONF ACK from replica to enable streaming");
                p.streamOnAck = true;
                putOnline(p);
            } else {
                sendDumpFile(p);
            }
        }
        startPendingSync();
    }

    /**
     * sendBulkToSlave: the dump file, as {@code $<size>\r\n<bytes>}, sent by the kernel
     * (sendfile); the replica goes online, and gets the stream, once it all left.
     */
    private void sendDumpFile(Peer p) {
        p.state = State.SEND_BULK;
        FileChannel file;
        long size;
        try {
            file = FileChannel.open(repl.persistence.dumpFile(), StandardOpenOption.READ);
            size = file.size();
        } catch (IOException e) {
            Log.warning("SYNC failed. Can't open/stat DB after BGSAVE: " + e.getMessage());
            drop(p);
            return;
        }
        byte[] header = Ascii.bytes("$" + size + "\r\n");
        p.out.write(header, 0, header.length);
        p.out.writeFile(file, 0, size, sent -> {
            engine.executionLock().lock();
            try {
                if (!attached.contains(p)) return;
                if (!sent) {
                    drop(p);
                    return;
                }
                putOnline(p);
                sendStream(p);
            } finally {
                engine.executionLock().unlock();
            }
        });
    }

    /** replicaPutOnline. */
    private void putOnline(Peer p) {
        p.state = State.ONLINE;
        p.ackSeconds = repl.nowSeconds();
        p.onlineSince = p.ackSeconds;
        refreshGoodReplicas();
        Log.notice("Synchronization with replica " + name(p) + " succeeded");
    }

    // ---- the stream -----------------------------------------------------------------------------

    /**
     * After each batch (beforeSleep): an ACK request for WAIT joins the stream, online replicas
     * get what they have not seen, replicas over their output limit are dropped, and the buffer
     * releases what nobody needs any more.
     */
    void flush() {
        ReplicationBuffer buffer = repl.buffer;
        if (buffer == null) return;
        if (ackRequested) {
            ackRequested = false;
            if (!attached.isEmpty()) repl.propagateRaw(GETACK);
        }
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < attached.size(); i++) {
            Peer p = attached.get(i);
            // One write per event-loop turn, not one per batch: the socket pulls the new bytes when it writes.
            if (p.state == State.ONLINE && !p.streamOnAck && p.position <= buffer.endOffset()) p.out.pullBeforeWrite(p.pull);
            if (p.state == State.WAIT_BGSAVE_START) continue;
            // Before it streams, a replica's output is the stream retained for it (its snapshot travels apart).
            boolean streaming = p.state == State.ONLINE && !p.streamOnAck;
            long output = streaming ? p.out.pendingBytes() : buffer.endOffset() - p.position + 1;
            if (engine.outputLimits().exceeded(p.client, output)) {
                drop(p);
                i--;
                continue;
            }
            oldest = Math.min(oldest, p.position);
        }
        buffer.trim(oldest);
    }

    private static final Args GETACK = Args.of("REPLCONF", "GETACK", "*");
    private static final byte[] FAILOVER = Ascii.bytes("FAILOVER");

    private void sendStream(Peer p) {
        ReplicationBuffer buffer = repl.buffer;
        if (buffer == null || p.position > buffer.endOffset()) return;
        buffer.read(p.position, p.out::writeCopy);
        p.position = buffer.endOffset() + 1;
    }

    /** Closes a replica's connection; {@link #disconnected} then forgets it. */
    private void drop(Peer p) {
        attached.remove(p);
        p.client.connection().closeNow();
        forget(p);
    }

    /** REPLICAOF NO ONE, a new master: replicas reconnect to learn the new history. */
    void disconnectAll() {
        for (Peer p : new ArrayList<>(attached)) drop(p);
    }

    /** freeClient for a replica: logged, and the backlog's idle time starts with the last one. */
    void disconnected(Client c) {
        if (!waiting.isEmpty()) waiting.removeIf(w -> w.client() == c);
        if (!(c.replicationState() instanceof Peer p)) return;
        if (attached.remove(p)) forget(p);
    }

    private void forget(Peer p) {
        Log.notice("Connection with replica " + name(p) + " lost.");
        if (p.fullSync) {
            if (p.onlineSince == 0 || repl.nowSeconds() - p.onlineSince < 60) failedSyncs.merge(name(p), 1, Integer::sum);
            else failedSyncs.remove(name(p));
        }
        if (attached.isEmpty()) repl.noReplicasSince = repl.nowSeconds();
        refreshGoodReplicas();
    }

    // ---- REPLCONF -------------------------------------------------------------------------------

    /** REPLCONF ACK from a replica: its processed offset, which may release WAITs. */
    void ack(Client c, long offset) {
        if (!(c.replicationState() instanceof Peer p) || !p.attached()) return;
        if (offset > p.ackOffset) p.ackOffset = offset;
        p.ackSeconds = repl.nowSeconds();
        if (p.streamOnAck && p.state == State.ONLINE) {
            p.streamOnAck = false;
            sendStream(p);
        }
        releaseWaits();
    }

    // ---- cron -----------------------------------------------------------------------------------

    /** replicationCron's master part: keep-alive newlines before the snapshot, timeouts, good replicas. */
    void cron() {
        long now = repl.nowSeconds();
        long timeout = config.getLong(Directives.REPL_TIMEOUT);
        for (Peer p : new ArrayList<>(attached)) {
            boolean presync = p.state == State.WAIT_BGSAVE_START
                    || (p.state == State.WAIT_BGSAVE_END && !repl.persistence.rdbSaveActive(true));
            if (presync) p.out.write(NEWLINE, 0, 1);
            if (p.state == State.ONLINE && !p.prePsync && now - lastHeard(p) > timeout) {
                Log.warning("Disconnecting timedout replica (streaming sync): " + name(p));
                drop(p);
            }
        }
        refreshGoodReplicas();
    }

    private static final byte[] NEWLINE = {'\n'};

    /** repl_ack_time: the last ACK, or the last keep-alive newline of a replica still loading its snapshot. */
    private static long lastHeard(Peer p) {
        return Math.max(p.ackSeconds, p.client.lastInteractionMillis() / 1000);
    }

    /** refreshGoodSlavesCount: online replicas that acknowledged within min-replicas-max-lag. */
    private void refreshGoodReplicas() {
        long maxLag = config.getLong(Directives.MIN_REPLICAS_MAX_LAG);
        long now = repl.nowSeconds();
        int good = 0;
        for (Peer p : attached) if (p.state == State.ONLINE && now - lastHeard(p) <= maxLag) good++;
        goodReplicas = good;
        repl.updateGate();
    }

    int goodCount() {
        return goodReplicas;
    }

    // ---- WAIT -----------------------------------------------------------------------------------

    /** WAIT numreplicas timeout: blocks until that many replicas acknowledged this client's writes. */
    void waitFor(Client c) {
        if (repl.link != null) {
            throw new CommandError("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a "
                    + "replica is configured to be writable (which is not the default) writes to replicas are just local and "
                    + "are not propagated.");
        }
        Args a = c.args();
        long wanted = Arguments.longArg(a, 1);
        long timeout = Arguments.longArg(a, 2, Errors.TIMEOUT_NOT_INTEGER);
        if (timeout < 0) throw new CommandError(Errors.TIMEOUT_NEGATIVE);
        // Every write this client made is at or before the current offset (Redis keeps the exact c->woff).
        long offset = repl.masterReplOffset();
        long acked = countAcked(offset);
        if (acked >= wanted || c.has(Client.MULTI)) {
            c.reply().integer(acked);
            return;
        }
        long deadline = timeout == 0 ? 0 : engine.keyspace().now() + timeout;
        waiting.add(new Waiting(c, offset, wanted, deadline));
        c.set(Client.BLOCKED);
        ackRequested = true;
    }

    private long countAcked(long offset) {
        long n = 0;
        for (Peer p : attached) if (p.state == State.ONLINE && p.ackOffset >= offset) n++;
        return n;
    }

    /** processClientsWaitingReplicas. */
    private void releaseWaits() {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            long acked = countAcked(w.offset());
            if (acked < w.replicas()) continue;
            it.remove();
            unblock(w.client(), acked);
        }
    }

    /** WAIT's timeout: it answers with the replicas that acknowledged so far. */
    private void expireWaits() {
        long now = engine.clock().millis();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.deadline() == 0 || w.deadline() > now) continue;
            it.remove();
            unblock(w.client(), countAcked(w.offset()));
        }
    }

    private static void unblock(Client c, long acked) {
        c.clear(Client.BLOCKED);
        c.reply().integer(acked);
        c.connection().flushLater();
        c.connection().resume();
    }

    // ---- shutdown -------------------------------------------------------------------------------

    boolean allAcked(long offset) {
        for (Peer p : attached) if (p.ackOffset != offset) return false;
        return true;
    }

    void requestAcks() {
        ackRequested = true;
    }

    void logLagging(long offset) {
        int lagging = 0;
        long now = repl.nowSeconds();
        for (Peer p : attached) {
            if (p.ackOffset == offset) continue;
            lagging++;
            long lag = p.state == State.ONLINE ? now - lastHeard(p) : 0;
            Log.warning("Lagging replica " + name(p) + " reported offset " + (offset - p.ackOffset) + " behind master, lag="
                    + lag + ", state=" + stateName(p) + ".");
        }
        if (!attached.isEmpty()) Log.notice((attached.size() - lagging) + " of " + attached.size() + " replicas are in sync when shutting down.");
    }

    private static String stateName(Peer p) {
        return switch (p.state) {
            case WAIT_BGSAVE_START, WAIT_BGSAVE_END -> "wait_bgsave";
            case SEND_BULK -> "send_bulk";
            case ONLINE -> "online";
        };
    }

    // ---- INFO and ROLE --------------------------------------------------------------------------

    /** INFO replication's slaveN lines. */
    List<String> infoLines() {
        List<String> out = new ArrayList<>(attached.size());
        long now = repl.nowSeconds();
        int id = 0;
        for (Peer p : attached) {
            String state = stateName(p);
            long lag = p.state == State.ONLINE ? now - lastHeard(p) : 0;
            out.add("slave" + id++ + ":ip=" + ip(p) + ",port=" + p.listeningPort + ",state=" + state + ",offset="
                    + p.ackOffset + ",lag=" + lag);
        }
        return out;
    }

    /** ROLE's replica entries: ip, port, acknowledged offset of every online replica. */
    List<String[]> online() {
        List<String[]> out = new ArrayList<>();
        for (Peer p : attached) {
            if (p.state == State.ONLINE) out.add(new String[] {ip(p), Integer.toString(p.listeningPort), Long.toString(p.ackOffset)});
        }
        return out;
    }
}

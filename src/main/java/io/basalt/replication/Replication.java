package io.basalt.replication;

import io.basalt.command.Engine;
import io.basalt.command.Propagation;
import io.basalt.command.ReplicationGate;
import io.basalt.command.spi.PropagationTarget;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.persistence.Persistence;
import io.basalt.persistence.ExpiredKey;
import io.basalt.persistence.ReplicationInfo;
import io.basalt.protocol.Args;
import io.basalt.protocol.CommandStream;
import io.basalt.util.Ascii;
import io.basalt.util.Log;
import io.basalt.util.RandomIds;

import java.util.List;

/**
 * Replication for one engine (Redis's replication.c state): the PSYNC2 ids and offset, the
 * shared stream buffer with its backlog, the role (master, or replica of a {@link MasterLink}),
 * and the once-a-second replication cron. The attached replicas are {@link Replicas}.
 * <p>
 * As the master, it is the {@link PropagationTarget} of kind REPLICATION: every propagated
 * command is encoded once into the buffer (a SELECT first when the database changes), and
 * the replicas are fed at the end of each batch. As a replica it proxies, byte for byte, the
 * stream it applied from its master ({@link #feedFromMaster}), so sub-replicas and its own
 * backlog carry the master's offsets. Everything here runs inside the execution order.
 */
public final class Replication implements PropagationTarget {
    static final String NO_ID = "0".repeat(40);

    final Engine engine;
    final Config config;
    final Persistence persistence;
    final Replicas replicas;
    final Failover failover = new Failover(this);

    /** server.replid / replid2 / second_replid_offset. */
    String replId = RandomIds.hex40();
    String replId2 = NO_ID;
    long secondReplOffset = -1;
    /** master_repl_offset while there is no backlog; the buffer keeps it otherwise. */
    private long offsetWithoutBacklog;
    /** The stream buffer and backlog; null while there is no backlog. */
    ReplicationBuffer buffer;
    /** server.slaveseldb: the database the stream last selected, -1 to force a SELECT. */
    int streamDb = -1;
    private final CommandStream encoded = new CommandStream();
    private boolean targetInstalled;
    /** The link to our master while we replicate one (server.masterhost != NULL), else null. */
    MasterLink link;
    /** Master parameters kept to try a partial resync with the next master (server.cached_master). */
    CachedMaster cachedMaster;
    private long cronLoops;
    long noReplicasSince;

    /** What a replica keeps of its master's stream to ask for a partial resync (replid, reploff, db). */
    record CachedMaster(String replId, long offset, int db) {}

    public Replication(Engine engine, Persistence persistence) {
        this.engine = engine;
        this.config = engine.config();
        this.persistence = persistence;
        this.replicas = new Replicas(this);
        this.noReplicasSince = nowSeconds();
        engine.addBeforeSleepTask(this::beforeSleep);
        engine.addDisconnectListener(replicas::disconnected);
        persistence.setReplicationInfo(this::saveInfo);
        persistence.addBackgroundSaveListener(replicas::backgroundSaveDone);
        engine.info().register(new ReplicationSection(this));
        // INFO memory: the shared stream buffer, and the part of it the backlog accounts for.
        engine.info().setGauge("total_net_repl_input_bytes", engine.stats().netReplInputBytes::sum);
        engine.info().setGauge("total_net_repl_output_bytes", engine.stats().netReplOutputBytes::sum);
        engine.info().setGauge("mem_total_replication_buffers", () -> buffer == null ? 0 : buffer.memory());
        engine.info().setGauge("mem_replication_backlog", () -> buffer == null ? 0 : Math.min(buffer.memory(), buffer.histlen()));
        config.watch(Directives.REPL_BACKLOG_SIZE, v -> {
            if (buffer != null) buffer.setBacklogSize((Long) v);
        });
        config.watch(Directives.REPLICA_READ_ONLY, v -> updateGate());
        config.watch(Directives.REPLICA_SERVE_STALE_DATA, v -> updateGate());
        config.watch(Directives.MIN_REPLICAS_TO_WRITE, v -> updateGate());
        config.watch(Directives.MIN_REPLICAS_MAX_LAG, v -> updateGate());
        Log.setRole(() -> link != null ? 'S' : 'M');
        List<String> master = config.getWords(Directives.REPLICAOF);
        if (!master.isEmpty()) {
            // replicaof in the configuration: a replica from the start, linked once the dataset loaded.
            link = new MasterLink(this, master.get(0), Integer.parseInt(master.get(1)));
            engine.keyspace().setDeleteExpiredOnLookup(false);
            updateGate();
        }
    }

    /** Once the server accepts connections: a replica by configuration starts linking to its master. */
    public void connectConfiguredMaster() {
        if (link == null) return;
        Log.notice("Connecting to MASTER " + link.host() + ":" + link.port());
        link.start();
    }

    long nowSeconds() {
        return engine.clock().millis() / 1000;
    }

    public long masterReplOffset() {
        return buffer == null ? offsetWithoutBacklog : buffer.endOffset();
    }

    boolean isReplica() {
        return link != null;
    }

    // ---- ids and backlog (changeReplicationId, shiftReplicationId, createReplicationBacklog...) --

    void changeReplicationId() {
        replId = RandomIds.hex40();
    }

    void clearReplicationId2() {
        replId2 = NO_ID;
        secondReplOffset = -1;
    }

    /** A replica turned master keeps serving PSYNCs for its old history: the old id becomes id2, valid up to here. */
    void shiftReplicationId() {
        replId2 = replId;
        secondReplOffset = masterReplOffset() + 1;
        changeReplicationId();
        Log.warning("Setting secondary replication ID to " + replId2 + ", valid up to offset: " + secondReplOffset
                + ". New replication ID is " + replId);
    }

    /** The backlog starts empty at the current offset; from now on the stream is recorded. */
    void createBacklog() {
        if (buffer != null) return;
        buffer = new ReplicationBuffer(offsetWithoutBacklog, config.getLong(Directives.REPL_BACKLOG_SIZE));
        updateTarget();
    }

    void freeBacklog() {
        if (buffer == null) return;
        offsetWithoutBacklog = buffer.endOffset();
        buffer = null;
        updateTarget();
    }

    /**
     * Only a master with a backlog records what its commands propagate (a replica proxies its
     * master's stream instead): otherwise propagation costs nothing when no AOF is on either.
     */
    private void updateTarget() {
        boolean wanted = buffer != null && link == null;
        if (wanted == targetInstalled) return;
        if (wanted) engine.propagation().addTarget(this, Propagation.REPLICATION);
        else engine.propagation().removeTarget(this);
        targetInstalled = wanted;
    }

    /** Sets master_repl_offset, emptying the buffer (a full sync, a restart from an RDB). */
    void setOffset(long offset) {
        offsetWithoutBacklog = offset;
        if (buffer != null) buffer.rebase(offset);
    }

    /** rdbPopulateSaveInfo: the position an RDB saved now records, or null when it has none. */
    ReplicationInfo saveInfo() {
        if (link == null && buffer != null) return new ReplicationInfo(streamDb == -1 ? 0 : streamDb, replId, masterReplOffset());
        if (link != null && link.masterClientDb() >= 0) return new ReplicationInfo(link.masterClientDb(), replId, masterReplOffset());
        if (cachedMaster != null) return new ReplicationInfo(cachedMaster.db(), replId, masterReplOffset());
        return null;
    }

    /**
     * loadDataFromDisk's replication part, after the dump loaded: a master keeps the saved
     * history as its secondary id (replicas of the previous run continue partially), a replica
     * makes it its cached master.
     */
    public void restoreFromDump() {
        ReplicationInfo saved = persistence.loadedReplicationInfo();
        if (saved == null) return;
        engine.executionLock().lock();
        try {
            restore(saved);
        } finally {
            engine.executionLock().unlock();
        }
    }

    private void restore(ReplicationInfo saved) {
        if (link == null) {
            replId2 = saved.replId();
            secondReplOffset = saved.offset() + 1;
            createBacklog();
            setOffset(saved.offset());
            // Keys that expired while we were down reach the replicas as deletions after the saved offset.
            byte[] del = Ascii.bytes(engine.propagation().lazyExpire() ? "UNLINK" : "DEL");
            for (ExpiredKey k : persistence.takeKeysExpiredAtLoad()) propagate(k.db(), Args.of(del, k.key()));
        } else {
            replId = saved.replId();
            setOffset(saved.offset());
            cachedMaster = new CachedMaster(saved.replId(), saved.offset(), saved.streamDb());
        }
    }

    // ---- the stream ---------------------------------------------------------------------------

    /** replicationFeedSlaves: a master's propagated command joins the stream. */
    @Override
    public void propagate(int db, Args argv) {
        encoded.clear();
        if (db != streamDb) {
            encoded.appendSelect(db);
            streamDb = db;
        }
        encoded.appendCommand(argv);
        buffer.append(encoded.array(), 0, encoded.length());
    }

    /** replicationFeedStreamFromMasterStream: bytes a replica applied go on, unchanged, to its own backlog and replicas. */
    void feedFromMaster(byte[] b, int off, int len) {
        if (buffer != null) buffer.append(b, off, len);
        else offsetWithoutBacklog += len;
    }

    /** A command of the master's own (PING, REPLCONF GETACK) in whatever database the stream is in. */
    void propagateRaw(Args argv) {
        if (link != null || buffer == null) return;
        encoded.clear();
        encoded.appendCommand(argv);
        buffer.append(encoded.array(), 0, encoded.length());
    }

    /**
     * PING every repl-ping-replica-period seconds, so replicas can time out a silent master; not
     * while a timed FAILOVER holds writes (the PING would move the offset the replica must reach).
     */
    private void pingReplicas() {
        if (replicas.isEmpty() || (failover.timed() && engine.pause().isPaused())) return;
        propagateRaw(PING);
    }

    /** After each batch: a failover may proceed, then the replicas get the stream. */
    private void beforeSleep() {
        if (failover.active()) failover.update();
        replicas.flush();
    }

    private static final Args PING = Args.of("PING");

    // ---- role changes -------------------------------------------------------------------------

    /** replicationSetMaster: from now on we replicate host:port. */
    void replicaOf(String host, int port) {
        boolean wasMaster = link == null;
        if (link != null) {
            // Freeing the master client caches it (replicationCacheMaster): the new master may continue its stream.
            CachedMaster current = link.currentMaster();
            if (current != null) cachedMaster = current;
            link.cancel();
        }
        if (wasMaster) {
            Log.notice("Before turning into a replica, using my own master parameters to synthesize a cached master: "
                    + "I may be able to synchronize with the new master with just a partial transfer.");
            cachedMaster = new CachedMaster(replId, masterReplOffset(), streamDb == -1 ? 0 : streamDb);
        }
        link = new MasterLink(this, host, port);
        engine.keyspace().setDeleteExpiredOnLookup(false);
        updateTarget();
        updateGate();
        Log.notice("Connecting to MASTER " + host + ":" + port);
        link.start();
    }

    /** replicationUnsetMaster: REPLICAOF NO ONE. */
    void becomeMaster() {
        if (link == null) return;
        link.cancel();
        link = null;
        cachedMaster = null;
        createBacklog();
        updateTarget();
        shiftReplicationId();
        // The replicas must hear of the new id: they reconnect and continue partially.
        replicas.disconnectAll();
        streamDb = -1;
        noReplicasSince = nowSeconds();
        engine.keyspace().setDeleteExpiredOnLookup(true);
        updateGate();
    }

    /** Keeps the dispatcher's gates (NOREPLICAS, READONLY, MASTERDOWN) in line with the state. */
    void updateGate() {
        ReplicationGate gate = engine.replicationGate();
        gate.replica = link != null;
        gate.readOnlyReplica = link != null && config.getBool(Directives.REPLICA_READ_ONLY);
        gate.staleDenied = link != null && !link.connected() && !config.getBool(Directives.REPLICA_SERVE_STALE_DATA);
        gate.lacksGoodReplicas = link == null && config.getLong(Directives.MIN_REPLICAS_TO_WRITE) > 0
                && config.getLong(Directives.MIN_REPLICAS_MAX_LAG) > 0
                && replicas.goodCount() < config.getLong(Directives.MIN_REPLICAS_TO_WRITE);
    }

    // ---- shutdown ------------------------------------------------------------------------------

    /** isReadyToShutdown: every attached replica acknowledged the whole stream. */
    public boolean replicasInSync() {
        return replicas.allAcked(masterReplOffset());
    }

    /** sendGetackToReplicas: lagging replicas are asked for their offset before a shutdown waits for them. */
    public void requestAcks() {
        replicas.requestAcks();
    }

    /** finishShutdown's report: each replica still behind, then how many are in sync. */
    public void logReplicasAtShutdown() {
        replicas.logLagging(masterReplOffset());
    }

    // ---- cron ---------------------------------------------------------------------------------

    /** replicationCron, once a second. */
    void cron() {
        failover.update();
        if (link != null) link.cron();
        long period = config.getLong(Directives.REPL_PING_REPLICA_PERIOD);
        if (cronLoops % period == 0) pingReplicas();
        replicas.cron();
        long ttl = config.getLong(Directives.REPL_BACKLOG_TTL);
        if (replicas.isEmpty() && ttl > 0 && buffer != null && link == null && nowSeconds() - noReplicasSince > ttl) {
            changeReplicationId();
            clearReplicationId2();
            freeBacklog();
            Log.notice("Replication backlog freed after " + ttl + " seconds without connected replicas.");
        }
        replicas.startPendingSync();
        updateGate();
        cronLoops++;
        replicas.flush();
    }

    /** The cron's entry point at hz: runs {@link #cron} once a second. */
    public Runnable cronTask() {
        return new Runnable() {
            private long lastSecond = -1;

            @Override
            public void run() {
                long now = nowSeconds();
                if (now == lastSecond) return;
                lastSecond = now;
                cron();
            }
        };
    }
}

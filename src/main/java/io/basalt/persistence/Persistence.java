package io.basalt.persistence;

import io.basalt.command.Engine;
import io.basalt.command.ServerStats;
import io.basalt.command.spi.DatasetStore;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;
import io.basalt.protocol.Errors;
import io.basalt.util.Ascii;
import io.basalt.util.Log;
import io.basalt.util.Strerror;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Persistence for one engine: the RDB side — SAVE and BGSAVE (fork-less, see
 * {@link Snapshot}), save points, the MISCONF gate after a failed background save, loading
 * at start-up and DEBUG RELOAD, the final save at shutdown, INFO persistence's rdb_* state —
 * and the one {@link BackgroundJob} slot that BGSAVE and the AOF rewrite ({@link AofRewrite})
 * share, with Redis's rules between them (serverCron's order for scheduled and automatic
 * jobs). The AOF itself is {@link AppendOnlyFile}. Everything but the background walk runs
 * inside the execution order.
 */
public final class Persistence implements DatasetStore, RdbPreamble {
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait 5 s. */
    private static final long BGSAVE_RETRY_DELAY_MS = 5000;

    private final Engine engine;
    private final Config config;
    private final Keyspace keyspace;
    private final ServerStats stats;

    private final BackgroundJob job;
    private final AppendOnlyFile aof;
    private final AofRewrite aofRewrite;

    // Guarded by the execution lock.
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTry;
    private long lastBgsaveSeconds = -1;
    private long saves;
    private boolean bgsaveScheduled;
    private long lastSnapshotPeakBytes;
    /** The dirty counter when the running BGSAVE started. */
    private long dirtyAtBgsaveStart;
    private long loadKeysLoaded, loadKeysExpired;
    private volatile LoadProgress loadProgress;
    /** rdbPopulateSaveInfo: the replication position RDB saves record, or null (installed by replication). */
    private java.util.function.Supplier<ReplicationInfo> replicationInfo = () -> null;
    /** The position the dump loaded at start-up carried, or null. */
    private ReplicationInfo loadedReplicationInfo;
    /** Keys the start-up load dropped as expired, until replication propagates their deletion. */
    private List<ExpiredKey> expiredAtLoad = List.of();
    private final List<BackgroundSaveListener> saveListeners = new java.util.ArrayList<>();

    /** Told when a background RDB save ends (Redis's updateSlavesWaitingBgsave), under the execution lock. */
    public interface BackgroundSaveListener {
        void saveDone(boolean ok, boolean toSockets);
    }

    /** Bytes read of the file being loaded, for INFO's loading_* fields. */
    private record LoadProgress(long startSeconds, long totalBytes, CountingStream stream) {}

    public Persistence(Engine engine) {
        this.engine = engine;
        this.config = engine.config();
        this.keyspace = engine.keyspace();
        this.stats = engine.stats();
        this.job = new BackgroundJob(engine.executionLock());
        this.aof = new AppendOnlyFile(engine, this);
        this.aofRewrite = new AofRewrite(engine, this, job, aof);
        engine.setDiskErrors(this::writeDenial);
        engine.addCronTask(this::cron);
        engine.provide(DatasetStore.class, this);
        engine.provide(Persistence.class, this);
        engine.provide(RdbPreamble.class, this);
        engine.info().register(new PersistenceSection(this));
    }

    Engine engine() {
        return engine;
    }

    BackgroundJob job() {
        return job;
    }

    AppendOnlyFile aof() {
        return aof;
    }

    AofRewrite aofRewrite() {
        return aofRewrite;
    }

    Path rdbPath() {
        return Path.of(config.getString(Directives.DIR)).resolve(config.getString(Directives.DBFILENAME));
    }

    /** writeCommandsDeniedByDiskError: a failed BGSAVE (with stop-writes-on-bgsave-error and save points), then a failed AOF write. */
    private String writeDenial() {
        if (!lastBgsaveOk && config.getBool(Directives.STOP_WRITES_ON_BGSAVE_ERROR) && !savePoints().isEmpty()) return Errors.MISCONF_RDB;
        String why = aof.writeError();
        return why == null ? null : Errors.misconfAof(why);
    }

    private List<String> savePoints() {
        return config.getWords(Directives.SAVE);
    }

    private RdbWriter.AccessInfo accessInfo() {
        String policy = config.getString(Directives.MAXMEMORY_POLICY);
        if (policy.endsWith("lru")) return RdbWriter.AccessInfo.IDLE;
        if (policy.endsWith("lfu")) return RdbWriter.AccessInfo.FREQ;
        return RdbWriter.AccessInfo.NONE;
    }

    /** An RDB snapshot of the dataset now; {@code aofBase}: as the RDB preamble of an AOF base. */
    private Snapshot rdbSnapshot(RdbSink sink, boolean aofBase) {
        RdbRecords records = new RdbRecords(keyspace.access(), accessInfo(), config.getBool(Directives.RDBCHECKSUM),
                engine.clock().millis() / 1000, aofBase ? null : replicationInfo.get(), aofBase, libraries());
        return new Snapshot(keyspace, sink, records, config.getBool(Directives.RDBCOMPRESSION));
    }

    /**
     * An AOF base of the dataset now (Redis's rewriteAppendOnlyFile): an RDB with
     * {@code aof-use-rdb-preamble}, else AOF commands, starting with a {@code #TS:} annotation
     * under {@code aof-timestamp-enabled}.
     */
    Snapshot aofBaseSnapshot(RdbSink sink) {
        if (config.getBool(Directives.AOF_USE_RDB_PREAMBLE)) return rdbSnapshot(sink, true);
        long ts = config.getBool(Directives.AOF_TIMESTAMP_ENABLED) ? engine.clock().millis() / 1000 : -1;
        return new Snapshot(keyspace, sink, new AofRewriter(ts, libraries()), false);
    }

    /** The function libraries' codes now (none without scripting). */
    private List<byte[]> libraries() {
        FunctionLibraries f = engine.service(FunctionLibraries.class);
        return f == null ? List.of() : f.codes();
    }

    /**
     * Creates the libraries a load read, under the execution lock and before its databases
     * go live: {@code flush} replaces all current ones, else they join them ({@code replace}
     * swapping one of the same name). A library that fails fails the load.
     */
    private void installLibraries(RdbLoader.Result result, boolean flush, boolean replace) {
        FunctionLibraries f = engine.service(FunctionLibraries.class);
        if (f == null) return;
        String error = f.load(result.libraries(), flush, replace);
        if (error != null) throw new RdbException("Failed loading library: " + error);
    }

    private RdbFileSink fileSink(String tempName) throws IOException {
        return new RdbFileSink(rdbPath(), tempName, config.getBool(Directives.RDB_SAVE_INCREMENTAL_FSYNC));
    }

    // ---- saving ------------------------------------------------------------------------------

    /** rdbSave: the whole dataset, synchronously, to dbfilename. */
    boolean save() {
        // One snapshot walks the tables at a time: a BGSAVE is stopped (this newer dump
        // replaces it); an AOF rewrite completes its walk here and keeps writing in the background.
        if (job.is(BackgroundJob.Type.RDB)) {
            Log.warning("Stopping the background save in progress");
            job.kill();
        }
        job.finishWalkNow();
        try {
            Snapshot s = rdbSnapshot(fileSink("temp-" + ProcessHandle.current().pid() + ".rdb"), false);
            s.runInForeground();
            Log.notice("DB saved on disk");
            saved(s, engine.clock().millis());
            stats.dirty = 0;
            return true;
        } catch (IOException e) {
            Log.warning("Failed saving the DB: " + Strerror.of(e));
            return false;
        }
    }

    private void saved(Snapshot s, long now) {
        stats.lastSave = now / 1000;
        lastBgsaveOk = true;
        saves++;
        lastSnapshotPeakBytes = s.peakBufferedBytes();
    }

    /** rdbSaveBackground: starts a BGSAVE (no background job may be running); false (logged) if it could not start. */
    public boolean startBackgroundSave() {
        long now = engine.clock().millis();
        lastBgsaveTry = now;
        Snapshot s;
        String tempName = "temp-" + ProcessHandle.current().pid() + "-bg.rdb";
        try {
            s = rdbSnapshot(fileSink(tempName), false);
        } catch (IOException e) {
            // Redis's forked child fails to open its file: the BGSAVE has started, then fails.
            Log.notice("Background saving started");
            Log.warning("Failed opening the temp RDB file " + tempName + " (in server root dir "
                    + config.getString(Directives.DIR) + ") for saving: " + Strerror.of(e));
            Log.warning("Background saving error");
            lastBgsaveOk = false;
            lastBgsaveSeconds = 0;
            bgsaveScheduled = false;
            for (BackgroundSaveListener l : saveListeners) l.saveDone(false, false);
            return true;
        }
        dirtyAtBgsaveStart = stats.dirty;
        bgsaveScheduled = false;
        job.start(BackgroundJob.Type.RDB, s, now, config.getLong(Directives.RDB_KEY_SAVE_DELAY), "basalt-bgsave",
                this::backgroundSaveDone);
        Log.notice("Background saving started");
        return true;
    }

    /** backgroundSaveDoneHandler, on the save's own thread under the execution lock. */
    private void backgroundSaveDone(Snapshot s, IOException failure) {
        long now = engine.clock().millis();
        lastBgsaveSeconds = (now - job.startMillis()) / 1000;
        if (failure == null) {
            Log.notice("Background saving terminated with success");
            stats.dirty -= dirtyAtBgsaveStart;
            saved(s, now);
        } else {
            Log.warning("Background saving error: " + failure.getMessage());
            lastBgsaveOk = false;
        }
        for (BackgroundSaveListener l : saveListeners) l.saveDone(failure == null, false);
    }

    // ---- replication's use of the job slot ------------------------------------------------------

    /** Installs rdbPopulateSaveInfo: what position RDB saves record from now on. */
    public void setReplicationInfo(java.util.function.Supplier<ReplicationInfo> source) {
        replicationInfo = source;
    }

    /** The replication position the dump loaded at start-up carried, or null. */
    public ReplicationInfo loadedReplicationInfo() {
        return loadedReplicationInfo;
    }

    /** The keys the start-up load dropped as expired (once: the list is released). */
    public List<ExpiredKey> takeKeysExpiredAtLoad() {
        List<ExpiredKey> keys = expiredAtLoad;
        expiredAtLoad = List.of();
        return keys;
    }

    public void addBackgroundSaveListener(BackgroundSaveListener l) {
        saveListeners.add(l);
    }

    /** hasActiveChildProcess: a BGSAVE or an AOF rewrite is running. */
    public boolean backgroundJobActive() {
        return job.active();
    }

    /** A background RDB save runs; {@code toSockets} tells which target (rdb_child_type). */
    public boolean rdbSaveActive(boolean toSockets) {
        return job.is(BackgroundJob.Type.RDB) && job.toSockets() == toSockets;
    }

    /**
     * rdbSaveToSlavesSockets: a background snapshot of the dataset now, as an RDB into
     * {@code sink} (the replicas' sockets). Inside the execution order, with no job running.
     * When it ends the save listeners hear of it with {@code toSockets}.
     */
    public void startSocketSave(RdbSink sink) {
        Snapshot s = rdbSnapshot(sink, false);
        job.start(BackgroundJob.Type.RDB, true, s, engine.clock().millis(), config.getLong(Directives.RDB_KEY_SAVE_DELAY),
                "basalt-repl-sync", (done, failure) -> {
                    if (failure == null) Log.notice("Background RDB transfer terminated with success");
                    else Log.warning("Background transfer error");
                    for (BackgroundSaveListener l : saveListeners) l.saveDone(failure == null, true);
                });
    }

    /**
     * A replica about to load its master's snapshot stops the AOF (stopAppendOnly), which would
     * otherwise describe a dataset about to be replaced.
     */
    public void stopAofForSync() {
        if (aof.state() != AppendOnlyFile.State.OFF) aofRewrite.stopAppendOnly();
    }

    /** restartAOFAfterSYNC: with appendonly yes, the AOF starts over from the loaded dataset (a rewrite). */
    public void restartAofAfterSync() {
        if (!config.getBool(Directives.APPENDONLY) || aof.state() != AppendOnlyFile.State.OFF) return;
        if (!aofRewrite.startAppendOnly()) {
            Log.warning("Failed enabling the AOF after successful master synchronization! Trying it again in one second.");
        }
    }

    /** The dump file BGSAVE writes (a disk-based full sync sends it). */
    public Path dumpFile() {
        return rdbPath();
    }

    /**
     * A full sync's payload on a replica (readSyncBulkPayload + rdbLoad): read into fresh
     * databases, which replace the dataset only once the payload loaded whole; expired keys
     * are kept for the master's DELs. Called without the execution lock; the swap takes it.
     * Returns the position the payload carried, or null.
     */
    public ReplicationInfo loadReplicaPayload(InputStream in) throws IOException {
        Database[] fresh = keyspace.newDatabases();
        RdbLoader.Result result;
        try {
            // Exact reads: not a byte past the payload, whose stream follows on the same connection.
            result = RdbLoader.load(new RdbReader(in, true), fresh, loadOptions(false));
        } catch (RdbException e) {
            throw new IOException(e.getMessage(), e);
        }
        ReentrantLock lock = engine.executionLock();
        lock.lock();
        try {
            try {
                installLibraries(result, true, false);
            } catch (RdbException e) {
                throw new IOException(e.getMessage(), e);
            }
            keyspace.replaceDatabases(fresh);
            loadKeysLoaded = result.keysLoaded();
            loadKeysExpired = result.keysExpired();
        } finally {
            lock.unlock();
        }
        Log.notice("Done loading RDB, keys loaded: " + result.keysLoaded() + ", keys expired: " + result.keysExpired() + ".");
        return ReplicationInfo.fromAux(result.aux());
    }

    /** BGSAVE SCHEDULE while an AOF rewrite runs: the BGSAVE starts as soon as nothing runs. */
    void scheduleBackgroundSave() {
        bgsaveScheduled = true;
    }

    /**
     * serverCron's persistence part, in its order: a scheduled AOF rewrite; with nothing
     * running, save points, then the automatic AOF rewrite; last a scheduled BGSAVE.
     */
    private void cron() {
        aofRewrite.startScheduled();
        long now = engine.clock().millis();
        boolean mayRetry = now - lastBgsaveTry > BGSAVE_RETRY_DELAY_MS || lastBgsaveOk;
        if (!job.active()) {
            List<String> points = savePoints();
            for (int i = 0; i + 1 < points.size(); i += 2) {
                long seconds = Long.parseLong(points.get(i));
                long changes = Long.parseLong(points.get(i + 1));
                if (stats.dirty >= changes && now / 1000 - stats.lastSave > seconds && mayRetry) {
                    Log.notice(changes + " changes in " + seconds + " seconds. Saving...");
                    startBackgroundSave();
                    break;
                }
            }
            aofRewrite.startIfGrown();
        }
        if (!job.active() && bgsaveScheduled && mayRetry) startBackgroundSave();
    }

    /**
     * finishShutdown's persistence part: stops a BGSAVE and an AOF rewrite (refusing, unless
     * {@code force}, while the first AOF base is still being written), then saves if asked or
     * if save points are set (unless NOSAVE). Returns false when the server must not exit.
     */
    public boolean prepareForShutdown(boolean save, boolean noSave, boolean force) {
        if (job.is(BackgroundJob.Type.RDB)) {
            Log.warning("There is a child saving an .rdb. Killing it!");
            job.kill();
        }
        if (!aofRewrite.stopForShutdown(force)) return false;
        if ((save || !savePoints().isEmpty()) && !noSave) {
            Log.notice("Saving the final RDB snapshot before exiting.");
            if (!save()) {
                Log.warning("Error trying to save the DB, can't exit.");
                return false;
            }
        }
        return true;
    }

    /** The RDB base of an AOF: keys already expired are kept for the increments after it (RDBFLAGS_AOF_PREAMBLE). */
    @Override
    public void load(Engine engine, InputStream in) throws IOException {
        Database[] fresh = keyspace.newDatabases();
        try {
            RdbLoader.Result r = RdbLoader.load(new RdbReader(in, true), fresh, loadOptions(false));
            installLibraries(r, true, false);
            Log.notice("Done loading RDB, keys loaded: " + r.keysLoaded() + ", keys expired: " + r.keysExpired() + ".");
        } catch (RdbException e) {
            throw new IOException(e.getMessage());
        }
        keyspace.replaceDatabases(fresh);
    }

    @Override
    public long serializedLength(Object value) {
        RdbWriter w = new RdbWriter(64, config.getBool(Directives.RDBCOMPRESSION));
        w.writeObject(value);
        return w.size();
    }

    /** FLUSHALL (flushAllDataAndResetRDB): a running BGSAVE is stopped, and with save points the empty dataset is saved. */
    @Override
    public void flushedAll() {
        if (job.is(BackgroundJob.Type.RDB)) job.kill();
        if (!savePoints().isEmpty()) save();
    }

    // ---- loading -----------------------------------------------------------------------------

    /** Options for loading into this server now; {@code master} drops keys already expired. */
    private RdbLoader.Options loadOptions(boolean master) {
        String policy = config.getString(Directives.MAXMEMORY_POLICY);
        return new RdbLoader.Options(keyspace.limits(), keyspace.access(), policy.endsWith("lfu"),
                engine.shareIntegers(), master, config.getBool(Directives.RDBCHECKSUM), engine.clock().millis());
    }

    /**
     * Reads dbfilename into fresh databases; they replace the live ones only if the whole
     * file loaded. Returns false when there is no file. Throws with the reason otherwise.
     */
    private boolean loadFile(boolean master) throws IOException {
        return loadFile(master, true, false);
    }

    /** {@code flush}: the file replaces the dataset; else its keys are added ({@code merge}: replacing existing ones). */
    private boolean loadFile(boolean master, boolean flush, boolean merge) throws IOException {
        Path path = rdbPath();
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            return false;
        }
        long start = System.nanoTime();
        Database[] fresh = keyspace.newDatabases();
        RdbLoader.Result result;
        try (CountingStream counting = new CountingStream(Files.newInputStream(path))) {
            loadProgress = new LoadProgress(engine.clock().millis() / 1000, size, counting);
            result = RdbLoader.load(new RdbReader(new BufferedInputStream(counting, 1 << 16)), fresh, loadOptions(master));
        } finally {
            loadProgress = null;
        }
        String version = result.aux().get("redis-ver");
        if (version != null) Log.notice("Loading RDB produced by version " + version);
        loadedReplicationInfo = ReplicationInfo.fromAux(result.aux());
        expiredAtLoad = result.expiredKeys();
        ReentrantLock lock = engine.executionLock();
        lock.lock();
        try {
            installLibraries(result, flush, merge);
            if (flush) {
                keyspace.replaceDatabases(fresh);
            } else {
                byte[] clash = keyspace.mergeDatabases(fresh, merge);
                if (clash != null) throw new RdbException("RDB has duplicated key '" + Ascii.string(clash) + "'");
            }
            loadKeysLoaded = result.keysLoaded();
            loadKeysExpired = result.keysExpired();
        } finally {
            lock.unlock();
        }
        Log.notice("Done loading RDB, keys loaded: " + result.keysLoaded() + ", keys expired: " + result.keysExpired() + ".");
        Log.notice(String.format("DB loaded from disk: %.3f seconds", (System.nanoTime() - start) / 1e9));
        return true;
    }

    /** loadDataFromDisk at start-up: clients meanwhile get LOADING. Throws with the reason on a bad file. */
    public void loadAtStartUp() throws IOException {
        engine.setLoading(true);
        try {
            loadFile(true);
        } finally {
            engine.setLoading(false);
        }
    }

    /** DEBUG RELOAD: save (unless NOSAVE), then load the file back into a fresh dataset. */
    @Override
    public String reload(boolean save, boolean flush, boolean merge) {
        if (save && !save()) return Errors.ERR;
        try {
            if (!loadFile(true, flush, merge)) return Errors.RELOAD_FAILED;
        } catch (IOException | RdbException e) {
            Log.warning("Error trying to load the RDB dump: " + e.getMessage());
            return Errors.RELOAD_FAILED;
        }
        // Only a start-up load propagates the deletion of keys it found expired (RDBFLAGS_FEED_REPL).
        expiredAtLoad = List.of();
        Log.notice("DB reloaded by DEBUG RELOAD");
        return null;
    }

    // ---- INFO --------------------------------------------------------------------------------

    /** The fields INFO persistence shows about RDB saving and loading, in Redis's order and names. */
    void appendRdbFields(PersistenceSection.Out out) {
        long now = engine.clock().millis();
        LoadProgress load = loadProgress;
        out.field("loading", load != null ? 1 : 0);
        out.field("async_loading", 0);
        Snapshot s = job.snapshot();
        out.field("current_cow_peak", s == null ? 0 : s.peakBufferedBytes());
        out.field("current_cow_size", s == null ? 0 : s.bufferedBytes());
        out.field("current_cow_size_age", 0);
        long processed = s == null ? 0 : s.keysProcessed(), total = s == null ? 0 : s.keysTotal();
        out.field("current_fork_perc", String.format("%.2f", total == 0 ? 0.0 : processed * 100.0 / total));
        out.field("current_save_keys_processed", processed);
        out.field("current_save_keys_total", total);
        out.field("rdb_changes_since_last_save", stats.dirty);
        boolean bgsave = job.is(BackgroundJob.Type.RDB);
        out.field("rdb_bgsave_in_progress", bgsave ? 1 : 0);
        out.field("rdb_last_save_time", stats.lastSave);
        out.field("rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        out.field("rdb_last_bgsave_time_sec", lastBgsaveSeconds);
        out.field("rdb_current_bgsave_time_sec", bgsave ? (now - job.startMillis()) / 1000 : -1);
        out.field("rdb_saves", saves);
        out.field("rdb_last_cow_size", lastSnapshotPeakBytes);
        out.field("rdb_last_load_keys_expired", loadKeysExpired);
        out.field("rdb_last_load_keys_loaded", loadKeysLoaded);
    }

    /** The loading_* fields Redis appends while loading. */
    void appendLoadingFields(PersistenceSection.Out out) {
        LoadProgress load = loadProgress;
        if (load == null) return;
        long now = engine.clock().millis() / 1000;
        long loaded = load.stream().count();
        long elapsed = now - load.startSeconds();
        double perc = load.totalBytes() == 0 ? 0 : loaded * 100.0 / load.totalBytes();
        long eta = elapsed == 0 || loaded == 0 ? 1 : (load.totalBytes() - loaded) / (loaded / Math.max(1, elapsed));
        out.field("loading_start_time", load.startSeconds());
        out.field("loading_total_bytes", load.totalBytes());
        out.field("loading_rdb_used_mem", 0);
        out.field("loading_loaded_bytes", loaded);
        out.field("loading_loaded_perc", String.format("%.2f", perc));
        out.field("loading_eta_seconds", eta);
    }

    /** Counts the bytes read, for loading progress. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}

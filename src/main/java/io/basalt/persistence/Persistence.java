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

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The RDB side of persistence for one engine: SAVE and BGSAVE (fork-less, see
 * {@link Snapshot}), save points, the MISCONF gate after a failed background save,
 * loading at start-up and DEBUG RELOAD, the final save at shutdown, and INFO persistence's
 * rdb_* state. Everything but the background walk itself runs inside the execution order.
 */
public final class Persistence implements DatasetStore, RdbPreamble {
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait 5 s. */
    private static final long BGSAVE_RETRY_DELAY_MS = 5000;

    private final Engine engine;
    private final Config config;
    private final Keyspace keyspace;
    private final ServerStats stats;

    // Guarded by the execution lock.
    private BackgroundSave running;
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTry;
    private long lastBgsaveSeconds = -1;
    private long saves;
    private boolean bgsaveScheduled;
    private long lastSnapshotPeakBytes;
    private long loadKeysLoaded, loadKeysExpired;
    private volatile LoadProgress loadProgress;
    private volatile AppendOnlyFile aof;

    /** A BGSAVE in progress: its snapshot, thread and start. */
    private record BackgroundSave(Snapshot snapshot, Thread thread, long startMillis, long dirtyAtStart) {}

    /** Bytes read of the file being loaded, for INFO's loading_* fields. */
    private record LoadProgress(long startSeconds, long totalBytes, CountingStream stream) {}

    public Persistence(Engine engine) {
        this.engine = engine;
        this.config = engine.config();
        this.keyspace = engine.keyspace();
        this.stats = engine.stats();
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

    Path rdbPath() {
        return Path.of(config.getString(Directives.DIR)).resolve(config.getString(Directives.DBFILENAME));
    }

    /** writeCommandsDeniedByDiskError: a failed BGSAVE (with stop-writes-on-bgsave-error and save points), then a failed AOF write. */
    private String writeDenial() {
        if (!lastBgsaveOk && config.getBool(Directives.STOP_WRITES_ON_BGSAVE_ERROR) && !savePoints().isEmpty()) return Errors.MISCONF_RDB;
        AppendOnlyFile a = aof;
        if (a != null) {
            String why = a.writeError();
            if (why != null) return Errors.misconfAof(why);
        }
        return null;
    }

    /** The AOF, once started, for the MISCONF check. */
    public void useAof(AppendOnlyFile aof) {
        this.aof = aof;
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

    private Snapshot newSnapshot(RdbSink sink) {
        return new Snapshot(keyspace, sink, config.getBool(Directives.RDBCOMPRESSION), config.getBool(Directives.RDBCHECKSUM),
                accessInfo(), null, false);
    }

    private RdbFileSink fileSink(String tempName) throws IOException {
        return new RdbFileSink(rdbPath(), tempName, config.getBool(Directives.RDB_SAVE_INCREMENTAL_FSYNC));
    }

    // ---- saving ------------------------------------------------------------------------------

    /** True while a BGSAVE runs. */
    boolean bgsaveInProgress() {
        return running != null;
    }

    /** rdbSave: the whole dataset, synchronously, to dbfilename. A running BGSAVE is stopped first. */
    boolean save() {
        stopBackgroundSave();
        try {
            Snapshot s = newSnapshot(fileSink("temp-" + ProcessHandle.current().pid() + ".rdb"));
            s.runInForeground();
            Log.notice("DB saved on disk");
            saved(s, engine.clock().millis());
            stats.dirty = 0;
            return true;
        } catch (IOException e) {
            Log.warning("Failed saving the DB: " + reason(e));
            return false;
        }
    }

    /** strerror's words where Java's message is only the path. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException f) return "No such file or directory: " + f.getFile();
        if (e instanceof AccessDeniedException f) return "Permission denied: " + f.getFile();
        return String.valueOf(e.getMessage());
    }

    private void saved(Snapshot s, long now) {
        stats.lastSave = now / 1000;
        lastBgsaveOk = true;
        saves++;
        lastSnapshotPeakBytes = s.peakBufferedBytes();
    }

    /**
     * rdbSaveBackground: starts a BGSAVE. A temp file that cannot be opened fails the save
     * as it fails Redis's forked child: the BGSAVE has started and ended in error.
     */
    void startBackgroundSave() {
        long now = engine.clock().millis();
        lastBgsaveTry = now;
        Snapshot s;
        String tempName = "temp-" + ProcessHandle.current().pid() + "-bg.rdb";
        try {
            s = newSnapshot(fileSink(tempName));
        } catch (IOException e) {
            Log.notice("Background saving started");
            Log.warning("Failed opening the temp RDB file " + tempName + " (in server root dir "
                    + config.getString(Directives.DIR) + ") for saving: " + reason(e));
            Log.warning("Background saving error");
            lastBgsaveOk = false;
            lastBgsaveSeconds = 0;
            bgsaveScheduled = false;
            return;
        }
        ReentrantLock lock = engine.executionLock();
        long delay = config.getLong(Directives.RDB_KEY_SAVE_DELAY);
        Thread t = new Thread(() -> {
            IOException failure = null;
            try {
                s.runInBackground(lock, Math.max(0, delay));
            } catch (IOException e) {
                failure = e;
            }
            backgroundSaveDone(s, failure);
        }, "basalt-bgsave");
        t.setDaemon(true);
        running = new BackgroundSave(s, t, now, stats.dirty);
        bgsaveScheduled = false;
        Log.notice("Background saving started");
        t.start();
    }

    /** backgroundSaveDoneHandler, on the save's own thread. */
    private void backgroundSaveDone(Snapshot s, IOException failure) {
        ReentrantLock lock = engine.executionLock();
        lock.lock();
        try {
            BackgroundSave done = running;
            running = null;
            long now = engine.clock().millis();
            lastBgsaveSeconds = (now - done.startMillis()) / 1000;
            if (failure == null) {
                Log.notice("Background saving terminated with success");
                stats.dirty -= done.dirtyAtStart();
                saved(s, now);
            } else if (!s.cancelled()) {
                Log.warning("Background saving error: " + failure.getMessage());
                lastBgsaveOk = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops a running BGSAVE at once (Redis's killRDBChild): its output is dropped, the
     * previous dump stays, and the status is not an error. Only one snapshot may mark the
     * tables at a time (see {@link Snapshot#abort}).
     */
    private void stopBackgroundSave() {
        if (running == null || running.snapshot().cancelled()) return;
        Log.warning("Stopping the background save in progress");
        running.snapshot().abort();
    }

    /** An AOF base in RDB format: the dataset now, through the same snapshot as SAVE (rdbSaveRio with aof-base). */
    @Override
    public void write(Engine engine, java.io.OutputStream out) throws IOException {
        stopBackgroundSave();
        RdbSink sink = new RdbSink() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void commit() throws IOException {
                out.flush();
            }

            @Override
            public void abort() {
                // The AOF deletes its temp file.
            }
        };
        new Snapshot(keyspace, sink, config.getBool(Directives.RDBCOMPRESSION), config.getBool(Directives.RDBCHECKSUM),
                accessInfo(), null, true).runInForeground();
    }

    /** The RDB base of an AOF: keys already expired are kept for the increments after it (RDBFLAGS_AOF_PREAMBLE). */
    @Override
    public void load(Engine engine, InputStream in) throws IOException {
        Database[] fresh = keyspace.newDatabases();
        try {
            RdbLoader.Result r = RdbLoader.load(new RdbReader(in, true), fresh, loadOptions(false));
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

    @Override
    public void flushedAll() {
        stopBackgroundSave();
        if (!savePoints().isEmpty()) save();
    }

    /** BGSAVE SCHEDULE while a save runs: another one starts as soon as possible. */
    void scheduleBackgroundSave() {
        bgsaveScheduled = true;
    }

    /** Save points and scheduled BGSAVEs, from the server cron (serverCron's part). */
    private void cron() {
        if (running != null) return;
        long now = engine.clock().millis();
        boolean mayRetry = now - lastBgsaveTry > BGSAVE_RETRY_DELAY_MS || lastBgsaveOk;
        if (bgsaveScheduled && mayRetry) {
            startBackgroundSave();
            return;
        }
        List<String> points = savePoints();
        for (int i = 0; i + 1 < points.size(); i += 2) {
            long seconds = Long.parseLong(points.get(i));
            long changes = Long.parseLong(points.get(i + 1));
            if (stats.dirty >= changes && now / 1000 - stats.lastSave > seconds && mayRetry) {
                Log.notice(changes + " changes in " + seconds + " seconds. Saving...");
                startBackgroundSave();
                return;
            }
        }
    }

    /**
     * prepareForShutdown's persistence part: stops a BGSAVE, then saves if asked or if save
     * points are set (unless NOSAVE). Returns false when the final save failed.
     */
    public boolean prepareForShutdown(boolean save, boolean noSave) {
        if (running != null && !running.snapshot().cancelled()) {
            Log.warning("There is a child saving an .rdb. Killing it!");
            running.snapshot().abort();
        }
        if ((save || !savePoints().isEmpty()) && !noSave) {
            Log.notice("Saving the final RDB snapshot before exiting.");
            if (!save()) {
                Log.warning("Error trying to save the DB, can't exit.");
                return false;
            }
        }
        return true;
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
        ReentrantLock lock = engine.executionLock();
        lock.lock();
        try {
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
        Snapshot s = running == null ? null : running.snapshot();
        out.field("current_cow_peak", s == null ? 0 : s.peakBufferedBytes());
        out.field("current_cow_size", s == null ? 0 : s.bufferedBytes());
        out.field("current_cow_size_age", 0);
        long processed = s == null ? 0 : s.keysProcessed(), total = s == null ? 0 : s.keysTotal();
        out.field("current_fork_perc", String.format("%.2f", total == 0 ? 0.0 : processed * 100.0 / total));
        out.field("current_save_keys_processed", processed);
        out.field("current_save_keys_total", total);
        out.field("rdb_changes_since_last_save", stats.dirty);
        out.field("rdb_bgsave_in_progress", s == null ? 0 : 1);
        out.field("rdb_last_save_time", stats.lastSave);
        out.field("rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        out.field("rdb_last_bgsave_time_sec", lastBgsaveSeconds);
        out.field("rdb_current_bgsave_time_sec", s == null ? -1 : (now - running.startMillis()) / 1000);
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

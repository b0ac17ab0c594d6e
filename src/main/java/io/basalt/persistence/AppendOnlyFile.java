package io.basalt.persistence;

import io.basalt.command.Engine;
import io.basalt.command.Propagation;
import io.basalt.command.spi.PropagationTarget;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.protocol.Args;
import io.basalt.util.Clock;
import io.basalt.util.Log;
import io.basalt.util.Strerror;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The append-only file as Redis 7.0 keeps it (aof.c): a directory ({@code appenddirname}
 * under {@code dir}) with a manifest, a base file and increment files. While enabled it is a
 * {@link PropagationTarget}: every propagated command is appended, in RESP, to an in-memory
 * buffer (with SELECT when the database changes and {@code #TS:} annotations when
 * {@code aof-timestamp-enabled}), and the buffer is written before the replies of the batch
 * are flushed ({@link Engine#addBeforeSleepTask}). {@code appendfsync always} fsyncs there too;
 * {@code everysec} fsyncs on a background thread at most once a second and postpones writes
 * while one is in progress, as Redis's flushAppendOnlyFile does; {@code no} leaves it to the OS.
 * <p>
 * The manifest is kept (and BGREWRITEAOF works) even with {@code appendonly no}, as in Redis.
 * The file operations of a rewrite live here ({@link #openIncrForRewrite},
 * {@link #installRewrittenBase}); starting, finishing and scheduling rewrites, and switching
 * the AOF on and off, is {@link AofRewrite}'s. Everything but the background fsync runs
 * inside the execution order.
 */
public final class AppendOnlyFile implements PropagationTarget {
    enum Fsync { ALWAYS, EVERYSEC, NO }

    /** Redis's aof_state: WAIT_REWRITE after {@code CONFIG SET appendonly yes}, until the first base is written. */
    enum State { OFF, WAIT_REWRITE, ON }

    private final Engine engine;
    private final Persistence persistence;
    private final Config config;
    private final Clock clock;
    private final String appendFilename;
    private AofManifest manifest = new AofManifest();
    private final AofBuffer buffer = new AofBuffer();
    private final BackgroundFsync bio = new BackgroundFsync();
    private State state = State.OFF;
    /** The increment being appended to; null while nothing is appended (off, or waiting for the first rewrite to start). */
    private FileChannel incr;
    private int selectedDb = -1;
    private long timestamp;
    private volatile boolean timestamps;
    private volatile Fsync fsync;

    /** Unix second of the last fsync (aof_last_fsync). */
    private long lastFsync;
    /** When writes started waiting for a background fsync, or 0 (aof_flush_postponed_start). */
    private long flushPostponedStart;
    private long delayedFsync;
    private long currentSize;
    private long baseSize;
    private long lastIncrSize;
    private long lastIncrFsyncOffset;
    private volatile boolean lastWriteOk = true;
    /** Why the last write failed (Redis's aof_last_write_errno, as text). */
    private volatile String lastWriteError = "";
    private long lastWriteErrorLog;

    AppendOnlyFile(Engine engine, Persistence persistence) {
        this.engine = engine;
        this.persistence = persistence;
        this.config = engine.config();
        this.clock = engine.clock();
        this.appendFilename = config.getString(Directives.APPENDFILENAME);
        config.watch(Directives.APPENDFSYNC, v -> fsync = Fsync.valueOf(((String) v).toUpperCase(java.util.Locale.ROOT)));
        config.watch(Directives.AOF_TIMESTAMP_ENABLED, v -> timestamps = (Boolean) v);
        engine.addBeforeSleepTask(() -> flush(false));
        engine.provide(AppendOnlyFile.class, this);
        // What the AOF holds between writes: INFO memory, and left out of what eviction counts.
        engine.info().setGauge("mem_aof_buffer", () -> state == State.OFF ? 0 : buffer.array().length);
    }

    /** appenddirname under dir (both as now: Redis resolves them against its working directory, which CONFIG SET dir changes). */
    private Path aofDir() {
        return dir().resolve(config.getString(Directives.APPENDDIRNAME));
    }

    private Path dir() {
        return Path.of(config.getString(Directives.DIR));
    }

    private String manifestName() {
        return AofManifest.fileName(appendFilename);
    }

    State state() {
        return state;
    }

    AofManifest manifest() {
        return manifest;
    }

    /** aof_current_size: the base and increments as written so far. */
    long currentSize() {
        return currentSize;
    }

    /** aof_base_size (Redis's aof_rewrite_base_size): the AOF's size after the last rewrite, or the base's after a load. */
    long baseSize() {
        return baseSize;
    }

    /** Why the server cannot start with the AOF (the lines were logged). */
    public static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Start-up (Redis's aofLoadManifestFromDisk, then with {@code appendonly yes}
     * loadDataFromDisk's AOF part and aofOpenIfNeededOnServerStart, then aofDelHistoryFiles):
     * reads the manifest whatever {@code appendonly} says; when on, replays the files into the
     * dataset, creates a base when there is no AOF yet, opens the last increment for appending
     * and installs the AOF as a propagation target. From then on {@code CONFIG SET appendonly}
     * switches the AOF. Call before serving, inside the execution order.
     */
    public static AppendOnlyFile start(Engine engine) throws StartFailure {
        AppendOnlyFile aof = engine.service(AppendOnlyFile.class);
        aof.startUp();
        return aof;
    }

    private void startUp() throws StartFailure {
        Path aofDir = aofDir();
        manifest = readManifest(aofDir, appendFilename);
        if (config.getBool(Directives.APPENDONLY)) {
            upgradeOldStyle(dir());
            long start = System.nanoTime();
            AofLoader loader = new AofLoader(engine, aofDir, appendFilename, config.getBool(Directives.AOF_LOAD_TRUNCATED));
            AofLoader.Status status = loader.load(manifest);
            if (status == AofLoader.Status.FAILED || status == AofLoader.Status.OPEN_ERR) {
                throw new StartFailure("loading the append only file failed");
            }
            if (status != AofLoader.Status.NOT_EXIST) {
                Log.notice("DB loaded from append only file: " + AofLoader.seconds(System.nanoTime() - start) + " seconds");
                currentSize = loader.totalSize;
                baseSize = loader.baseSize;
            }
            openForAppend();
            state = State.ON;
            engine.propagation().addTarget(this, Propagation.AOF);
        }
        deleteHistoryFiles();
        persistence.aofRewrite().followConfig();
    }

    private static AofManifest readManifest(Path aofDir, String appendFilename) throws StartFailure {
        Path file = aofDir.resolve(AofManifest.fileName(appendFilename));
        if (!Files.isDirectory(aofDir) || !Files.exists(file)) return new AofManifest();
        try {
            return AofManifest.read(file);
        } catch (AofManifest.FatalError e) {
            for (String line : e.logLines()) Log.warning(line);
            throw new StartFailure(e.getMessage());
        } catch (IOException e) {
            Log.warning("Fatal error: can't open the AOF manifest file " + file + " for reading: " + Strerror.of(e));
            throw new StartFailure(e.getMessage());
        }
    }

    /**
     * Redis's aofUpgradePrepare: an {@code appendfilename} file in {@code dir} from a Redis
     * before 7.0 becomes the base of a new AOF directory.
     */
    private void upgradeOldStyle(Path dir) throws StartFailure {
        Path aofDir = aofDir();
        Path old = dir.resolve(appendFilename);
        if (!Files.isRegularFile(old)) return;
        AofManifest.FileInfo b = manifest.base();
        boolean upgrade = !Files.isDirectory(aofDir) || manifest.isEmpty()
                || (b != null && manifest.incrs().isEmpty() && b.name().equals(appendFilename)
                && !Files.exists(aofDir.resolve(appendFilename)));
        if (!upgrade) return;
        try {
            Files.createDirectories(aofDir);
            manifest.adoptOldStyleBase(appendFilename);
            manifest.write(aofDir, manifestName());
            Files.move(old, aofDir.resolve(appendFilename), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Log.warning("Error trying to move the old AOF file " + appendFilename + " into dir "
                    + aofDir.getFileName() + ": " + Strerror.of(e));
            throw new StartFailure(e.getMessage());
        }
        Log.notice("Successfully migrated an old-style AOF file (" + appendFilename + ") into the AOF directory ("
                + aofDir.getFileName() + ").");
    }

    /** Redis's aofOpenIfNeededOnServerStart. */
    private void openForAppend() throws StartFailure {
        Path aofDir = aofDir();
        try {
            Files.createDirectories(aofDir);
        } catch (IOException e) {
            Log.warning("Can't open or create append-only dir " + aofDir.getFileName() + ": " + Strerror.of(e));
            throw new StartFailure(e.getMessage());
        }
        boolean hadIncr = !manifest.incrs().isEmpty();
        if (manifest.isEmpty()) {
            AofManifest.FileInfo base = manifest.newBase(appendFilename, config.getBool(Directives.AOF_USE_RDB_PREAMBLE));
            writeBase(base);
            Log.notice("Creating AOF base file " + base.name() + " on server start");
        }
        AofManifest.FileInfo last = manifest.lastIncr(appendFilename);
        try {
            incr = FileChannel.open(aofDir.resolve(last.name()), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            Log.warning("Can't open the append-only file " + last.name() + ": " + Strerror.of(e));
            throw new StartFailure(e.getMessage());
        }
        try {
            manifest.write(aofDir, manifestName());
            lastIncrSize = incr.size();
        } catch (IOException e) {
            Log.warning("Can't persist the AOF manifest: " + Strerror.of(e));
            throw new StartFailure(e.getMessage());
        }
        lastIncrFsyncOffset = lastIncrSize;
        Log.notice((hadIncr ? "Opening" : "Creating") + " AOF incr file " + last.name() + " on server start");
    }

    /**
     * Redis's rewriteAppendOnlyFile at start-up: the base of the current dataset (as
     * {@link Persistence#aofBaseSnapshot} writes it), in a temp file in {@code dir} fsynced and
     * renamed into place.
     */
    private void writeBase(AofManifest.FileInfo base) throws StartFailure {
        Path temp = dir().resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        try {
            persistence.aofBaseSnapshot(RdbFileSink.temporary(temp, config.getBool(Directives.AOF_REWRITE_INCREMENTAL_FSYNC)))
                    .runInForeground();
            Files.move(temp, aofDir().resolve(base.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Log.warning("Write error writing append only file on disk: " + Strerror.of(e));
            deleteQuietly(temp);
            throw new StartFailure(e.getMessage());
        }
    }

    /** Redis's bg_unlink where a failure only matters to the disk space. */
    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warning("Could not remove " + file + ": " + Strerror.of(e));
        }
    }

    // ---- rewrites (the file side of rewriteAppendOnlyFileBackground and backgroundRewriteDoneHandler) ----

    private String tempIncrName() {
        return "temp-" + appendFilename + ".incr";
    }

    /**
     * Redis's openNewIncrAofForAppend, after the flush and SELECT reset that precede it: when
     * on, a new increment is created and the manifest naming it persisted (else nothing
     * changes); while waiting for the first rewrite, a temp increment collects the writes. The
     * previous increment is fsynced and closed in the background. False (logged) on failure.
     */
    boolean openIncrForRewrite() {
        if (state == State.OFF) return true;
        selectedDb = -1;
        flush(true);
        AofManifest next = null;
        String name;
        if (state == State.WAIT_REWRITE) {
            name = tempIncrName();
        } else {
            next = manifest.copy();
            name = next.newIncr(appendFilename).name();
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(aofDir().resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            Log.warning("Can't open the append-only file " + name + ": " + Strerror.of(e));
            return false;
        }
        if (next != null) {
            try {
                next.write(aofDir(), manifestName());
            } catch (IOException e) {
                Log.warning("Can't persist the AOF manifest: " + Strerror.of(e));
                closeQuietly(opened);
                return false;
            }
        }
        Log.notice("Creating AOF incr file " + name + " on background rewrite");
        if (incr != null) {
            bio.close(incr);
            lastFsync = clock.millis() / 1000;
        }
        incr = opened;
        lastIncrSize = 0;
        lastIncrFsyncOffset = 0;
        if (next != null) manifest = next;
        return true;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Abandoned before anything was written to it.
        }
    }

    /**
     * backgroundRewriteDoneHandler's success path: {@code temp} becomes the new base (the
     * previous one history), a temp increment of the first rewrite becomes a real one, the
     * increments the base covers become history, the manifest is persisted, history files
     * are deleted (unless aof-disable-auto-gc) and a waiting AOF is on. False (logged, the
     * previous manifest kept and the new files removed) on failure.
     */
    boolean installRewrittenBase(Path temp, boolean rdb) {
        Path aofDir = aofDir();
        AofManifest next = manifest.copy();
        AofManifest.FileInfo base = next.newBase(appendFilename, rdb);
        Path basePath = aofDir.resolve(base.name());
        try {
            Files.move(temp, basePath, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Log.warning("Error trying to rename the temporary AOF base file " + temp.getFileName() + " into "
                    + dir().relativize(basePath) + ": " + Strerror.of(e));
            return false;
        }
        Log.notice("Successfully renamed the temporary AOF base file " + temp.getFileName() + " into " + base.name());
        Path incrPath = null;
        if (state == State.WAIT_REWRITE) {
            Path tempIncr = aofDir.resolve(tempIncrName());
            AofManifest.FileInfo first = next.newIncr(appendFilename);
            incrPath = aofDir.resolve(first.name());
            try {
                Files.move(tempIncr, incrPath, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Log.warning("Error trying to rename the temporary AOF incr file " + dir().relativize(tempIncr) + " into "
                        + dir().relativize(incrPath) + ": " + Strerror.of(e));
                deleteQuietly(basePath);
                return false;
            }
            Log.notice("Successfully renamed the temporary AOF incr file " + tempIncrName() + " into " + first.name());
        }
        next.markRewrittenIncrsAsHistory(incr != null);
        try {
            next.write(aofDir, manifestName());
        } catch (IOException e) {
            Log.warning("Can't persist the AOF manifest: " + Strerror.of(e));
            deleteQuietly(basePath);
            if (incrPath != null) deleteQuietly(incrPath);
            return false;
        }
        manifest = next;
        if (state != State.OFF) {
            long size;
            try {
                size = Files.size(basePath);
            } catch (IOException e) {
                Log.warning("Unable to obtain the AOF file " + base.name() + " length. stat: " + Strerror.of(e));
                size = 0;
            }
            currentSize = size + lastIncrSize;
            baseSize = currentSize;
        }
        deleteHistoryFiles();
        if (state == State.WAIT_REWRITE) state = State.ON;
        return true;
    }

    /** After a rewrite that left the AOF waiting (it failed or was stopped): what accumulated is dropped with the temp increment. */
    void discardTempIncr() {
        buffer.clear();
        if (incr != null) {
            closeQuietly(incr);
            incr = null;
        }
        Log.notice("Removing the temp incr aof file " + tempIncrName() + " in the background");
        deleteQuietly(aofDir().resolve(tempIncrName()));
    }

    /** Redis's aofDelHistoryFiles: history files are deleted and dropped from the manifest, unless aof-disable-auto-gc. */
    void deleteHistoryFiles() {
        if (config.getBool(Directives.AOF_DISABLE_AUTO_GC) || manifest.history().isEmpty()) return;
        Path aofDir = aofDir();
        for (AofManifest.FileInfo f : manifest.takeHistory()) {
            Log.notice("Removing the history file " + f.name() + " in the background");
            deleteQuietly(aofDir.resolve(f.name()));
        }
        try {
            manifest.write(aofDir, manifestName());
        } catch (IOException e) {
            Log.warning("Can't persist the AOF manifest: " + Strerror.of(e));
        }
    }

    // ---- switching on and off (the file side of startAppendOnly and stopAppendOnly) --------

    /** {@code CONFIG SET appendonly yes}: commands are taken from now on, kept once the first rewrite opens its increment. */
    void switchOn() {
        state = State.WAIT_REWRITE;
        engine.propagation().addTarget(this, Propagation.AOF);
    }

    /** A failed switch on: back to off. */
    void switchOnFailed() {
        if (incr != null) {
            closeQuietly(incr);
            incr = null;
        }
        buffer.clear();
        state = State.OFF;
        engine.propagation().removeTarget(this);
    }

    /** startAppendOnly's end: an earlier write or fsync error no longer counts. */
    void reopened() {
        lastFsync = clock.millis() / 1000;
        if (bio.failed()) {
            Log.warning("AOF reopen, just ignore the AOF fsync error in bio job");
            bio.clearFailure();
        }
        if (!lastWriteOk) {
            Log.warning("AOF reopen, just ignore the last error.");
            lastWriteOk = true;
        }
    }

    /** stopAppendOnly's file part: the buffer written and fsynced, the increment closed, nothing more appended. */
    void switchOff() {
        flush(true);
        if (incr != null) {
            try {
                incr.force(false);
                lastFsync = clock.millis() / 1000;
            } catch (IOException e) {
                Log.warning("Fail to fsync the AOF file: " + e.getMessage());
            }
            bio.close(incr);
            incr = null;
        }
        engine.propagation().removeTarget(this);
        selectedDb = -1;
        state = State.OFF;
        lastIncrSize = 0;
        lastIncrFsyncOffset = 0;
        buffer.clear();
    }

    // ---- appending (Redis's feedAppendOnlyFile) -------------------------------------------

    @Override
    public void propagate(int db, Args argv) {
        // Waiting for the first rewrite to start: Redis drops the command (feedAppendOnlyFile).
        if (incr == null) return;
        if (timestamps) {
            long now = clock.millis() / 1000;
            if (timestamp < now) {
                timestamp = now;
                buffer.appendTimestamp(now);
            }
        }
        if (db != selectedDb) {
            buffer.appendSelect(db);
            selectedDb = db;
        }
        buffer.appendCommand(argv);
    }

    // ---- writing and fsync (Redis's flushAppendOnlyFile) ----------------------------------

    /**
     * Writes the buffer to the increment file and fsyncs as {@code appendfsync} says. With
     * everysec a write waits (up to two seconds) while a background fsync runs, unless
     * {@code force}.
     */
    void flush(boolean force) {
        if (incr == null) return;
        long now = clock.millis() / 1000;
        boolean syncInProgress = false;
        if (buffer.length() == 0) {
            // Nothing to write, but data written earlier may still need its fsync.
            if (fsync == Fsync.EVERYSEC && lastIncrFsyncOffset != lastIncrSize && now > lastFsync
                    && bio.pending() == 0) {
                fsyncAsPolicySays(now, false);
            } else if (fsync == Fsync.ALWAYS && lastIncrFsyncOffset != lastIncrSize) {
                fsyncAsPolicySays(now, false);
            }
            return;
        }
        if (fsync == Fsync.EVERYSEC) syncInProgress = bio.pending() > 0;
        if (fsync == Fsync.EVERYSEC && !force && syncInProgress) {
            if (flushPostponedStart == 0) {
                flushPostponedStart = now;
                return;
            } else if (now - flushPostponedStart < 2) {
                return;
            }
            delayedFsync++;
            Log.notice("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without "
                    + "waiting for fsync to complete, this may slow down Redis.");
        }
        flushPostponedStart = 0;
        int written;
        try {
            written = buffer.writeTo(incr);
        } catch (AofBuffer.PartialWrite e) {
            writeFailed(e, now);
            return;
        }
        if (!lastWriteOk) {
            Log.warning("AOF write error looks solved, Redis can write again.");
            lastWriteOk = true;
        }
        currentSize += written;
        lastIncrSize += written;
        buffer.clear();
        fsyncAsPolicySays(now, syncInProgress);
    }

    private void writeFailed(AofBuffer.PartialWrite e, long now) {
        // A short write is what a full disk does; Redis reports ENOSPC for it too.
        lastWriteError = e.written > 0 ? "No space left on device" : String.valueOf(e.getMessage());
        boolean log = now - lastWriteErrorLog > 30;
        if (log) lastWriteErrorLog = now;
        int written = e.written;
        if (written > 0) {
            if (log) {
                Log.warning("Short write while writing to the AOF file: (nwritten=" + written + ", expected="
                        + buffer.length() + ")");
            }
            try {
                incr.truncate(lastIncrSize);
                written = 0;
            } catch (IOException t) {
                if (log) {
                    Log.warning("Could not remove short write from the append-only file.  Redis may refuse to load "
                            + "the AOF the next time it starts.  ftruncate: " + t.getMessage());
                }
            }
        } else if (log) {
            Log.warning("Error writing to the AOF file: " + e.getMessage());
        }
        if (fsync == Fsync.ALWAYS) {
            // The replies of this batch were acknowledged with the write: there is no way back.
            Log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
            Runtime.getRuntime().halt(1);
        }
        lastWriteOk = false;
        if (written > 0) {
            currentSize += written;
            lastIncrSize += written;
            buffer.discard(written);
        }
    }

    private void fsyncAsPolicySays(long now, boolean syncInProgress) {
        if (fsync == Fsync.ALWAYS) {
            try {
                incr.force(false);
            } catch (IOException e) {
                Log.warning("Can't persist AOF for fsync error when the AOF fsync policy is 'always': "
                        + e.getMessage() + ". Exiting...");
                Runtime.getRuntime().halt(1);
            }
            lastIncrFsyncOffset = lastIncrSize;
            lastFsync = now;
        } else if (fsync == Fsync.EVERYSEC && now > lastFsync) {
            if (!syncInProgress) {
                bio.fsync(incr);
                lastIncrFsyncOffset = lastIncrSize;
            }
            lastFsync = now;
        }
    }

    /** At shutdown (Redis's prepareForShutdown): write everything and fsync. Inside the execution order. */
    public void shutdown() {
        if (incr == null) return;
        flush(true);
        bio.drain();
        try {
            Log.notice("Calling fsync() on the AOF file.");
            incr.force(false);
            incr.close();
        } catch (IOException e) {
            Log.warning("Fail to fsync the AOF file: " + e.getMessage());
        }
    }

    // ---- INFO persistence -----------------------------------------------------------------

    /**
     * writeCommandsDeniedByDiskError's AOF part: why writes must be refused (the AOF is on and
     * its last write or background fsync failed), or null.
     */
    public String writeError() {
        if (state == State.OFF || (lastWriteOk && !bio.failed())) return null;
        return lastWriteOk ? bio.failure() : lastWriteError;
    }

    /** aof_last_write_status: "err" after a failed write or background fsync. */
    public String lastWriteStatus() {
        return lastWriteOk && !bio.failed() ? "ok" : "err";
    }

    /** The fields INFO persistence prints with {@code appendonly yes}, after aof_last_cow_size's group. */
    void appendInfoFields(StringBuilder out, boolean rewriteScheduled) {
        out.append("aof_current_size:").append(currentSize).append("\r\n");
        out.append("aof_base_size:").append(baseSize).append("\r\n");
        out.append("aof_pending_rewrite:").append(rewriteScheduled ? 1 : 0).append("\r\n");
        out.append("aof_buffer_length:").append(buffer.length()).append("\r\n");
        out.append("aof_pending_bio_fsync:").append(bio.pending()).append("\r\n");
        out.append("aof_delayed_fsync:").append(delayedFsync).append("\r\n");
    }
}

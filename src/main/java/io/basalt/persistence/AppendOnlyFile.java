package io.basalt.persistence;

import io.basalt.command.Engine;
import io.basalt.command.Propagation;
import io.basalt.command.spi.PropagationTarget;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.protocol.Args;
import io.basalt.util.Clock;
import io.basalt.util.Log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
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
 * Everything but the background fsync runs inside the execution order.
 */
public final class AppendOnlyFile implements PropagationTarget {
    enum Fsync { ALWAYS, EVERYSEC, NO }

    private final Engine engine;
    private final Clock clock;
    private final Path aofDir;
    private final String appendFilename;
    private final AofManifest manifest;
    private final AofBuffer buffer = new AofBuffer();
    private final BackgroundFsync bio = new BackgroundFsync();
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

    private AppendOnlyFile(Engine engine, Path aofDir, String appendFilename, AofManifest manifest) {
        this.engine = engine;
        this.clock = engine.clock();
        this.aofDir = aofDir;
        this.appendFilename = appendFilename;
        this.manifest = manifest;
        Config config = engine.config();
        config.watch(Directives.APPENDFSYNC, v -> fsync = Fsync.valueOf(((String) v).toUpperCase(java.util.Locale.ROOT)));
        config.watch(Directives.AOF_TIMESTAMP_ENABLED, v -> timestamps = (Boolean) v);
    }

    /** Why the server cannot start with the AOF (the lines were logged). */
    public static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Start-up with {@code appendonly yes} (Redis's aofLoadManifestFromDisk, loadDataFromDisk,
     * aofOpenIfNeededOnServerStart): reads the manifest, replays the files into the dataset,
     * creates a base when there is no AOF yet, opens the last increment for appending and
     * installs the AOF as a propagation target. Call before serving, inside the execution order.
     */
    public static AppendOnlyFile start(Engine engine) throws StartFailure {
        Config config = engine.config();
        Path dir = Path.of(config.getString(Directives.DIR));
        String appendFilename = config.getString(Directives.APPENDFILENAME);
        Path aofDir = dir.resolve(config.getString(Directives.APPENDDIRNAME));
        AofManifest am = readManifest(aofDir, appendFilename);
        AppendOnlyFile aof = new AppendOnlyFile(engine, aofDir, appendFilename, am);
        aof.upgradeOldStyle(dir);
        long start = System.nanoTime();
        AofLoader loader = new AofLoader(engine, aofDir, appendFilename, config.getBool(Directives.AOF_LOAD_TRUNCATED));
        AofLoader.Status status = loader.load(am);
        if (status == AofLoader.Status.FAILED || status == AofLoader.Status.OPEN_ERR) {
            throw new StartFailure("loading the append only file failed");
        }
        if (status != AofLoader.Status.NOT_EXIST) {
            Log.notice("DB loaded from append only file: " + AofLoader.seconds(System.nanoTime() - start) + " seconds");
            aof.currentSize = loader.totalSize;
            aof.baseSize = loader.baseSize;
        }
        aof.openForAppend(dir);
        engine.propagation().addTarget(aof, Propagation.AOF);
        engine.addBeforeSleepTask(() -> aof.flush(false));
        engine.provide(AppendOnlyFile.class, aof);
        return aof;
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
            Log.warning("Fatal error: can't open the AOF manifest file " + file + " for reading: " + AofLoader.reason(e));
            throw new StartFailure(e.getMessage());
        }
    }

    /**
     * Redis's aofUpgradePrepare: an {@code appendfilename} file in {@code dir} from a Redis
     * before 7.0 becomes the base of a new AOF directory.
     */
    private void upgradeOldStyle(Path dir) throws StartFailure {
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
            manifest.write(aofDir, AofManifest.fileName(appendFilename));
            Files.move(old, aofDir.resolve(appendFilename), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Log.warning("Error trying to move the old AOF file " + appendFilename + " into dir "
                    + aofDir.getFileName() + ": " + AofLoader.reason(e));
            throw new StartFailure(e.getMessage());
        }
        Log.notice("Successfully migrated an old-style AOF file (" + appendFilename + ") into the AOF directory ("
                + aofDir.getFileName() + ").");
    }

    /** Redis's aofOpenIfNeededOnServerStart. */
    private void openForAppend(Path dir) throws StartFailure {
        try {
            Files.createDirectories(aofDir);
        } catch (IOException e) {
            Log.warning("Can't open or create append-only dir " + aofDir.getFileName() + ": " + AofLoader.reason(e));
            throw new StartFailure(e.getMessage());
        }
        boolean hadIncr = !manifest.incrs().isEmpty();
        if (manifest.isEmpty()) {
            boolean rdb = engine.config().getBool(Directives.AOF_USE_RDB_PREAMBLE)
                    && engine.service(RdbPreamble.class) != null;
            AofManifest.FileInfo base = manifest.newBase(appendFilename, rdb);
            writeBase(dir, base, rdb);
            Log.notice("Creating AOF base file " + base.name() + " on server start");
        }
        AofManifest.FileInfo last = manifest.lastIncr(appendFilename);
        try {
            incr = FileChannel.open(aofDir.resolve(last.name()), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            Log.warning("Can't open the append-only file " + last.name() + ": " + AofLoader.reason(e));
            throw new StartFailure(e.getMessage());
        }
        try {
            manifest.write(aofDir, AofManifest.fileName(appendFilename));
            lastIncrSize = incr.size();
        } catch (IOException e) {
            Log.warning("Can't persist the AOF manifest: " + AofLoader.reason(e));
            throw new StartFailure(e.getMessage());
        }
        lastIncrFsyncOffset = lastIncrSize;
        Log.notice((hadIncr ? "Opening" : "Creating") + " AOF incr file " + last.name() + " on server start");
    }

    /**
     * Redis's rewriteAppendOnlyFile at start-up: the base of the current dataset, in a temp
     * file in {@code dir} fsynced and renamed into place. As RDB through {@link RdbPreamble},
     * else in AOF format ({@link AofRewriter}).
     */
    private void writeBase(Path dir, AofManifest.FileInfo base, boolean rdb) throws StartFailure {
        Path temp = dir.resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                if (rdb) engine.service(RdbPreamble.class).write(engine, out);
                else AofRewriter.write(engine, out, timestamps ? clock.millis() / 1000 : -1);
                out.flush();
                ch.force(true);
            }
            Files.move(temp, aofDir.resolve(base.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Log.warning("Write error writing append only file on disk: " + AofLoader.reason(e));
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Redis unlinks the temp file and ignores a failure too.
            }
            throw new StartFailure(e.getMessage());
        }
    }

    // ---- appending (Redis's feedAppendOnlyFile) -------------------------------------------

    @Override
    public void propagate(int db, Args argv) {
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

    /** aof_last_write_status: "err" after a failed write or background fsync. */
    /**
     * writeCommandsDeniedByDiskError's AOF part: why writes must be refused (the last write
     * or background fsync failed), or null.
     */
    public String writeError() {
        if (lastWriteOk && !bio.failed()) return null;
        return lastWriteOk ? bio.failure() : lastWriteError;
    }

    public String lastWriteStatus() {
        return lastWriteOk && !bio.failed() ? "ok" : "err";
    }

    /** The fields INFO persistence prints while the AOF is enabled, after aof_last_cow_size's group. */
    public void appendInfoFields(StringBuilder out) {
        out.append("aof_current_size:").append(currentSize).append("\r\n");
        out.append("aof_base_size:").append(baseSize).append("\r\n");
        out.append("aof_pending_rewrite:0\r\n");
        out.append("aof_buffer_length:").append(buffer.length()).append("\r\n");
        out.append("aof_pending_bio_fsync:").append(bio.pending()).append("\r\n");
        out.append("aof_delayed_fsync:").append(delayedFsync).append("\r\n");
    }
}

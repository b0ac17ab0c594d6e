package io.basalt.persistence;

import io.basalt.command.Engine;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.util.Log;
import io.basalt.util.Strerror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * BGREWRITEAOF without fork (Redis's rewriteAppendOnlyFileBackground and
 * backgroundRewriteDoneHandler), the automatic rewrite, and switching the AOF on and off at
 * runtime (startAppendOnly, stopAppendOnly).
 * <p>
 * A rewrite starts inside the execution order: the AOF buffer is written, a new increment
 * opened (and the manifest naming it persisted), and at that same instant a background
 * {@link Snapshot} of the dataset begins. The snapshot is the dataset as of the switch, so
 * the new base plus the new increment are exactly the dataset, whatever commands run while
 * the base is written. The base goes to {@code temp-rewriteaof-bg-<pid>.aof} in {@code dir};
 * when it is complete, the manifest makes it the base and the increments it covers history.
 * A failure leaves the previous base and increments in charge. The rewrite shares the one
 * {@link BackgroundJob} slot with BGSAVE, by Redis's rules. Guarded by the execution lock.
 */
final class AofRewrite {
    /** Redis's AOF_REWRITE_LIMITE_THRESHOLD: consecutive failures before automatic rewrites are delayed. */
    private static final int LIMIT_THRESHOLD = 3;
    /** Redis's AOF_REWRITE_LIMITE_MAX_MINUTES. */
    private static final int LIMIT_MAX_MINUTES = 60;

    private final Engine engine;
    private final Config config;
    private final Persistence persistence;
    private final BackgroundJob job;
    private final AppendOnlyFile aof;

    private boolean scheduled;
    /** The running rewrite's temp file and whether it is an RDB. */
    private Path tempFile;
    private boolean tempIsRdb;
    private long lastRewriteSeconds = -1;
    private boolean lastOk = true;
    private long rewrites;
    private long consecutiveFailures;
    private long lastCowBytes;
    /** aofRewriteLimited's state: the current delay and when the next rewrite may start (unix seconds). */
    private int nextDelayMinutes;
    private long nextRewriteTime;

    AofRewrite(Engine engine, Persistence persistence, BackgroundJob job, AppendOnlyFile aof) {
        this.engine = engine;
        this.config = engine.config();
        this.persistence = persistence;
        this.job = job;
        this.aof = aof;
    }

    /** After start-up: {@code CONFIG SET appendonly} switches the AOF (updateAppendonly), and aof-disable-auto-gc no deletes history. */
    void followConfig() {
        config.watch(Directives.APPENDONLY, v -> {
            boolean on = (Boolean) v;
            if (!on && aof.state() != AppendOnlyFile.State.OFF) {
                stopAppendOnly();
            } else if (on && aof.state() == AppendOnlyFile.State.OFF && !startAppendOnly()) {
                throw new Config.Rejected("Unable to turn on AOF. Check server logs.");
            }
        });
        config.watch(Directives.AOF_DISABLE_AUTO_GC, v -> {
            if (!(Boolean) v) aof.deleteHistoryFiles();
        });
    }

    boolean inProgress() {
        return job.is(BackgroundJob.Type.AOF);
    }

    /** BGREWRITEAOF while another job runs: the rewrite starts when nothing does, now (the failure count is reset). */
    void schedule() {
        scheduled = true;
        consecutiveFailures = 0;
    }

    /**
     * rewriteAppendOnlyFileBackground: starts a rewrite if no background job runs; false
     * (logged, status err) if it could not start.
     */
    boolean start() {
        if (job.active()) return false;
        Path dir = Path.of(config.getString(Directives.DIR));
        String dirName = config.getString(Directives.APPENDDIRNAME);
        try {
            Files.createDirectories(dir.resolve(dirName));
        } catch (IOException e) {
            Log.warning("Can't open or create append-only dir " + dirName + ": " + Strerror.of(e));
            lastOk = false;
            return false;
        }
        if (!aof.openIncrForRewrite()) {
            lastOk = false;
            return false;
        }
        rewrites++;
        long pid = ProcessHandle.current().pid();
        Path temp = dir.resolve("temp-rewriteaof-bg-" + pid + ".aof");
        Snapshot s;
        try {
            s = persistence.aofBaseSnapshot(RdbFileSink.temporary(temp, config.getBool(Directives.AOF_REWRITE_INCREMENTAL_FSYNC)));
        } catch (IOException e) {
            // Where Redis's child fails to open its temp file and exits with an error.
            Log.warning("Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): " + Strerror.of(e));
            lastOk = false;
            consecutiveFailures++;
            return false;
        }
        tempFile = temp;
        tempIsRdb = config.getBool(Directives.AOF_USE_RDB_PREAMBLE);
        scheduled = false;
        job.start(BackgroundJob.Type.AOF, s, engine.clock().millis(), config.getLong(Directives.RDB_KEY_SAVE_DELAY),
                "basalt-aof-rewrite", this::done);
        Log.notice("Background append only file rewriting started by pid " + pid);
        return true;
    }

    /** backgroundRewriteDoneHandler, on the rewrite's thread under the execution lock. */
    private void done(Snapshot s, IOException failure) {
        if (failure == null) {
            Log.notice("Successfully created the temporary AOF base file " + tempFile.getFileName());
            Log.notice("Background AOF rewrite terminated with success");
            if (aof.installRewrittenBase(tempFile, tempIsRdb)) {
                lastOk = true;
                consecutiveFailures = 0;
                lastCowBytes = s.peakBufferedBytes();
                Log.notice("Background AOF rewrite finished successfully");
            } else {
                lastOk = false;
                consecutiveFailures++;
            }
        } else {
            Log.warning("Write error writing append only file on disk: " + Strerror.of(failure));
            Log.warning("Background AOF rewrite terminated with error");
            lastOk = false;
            consecutiveFailures++;
        }
        ended();
        lastRewriteSeconds = (engine.clock().millis() - job.startMillis()) / 1000;
    }

    /** The cleanup after every rewrite: its temp file, and for an AOF still waiting to be on, another try. */
    private void ended() {
        removeTempFile();
        if (aof.state() == AppendOnlyFile.State.WAIT_REWRITE) {
            aof.discardTempIncr();
            scheduled = true;
        }
    }

    private void removeTempFile() {
        try {
            Files.deleteIfExists(tempFile);
        } catch (IOException e) {
            Log.warning("Could not remove " + tempFile + ": " + Strerror.of(e));
        }
    }

    /** killAppendOnlyChild: the running rewrite stops and its temp file goes. */
    private void kill() {
        if (!inProgress()) return;
        Log.notice("Killing running AOF rewrite child: " + ProcessHandle.current().pid());
        job.kill();
        removeTempFile();
    }

    /** serverCron: a rewrite scheduled while another job ran starts once nothing runs (unless failures hold it back). */
    void startScheduled() {
        if (!job.active() && scheduled && !limited()) start();
    }

    /** serverCron's automatic rewrite: the AOF grew by auto-aof-rewrite-percentage over its size after the last rewrite. */
    void startIfGrown() {
        long perc = config.getLong(Directives.AUTO_AOF_REWRITE_PERCENTAGE);
        long size = aof.currentSize();
        if (aof.state() != AppendOnlyFile.State.ON || job.active() || perc == 0
                || size <= config.getLong(Directives.AUTO_AOF_REWRITE_MIN_SIZE)) {
            return;
        }
        long base = aof.baseSize() != 0 ? aof.baseSize() : 1;
        long growth = size * 100 / base - 100;
        if (growth >= perc && !limited()) {
            Log.notice("Starting automatic rewriting of AOF on " + growth + "% growth");
            start();
        }
    }

    /**
     * aofRewriteLimited: after 3 consecutive failures, scheduled and automatic rewrites wait
     * 1, 2, 4... up to 60 minutes between attempts (BGREWRITEAOF itself is never held back).
     */
    private boolean limited() {
        if (consecutiveFailures < LIMIT_THRESHOLD) {
            nextDelayMinutes = 0;
            nextRewriteTime = 0;
            return false;
        }
        long now = engine.clock().millis() / 1000;
        if (nextRewriteTime != 0) {
            if (now < nextRewriteTime) return true;
            nextRewriteTime = 0;
            return false;
        }
        nextDelayMinutes = nextDelayMinutes == 0 ? 1 : Math.min(LIMIT_MAX_MINUTES, nextDelayMinutes * 2);
        nextRewriteTime = now + nextDelayMinutes * 60L;
        Log.warning("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in "
                + nextDelayMinutes + " minutes");
        return true;
    }

    /** startAppendOnly ({@code CONFIG SET appendonly yes}): the AOF waits for a rewrite, started now or scheduled. */
    boolean startAppendOnly() {
        aof.switchOn();
        if (job.active() && !inProgress()) {
            scheduled = true;
            Log.warning("AOF was enabled but there is already another background operation. An AOF background was "
                    + "scheduled to start when possible.");
        } else {
            if (inProgress()) {
                Log.warning("AOF was enabled but there is already an AOF rewriting in background. Stopping background "
                        + "AOF and starting a rewrite now.");
                kill();
            }
            if (!start()) {
                aof.switchOnFailed();
                Log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the "
                        + "above logs for more info about the error.");
                return false;
            }
        }
        aof.reopened();
        return true;
    }

    /** stopAppendOnly ({@code CONFIG SET appendonly no}). */
    void stopAppendOnly() {
        aof.switchOff();
        scheduled = false;
        kill();
    }

    /**
     * finishShutdown's AOF part: a running rewrite is stopped, unless it writes the first base
     * of an AOF just switched on (then only {@code force} exits). False when the server must not exit.
     */
    boolean stopForShutdown(boolean force) {
        if (!inProgress()) return true;
        if (aof.state() == AppendOnlyFile.State.WAIT_REWRITE) {
            if (!force) {
                Log.warning("Writing initial AOF, can't exit.");
                return false;
            }
            Log.warning("Writing initial AOF. Exit anyway.");
        }
        Log.warning("There is a child rewriting the AOF. Killing it!");
        kill();
        return true;
    }

    /** INFO persistence's aof_* fields from aof_enabled to aof_last_cow_size, in Redis's order. */
    void appendInfoFields(PersistenceSection.Out out) {
        boolean running = inProgress();
        out.field("aof_enabled", aof.state() != AppendOnlyFile.State.OFF ? 1 : 0);
        out.field("aof_rewrite_in_progress", running ? 1 : 0);
        out.field("aof_rewrite_scheduled", scheduled ? 1 : 0);
        out.field("aof_last_rewrite_time_sec", lastRewriteSeconds);
        out.field("aof_current_rewrite_time_sec", running ? (engine.clock().millis() - job.startMillis()) / 1000 : -1);
        out.field("aof_last_bgrewrite_status", lastOk ? "ok" : "err");
        out.field("aof_rewrites", rewrites);
        out.field("aof_rewrites_consecutive_failures", consecutiveFailures);
        out.field("aof_last_write_status", aof.lastWriteStatus());
        out.field("aof_last_cow_size", lastCowBytes);
    }

    boolean scheduled() {
        return scheduled;
    }
}

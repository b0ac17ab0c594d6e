package io.basalt.server;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.command.PauseState;
import io.basalt.command.spi.ServerControl;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.config.ServerVersion;
import io.basalt.net.NettyServer;
import io.basalt.persistence.AppendOnlyFile;
import io.basalt.persistence.Persistence;
import io.basalt.protocol.Errors;
import io.basalt.replication.Replication;
import io.basalt.util.Clock;
import io.basalt.util.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** A running standalone server: its engine, listener, cron and lifecycle. */
public final class Server implements ServerControl {
    private final Config config;
    private final Engine engine;
    private final String configFile;
    private final long startMillis;
    private NettyServer net;
    private ScheduledExecutorService cron;
    private volatile boolean stopping;
    /** A shutdown waiting for its replicas (guarded by the execution lock), or null. */
    private PendingShutdown pendingShutdown;
    private final Object exitMonitor = new Object();
    private volatile boolean exited;

    public Server(Config config, String configFile, Clock clock) {
        this.config = config;
        this.configFile = configFile == null ? "" : configFile;
        this.startMillis = clock.millis();
        this.engine = new Engine(config, clock, Families.all());
        engine.setControl(this);
        config.watch(Directives.MAXMEMORY, v -> HeapTarget.follow((Long) v));
    }

    public Engine engine() {
        return engine;
    }

    /** Binds and starts serving; throws if a mandatory address cannot be bound. */
    public void start() throws NettyServer.BindException {
        net = new NettyServer(engine, config.getInt(Directives.IO_THREADS));
        net.bind(config.getWords(Directives.BIND), config.getInt(Directives.PORT), config.getInt(Directives.TCP_BACKLOG));
        cron = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "basalt-cron");
            t.setDaemon(true);
            return t;
        });
        scheduleCron();
    }

    public String transport() {
        return net.transport();
    }

    /** Runs the cron again after 1000/hz ms, reading hz each time so CONFIG SET hz takes effect. */
    private void scheduleCron() {
        if (stopping) return;
        cron.schedule(() -> {
            serverCron();
            scheduleCron();
        }, 1_000_000 / engine.hz(), TimeUnit.MICROSECONDS);
    }

    /** Redis's serverCron: clocks, active expiry, pause timeouts. Joins the execution order. */
    private void serverCron() {
        ReentrantLock lock = engine.executionLock();
        lock.lock();
        try {
            engine.keyspace().access().tick();
            engine.pause().checkTimeout();
            if (config.getBool(Directives.ACTIVEREHASHING)) engine.keyspace().rehashCron(1_000_000);
            engine.dispatcher().runUnpaused();
            ClientsCron.run(engine);
            engine.cronExpire();
            engine.runCronTasks();
            checkPendingShutdown();
            // Redis's beforeSleep follows the cron too: what active expiry propagated reaches the AOF and the replicas now.
            engine.runBeforeSleepTasks();
        } catch (RuntimeException e) {
            Log.warning("cron failed: " + e);
        } finally {
            lock.unlock();
        }
    }

    /** The RDB persistence the engine installed. */
    private Persistence persistence() {
        return engine.service(Persistence.class);
    }

    /**
     * loadDataFromDisk, once listening: the AOF manifest is read in any case; the dataset comes
     * from the AOF when {@code appendonly yes} (which then records every write from here on),
     * else from the RDB; clients get LOADING meanwhile. A file that cannot be loaded stops the
     * server before it serves anything (no partial dataset). From then on CONFIG SET
     * appendonly switches the AOF.
     */
    public void loadDataFromDisk() {
        engine.setLoading(true);
        try {
            engine.executionLock().lock();
            try {
                AppendOnlyFile.start(engine);
            } finally {
                engine.executionLock().unlock();
            }
            if (!config.getBool(Directives.APPENDONLY)) persistence().loadAtStartUp();
            replication().restoreFromDump();
        } catch (AppendOnlyFile.StartFailure e) {
            Log.warning(e.getMessage());
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            Log.warning("Fatal error loading the DB: " + e.getMessage() + ". Exiting.");
            System.exit(1);
        } finally {
            engine.setLoading(false);
        }
    }

    /** Starts what follows "Ready to accept connections": the link to a configured master. */
    public void startReplication() {
        replication().connectConfiguredMaster();
    }

    /**
     * SHUTDOWN (prepareForShutdown, inside the execution order): unless NOW, a master first
     * waits up to shutdown-timeout seconds, writes paused, for its replicas to acknowledge the
     * whole stream (so they continue partially after the restart); then the final save and exit.
     */
    @Override
    public String shutdown(Client requester, boolean save, boolean noSave, boolean now, boolean force) {
        return prepareForShutdown(new PendingShutdown(save, noSave, force, null), now, requester);
    }

    /** prepareForShutdown: null once exiting, {@link #WAITING} while replicas catch up, else the (logged) failure. */
    private String prepareForShutdown(PendingShutdown p, boolean now, Client requester) {
        if (pendingShutdown != null) return Errors.SHUTDOWN_FAILED;
        Log.warning("User requested shutdown...");
        long timeout = config.getLong(Directives.SHUTDOWN_TIMEOUT);
        if (!now && timeout != 0 && !replication().replicasInSync()) {
            waitForReplicas(p, timeout);
            if (requester != null) {
                requester.set(Client.BLOCKED);
                p.waiting.add(requester);
            }
            return WAITING;
        }
        return finishShutdown(p) ? null : Errors.SHUTDOWN_FAILED;
    }

    /** A shutdown waiting for lagging replicas: its flags, deadline, and the clients blocked in SHUTDOWN. */
    private static final class PendingShutdown {
        final boolean save, noSave, force;
        final String signal;
        final List<Client> waiting = new ArrayList<>();
        long deadline;

        PendingShutdown(boolean save, boolean noSave, boolean force, String signal) {
            this.save = save;
            this.noSave = noSave;
            this.force = force;
            this.signal = signal;
        }
    }

    private void waitForReplicas(PendingShutdown p, long timeoutSeconds) {
        p.deadline = engine.clock().millis() + timeoutSeconds * 1000;
        if (!engine.pause().isPaused()) replication().requestAcks();
        engine.pause().pause(PauseState.Purpose.SHUTDOWN, PauseState.Type.WRITE, Long.MAX_VALUE);
        Log.notice("Waiting for replicas before shutting down.");
        pendingShutdown = p;
    }

    /** serverCron's part: a waiting shutdown completes once the replicas caught up or the time is over. */
    private void checkPendingShutdown() {
        PendingShutdown p = pendingShutdown;
        if (p == null || (engine.clock().millis() < p.deadline && !replication().replicasInSync())) return;
        if (!finishShutdown(p)) cancelShutdown(Errors.SHUTDOWN_FAILED);
    }

    /** finishShutdown: the replicas' report, the final save, then exit; false (logged) if the server must keep running. */
    private boolean finishShutdown(PendingShutdown p) {
        replication().logReplicasAtShutdown();
        if (!persistence().prepareForShutdown(p.save, p.noSave, p.force) && !p.force) {
            if (p.signal != null) {
                Log.warning("SIG" + p.signal + " received but errors trying to shut down the server, check the logs for more information");
            }
            return false;
        }
        exitSoon();
        return true;
    }

    /** cancelShutdown: writes resume and the clients blocked in SHUTDOWN get {@code error}. */
    private void cancelShutdown(String error) {
        PendingShutdown p = pendingShutdown;
        pendingShutdown = null;
        engine.pause().unpause(PauseState.Purpose.SHUTDOWN);
        for (Client c : p.waiting) {
            c.clear(Client.BLOCKED);
            c.reply().error(error);
            c.connection().flushLater();
            c.connection().resume();
        }
    }

    @Override
    public boolean abortShutdown() {
        if (pendingShutdown == null) return false;
        cancelShutdown(Errors.SHUTDOWN_FAILED);
        Log.notice("Shutdown manually aborted.");
        return true;
    }

    /** SIGTERM/SIGINT: shutdown-on-sig* flags decide the final save, as for SHUTDOWN. */
    void shutdownOnSignal(String signal) {
        // A flags directive holds its names ("default", "save force"...), as CONFIG GET shows them.
        List<String> flags = List.of(config.getString(signal.equals("TERM") ? Directives.SHUTDOWN_ON_SIGTERM : Directives.SHUTDOWN_ON_SIGINT).split(" "));
        boolean save = flags.contains("save"), noSave = flags.contains("nosave"), force = flags.contains("force");
        ReentrantLock lock = engine.executionLock();
        lock.lock();
        try {
            prepareForShutdown(new PendingShutdown(save, noSave, force, signal), flags.contains("now"), null);
        } finally {
            lock.unlock();
        }
    }

    private Replication replication() {
        return engine.service(Replication.class);
    }

    private void exitSoon() {
        Thread t = new Thread(() -> {
            stop();
            System.exit(0);
        }, "basalt-shutdown");
        t.start();
    }

    /** Stops serving and releases the listener and pidfile; idempotent. */
    public void stop() {
        synchronized (this) {
            if (stopping) return;
            stopping = true;
        }
        if (cron != null) cron.shutdownNow();
        if (net != null) net.close();
        // A busy script keeps the execution lock on its event loop until it returns: SHUTDOWN
        // NOSAVE leaves it behind, with its writes (propagated only when a script ends) unwritten.
        boolean lock = !engine.busyScript().active();
        if (lock) engine.executionLock().lock();
        try {
            engine.service(AppendOnlyFile.class).shutdown();
        } finally {
            if (lock) engine.executionLock().unlock();
        }
        String pidfile = config.getString(Directives.PIDFILE);
        if (!pidfile.isEmpty()) {
            try {
                Files.deleteIfExists(Path.of(pidfile));
            } catch (IOException ignored) {
                // Redis also ignores a pidfile it cannot remove at exit.
            }
        }
        Log.warning("Redis is now ready to exit, bye bye...");
        synchronized (exitMonitor) {
            exited = true;
            exitMonitor.notifyAll();
        }
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        synchronized (exitMonitor) {
            while (!exited) exitMonitor.wait();
        }
    }

    @Override
    public long startMillis() {
        return startMillis;
    }

    @Override
    public int port() {
        return config.getInt(Directives.PORT);
    }

    @Override
    public String configFile() {
        return configFile;
    }

    @Override
    public String executable() {
        return ProcessHandle.current().info().command().orElse("");
    }

    static String banner() {
        return "Redis version=" + ServerVersion.REDIS_VERSION + ", bits=64, commit=00000000, modified=0, pid="
                + Log.pid() + ", just started (Basalt " + ServerVersion.BASALT_VERSION + ")";
    }

    static List<String> logo(int port) {
        return List.of(
                "                _._",
                "           _.-``__ ''-._       Basalt " + ServerVersion.BASALT_VERSION
                        + " (Redis " + ServerVersion.REDIS_VERSION + " compatible) 64 bit",
                "      .-`` .-```.  ```\\/    _.,_ ''-._",
                "     (    '      ,       .-`  | `,    )     Running in standalone mode",
                "     |`-._`-...-` __...-.``-._|'` _.-'|     Port: " + port,
                "     |    `-._   `._    /     _.-'    |     PID: " + Log.pid(),
                "      `-._    `-._  `-./  _.-'    _.-'",
                "          `-._    `-.__.-'    _.-'",
                "              `-._        _.-'",
                "                  `-.__.-'");
    }
}

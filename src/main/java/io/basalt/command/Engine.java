package io.basalt.command;

import io.basalt.command.spi.DiskErrors;
import io.basalt.command.spi.KeyspaceNotifier;
import io.basalt.command.spi.ServerControl;
import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.keyspace.AccessClock;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.util.Clock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state every command shares: configuration, keyspace, command table, clients and
 * statistics, plus the lock that puts all execution in one total order (see
 * docs/ARCHITECTURE.md). One per server process.
 */
public final class Engine {
    private final Config config;
    private final Clock clock;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final ClientRegistry clients = new ClientRegistry();
    private final ServerStats stats = new ServerStats();
    private final Dispatcher dispatcher;
    private final BusyScript busyScript = new BusyScript();
    private final ExecutionLock executionLock = new ExecutionLock(busyScript);
    private volatile DiskErrors diskErrors = () -> null;
    private volatile boolean loading;
    private final List<CallListener> callListeners = new ArrayList<>();
    private final List<Runnable> cronTasks = new ArrayList<>();
    private final PauseState pause;
    private final BlockedClients blocking;
    private final OutputBufferLimits outputLimits;
    /** Per-server objects that higher layers attach (slowlog, latency monitor...). */
    private final Map<Class<?>, Object> services = new HashMap<>();
    private ServerControl control;
    private final InfoRegistry info = new InfoRegistry();
    private final Propagation propagation = new Propagation();
    private final PropagatingKeyEvents keyEvents;
    private final List<Runnable> beforeSleepTasks = new ArrayList<>();
    private final List<java.util.function.Consumer<Client>> disconnectListeners = new ArrayList<>();
    private final ReplicationGate replicationGate = new ReplicationGate();
    private final WatchedKeys watchedKeys;
    private final MemoryLimit memoryLimit;

    private volatile byte[] requirePass;
    private volatile long protoMaxBulkLen;
    private volatile boolean shareIntegers = true;
    private volatile int hz;
    private volatile int activeExpireEffort;

    public Engine(Config config, Clock clock, List<CommandFamily> families) {
        this.config = config;
        this.clock = clock;
        AccessClock access = new AccessClock(clock);
        this.keyspace = new Keyspace(config.getInt(Directives.DATABASES), clock, access);
        this.watchedKeys = new WatchedKeys(keyspace, config.getInt(Directives.DATABASES));
        this.keyEvents = new PropagatingKeyEvents(propagation, watchedKeys);
        this.commands = new CommandTable(families);
        this.dispatcher = new Dispatcher(this);
        this.pause = new PauseState(clock);
        this.blocking = new BlockedClients(this);
        info.setGauge("blocked_clients", blocking::count);
        info.setGauge("clients_in_timeout_table", blocking::withTimeout);
        addCronTask(blocking::expireTimeouts);
        this.outputLimits = new OutputBufferLimits(config, stats, clock);
        config.watch(Directives.REQUIREPASS, v -> {
            String s = (String) v;
            requirePass = s.isEmpty() ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        });
        config.watch(Directives.PROTO_MAX_BULK_LEN, v -> protoMaxBulkLen = (Long) v);
        config.watch(Directives.MAXMEMORY_POLICY, v -> configureAccess());
        config.watch(Directives.MAXMEMORY, v -> configureAccess());
        config.watch(Directives.HZ, v -> hz = (int) (long) (Long) v);
        config.watch(Directives.ACTIVE_EXPIRE_EFFORT, v -> activeExpireEffort = (int) (long) (Long) v);
        config.watch(Directives.LFU_LOG_FACTOR, v -> configureAccess());
        config.watch(Directives.LFU_DECAY_TIME, v -> configureAccess());
        config.watch(Directives.LAZYFREE_LAZY_EXPIRE, v -> propagation.setLazyExpire((Boolean) v));
        config.watch(Directives.LAZYFREE_LAZY_USER_DEL, v -> propagation.setLazyUserDel((Boolean) v));
        config.watch(Directives.LAZYFREE_LAZY_EVICTION, v -> propagation.setLazyEviction((Boolean) v));
        keyspace.setEvents(keyEvents);
        this.memoryLimit = new MemoryLimit(this);
        watchEncodingLimits();
        for (CommandFamily f : families) f.attach(this);
    }

    private void watchEncodingLimits() {
        EncodingLimits l = keyspace.limits();
        config.watch(Directives.HASH_MAX_LISTPACK_ENTRIES, v -> l.hashMaxListpackEntries = (Long) v);
        config.watch(Directives.HASH_MAX_LISTPACK_VALUE, v -> l.hashMaxListpackValue = (Long) v);
        config.watch(Directives.SET_MAX_INTSET_ENTRIES, v -> l.setMaxIntsetEntries = (Long) v);
        config.watch(Directives.ZSET_MAX_LISTPACK_ENTRIES, v -> l.zsetMaxListpackEntries = (Long) v);
        config.watch(Directives.ZSET_MAX_LISTPACK_VALUE, v -> l.zsetMaxListpackValue = (Long) v);
        config.watch(Directives.LIST_MAX_LISTPACK_SIZE, v -> l.listMaxListpackSize = (int) (long) (Long) v);
        config.watch(Directives.LIST_COMPRESS_DEPTH, v -> l.listCompressDepth = (int) (long) (Long) v);
        config.watch(Directives.HLL_SPARSE_MAX_BYTES, v -> l.hllSparseMaxBytes = (Long) v);
    }

    private void configureAccess() {
        String policy = config.getString(Directives.MAXMEMORY_POLICY);
        keyspace.access().configure(policy.endsWith("lfu"),
                config.getInt(Directives.LFU_LOG_FACTOR), config.getInt(Directives.LFU_DECAY_TIME));
        shareIntegers = config.getLong(Directives.MAXMEMORY) == 0 || !(policy.endsWith("lru") || policy.endsWith("lfu"));
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public CommandTable commands() {
        return commands;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public ServerStats stats() {
        return stats;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Held while anything reads or writes the keyspace or client registry. */
    public ReentrantLock executionLock() {
        return executionLock;
    }

    /** The script running past busy-reply-threshold, if any (BUSY replies, SCRIPT KILL). */
    public BusyScript busyScript() {
        return busyScript;
    }

    public PauseState pause() {
        return pause;
    }

    public BlockedClients blocking() {
        return blocking;
    }

    public OutputBufferLimits outputLimits() {
        return outputLimits;
    }

    /** Attaches a per-server object a family or layer owns; see {@link CommandFamily#install}. */
    public <T> void provide(Class<T> type, T service) {
        services.put(type, service);
    }

    /** The object attached for {@code type}, or null. */
    public <T> T service(Class<T> type) {
        return type.cast(services.get(type));
    }

    /** Work a higher layer needs done on every server cron tick, inside the execution order. */
    public void addCronTask(Runnable task) {
        cronTasks.add(task);
    }

    /** Runs the registered cron tasks; called by the server cron under the execution lock. */
    public void runCronTasks() {
        for (int i = 0; i < cronTasks.size(); i++) cronTasks.get(i).run();
    }

    /** Where changes to the dataset are propagated (AOF, replication). */
    public Propagation propagation() {
        return propagation;
    }

    /**
     * Work a higher layer needs done after each read batch, before the replies are flushed
     * to the sockets, and on each cron tick (Redis's beforeSleep; the AOF writes its buffer
     * here, so with appendfsync always a reply never leaves before its write is on disk).
     */
    public void addBeforeSleepTask(Runnable task) {
        beforeSleepTasks.add(task);
    }

    /** Runs the before-sleep tasks alone; for paths that flush replies outside a read batch. */
    public void runBeforeSleepTasks() {
        for (int i = 0; i < beforeSleepTasks.size(); i++) beforeSleepTasks.get(i).run();
    }

    /** Told, inside the execution order, of every client that disconnected (a replica leaving...). */
    public void addDisconnectListener(java.util.function.Consumer<Client> l) {
        disconnectListeners.add(l);
    }

    List<java.util.function.Consumer<Client>> disconnectListeners() {
        return disconnectListeners;
    }

    /** Which clients WATCH which keys. */
    public WatchedKeys watchedKeys() {
        return watchedKeys;
    }

    /** maxmemory: used memory as Basalt counts it, and eviction. */
    public MemoryLimit memoryLimit() {
        return memoryLimit;
    }

    public ReplicationGate replicationGate() {
        return replicationGate;
    }

    public void addCallListener(CallListener l) {
        callListeners.add(l);
    }

    List<CallListener> callListeners() {
        return callListeners;
    }

    /** The INFO sections; layers register or extend theirs here. */
    public InfoRegistry info() {
        return info;
    }

    /** Installs the pubsub layer's publisher of keyspace notifications. */
    public void setKeyspaceNotifier(KeyspaceNotifier notifier) {
        keyEvents.setNotifier(notifier);
    }

    /** Installs the persistence layer's write gate (see {@link DiskErrors}). */
    public void setDiskErrors(DiskErrors diskErrors) {
        this.diskErrors = diskErrors;
    }

    public DiskErrors diskErrors() {
        return diskErrors;
    }

    /** True while the dataset is being loaded at start-up: commands without the "loading" flag get LOADING. */
    public boolean loading() {
        return loading;
    }

    public void setLoading(boolean loading) {
        this.loading = loading;
    }

    public ServerControl control() {
        return control;
    }

    public void setControl(ServerControl control) {
        this.control = control;
    }

    /** The password of the default user, or null when none is set. */
    public byte[] requirePass() {
        return requirePass;
    }

    public boolean authRequiredByDefault() {
        return requirePass != null;
    }

    /** Redis shares integer objects 0..9999 unless an LRU/LFU maxmemory policy needs per-key access data. */
    public boolean shareIntegers() {
        return shareIntegers;
    }

    /** CONFIG RESETSTAT: server, keyspace and per-command statistics (Redis's resetServerStats & co). */
    public void resetStats() {
        stats.reset();
        keyspace.stats().reset();
        memoryLimit.resetStats();
        for (CommandSpec cmd : commands.all()) {
            cmd.resetStats();
            for (CommandSpec sub : cmd.subcommands()) sub.resetStats();
        }
        for (CallListener l : callListeners) l.resetStats();
    }

    /** The server cron frequency (config hz, already clamped to 1..500). */
    public int hz() {
        return hz;
    }

    /** Redis's serverCron work that belongs to the keyspace: expiry at hz, never while clients are paused. */
    public void cronExpire() {
        if (!pause.isPaused()) keyspace.activeExpireCycle(false, hz, activeExpireEffort);
    }

    /**
     * Redis's beforeSleep: after each read batch, time out blocked clients, end an expired CLIENT PAUSE and run the
     * commands it held, then a fast active-expiry cycle when the slow one could not keep up
     * (the cycle itself decides, cheaply, whether to run), then the tasks higher layers added
     * (the AOF write).
     */
    public void beforeSleep() {
        // While a busy script runs, the event loop only answers clients (Redis's processEventsWhileBlocked).
        if (busyScript.active()) return;
        blocking.expireTimeouts();
        pause.checkTimeout();
        dispatcher.runUnpaused();
        if (!pause.isPaused()) keyspace.activeExpireCycle(true, hz, activeExpireEffort);
        runBeforeSleepTasks();
    }

    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }
}

package io.basalt.command;

import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.keyspace.Eviction;
import io.basalt.keyspace.Keyspace;
import io.basalt.util.Clock;
import io.basalt.util.Log;

/**
 * {@code maxmemory}: Basalt's used memory, and Redis 7.0's performEvictions around it.
 * <p>
 * Used memory is counted, not measured: the JVM heap holds garbage until the collector runs,
 * so "heap in use" says little about the data. Basalt counts what Redis's zmalloc would count
 * for the same state: the dataset in Redis's allocation model (kept per key by the keyspace as
 * keys change, so reading it is cheap), the clients' query and output buffers (summed by the
 * cron), the replication buffer and the AOF buffer. The JVM's own footprint (the heap of the
 * server's structures, ~12 MB after start-up, classes, JIT, the collector's headroom) is
 * outside it, as Redis's executable and allocator fragmentation are outside its used_memory,
 * so the same {@code maxmemory} holds the same keys on both servers. Like Redis, eviction leaves out the
 * replication buffer beyond the backlog and the AOF buffer ({@code mem_not_counted_for_evict}).
 * docs/ARCHITECTURE.md relates this to heap and RSS.
 * <p>
 * With {@code maxmemory} 0 (the default) the dispatcher pays one field read per command.
 */
public final class MemoryLimit {
    private final Engine engine;
    private final Keyspace keyspace;
    private final Clock clock;
    private volatile long maxmemory;
    private volatile int tenacity;
    private volatile boolean replicaIgnores = true;
    /** The clients' buffers, summed by the cron (Redis keeps a live per-client figure). */
    private volatile long clientBuffers;

    /** Eviction continues in the background (Redis's evictionTimeProc) after a call hit its time limit. */
    private boolean continuing;
    /** Whether the last check before a command found memory it could not free (Redis's pre_command_oom_state). */
    private boolean outOfMemory;
    /** When used memory first stayed over the limit, in nanos, or 0 (stat_last_eviction_exceeded_time). */
    private long exceededSince;
    private long totalExceededMicros;

    /** Set once the engine is built: CONFIG SET warnings are not for the start-up configuration. */
    private boolean started;

    MemoryLimit(Engine engine) {
        this.engine = engine;
        this.keyspace = engine.keyspace();
        this.clock = engine.clock();
        Config config = engine.config();
        config.watch(Directives.MAXMEMORY, v -> setMaxmemory((Long) v));
        config.watch(Directives.MAXMEMORY_POLICY, v -> configureEviction());
        config.watch(Directives.MAXMEMORY_SAMPLES, v -> configureEviction());
        config.watch(Directives.MAXMEMORY_EVICTION_TENACITY, v -> tenacity = (int) (long) (Long) v);
        config.watch(Directives.REPLICA_IGNORE_MAXMEMORY, v -> replicaIgnores = (Boolean) v);
        engine.addCronTask(this::cron);
        engine.addBeforeSleepTask(this::continueEvictions);
        engine.info().setGauge("total_eviction_exceeded_time", this::totalExceededMillis);
        engine.info().setGauge("current_eviction_exceeded_time", this::currentExceededMillis);
        started = true;
    }

    private void configureEviction() {
        Config config = engine.config();
        keyspace.eviction().configure(Eviction.Policy.named(config.getString(Directives.MAXMEMORY_POLICY)),
                config.getInt(Directives.MAXMEMORY_SAMPLES));
    }

    /** Redis's updateMaxmemory: a lower limit starts evicting at once, in the background. */
    private void setMaxmemory(long bytes) {
        // Beyond 2^63 (the directive is unsigned) no memory can reach the limit anyway.
        maxmemory = bytes < 0 ? Long.MAX_VALUE : bytes;
        if (bytes == 0 || !started) return;
        long used = used() - notCounted();
        if (maxmemory < used) {
            Log.warning("WARNING: the new maxmemory value set via CONFIG SET (" + Long.toUnsignedString(bytes)
                    + ") is smaller than the current memory usage (" + used + "). This will result in key eviction "
                    + "and/or the inability to accept new write commands depending on the maxmemory-policy.");
        }
        continuing = true;
    }

    /** Whether a limit is set: the dispatcher checks this first. */
    public boolean limited() {
        return maxmemory != 0;
    }

    public long maxmemory() {
        return maxmemory;
    }

    /** The clients' buffers as last summed. */
    public long clientBuffers() {
        return clientBuffers;
    }

    /** INFO's used_memory: everything counted, including what eviction leaves out. */
    public long used() {
        return keyspace.datasetBytes() + clientBuffers
                + engine.info().gauge("mem_total_replication_buffers") + engine.info().gauge("mem_aof_buffer");
    }

    /**
     * Redis's freeMemoryGetNotCountedMemory: the replication buffer beyond the backlog (what
     * only replicas hold) and the AOF buffer, both freed once written, so evicting keys for
     * them would only evict more.
     */
    public long notCounted() {
        long overhead = 0;
        long replication = engine.info().gauge("mem_total_replication_buffers");
        long backlog = engine.config().getLong(Directives.REPL_BACKLOG_SIZE);
        if (replication > backlog) overhead += replication - backlog;
        return overhead + engine.info().gauge("mem_aof_buffer");
    }

    /**
     * processCommand's maxmemory step: evicts as the policy says and returns true when memory
     * stays over the limit (a {@code denyoom} command is then refused with OOM). Also kept as
     * {@link #outOfMemory()} for the rest of the command (EXEC, scripts).
     */
    public boolean overLimitBeforeCommand() {
        outOfMemory = performEvictions() == Eviction.FAIL;
        return outOfMemory;
    }

    /** What the last check before a command found (Redis's server.pre_command_oom_state). */
    public boolean outOfMemory() {
        return outOfMemory;
    }

    /** Redis's performEvictions: frees memory down to the limit, within the tenacity's time. */
    int performEvictions() {
        if (!safeToEvict()) return Eviction.OK;
        int result;
        long toFree = maxmemory == 0 ? 0 : used() - notCounted() - maxmemory;
        if (toFree <= 0) {
            result = Eviction.OK;
        } else if (!keyspace.eviction().policy().evicts()) {
            result = Eviction.FAIL;
        } else {
            result = keyspace.eviction().evict(toFree, timeLimitNanos());
            if (result == Eviction.RUNNING) continuing = true;
            else if (result == Eviction.OK && continuing) result = Eviction.RUNNING;
        }
        updateExceededTime(result);
        return result;
    }

    /** Redis's isSafeToPerformEvictions: not while loading, on a replica that ignores maxmemory, or while clients are paused. */
    private boolean safeToEvict() {
        if (engine.loading() || keyspace.loading()) return false;
        if (replicaIgnores && engine.replicationGate().replica) return false;
        return !engine.pause().isPaused();
    }

    /** Redis's evictionTimeLimitUs: 0..500 µs linearly up to tenacity 10, then +15% per step, unlimited at 100. */
    private long timeLimitNanos() {
        int t = tenacity;
        if (t <= 10) return 50_000L * t;
        if (t < 100) return (long) (500.0 * Math.pow(1.15, t - 10.0)) * 1000;
        return Long.MAX_VALUE;
    }

    private void updateExceededTime(int result) {
        if (result != Eviction.OK) {
            if (exceededSince == 0) exceededSince = Math.max(1, clock.nanos());
        } else if (exceededSince != 0) {
            totalExceededMicros += (clock.nanos() - exceededSince) / 1000;
            exceededSince = 0;
        }
    }

    /** Redis's evictionTimeProc: after each read batch and cron tick while a call left work undone. */
    private void continueEvictions() {
        if (continuing && performEvictions() != Eviction.RUNNING) continuing = false;
    }

    private void cron() {
        long sum = 0;
        for (Client c : engine.clients().all()) {
            // A replica's stream lives in the replication buffer, counted there.
            if (c.has(Client.REPLICA)) continue;
            sum += c.connection().queryBufferCapacity() + c.connection().pendingOutputBytes();
        }
        clientBuffers = sum;
        continueEvictions();
    }

    /** INFO stats total_eviction_exceeded_time, in ms, including a current period. */
    public long totalExceededMillis() {
        return (totalExceededMicros + currentExceededMicros()) / 1000;
    }

    /** INFO stats current_eviction_exceeded_time, in ms. */
    public long currentExceededMillis() {
        return currentExceededMicros() / 1000;
    }

    private long currentExceededMicros() {
        long since = exceededSince;
        return since == 0 ? 0 : (clock.nanos() - since) / 1000;
    }

    /** CONFIG RESETSTAT. */
    void resetStats() {
        totalExceededMicros = 0;
        exceededSince = 0;
    }
}

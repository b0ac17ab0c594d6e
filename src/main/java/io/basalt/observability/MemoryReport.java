package io.basalt.observability;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.MemoryUsage;
import io.basalt.util.ProcessMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's getMemoryOverheadData on the JVM: "allocated" is the memory Basalt counts
 * ({@link io.basalt.command.MemoryLimit#used}: the dataset in Redis's allocation model plus
 * client, replication and AOF buffers, what maxmemory limits), "startup" that figure when the
 * engine was built, the allocator figures are JVM heap in use / committed / process RSS, and
 * table overheads are what Redis's dicts would take for the same keys. Shared by INFO memory,
 * MEMORY STATS and MEMORY DOCTOR.
 */
final class MemoryReport {
    /** Redis's empty-instance threshold for MEMORY DOCTOR. */
    static final long DOCTOR_EMPTY_BYTES = 5L * 1024 * 1024;

    private final Engine engine;
    private final long startup;
    private long peak;

    MemoryReport(Engine engine) {
        this.engine = engine;
        this.startup = engine.memoryLimit().used();
        this.peak = startup;
    }

    /** One consistent snapshot of the figures. */
    final class Snapshot {
        final long used = engine.memoryLimit().used();
        final long heapUsed = ProcessMetrics.heapUsed();
        final long committed = ProcessMetrics.heapCommitted();
        final long rss = ProcessMetrics.residentBytes();
        final long peakAllocated;
        final long startupAllocated = startup;
        final long clientsNormal;
        final List<long[]> dbs = new ArrayList<>();
        final long totalKeys;
        final long overheadTotal;

        Snapshot() {
            synchronized (MemoryReport.this) {
                if (used > peak) peak = used;
                peakAllocated = peak;
            }
            long clients = 0;
            for (Client c : engine.clients().all()) {
                clients += c.connection().queryBufferCapacity() + c.connection().pendingOutputBytes();
            }
            clientsNormal = clients;
            // As Redis: the replication buffers (backlog and replicas' share) and the AOF buffer are overhead, not dataset.
            long overhead = startupAllocated + clients + engine.info().gauge("mem_total_replication_buffers")
                    + engine.info().gauge("mem_aof_buffer");
            long keys = 0;
            Keyspace ks = engine.keyspace();
            for (int j = 0; j < ks.count(); j++) {
                Database db = ks.db(j);
                if (db.size() == 0) continue;
                keys += db.size();
                long main = MemoryUsage.mainTableOverhead(db);
                long expires = MemoryUsage.expiresTableOverhead(db);
                dbs.add(new long[] {j, main, expires});
                overhead += main + expires;
            }
            totalKeys = keys;
            overheadTotal = overhead;
        }

        long dataset() {
            return Math.max(0, used - overheadTotal);
        }

        long netUsage() {
            return used > startupAllocated ? used - startupAllocated : 1;
        }

        double datasetPerc() {
            return dataset() * 100.0 / netUsage();
        }

        double peakPerc() {
            return used * 100.0 / Math.max(1, peakAllocated);
        }

        long bytesPerKey() {
            return totalKeys == 0 ? 0 : (used - startupAllocated) / totalKeys;
        }

        double allocatorFrag() {
            return (double) committed / Math.max(1, heapUsed);
        }

        long allocatorFragBytes() {
            return committed - heapUsed;
        }

        double allocatorRss() {
            return (double) rss / Math.max(1, committed);
        }

        long allocatorRssBytes() {
            return rss - committed;
        }

        double totalFrag() {
            return (double) rss / Math.max(1, used);
        }

        long totalFragBytes() {
            return rss - used;
        }
    }

    Snapshot snapshot() {
        return new Snapshot();
    }

    /** MEMORY DOCTOR's report. The JVM baseline is not data, so "empty" looks at the keyspace estimate. */
    String doctor() {
        if (MemoryUsage.datasetBytes(engine.keyspace()) < DOCTOR_EMPTY_BYTES) {
            return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used "
                    + "in these conditions. Please, leave for your mission on Earth and fill it with some data. The new "
                    + "Sam and I will be back to our programming as soon as I finished rebooting.\n";
        }
        return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
    }
}

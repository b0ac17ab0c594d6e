package io.basalt.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.basalt.util.Log;

import java.lang.management.ManagementFactory;

/**
 * Keeps the JVM heap in proportion to {@code maxmemory}. Eviction holds the counted data at
 * the limit, but every evicted or overwritten value becomes garbage, and with the default
 * ceiling (a quarter of RAM) the concurrent collector lets that garbage pile up for gigabytes
 * before it bothers: RSS would follow the collector, not the limit. With a limit set, the
 * collector's soft target ({@code SoftMaxHeapSize}, which Shenandoah and ZGC honour) becomes
 * the server's own heap allowance plus twice maxmemory: the live data, which Basalt holds in
 * about the bytes Redis counts, and as much again of garbage between cycles. -Xmx stays the
 * hard ceiling; with maxmemory 0 the target returns to it. Measured in docs/ARCHITECTURE.md.
 */
final class HeapTarget {
    /** The server's own heap (command table, config, buffers: ~12 MB after start-up) plus allocation room. */
    static final long SERVER_ALLOWANCE = 32L << 20;

    private HeapTarget() {}

    /** The soft heap target for a maxmemory (0: no limit, the target is the ceiling). */
    static long forMaxmemory(long maxmemory, long ceiling) {
        if (maxmemory <= 0 || maxmemory >= ceiling / 2) return ceiling;
        return Math.min(ceiling, SERVER_ALLOWANCE + 2 * maxmemory);
    }

    static void follow(long maxmemory) {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long ceiling = Long.parseLong(vm.getVMOption("MaxHeapSize").getValue());
            vm.setVMOption("SoftMaxHeapSize", Long.toString(forMaxmemory(maxmemory, ceiling)));
        } catch (RuntimeException e) {
            Log.warning("Cannot set the heap target for maxmemory: " + e.getMessage());
        }
    }
}

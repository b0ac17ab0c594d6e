package io.basalt.util;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the JVM and Linux tell about this process: heap in use (Basalt's "used_memory"),
 * resident set size, CPU times. Values are best effort: where /proc is missing they fall
 * back to JVM figures or 0.
 */
public final class ProcessMetrics {
    private ProcessMetrics() {}

    private static final long PAGE_SIZE = 4096;
    /** Linux reports /proc/self/stat times in clock ticks of USER_HZ, 100 on every mainstream build. */
    private static final long TICKS_PER_SECOND = 100;

    /** Heap bytes in use: the JVM's counterpart of zmalloc_used_memory(). */
    public static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Heap bytes the JVM holds from the system. */
    public static long heapCommitted() {
        return Runtime.getRuntime().totalMemory();
    }

    /** Resident set size from /proc/self/statm, or committed heap without /proc. */
    public static long residentBytes() {
        try {
            String s = Files.readString(Path.of("/proc/self/statm"), StandardCharsets.US_ASCII).trim();
            String[] f = s.split(" ");
            return Long.parseLong(f[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return heapCommitted();
        }
    }

    /** Physical memory of the machine. */
    public static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** {user, system} CPU time of the whole process in microseconds. */
    public static long[] processCpuMicros() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long user = Long.parseLong(f[11]) * 1_000_000 / TICKS_PER_SECOND;
            long sys = Long.parseLong(f[12]) * 1_000_000 / TICKS_PER_SECOND;
            return new long[] {user, sys};
        } catch (IOException | RuntimeException e) {
            long total = 0;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                total = Math.max(0, os.getProcessCpuTime() / 1000);
            }
            return new long[] {total, 0};
        }
    }

    /** {user, system} CPU time of the calling thread in microseconds. */
    public static long[] threadCpuMicros() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (!t.isCurrentThreadCpuTimeSupported()) return new long[] {0, 0};
        long total = t.getCurrentThreadCpuTime() / 1000;
        long user = t.getCurrentThreadUserTime() / 1000;
        return new long[] {user, Math.max(0, total - user)};
    }

    /** Microseconds as getrusage's "%ld.%06ld". */
    public static String seconds(long micros) {
        long frac = micros % 1_000_000;
        String f = Long.toString(frac);
        return (micros / 1_000_000) + "." + "000000".substring(f.length()) + f;
    }
}

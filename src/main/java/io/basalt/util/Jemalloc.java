package io.basalt.util;

/**
 * jemalloc's size classes, as Redis's zmalloc_size reports them: MEMORY USAGE estimates what
 * Redis would allocate, and value types below the keyspace size their parts with this.
 */
public final class Jemalloc {
    private Jemalloc() {}

    /** The size class a request of {@code n} bytes lands in (4 classes per doubling above 128). */
    public static long usableSize(long n) {
        if (n <= 8) return 8;
        if (n <= 128) return (n + 15) & ~15L;
        int lg = 63 - Long.numberOfLeadingZeros(n - 1);
        long spacing = 1L << (lg - 2);
        return (n + spacing - 1) & ~(spacing - 1);
    }
}

package io.basalt.util;

/**
 * A log-linear histogram laid out exactly as hdr_histogram with 2 significant digits, unit
 * 1 and range 1..1e9 (Redis's per-command latency histograms, in nanoseconds): 256
 * sub-buckets per power of two, so {@link #valueAtPercentile} returns the same values Redis
 * prints in INFO latencystats, and {@link #countAtOrBelow} the cumulative counts of LATENCY
 * HISTOGRAM. One per command ({@code CommandSpec.latencyHistogram}), as in Redis.
 */
public final class LatencyHistogram {
    public static final long MIN_VALUE = 1;
    public static final long MAX_VALUE = 1_000_000_000L;
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final int SUB_BUCKET_COUNT = SUB_BUCKET_HALF_COUNT * 2;
    private static final long SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
    private static final int BUCKET_COUNT = bucketsNeeded();
    private static final int COUNTS_LEN = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;

    private final long[] counts = new long[COUNTS_LEN];
    private long total;

    private static int bucketsNeeded() {
        long smallestUntrackable = (long) SUB_BUCKET_COUNT;
        int buckets = 1;
        while (smallestUntrackable <= MAX_VALUE) {
            smallestUntrackable <<= 1;
            buckets++;
        }
        return buckets;
    }

    /** Records one value, clamped to [1, 1e9] as Redis's updateCommandLatencyHistogram does. */
    public void record(long value) {
        if (value < MIN_VALUE) value = MIN_VALUE;
        if (value > MAX_VALUE) value = MAX_VALUE;
        counts[countsIndex(value)]++;
        total++;
    }

    public long totalCount() {
        return total;
    }

    /** Number of recorded values in the sub-buckets up to and including the one holding {@code value}. */
    public long countAtOrBelow(long value) {
        int last = countsIndex(Math.max(MIN_VALUE, Math.min(MAX_VALUE, value)));
        long n = 0;
        for (int i = 0; i <= last; i++) n += counts[i];
        return n;
    }

    /** hdr_value_at_percentile. */
    public long valueAtPercentile(double percentile) {
        double requested = Math.min(percentile, 100.0);
        long countAt = Math.max(1, (long) ((requested / 100) * total + 0.5));
        long running = 0;
        long value = 0;
        for (int i = 0; i < COUNTS_LEN; i++) {
            running += counts[i];
            if (running >= countAt) {
                value = valueAtIndex(i);
                break;
            }
        }
        if (percentile == 0.0) return lowestEquivalent(value);
        return highestEquivalent(value);
    }

    private static int bucketIndex(long value) {
        int pow2ceiling = 64 - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        return pow2ceiling - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
    }

    private static int countsIndex(long value) {
        int bucket = bucketIndex(value);
        int sub = (int) (value >> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sub - SUB_BUCKET_HALF_COUNT);
    }

    private static long valueAtIndex(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int sub = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            sub -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        return (long) sub << bucket;
    }

    private static long lowestEquivalent(long value) {
        int bucket = bucketIndex(value);
        return (value >> bucket) << bucket;
    }

    /** The largest value that lands in the same sub-bucket as {@code value} (hdr_next_non_equivalent_value - 1). */
    public static long highestEquivalent(long value) {
        int bucket = bucketIndex(value);
        int sub = (int) (value >> bucket);
        int adjusted = sub >= SUB_BUCKET_COUNT ? bucket + 1 : bucket;
        return lowestEquivalent(value) + (1L << adjusted) - 1;
    }
}

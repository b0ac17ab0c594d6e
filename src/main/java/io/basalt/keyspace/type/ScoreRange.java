package io.basalt.keyspace.type;

/**
 * A score interval as ZRANGEBYSCORE, ZCOUNT and GEO searches give it (Redis's zrangespec):
 * each end inclusive unless marked exclusive with "(".
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public boolean gteMin(double v) {
        return minExclusive ? v > min : v >= min;
    }

    public boolean lteMax(double v) {
        return maxExclusive ? v < max : v <= max;
    }

    /** True for intervals no score can fall in (min above max, or a single excluded point). */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}

package io.basalt.scripting;

/**
 * Redis's redisLrand48/redisSrand48 (rand.c), the generator behind math.random in scripts:
 * the 48-bit linear congruential generator of drand48, so a seed gives the same sequence as
 * Redis on every platform. One per server; Redis 7.0 never reseeds it between scripts.
 */
final class Rand48 {
    private static final long A = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    static final int MAX = Integer.MAX_VALUE;

    private long x = 0x1234ABCD330EL;

    int next() {
        x = (A * x + 0xB) & MASK;
        return (int) (x >>> 17);
    }

    void seed(int seed) {
        x = ((long) (seed >>> 16) << 32) | ((long) (seed & 0xFFFF) << 16) | 0x330E;
    }
}

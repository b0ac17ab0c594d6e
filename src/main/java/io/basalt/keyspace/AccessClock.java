package io.basalt.keyspace;

import io.basalt.util.Clock;

import java.util.SplittableRandom;

/**
 * The 24-bit access word Redis keeps per object: an LRU clock in seconds, or with an LFU
 * {@code maxmemory-policy} 16 bits of minutes plus an 8-bit logarithmic counter. Feeds
 * OBJECT IDLETIME / FREQ and, later, eviction.
 */
public final class AccessClock {
    public static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    private static final int LFU_INIT_VAL = 5;

    private final Clock clock;
    private final SplittableRandom random = new SplittableRandom();
    private volatile boolean lfu;
    private volatile int lfuLogFactor = 10;
    private volatile int lfuDecayTime = 1;
    /** Cached by the server cron like Redis's server.lruclock. */
    private volatile int lruClock;

    public AccessClock(Clock clock) {
        this.clock = clock;
        tick();
    }

    /** Refreshes the cached LRU clock; called from the server cron. */
    public void tick() {
        lruClock = currentLruClock();
    }

    private int currentLruClock() {
        return (int) ((clock.millis() / 1000) & LRU_CLOCK_MAX);
    }

    public void configure(boolean lfuPolicy, int logFactor, int decayTime) {
        this.lfu = lfuPolicy;
        this.lfuLogFactor = logFactor;
        this.lfuDecayTime = decayTime;
    }

    public boolean isLfu() {
        return lfu;
    }

    public int initial() {
        return lfu ? (minutes() << 8) | LFU_INIT_VAL : lruClock;
    }

    void touch(Database db, int slot) {
        if (!lfu) {
            db.main.setLruAt(slot, lruClock);
            return;
        }
        int word = db.main.lruAt(slot);
        int counter = decayed(word);
        counter = logIncrement(counter);
        db.main.setLruAt(slot, (minutes() << 8) | counter);
    }

    /** The LRU word of an object idle for {@code seconds}, as objectSetLRUOrLFU sets it at load. */
    public int wordForIdle(long seconds) {
        long word = lruClock - Math.min(seconds, LRU_CLOCK_MAX);
        return (int) (word < 0 ? word + LRU_CLOCK_MAX : word);
    }

    /** The LFU word of an object loaded with this counter. */
    public int wordForFrequency(int counter) {
        return (minutes() << 8) | (counter & 0xFF);
    }

    /** OBJECT IDLETIME's estimate in milliseconds. */
    public long idleMillis(int word) {
        int now = currentLruClock();
        long seconds = now >= word ? now - word : now + (LRU_CLOCK_MAX - word);
        return seconds * 1000;
    }

    /** OBJECT FREQ: the counter after applying the decay. */
    public int frequency(int word) {
        return decayed(word);
    }

    private int minutes() {
        return (int) ((clock.millis() / 1000 / 60) & 0xFFFF);
    }

    private int decayed(int word) {
        int lastMinutes = word >>> 8;
        int counter = word & 0xFF;
        int now = minutes();
        int elapsed = now >= lastMinutes ? now - lastMinutes : 65535 - lastMinutes + now;
        int periods = lfuDecayTime > 0 ? elapsed / lfuDecayTime : 0;
        if (periods > 0) counter = periods > counter ? 0 : counter - periods;
        return counter;
    }

    private int logIncrement(int counter) {
        if (counter == 255) return 255;
        double r = random.nextDouble();
        double base = counter - LFU_INIT_VAL;
        if (base < 0) base = 0;
        double p = 1.0 / (base * lfuLogFactor + 1);
        return r < p ? counter + 1 : counter;
    }
}

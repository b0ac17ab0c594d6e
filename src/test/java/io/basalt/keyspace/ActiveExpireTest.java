package io.basalt.keyspace;

import io.basalt.util.Ascii;
import io.basalt.util.Clock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis's active expiry cycle: adaptive sampling, time cap, the fast cycle it triggers. */
class ActiveExpireTest {
    /** Wall time fixed; monotonic time advances a step on every read, so time caps are reachable. */
    private static final class SteppingClock implements Clock {
        long millis = 1_000_000;
        long nanos;
        long step;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public long micros() {
            return millis * 1000;
        }

        @Override
        public long nanos() {
            return nanos += step;
        }
    }

    private static Keyspace fill(SteppingClock clock, int expired, int volatileLive, int persistent) {
        Keyspace ks = new Keyspace(1, clock, new AccessClock(clock));
        Database db = ks.db(0);
        int n = 0;
        for (int i = 0; i < expired; i++) db.setExpireAt(db.add(Ascii.bytes("e" + n++), "v", 0), clock.millis - 1);
        for (int i = 0; i < volatileLive; i++) db.setExpireAt(db.add(Ascii.bytes("l" + n++), "v", 0), clock.millis + 60_000);
        for (int i = 0; i < persistent; i++) db.add(Ascii.bytes("p" + n++), "v", 0);
        return ks;
    }

    @Test
    void slowCyclesRemoveExpiredKeysOnly() {
        SteppingClock clock = new SteppingClock();
        Keyspace ks = fill(clock, 5000, 500, 500);
        for (int i = 0; i < 50 && ks.db(0).size() > 1000; i++) ks.activeExpireCycle(false, 10, 1);
        assertThat(ks.db(0).size()).isEqualTo(1000);
        assertThat(ks.db(0).volatileCount()).isEqualTo(500);
        assertThat(ks.stats().expiredKeys).isEqualTo(5000);
        assertThat(ks.db(0).avgTtl()).isPositive();
    }

    @Test
    void aCycleStopsAtItsTimeLimitAndThenFastCyclesRun() {
        SteppingClock clock = new SteppingClock();
        clock.step = 200_000; // 200 µs per clock read: the 25 ms slow budget runs out quickly
        Keyspace ks = fill(clock, 50_000, 0, 0);
        ks.activeExpireCycle(false, 10, 1);
        assertThat(ks.stats().expiredTimeCapReachedCount).isEqualTo(1);
        long afterSlow = ks.stats().expiredKeys;
        assertThat(afterSlow).isBetween(1L, 49_999L);
        ks.activeExpireCycle(true, 10, 1);
        assertThat(ks.stats().expiredKeys).isGreaterThan(afterSlow);
    }

    @Test
    void theFastCycleDoesNothingWhenTheSlowOneKeepsUp() {
        SteppingClock clock = new SteppingClock();
        Keyspace ks = fill(clock, 100, 0, 0);
        ks.activeExpireCycle(true, 10, 1);
        assertThat(ks.stats().expiredKeys).isZero();
    }

    @Test
    void disabledActiveExpiryLeavesKeys() {
        SteppingClock clock = new SteppingClock();
        Keyspace ks = fill(clock, 100, 0, 0);
        ks.setActiveExpireEnabled(false);
        ks.activeExpireCycle(false, 10, 1);
        assertThat(ks.db(0).size()).isEqualTo(100);
    }
}

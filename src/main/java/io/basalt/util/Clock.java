package io.basalt.util;

/**
 * The time source everything that expires or measures age reads. Injected so tests can
 * move time forward instead of sleeping.
 */
public interface Clock {
    /** Wall-clock milliseconds since the epoch (what EXPIREAT and TIME mean). */
    long millis();

    /** Wall-clock microseconds since the epoch. */
    long micros();

    /** Monotonic nanoseconds for durations. */
    long nanos();

    Clock SYSTEM = new Clock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long micros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };
}

package io.basalt.util;

/** A clock that only moves when told to; for tests of expiry and ageing. */
public final class ManualClock implements Clock {
    private volatile long micros;

    public ManualClock(long startMillis) {
        this.micros = startMillis * 1000;
    }

    public void advanceMillis(long ms) {
        micros += ms * 1000;
    }

    public void setMillis(long ms) {
        micros = ms * 1000;
    }

    @Override
    public long millis() {
        return micros / 1000;
    }

    @Override
    public long micros() {
        return micros;
    }

    @Override
    public long nanos() {
        return micros * 1000;
    }
}

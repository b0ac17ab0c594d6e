package io.basalt.keyspace;

/** Keys with a time to live → absolute expiry in milliseconds; shares key arrays with the main table. */
final class ExpireTable extends OpenTable {
    long[] when = new long[MIN_CAPACITY];
    private long[] oldWhen;

    @Override
    void beginResize(int capacity) {
        oldWhen = when;
        when = new long[capacity];
    }

    @Override
    void transfer(int from, int to) {
        when[to] = oldWhen[from];
    }

    @Override
    void endResize() {
        oldWhen = null;
    }

    @Override
    void moveSlot(int from, int to) {
        when[to] = when[from];
    }

    @Override
    void clearSlot(int slot) {
        when[slot] = 0;
    }
}

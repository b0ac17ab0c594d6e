package io.basalt.keyspace;

import io.basalt.util.OpenTable;

/** Keys with a time to live → absolute expiry in milliseconds; shares key arrays with the main table. */
final class ExpireTable extends OpenTable {
    static final class WhenGen extends Gen {
        final long[] when;

        WhenGen(int capacity) {
            super(capacity);
            when = new long[capacity];
        }

        @Override
        protected void copyTo(int from, Gen dst, int to) {
            ((WhenGen) dst).when[to] = when[from];
        }

        @Override
        protected void moveWithin(int from, int to) {
            when[to] = when[from];
        }

        @Override
        protected void clearValues(int slot) {
            when[slot] = 0;
        }
    }

    @Override
    protected Gen newGen(int capacity) {
        return new WhenGen(capacity);
    }

    long whenAt(int ref) {
        return ((WhenGen) gen(ref)).when[index(ref)];
    }

    void setWhenAt(int ref, long when) {
        ((WhenGen) gen(ref)).when[index(ref)] = when;
    }
}

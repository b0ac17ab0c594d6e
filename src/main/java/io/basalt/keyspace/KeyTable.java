package io.basalt.keyspace;

import io.basalt.util.OpenTable;

/** The main table of a database: key → value, plus the 24-bit LRU/LFU word Redis keeps per object. */
final class KeyTable extends OpenTable {
    static final class ValueGen extends Gen {
        final Object[] values;
        final int[] lru;

        ValueGen(int capacity) {
            super(capacity);
            values = new Object[capacity];
            lru = new int[capacity];
        }

        @Override
        protected void copyTo(int from, Gen dst, int to) {
            ValueGen d = (ValueGen) dst;
            d.values[to] = values[from];
            d.lru[to] = lru[from];
        }

        @Override
        protected void moveWithin(int from, int to) {
            values[to] = values[from];
            lru[to] = lru[from];
        }

        @Override
        protected void clearValues(int slot) {
            values[slot] = null;
            lru[slot] = 0;
        }
    }

    @Override
    protected Gen newGen(int capacity) {
        return new ValueGen(capacity);
    }

    private ValueGen g(int ref) {
        return (ValueGen) gen(ref);
    }

    Object valueAt(int ref) {
        return g(ref).values[index(ref)];
    }

    void setValueAt(int ref, Object v) {
        g(ref).values[index(ref)] = v;
    }

    int lruAt(int ref) {
        return g(ref).lru[index(ref)];
    }

    void setLruAt(int ref, int lru) {
        g(ref).lru[index(ref)] = lru;
    }
}

package io.basalt.keyspace;

/** The main table of a database: key → value, plus the 24-bit LRU/LFU word Redis keeps per object. */
final class KeyTable extends OpenTable {
    Object[] values = new Object[MIN_CAPACITY];
    int[] lru = new int[MIN_CAPACITY];
    private Object[] oldValues;
    private int[] oldLru;

    @Override
    void beginResize(int capacity) {
        oldValues = values;
        oldLru = lru;
        values = new Object[capacity];
        lru = new int[capacity];
    }

    @Override
    void transfer(int from, int to) {
        values[to] = oldValues[from];
        lru[to] = oldLru[from];
    }

    @Override
    void endResize() {
        oldValues = null;
        oldLru = null;
    }

    @Override
    void moveSlot(int from, int to) {
        values[to] = values[from];
        lru[to] = lru[from];
    }

    @Override
    void clearSlot(int slot) {
        values[slot] = null;
        lru[slot] = 0;
    }
}

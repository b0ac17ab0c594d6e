package io.basalt.command;

import java.util.Arrays;

/**
 * Where the keys of one command are: argument positions and their key-spec flags
 * ({@link KeySpecs#RO} ...). Reused across calls so that finding keys allocates nothing
 * once the arrays have grown to the largest command seen.
 */
public final class KeyRefs {
    private int[] positions = new int[8];
    private int[] flags = new int[8];
    private int count;

    public int count() {
        return count;
    }

    /** Position of key {@code i}, relative to the command name (1 is the first argument). */
    public int position(int i) {
        return positions[i];
    }

    /** Flags of key {@code i}: a mask of {@link KeySpecs#RO}, {@link KeySpecs#RW}, ... */
    public int flags(int i) {
        return flags[i];
    }

    void clear() {
        count = 0;
    }

    void add(int position, int keyFlags) {
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
            flags = Arrays.copyOf(flags, count * 2);
        }
        positions[count] = position;
        flags[count] = keyFlags;
        count++;
    }

    void setFlags(int i, int keyFlags) {
        flags[i] = keyFlags;
    }
}

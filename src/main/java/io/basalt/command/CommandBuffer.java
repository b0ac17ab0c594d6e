package io.basalt.command;

import io.basalt.protocol.Args;
import io.basalt.util.Ascii;

import java.util.Arrays;

/**
 * Command vectors built for propagation (Redis's redisOpArray, and a rewritten argv): each
 * command is a database, the targets it goes to and its arguments, all held in reusable
 * arrays so that building one allocates nothing once the arrays have grown. Handlers append
 * to the command begun last ({@link Client#propagateAs}, {@link Client#alsoPropagate}).
 */
public final class CommandBuffer {
    /** What handlers get when nothing consumes propagation: every append is ignored. */
    static final CommandBuffer DISCARD = new CommandBuffer(true);

    private final boolean discard;
    private byte[] data = new byte[256];
    private int used;
    private int[] argOffsets = new int[16];
    private int[] argLengths = new int[16];
    private int args;
    private int[] firstArg = new int[4];
    private int[] dbs = new int[4];
    private int[] kinds = new int[4];
    private int commands;
    /** The arguments {@link #arg} copies from: the running command's. */
    private Args source;

    CommandBuffer() {
        this(false);
    }

    private CommandBuffer(boolean discard) {
        this.discard = discard;
    }

    void clear() {
        used = 0;
        args = 0;
        commands = 0;
    }

    int size() {
        return commands;
    }

    int db(int command) {
        return dbs[command];
    }

    int kinds(int command) {
        return kinds[command];
    }

    /** Starts a new command whose {@link #arg} copies come from {@code source}. */
    CommandBuffer begin(int db, int targetKinds, Args source) {
        if (commands == firstArg.length) {
            firstArg = Arrays.copyOf(firstArg, commands * 2);
            dbs = Arrays.copyOf(dbs, commands * 2);
            kinds = Arrays.copyOf(kinds, commands * 2);
        }
        firstArg[commands] = args;
        dbs[commands] = db;
        kinds[commands] = targetKinds;
        commands++;
        this.source = source;
        return this;
    }

    /** Appends an argument to the command begun last. */
    public CommandBuffer add(byte[] b, int off, int len) {
        if (discard) return this;
        int at = reserve(len);
        System.arraycopy(b, off, data, at, len);
        return this;
    }

    public CommandBuffer add(byte[] b) {
        return add(b, 0, b.length);
    }

    /** Appends a number as its decimal text (Redis's createStringObjectFromLongLong). */
    public CommandBuffer add(long v) {
        if (discard) return this;
        int at = reserve(Ascii.digits(v));
        Ascii.format(v, data, at);
        return this;
    }

    /** Appends a copy of argument {@code i} of the running command. */
    public CommandBuffer arg(int i) {
        if (discard) return this;
        return add(source.buffer(), source.offset(i), source.length(i));
    }

    /** Appends arguments {@code from} (inclusive) to {@code to} (exclusive) of the running command. */
    public CommandBuffer args(int from, int to) {
        for (int i = from; i < to; i++) arg(i);
        return this;
    }

    /** Replaces argument {@code i} of the command begun last; {@code i} may be one past its end. */
    void replace(int i, byte[] b, int off, int len) {
        int index = firstArg[commands - 1] + i;
        if (index == args) {
            add(b, off, len);
            return;
        }
        ensureData(len);
        System.arraycopy(b, off, data, used, len);
        argOffsets[index] = used;
        argLengths[index] = len;
        used += len;
    }

    /** Points {@code view} at command {@code command}'s arguments. */
    void view(int command, Args view) {
        int first = firstArg[command];
        int end = command + 1 < commands ? firstArg[command + 1] : args;
        view.assign(data, argOffsets, argLengths, first, end - first);
    }

    private int reserve(int len) {
        ensureData(len);
        if (args == argOffsets.length) {
            argOffsets = Arrays.copyOf(argOffsets, args * 2);
            argLengths = Arrays.copyOf(argLengths, args * 2);
        }
        int at = used;
        argOffsets[args] = at;
        argLengths[args] = len;
        args++;
        used += len;
        return at;
    }

    private void ensureData(int len) {
        if (data.length - used < len) data = Arrays.copyOf(data, Math.max(data.length * 2, used + len));
    }
}

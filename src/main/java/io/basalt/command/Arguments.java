package io.basalt.command;

import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.Ascii;

/** Typed reads of command arguments that fail with Redis's error texts. */
public final class Arguments {
    private Arguments() {}

    /** A 64-bit integer, or "value is not an integer or out of range". */
    public static long longArg(Args a, int i) {
        return longArg(a, i, Errors.NOT_INTEGER);
    }

    public static long longArg(Args a, int i, String error) {
        long[] h = a.scratch();
        if (!Ascii.parse(a.buffer(), a.offset(i), a.length(i), h)) throw new CommandError(error);
        return h[0];
    }

    /** True if the argument is a canonical 64-bit integer. */
    public static boolean isLong(Args a, int i) {
        return Ascii.isLong(a.buffer(), a.offset(i), a.length(i));
    }

    /** An integer that must fit a C int (Redis's getIntFromObjectOrReply without a custom message). */
    public static int intArg(Args a, int i) {
        long v = longArg(a, i);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new CommandError(Errors.INT_OUT_OF_RANGE);
        return (int) v;
    }

    /**
     * A count of 0 or more (getPositiveLongFromObjectOrReply): a non-integer gets the same
     * "must be positive" error as a negative number.
     */
    public static long positiveLongArg(Args a, int i) {
        return positiveLongArg(a, i, Errors.COUNT_POSITIVE);
    }

    /** A count of 0 or more; {@code error} for anything else, as with a custom message in Redis. */
    public static long positiveLongArg(Args a, int i, String error) {
        long v = longArg(a, i, error);
        if (v < 0) throw new CommandError(error);
        return v;
    }

    /** An integer in [min, max] (getRangeLongFromObjectOrReply without a message). */
    public static long rangeLongArg(Args a, int i, long min, long max) {
        long v = longArg(a, i);
        if (v < min || v > max) throw new CommandError(Errors.outOfRange(min, max));
        return v;
    }
}

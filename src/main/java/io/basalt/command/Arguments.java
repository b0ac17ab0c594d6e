package io.basalt.command;

import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.Ascii;

/** Typed reads of command arguments that fail with Redis's error texts. */
public final class Arguments {
    private Arguments() {}

    private static final ThreadLocal<long[]> HOLDER = ThreadLocal.withInitial(() -> new long[1]);

    /** A 64-bit integer, or "value is not an integer or out of range". */
    public static long longArg(Args a, int i) {
        return longArg(a, i, Errors.NOT_INTEGER);
    }

    public static long longArg(Args a, int i, String error) {
        long[] h = HOLDER.get();
        if (!Ascii.parse(a.buffer(), a.offset(i), a.length(i), h)) throw new CommandError(error);
        return h[0];
    }

    /** True if the argument is a canonical 64-bit integer. */
    public static boolean isLong(Args a, int i) {
        return Ascii.isLong(a.buffer(), a.offset(i), a.length(i));
    }

    /** An integer that must fit a C int (Redis's getIntFromObjectOrReply). */
    public static int intArg(Args a, int i) {
        long v = longArg(a, i);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError(Errors.outOfRange(Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        return (int) v;
    }

    /** A positive count (getPositiveLongFromObjectOrReply). */
    public static long positiveLongArg(Args a, int i) {
        long v = longArg(a, i);
        if (v < 0) throw new CommandError(Errors.COUNT_POSITIVE);
        return v;
    }
}

package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.CommandError;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;

import java.nio.charset.StandardCharsets;

/**
 * The arguments of SCAN, HSCAN, SSCAN and ZSCAN as Redis's scanGenericCommand reads them:
 * the cursor, then {@code [MATCH pattern] [COUNT count]} and, for SCAN only,
 * {@code [TYPE type]}. {@code patternArg} is -1 when there is no pattern or it is "*".
 */
record ScanArguments(long count, int patternArg, int typeArg) {
    private static final byte[] COUNT = "COUNT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MATCH = "MATCH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = "TYPE".getBytes(StandardCharsets.US_ASCII);

    /** The options from argument {@code first} on; {@code allowType} for the keyspace SCAN. */
    static ScanArguments options(Args a, int first, boolean allowType) {
        long count = 10;
        int pattern = -1;
        int type = -1;
        for (int i = first; i < a.count(); i += 2) {
            boolean hasValue = a.count() - i >= 2;
            if (a.is(i, COUNT) && hasValue) {
                count = Arguments.longArg(a, i + 1);
                if (count < 1) throw new CommandError(Errors.SYNTAX);
            } else if (a.is(i, MATCH) && hasValue) {
                pattern = a.length(i + 1) == 1 && a.byteAt(i + 1, 0) == '*' ? -1 : i + 1;
            } else if (allowType && a.is(i, TYPE) && hasValue) {
                type = i + 1;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        return new ScanArguments(count, pattern, type);
    }

    /**
     * Redis's parseScanCursorOrReply: strtoul in base 10 over the argument as a C string, so
     * a sign is allowed ("-1" is 2^64-1), an empty cursor is 0, and leading space, trailing
     * garbage or overflow are errors.
     */
    static long cursor(Args a, int i) {
        byte[] b = a.buffer();
        int off = a.offset(i);
        int len = 0;
        while (len < a.length(i) && b[off + len] != 0) len++;
        if (len == 0) return 0;
        if (isCSpace(b[off])) throw new CommandError(Errors.INVALID_CURSOR);
        int p = 0;
        boolean negative = false;
        if (b[off] == '+' || b[off] == '-') {
            negative = b[off] == '-';
            p++;
        }
        if (p == len) throw new CommandError(Errors.INVALID_CURSOR);
        long v = 0;
        for (; p < len; p++) {
            int d = b[off + p] - '0';
            if (d < 0 || d > 9) throw new CommandError(Errors.INVALID_CURSOR);
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw new CommandError(Errors.INVALID_CURSOR);
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static boolean isCSpace(byte ch) {
        return ch == ' ' || (ch >= '\t' && ch <= '\r');
    }
}

package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.CommandError;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;

import java.nio.charset.StandardCharsets;

/**
 * The arguments LMPOP, BLMPOP, ZMPOP and BZMPOP share, from {@code numkeys} on:
 * {@code numkeys key [key ...] LEFT|RIGHT (or MIN|MAX) [COUNT count]}, checked in Redis's
 * order (numkeys, the end, COUNT); the blocking forms read their timeout afterwards.
 * {@code fromEnd} is RIGHT or MAX; {@code count} is 1 without COUNT.
 */
record MultiPopArguments(int firstKey, int numKeys, boolean fromEnd, long count) {
    private static final byte[] COUNT = "COUNT".getBytes(StandardCharsets.US_ASCII);

    /** Parses from argument {@code numkeysArg}; {@code start}/{@code end} name the two ends. */
    static MultiPopArguments parse(Args a, int numkeysArg, byte[] start, byte[] end) {
        long numKeys = Arguments.rangeLongArg(a, numkeysArg, 1, Long.MAX_VALUE, Errors.NUMKEYS_POSITIVE);
        if (numKeys > a.count() - numkeysArg - 2) throw new CommandError(Errors.SYNTAX);
        int where = numkeysArg + (int) numKeys + 1;
        boolean fromEnd;
        if (a.is(where, start)) fromEnd = false;
        else if (a.is(where, end)) fromEnd = true;
        else throw new CommandError(Errors.SYNTAX);
        long count = -1;
        for (int j = where + 1; j < a.count(); j++) {
            if (count == -1 && a.is(j, COUNT) && j + 1 < a.count()) {
                count = Arguments.rangeLongArg(a, ++j, 1, Long.MAX_VALUE, Errors.COUNT_GREATER_THAN_ZERO);
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        return new MultiPopArguments(numkeysArg + 1, (int) numKeys, fromEnd, count == -1 ? 1 : count);
    }
}

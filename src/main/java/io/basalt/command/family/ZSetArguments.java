package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.CommandError;
import io.basalt.keyspace.type.LexRange;
import io.basalt.keyspace.type.ScoreRange;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.Doubles;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Sorted-set argument parsing shared by the family: score and lex ranges, ZMPOP's arguments, bounded integers. */
final class ZSetArguments {
    private ZSetArguments() {}

    static final byte[] MIN = bytes("MIN");
    static final byte[] MAX = bytes("MAX");

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A ZADD score or a WEIGHTS weight (getDoubleFromObjectOrReply with Redis's string2d). */
    static double score(Args a, int i, String error) {
        double d = Doubles.parse(a.buffer(), a.offset(i), a.length(i));
        if (Double.isNaN(d)) throw new CommandError(error);
        return d;
    }

    /** zslParseRange: each bound a strtod number, "(" marking it exclusive. */
    static ScoreRange scoreRange(Args a, int minArg, int maxArg) {
        boolean minEx = isExclusive(a, minArg), maxEx = isExclusive(a, maxArg);
        double min = bound(a, minArg, minEx), max = bound(a, maxArg, maxEx);
        return new ScoreRange(min, minEx, max, maxEx);
    }

    private static boolean isExclusive(Args a, int i) {
        return a.length(i) > 0 && a.byteAt(i, 0) == '(';
    }

    private static double bound(Args a, int i, boolean exclusive) {
        int skip = exclusive ? 1 : 0;
        double d = Doubles.parseBound(a.buffer(), a.offset(i) + skip, a.length(i) - skip);
        if (Double.isNaN(d)) throw new CommandError(Errors.MIN_MAX_NOT_FLOAT);
        return d;
    }

    /** zslParseLexRange: "[m" inclusive, "(m" exclusive, "-" and "+" the infinities. */
    static LexRange lexRange(Args a, int minArg, int maxArg) {
        byte[] min = lexItem(a, minArg), max = lexItem(a, maxArg);
        return new LexRange(min, a.byteAt(minArg, 0) != '[', max, a.byteAt(maxArg, 0) != '[');
    }

    private static byte[] lexItem(Args a, int i) {
        int len = a.length(i);
        if (len == 0) throw new CommandError(Errors.MIN_MAX_NOT_LEX);
        byte first = a.byteAt(i, 0);
        // Redis reads the item as a C string: "+" and "-" must be followed by its terminator.
        boolean alone = len == 1 || a.byteAt(i, 1) == 0;
        if (first == '+' && alone) return LexRange.PLUS_INFINITY;
        if (first == '-' && alone) return LexRange.MINUS_INFINITY;
        if (first != '(' && first != '[') throw new CommandError(Errors.MIN_MAX_NOT_LEX);
        int off = a.offset(i);
        return Arrays.copyOfRange(a.buffer(), off + 1, off + len);
    }

    /** ZMPOP/BZMPOP's arguments from {@code numkeys} at argument {@code numkeysArg}. */
    static MultiPopArguments parseMpop(Args a, int numkeysArg) {
        return MultiPopArguments.parse(a, numkeysArg, MIN, MAX);
    }
}

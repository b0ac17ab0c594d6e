package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.keyspace.type.ScoredSet;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.util.Arrays;
import java.util.Comparator;

import static io.basalt.command.family.ZSetArguments.bytes;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (zunionInterDiffGenericCommand).
 * Inputs are any {@link ScoredSet}: sorted sets, and plain sets with every score 1.
 */
final class ZSetAlgebra {
    private ZSetAlgebra() {}

    private static final int UNION = 0, INTER = 1, DIFF = 2;
    private static final int SUM = 0, MIN = 1, MAX = 2;
    private static final byte[] WEIGHTS = bytes("WEIGHTS");
    private static final byte[] AGGREGATE = bytes("AGGREGATE");
    private static final byte[] SUM_TOKEN = bytes("SUM");

    static void zunion(Client c) {
        generic(c, "zunion", -1, 1, UNION, false);
    }

    static void zunionstore(Client c) {
        generic(c, "zunionstore", 1, 2, UNION, false);
    }

    static void zinter(Client c) {
        generic(c, "zinter", -1, 1, INTER, false);
    }

    static void zinterstore(Client c) {
        generic(c, "zinterstore", 1, 2, INTER, false);
    }

    static void zintercard(Client c) {
        generic(c, "zintercard", -1, 1, INTER, true);
    }

    static void zdiff(Client c) {
        generic(c, "zdiff", -1, 1, DIFF, false);
    }

    static void zdiffstore(Client c) {
        generic(c, "zdiffstore", 1, 2, DIFF, false);
    }

    /** One input: its content (null for a missing key, which reads as empty) and its weight. */
    private record Source(ScoredSet set, double weight) {
        long size() {
            return set == null ? 0 : set.size();
        }
    }

    private static void generic(Client c, String name, int dstArg, int numkeysArg, int op, boolean cardinalityOnly) {
        Args a = c.args();
        long setnum = Arguments.longArg(a, numkeysArg);
        if (setnum < 1) throw new CommandError(Errors.atLeastOneInputKey(name));
        if (setnum > a.count() - (numkeysArg + 1)) throw new CommandError(Errors.SYNTAX);
        int n = (int) setnum;
        ScoredSet[] sets = new ScoredSet[n];
        Database db = c.db();
        for (int i = 0; i < n; i++) {
            int k = numkeysArg + 1 + i;
            int slot = c.engine().keyspace().findRead(db, a.buffer(), a.offset(k), a.length(k));
            if (slot < 0) continue;
            if (!(db.valueAt(slot) instanceof ScoredSet s)) throw new CommandError(Errors.WRONGTYPE);
            sets[i] = s;
        }
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0);
        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        for (int j = numkeysArg + 1 + n; j < a.count(); ) {
            int remaining = a.count() - j;
            boolean algebra = op != DIFF && !cardinalityOnly;
            if (algebra && remaining >= n + 1 && a.is(j, WEIGHTS)) {
                j++;
                for (int i = 0; i < n; i++, j++) weights[i] = ZSetArguments.score(a, j, Errors.WEIGHT_NOT_FLOAT);
            } else if (algebra && remaining >= 2 && a.is(j, AGGREGATE)) {
                j++;
                if (a.is(j, SUM_TOKEN)) aggregate = SUM;
                else if (a.is(j, ZSetArguments.MIN)) aggregate = MIN;
                else if (a.is(j, ZSetArguments.MAX)) aggregate = MAX;
                else throw new CommandError(Errors.SYNTAX);
                j++;
            } else if (dstArg < 0 && !cardinalityOnly && a.is(j, ZSetCommands.WITHSCORES)) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && a.is(j, ZSetCommands.LIMIT)) {
                limit = Arguments.rangeLongArg(a, j + 1, 0, Long.MAX_VALUE, Errors.LIMIT_NEGATIVE);
                j += 2;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        Source[] src = new Source[n];
        for (int i = 0; i < n; i++) src[i] = new Source(sets[i], weights[i]);
        // Smallest first, keeping the given order among equals (glibc's qsort is a merge sort).
        if (op != DIFF) Arrays.sort(src, Comparator.comparingLong(Source::size));

        if (cardinalityOnly) {
            c.reply().integer(interCardinality(src, limit));
            return;
        }
        ZSetValue result = ZSetValue.large();
        EncodingLimits limits = c.engine().keyspace().limits();
        if (op == UNION) union(src, aggregate, result, limits);
        else if (op == INTER) inter(src, aggregate, result, limits);
        else diff(src, result, limits);

        if (dstArg >= 0) {
            result.compactIfFits(limits);
            ZSetCommands.storeResult(c, dstArg, result, op == UNION ? "zunionstore" : op == INTER ? "zinterstore" : "zdiffstore");
            return;
        }
        ReplyWriter r = c.reply();
        ZSetCommands.replyEntries(r, result.size(), withScores);
        ZSetValue.Cursor cursor = new ZSetValue.Cursor();
        for (result.seek(0, cursor); cursor.valid(); cursor.next()) {
            ZSetCommands.replyEntry(r, cursor.member(), cursor.score(), withScores);
        }
    }

    /** zunionInterAggregate: a NaN sum (inf + -inf) becomes 0; MIN and MAX ignore a NaN newcomer. */
    private static double aggregate(double target, double value, int aggregate) {
        if (aggregate == SUM) {
            double sum = target + value;
            return Double.isNaN(sum) ? 0.0 : sum;
        }
        if (aggregate == MIN) return value < target ? value : target;
        return value > target ? value : target;
    }

    private static void union(Source[] src, int aggregate, ZSetValue result, EncodingLimits limits) {
        for (Source s : src) {
            if (s.size() == 0) continue;
            double weight = s.weight();
            s.set().forEachScored((b, off, len, score) -> {
                double weighted = weight * score;
                if (Double.isNaN(weighted)) weighted = 0;
                double current = result.score(b, off, len);
                double next = Double.isNaN(current) ? weighted : aggregate(current, weighted, aggregate);
                // Redis accumulates exact doubles: a sum turning -0 into 0 (or back) must be
                // stored although the two compare equal, which add() treats as "unchanged".
                if (next == current && Double.doubleToRawLongBits(next) != Double.doubleToRawLongBits(current)) {
                    result.remove(b, off, len);
                }
                result.add(b, off, len, next, 0, limits, null);
            });
        }
    }

    private static void inter(Source[] src, int aggregate, ZSetValue result, EncodingLimits limits) {
        if (src[0].size() == 0) return;
        src[0].set().forEachScored((b, off, len, score) -> {
            double total = matchAll(src, b, off, len, score, aggregate);
            if (!Double.isNaN(total)) result.add(b, off, len, total, 0, limits, null);
        });
    }

    /** The member's aggregated score if every input holds it, else NaN (never an aggregate's result). */
    private static double matchAll(Source[] src, byte[] b, int off, int len, double score, int aggregate) {
        double total = src[0].weight() * score;
        if (Double.isNaN(total)) total = 0;
        for (int j = 1; j < src.length; j++) {
            double value;
            if (src[j].set() == src[0].set()) {
                value = score * src[j].weight();
            } else {
                double found = src[j].set().score(b, off, len);
                if (Double.isNaN(found)) return Double.NaN;
                value = found * src[j].weight();
            }
            total = aggregate(total, value, aggregate);
        }
        return total;
    }

    private static long interCardinality(Source[] src, long limit) {
        if (src[0].size() == 0) return 0;
        long[] count = new long[1];
        src[0].set().forEachScored((b, off, len, score) -> {
            if (limit > 0 && count[0] >= limit) return;
            if (!Double.isNaN(matchAll(src, b, off, len, score, SUM))) count[0]++;
        });
        return count[0];
    }

    private static void diff(Source[] src, ZSetValue result, EncodingLimits limits) {
        if (src[0].size() == 0) return;
        for (int j = 1; j < src.length; j++) {
            if (src[j].set() == src[0].set()) return;
        }
        src[0].set().forEachScored((b, off, len, score) -> {
            for (int j = 1; j < src.length; j++) {
                if (src[j].set() != null && !Double.isNaN(src[j].set().score(b, off, len))) return;
            }
            result.add(b, off, len, score, 0, limits, null);
        });
    }
}

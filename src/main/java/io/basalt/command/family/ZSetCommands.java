package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.BlockedClients;
import io.basalt.command.Client;
import io.basalt.command.CommandBuffer;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.keyspace.type.LexRange;
import io.basalt.keyspace.type.ScoreRange;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;

import static io.basalt.command.family.ZSetArguments.bytes;

/**
 * The sorted-set family (t_zset.c) without its blocking commands: ZADD and friends, the
 * ZRANGE family, pops, random members and ZSCAN. The set algebra (ZUNION, ZINTER, ZDIFF)
 * lives in {@link ZSetAlgebra}.
 */
public final class ZSetCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("zadd", ZSetCommands::zadd);
        b.bind("zincrby", ZSetCommands::zincrby);
        b.bind("zrem", ZSetCommands::zrem);
        b.bind("zcard", ZSetCommands::zcard);
        b.bind("zscore", ZSetCommands::zscore);
        b.bind("zmscore", ZSetCommands::zmscore);
        b.bind("zrank", ZSetCommands::zrank);
        b.bind("zrevrank", ZSetCommands::zrevrank);
        b.bind("zcount", ZSetCommands::zcount);
        b.bind("zlexcount", ZSetCommands::zlexcount);
        b.bind("zrange", ZSetCommands::zrange);
        b.bind("zrangestore", ZSetCommands::zrangestore);
        b.bind("zrevrange", ZSetCommands::zrevrange);
        b.bind("zrangebyscore", ZSetCommands::zrangebyscore);
        b.bind("zrevrangebyscore", ZSetCommands::zrevrangebyscore);
        b.bind("zrangebylex", ZSetCommands::zrangebylex);
        b.bind("zrevrangebylex", ZSetCommands::zrevrangebylex);
        b.bind("zremrangebyrank", ZSetCommands::zremrangebyrank);
        b.bind("zremrangebyscore", ZSetCommands::zremrangebyscore);
        b.bind("zremrangebylex", ZSetCommands::zremrangebylex);
        b.bind("zpopmin", ZSetCommands::zpopmin);
        b.bind("zpopmax", ZSetCommands::zpopmax);
        b.bind("zmpop", ZSetCommands::zmpop);
        b.bind("bzpopmin", ZSetCommands::bzpopmin);
        b.bind("bzpopmax", ZSetCommands::bzpopmax);
        b.bind("bzmpop", ZSetCommands::bzmpop);
        b.bind("zrandmember", ZSetRandom::zrandmember);
        b.bind("zscan", ZSetCommands::zscan);
        b.bind("zunion", ZSetAlgebra::zunion);
        b.bind("zunionstore", ZSetAlgebra::zunionstore);
        b.bind("zinter", ZSetAlgebra::zinter);
        b.bind("zinterstore", ZSetAlgebra::zinterstore);
        b.bind("zintercard", ZSetAlgebra::zintercard);
        b.bind("zdiff", ZSetAlgebra::zdiff);
        b.bind("zdiffstore", ZSetAlgebra::zdiffstore);
    }

    private static final byte[] NX = bytes("NX");
    private static final byte[] XX = bytes("XX");
    private static final byte[] CH = bytes("CH");
    private static final byte[] INCR = bytes("INCR");
    private static final byte[] GT = bytes("GT");
    private static final byte[] LT = bytes("LT");
    static final byte[] WITHSCORES = bytes("WITHSCORES");
    static final byte[] LIMIT = bytes("LIMIT");
    private static final byte[] REV = bytes("REV");
    private static final byte[] BYSCORE = bytes("BYSCORE");
    private static final byte[] BYLEX = bytes("BYLEX");
    private static final byte[] EMPTY_SCAN = Replies.ascii("*2\r\n$1\r\n0\r\n*0\r\n");

    // ---- lookups and signals ---------------------------------------------------------------

    /** The sorted set in argument {@code i} for reading; null when missing, WRONGTYPE for another type. */
    static ZSetValue read(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        int slot = c.engine().keyspace().findRead(db, a.buffer(), a.offset(i), a.length(i));
        if (slot < 0) return null;
        if (db.valueAt(slot) instanceof ZSetValue z) return z;
        throw new CommandError(Errors.WRONGTYPE);
    }

    /** The sorted set in argument {@code i} for writing; null when missing, WRONGTYPE for another type. */
    static ZSetValue write(Client c, int i) {
        Args a = c.args();
        return write(c, a.buffer(), a.offset(i), a.length(i));
    }

    static ZSetValue write(Client c, byte[] b, int off, int len) {
        Database db = c.db();
        int slot = c.engine().keyspace().findWrite(db, b, off, len);
        if (slot < 0) return null;
        if (db.valueAt(slot) instanceof ZSetValue z) return z;
        throw new CommandError(Errors.WRONGTYPE);
    }

    /** Deletes a sorted set the command emptied (never stored empty) and notifies "del". */
    private static void deleteIfEmpty(Client c, ZSetValue z, byte[] b, int off, int len) {
        if (z.size() > 0) return;
        Database db = c.db();
        c.engine().keyspace().delete(db, db.slotOf(b, off, len));
        c.notify(KeyEvents.GENERIC, "del", b, off, len, db.id());
    }

    private static void deleteIfEmpty(Client c, ZSetValue z, int keyArg) {
        Args a = c.args();
        deleteIfEmpty(c, z, a.buffer(), a.offset(keyArg), a.length(keyArg));
    }

    /** A write's signals: WATCH invalidation, {@code changes} added to the dirty counter, the event. */
    static void signal(Client c, int keyArg, long changes, String event) {
        c.modified(keyArg);
        c.engine().stats().dirty += changes - 1;
        c.notify(KeyEvents.ZSET, event, keyArg);
    }

    /** One entry of a range reply: the member, its score if asked, as a [member, score] pair in RESP3. */
    static void replyEntry(ReplyWriter r, byte[] member, double score, boolean withScores) {
        if (withScores && r.isResp3()) r.array(2);
        r.bulk(member);
        if (withScores) r.doubleValue(score);
    }

    /** The array header of {@code n} entries: doubled for RESP2 scores. */
    static void replyEntries(ReplyWriter r, long n, boolean withScores) {
        r.array(withScores && !r.isResp3() ? n * 2 : n);
    }

    // ---- ZADD, ZINCRBY, ZREM ---------------------------------------------------------------

    static void zadd(Client c) {
        zaddGeneric(c, 0);
    }

    static void zincrby(Client c) {
        zaddGeneric(c, ZSetValue.INCR);
    }

    /** zaddGenericCommand: ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member ..., and ZINCRBY. */
    private static void zaddGeneric(Client c, int flags) {
        Args a = c.args();
        boolean ch = false;
        int scoreArg = 2;
        for (; scoreArg < a.count(); scoreArg++) {
            if (a.is(scoreArg, NX)) flags |= ZSetValue.NX;
            else if (a.is(scoreArg, XX)) flags |= ZSetValue.XX;
            else if (a.is(scoreArg, CH)) ch = true;
            else if (a.is(scoreArg, INCR)) flags |= ZSetValue.INCR;
            else if (a.is(scoreArg, GT)) flags |= ZSetValue.GT;
            else if (a.is(scoreArg, LT)) flags |= ZSetValue.LT;
            else break;
        }
        int elements = a.count() - scoreArg;
        if (elements % 2 != 0 || elements == 0) throw new CommandError(Errors.SYNTAX);
        elements /= 2;
        boolean nx = (flags & ZSetValue.NX) != 0, xx = (flags & ZSetValue.XX) != 0;
        boolean gt = (flags & ZSetValue.GT) != 0, lt = (flags & ZSetValue.LT) != 0;
        boolean incr = (flags & ZSetValue.INCR) != 0;
        if (nx && xx) throw new CommandError(Errors.ZADD_XX_AND_NX);
        if ((gt && nx) || (lt && nx) || (gt && lt)) throw new CommandError(Errors.ZADD_GT_LT_NX);
        if (incr && elements > 1) throw new CommandError(Errors.ZADD_INCR_PAIRS);
        for (int j = 0; j < elements; j++) ZSetArguments.score(a, scoreArg + j * 2, Errors.NOT_FLOAT);

        EncodingLimits limits = c.engine().keyspace().limits();
        ZSetValue z = write(c, 1);
        ReplyWriter r = c.reply();
        if (z == null) {
            if (xx) {
                if (incr) r.nullBulk();
                else r.integer(0);
                return;
            }
            z = ZSetValue.forFirstAdd(a.length(scoreArg + 1), limits);
            c.engine().keyspace().setKey(c.db(), -1, a.buffer(), a.offset(1), a.length(1), z, false);
        }
        int added = 0, updated = 0, processed = 0;
        double[] newScore = incr ? new double[1] : null;
        for (int j = 0; j < elements; j++) {
            int s = scoreArg + j * 2, m = s + 1;
            double score = ZSetArguments.score(a, s, Errors.NOT_FLOAT);
            int out = z.add(a.buffer(), a.offset(m), a.length(m), score, flags, limits, newScore);
            if (out == ZSetValue.NAN) {
                r.error(Errors.ZSET_SCORE_NAN);
                if (added + updated > 0) signal(c, 1, added + updated, incr ? "zincr" : "zadd");
                return;
            }
            if ((out & ZSetValue.ADDED) != 0) added++;
            if ((out & ZSetValue.UPDATED) != 0) updated++;
            if ((out & ZSetValue.NOP) == 0) processed++;
        }
        if (added + updated > 0) signal(c, 1, added + updated, incr ? "zincr" : "zadd");
        if (!incr) r.integer(ch ? added + updated : added);
        else if (processed > 0) r.doubleValue(newScore[0]);
        else r.nullBulk();
    }

    static void zrem(Client c) {
        Args a = c.args();
        ZSetValue z = write(c, 1);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int j = 2; j < a.count(); j++) {
            if (z.remove(a.buffer(), a.offset(j), a.length(j))) deleted++;
            if (z.size() == 0) break;
        }
        if (deleted > 0) {
            c.notify(KeyEvents.ZSET, "zrem", 1);
            deleteIfEmpty(c, z, 1);
            c.modified(1);
            c.engine().stats().dirty += deleted - 1;
        }
        c.reply().integer(deleted);
    }

    // ---- point reads -----------------------------------------------------------------------

    static void zcard(Client c) {
        ZSetValue z = read(c, 1);
        c.reply().integer(z == null ? 0 : z.size());
    }

    static void zscore(Client c) {
        Args a = c.args();
        ZSetValue z = read(c, 1);
        double s = z == null ? Double.NaN : z.score(a.buffer(), a.offset(2), a.length(2));
        if (Double.isNaN(s)) c.reply().nullBulk();
        else c.reply().doubleValue(s);
    }

    static void zmscore(Client c) {
        Args a = c.args();
        ZSetValue z = read(c, 1);
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        for (int j = 2; j < a.count(); j++) {
            double s = z == null ? Double.NaN : z.score(a.buffer(), a.offset(j), a.length(j));
            if (Double.isNaN(s)) r.nullBulk();
            else r.doubleValue(s);
        }
    }

    static void zrank(Client c) {
        rank(c, false);
    }

    static void zrevrank(Client c) {
        rank(c, true);
    }

    private static void rank(Client c, boolean reverse) {
        Args a = c.args();
        ZSetValue z = read(c, 1);
        long rank = z == null ? -1 : z.rank(a.buffer(), a.offset(2), a.length(2), reverse);
        if (rank < 0) c.reply().nullBulk();
        else c.reply().integer(rank);
    }

    static void zcount(Client c) {
        ScoreRange range = ZSetArguments.scoreRange(c.args(), 2, 3);
        ZSetValue z = read(c, 1);
        c.reply().integer(z == null ? 0 : z.countInRange(range));
    }

    static void zlexcount(Client c) {
        LexRange range = ZSetArguments.lexRange(c.args(), 2, 3);
        ZSetValue z = read(c, 1);
        c.reply().integer(z == null ? 0 : z.lexCount(range));
    }

    // ---- the ZRANGE family -----------------------------------------------------------------

    private static final int AUTO = 0, BY_RANK = 1, BY_SCORE = 2, BY_LEX = 3;
    private static final int FORWARD = 1, REVERSE = 2;

    static void zrange(Client c) {
        rangeGeneric(c, 1, false, AUTO, AUTO);
    }

    static void zrangestore(Client c) {
        rangeGeneric(c, 2, true, AUTO, AUTO);
    }

    static void zrevrange(Client c) {
        rangeGeneric(c, 1, false, BY_RANK, REVERSE);
    }

    static void zrangebyscore(Client c) {
        rangeGeneric(c, 1, false, BY_SCORE, FORWARD);
    }

    static void zrevrangebyscore(Client c) {
        rangeGeneric(c, 1, false, BY_SCORE, REVERSE);
    }

    static void zrangebylex(Client c) {
        rangeGeneric(c, 1, false, BY_LEX, FORWARD);
    }

    static void zrevrangebylex(Client c) {
        rangeGeneric(c, 1, false, BY_LEX, REVERSE);
    }

    /**
     * zrangeGenericCommand: {@code <src> <min> <max> [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT
     * offset count]} from argument {@code keyArg}; ZRANGESTORE ({@code store}) writes the
     * selection to argument 1 instead of replying with it.
     */
    private static void rangeGeneric(Client c, int keyArg, boolean store, int type, int direction) {
        Args a = c.args();
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = keyArg + 3; j < a.count(); j++) {
            int left = a.count() - j - 1;
            if (!store && a.is(j, WITHSCORES)) {
                withScores = true;
            } else if (a.is(j, LIMIT) && left >= 2) {
                offset = Arguments.longArg(a, j + 1);
                limit = Arguments.longArg(a, j + 2);
                j += 2;
            } else if (direction == AUTO && a.is(j, REV)) {
                direction = REVERSE;
            } else if (type == AUTO && a.is(j, BYLEX)) {
                type = BY_LEX;
            } else if (type == AUTO && a.is(j, BYSCORE)) {
                type = BY_SCORE;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        if (type == AUTO) type = BY_RANK;
        boolean reverse = direction == REVERSE;
        // "LIMIT 0 -1" reads as no LIMIT at all, as in Redis.
        if (limit != -1 && type == BY_RANK) throw new CommandError(Errors.ZRANGE_LIMIT_BY_RANK);
        if (withScores && type == BY_LEX) throw new CommandError(Errors.ZRANGE_WITHSCORES_BYLEX);
        int minArg = keyArg + 1, maxArg = keyArg + 2;
        if (reverse && type != BY_RANK) {
            minArg = keyArg + 2;
            maxArg = keyArg + 1;
        }
        long start = 0, end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        if (type == BY_RANK) {
            start = Arguments.longArg(a, minArg);
            end = Arguments.longArg(a, maxArg);
        } else if (type == BY_SCORE) {
            scores = ZSetArguments.scoreRange(a, minArg, maxArg);
        } else {
            lex = ZSetArguments.lexRange(a, minArg, maxArg);
        }

        ZSetValue z = read(c, keyArg);
        EncodingLimits limits = c.engine().keyspace().limits();
        if (z == null) {
            if (store) storeResult(c, 1, ZSetValue.forEntries(-1, limits), "zrangestore");
            else c.reply().raw(Replies.EMPTY_ARRAY);
            return;
        }
        ZSetValue.Cursor cursor = new ZSetValue.Cursor();
        long count;
        if (type == BY_RANK) {
            long size = z.size();
            if (start < 0) start = size + start;
            if (end < 0) end = size + end;
            if (start < 0) start = 0;
            if (start > end || start >= size) {
                count = 0;
            } else {
                if (end >= size) end = size - 1;
                count = end - start + 1;
                z.seek(reverse ? size - 1 - start : start, cursor);
            }
        } else {
            long first = type == BY_SCORE
                    ? (reverse ? z.lastInRange(scores) : z.firstInRange(scores))
                    : (reverse ? z.lastInLexRange(lex) : z.firstInLexRange(lex));
            long at = reverse ? first - offset : first + offset;
            if (first < 0 || offset < 0 || at < 0 || at >= z.size()) {
                count = 0;
            } else {
                z.seek(at, cursor);
                count = countInRange(cursor, reverse, scores, lex, limit);
                z.seek(at, cursor);
            }
        }
        if (store) {
            ZSetValue dst = ZSetValue.forEntries(type == BY_RANK ? count : -1, limits);
            for (long k = 0; k < count; k++, step(cursor, reverse)) {
                byte[] m = cursor.member();
                dst.add(m, 0, m.length, cursor.score(), 0, limits, null);
            }
            storeResult(c, 1, dst, "zrangestore");
            return;
        }
        ReplyWriter r = c.reply();
        replyEntries(r, count, withScores);
        for (long k = 0; k < count; k++, step(cursor, reverse)) replyEntry(r, cursor.member(), cursor.score(), withScores);
    }

    private static void step(ZSetValue.Cursor c, boolean reverse) {
        if (reverse) c.prev();
        else c.next();
    }

    /** Entries from the cursor on that stay within the range's far end, at most {@code limit} (negative: no limit). */
    private static long countInRange(ZSetValue.Cursor c, boolean reverse, ScoreRange scores, LexRange lex, long limit) {
        long n = 0;
        for (; c.valid() && n != limit; step(c, reverse), n++) {
            boolean in;
            if (scores != null) in = reverse ? scores.gteMin(c.score()) : scores.lteMax(c.score());
            else in = reverse ? lex.gteMin(c.member()) : lex.lteMax(c.member());
            if (!in) break;
        }
        return n;
    }

    /**
     * The end of a STORE command: {@code value} replaces the key in argument {@code dstArg}
     * (its TTL dropped) and the reply is its size; an empty result deletes the key instead.
     */
    static void storeResult(Client c, int dstArg, ZSetValue value, String event) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findWrite(db, a.buffer(), a.offset(dstArg), a.length(dstArg));
        if (value.size() > 0) {
            ks.setKey(db, slot, a.buffer(), a.offset(dstArg), a.length(dstArg), value, false);
            c.modified(dstArg);
            c.reply().integer(value.size());
            c.notify(KeyEvents.ZSET, event, dstArg);
        } else {
            c.reply().integer(0);
            if (slot >= 0) {
                ks.delete(db, slot);
                c.modified(dstArg);
                c.notify(KeyEvents.GENERIC, "del", dstArg);
            }
        }
    }

    // ---- ZREMRANGEBY* ----------------------------------------------------------------------

    static void zremrangebyrank(Client c) {
        Args a = c.args();
        long start = Arguments.longArg(a, 2);
        long end = Arguments.longArg(a, 3);
        ZSetValue z = write(c, 1);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        long size = z.size();
        if (start < 0) start = size + start;
        if (end < 0) end = size + end;
        if (start < 0) start = 0;
        if (start > end || start >= size) {
            c.reply().integer(0);
            return;
        }
        if (end >= size) end = size - 1;
        z.removeRange(start, end - start + 1);
        removed(c, z, end - start + 1, "zremrangebyrank");
    }

    static void zremrangebyscore(Client c) {
        ScoreRange range = ZSetArguments.scoreRange(c.args(), 2, 3);
        ZSetValue z = write(c, 1);
        removed(c, z, z == null ? 0 : z.removeInRange(range), "zremrangebyscore");
    }

    static void zremrangebylex(Client c) {
        LexRange range = ZSetArguments.lexRange(c.args(), 2, 3);
        ZSetValue z = write(c, 1);
        removed(c, z, z == null ? 0 : z.removeInLexRange(range), "zremrangebylex");
    }

    private static void removed(Client c, ZSetValue z, long deleted, String event) {
        if (deleted > 0) {
            signal(c, 1, deleted, event);
            deleteIfEmpty(c, z, 1);
        }
        c.reply().integer(deleted);
    }

    // ---- pops ------------------------------------------------------------------------------

    static void zpopmin(Client c) {
        zpop(c, false);
    }

    static void zpopmax(Client c) {
        zpop(c, true);
    }

    /** ZPOPMIN/ZPOPMAX key [count]: a flat array, or [member, score] pairs in RESP3 when a count is given. */
    private static void zpop(Client c, boolean max) {
        Args a = c.args();
        if (a.count() > 3) throw new CommandError(Errors.SYNTAX);
        long count = -1;
        if (a.count() == 3) count = Arguments.rangeLongArg(a, 2, 0, Long.MAX_VALUE, Errors.COUNT_POSITIVE);
        ZSetValue z = write(c, 1);
        if (z == null || count == 0) {
            c.reply().raw(Replies.EMPTY_ARRAY);
            return;
        }
        pop(c, a.buffer(), a.offset(1), a.length(1), z, max, count, false, c.reply().isResp3() && count != -1);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: pops from the first key that exists. */
    static void zmpop(Client c) {
        Args a = c.args();
        MultiPopArguments m = ZSetArguments.parseMpop(a, 1);
        for (int k = m.firstKey(); k < m.firstKey() + m.numKeys(); k++) {
            ZSetValue z = write(c, k);
            if (z != null) {
                propagateAsPop(c, k, m.fromEnd(), Math.min(m.count(), z.size()));
                pop(c, a.buffer(), a.offset(k), a.length(k), z, m.fromEnd(), m.count(), true, true);
                return;
            }
        }
        c.reply().nullArray();
    }

    static void bzpopmin(Client c) {
        blockingPop(c, false);
    }

    static void bzpopmax(Client c) {
        blockingPop(c, true);
    }

    /** BZPOPMIN/BZPOPMAX key [key ...] timeout: [key, member, score] from the first non-empty set, else block. */
    private static void blockingPop(Client c, boolean max) {
        Args a = c.args();
        int timeoutArg = a.count() - 1;
        long deadline = c.engine().blocking().deadline(c, timeoutArg);
        for (int k = 1; k < timeoutArg; k++) {
            ZSetValue z = write(c, k);
            if (z != null) {
                propagateAsPop(c, k, max, -1);
                pop(c, a.buffer(), a.offset(k), a.length(k), z, max, -1, true, false);
                return;
            }
        }
        block(c, 1, timeoutArg - 1, deadline);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the options are checked before the timeout. */
    static void bzmpop(Client c) {
        Args a = c.args();
        MultiPopArguments m = ZSetArguments.parseMpop(a, 2);
        long deadline = c.engine().blocking().deadline(c, 1);
        for (int k = m.firstKey(); k < m.firstKey() + m.numKeys(); k++) {
            ZSetValue z = write(c, k);
            if (z != null) {
                propagateAsPop(c, k, m.fromEnd(), Math.min(m.count(), z.size()));
                pop(c, a.buffer(), a.offset(k), a.length(k), z, m.fromEnd(), m.count(), true, true);
                return;
            }
        }
        block(c, m.firstKey(), m.numKeys(), deadline);
    }

    /**
     * ZMPOP and the blocking pops propagate as ZPOPMIN/ZPOPMAX of the key they popped from,
     * with the number of entries popped, or without a count ({@code count} -1) for
     * BZPOPMIN/BZPOPMAX.
     */
    private static void propagateAsPop(Client c, int keyArg, boolean max, long count) {
        if (!c.propagates()) return;
        CommandBuffer out = c.propagateAs().add(max ? Propagated.ZPOPMAX : Propagated.ZPOPMIN).arg(keyArg);
        if (count != -1) out.add(count);
    }

    /** Blocks on the sorted sets, or (inside MULTI) replies as a timeout at once. */
    private static void block(Client c, int firstKey, int keyCount, long deadline) {
        if (!BlockedClients.mayBlock(c)) c.reply().nullArray();
        else c.engine().blocking().block(c, BlockedClients.Kind.ZSET, firstKey, keyCount, deadline);
    }

    /**
     * genericZpopCommand for a sorted set that exists and is not empty: pops up to
     * {@code count} entries (-1: one, as a pop without COUNT) from the low or {@code max}
     * end, replies, signals, and deletes the key if emptied. Reply shapes: flat
     * {@code [m, s, ...]}; with {@code nested} {@code [[m, s], ...]}; {@code emitKey} prefixes
     * the key, as {@code [key, m, s]} (BZPOPMIN) or {@code [key, [[m, s], ...]]} (ZMPOP, BZMPOP).
     * The key is a slice, so blocked clients served later can pass a stored key.
     */
    static void pop(Client c, byte[] key, int keyOff, int keyLen, ZSetValue z, boolean max, long count,
                    boolean emitKey, boolean nested) {
        if (count == -1) count = 1;
        long n = Math.min(count, z.size());
        ReplyWriter r = c.reply();
        if (!emitKey) {
            r.array(nested ? n : n * 2);
        } else if (!nested) {
            r.array(n * 2 + 1);
            r.bulk(key, keyOff, keyLen);
        } else {
            r.array(2);
            r.bulk(key, keyOff, keyLen);
            r.array(n);
        }
        ZSetValue.Cursor cursor = new ZSetValue.Cursor();
        for (long k = 0; k < n; k++) {
            long rank = max ? z.size() - 1 : 0;
            z.seek(rank, cursor);
            if (nested) r.array(2);
            r.bulk(cursor.member());
            r.doubleValue(cursor.score());
            z.removeRange(rank, 1);
        }
        Database db = c.db();
        c.notify(KeyEvents.ZSET, max ? "zpopmax" : "zpopmin", key, keyOff, keyLen, db.id());
        c.engine().keyspace().modified(db, key, keyOff, keyLen);
        c.engine().stats().dirty += n;
        deleteIfEmpty(c, z, key, keyOff, keyLen);
    }

    // ---- ZSCAN -----------------------------------------------------------------------------

    /** ZSCAN key cursor [MATCH pattern] [COUNT count]: a missing key answers before the options are read. */
    static void zscan(Client c) {
        Args a = c.args();
        long cursor = ScanArguments.cursor(a, 2);
        ZSetValue z = read(c, 1);
        if (z == null) {
            c.reply().raw(EMPTY_SCAN);
            return;
        }
        ScanArguments opt = ScanArguments.options(a, 3, false);
        java.util.List<byte[]> items = new java.util.ArrayList<>();
        ZSetValue.ScanVisitor collect = (m, s) -> {
            items.add(m);
            items.add(s);
        };
        long target = opt.count() * 2;
        long maxIterations = target * 10;
        do {
            cursor = z.scan(cursor, collect);
        } while (cursor != 0 && maxIterations-- != 0 && items.size() < target);
        int pattern = opt.patternArg();
        int kept = 0;
        for (int i = 0; i < items.size(); i += 2) {
            byte[] m = items.get(i);
            if (pattern >= 0 && !io.basalt.util.Glob.match(a.buffer(), a.offset(pattern), a.length(pattern), m, 0, m.length,
                    false)) {
                continue;
            }
            items.set(kept++, m);
            items.set(kept++, items.get(i + 1));
        }
        ReplyWriter r = c.reply();
        r.array(2);
        r.bulkLong(cursor);
        r.array(kept);
        for (int i = 0; i < kept; i++) r.bulk(items.get(i));
    }
}

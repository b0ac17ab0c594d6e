package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.BlockedClients;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.ListValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;

/**
 * The list family (t_list.c). The pop and move paths ({@link #popOneAndReply},
 * {@link #popRangeAndReply}, {@link #mpopAndReply}, {@link #lmoveAndReply},
 * {@link #parseMpop}) serve the blocking variants too, when their keys hold data and when
 * {@link BlockedClients} re-runs them for a key that received some.
 */
public final class ListCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("lpush", ListCommands::lpush);
        b.bind("rpush", ListCommands::rpush);
        b.bind("lpushx", ListCommands::lpushx);
        b.bind("rpushx", ListCommands::rpushx);
        b.bind("lpop", ListCommands::lpop);
        b.bind("rpop", ListCommands::rpop);
        b.bind("llen", ListCommands::llen);
        b.bind("lindex", ListCommands::lindex);
        b.bind("lset", ListCommands::lset);
        b.bind("lrange", ListCommands::lrange);
        b.bind("ltrim", ListCommands::ltrim);
        b.bind("linsert", ListCommands::linsert);
        b.bind("lrem", ListCommands::lrem);
        b.bind("lpos", ListCommands::lpos);
        b.bind("lmove", ListCommands::lmove);
        b.bind("rpoplpush", ListCommands::rpoplpush);
        b.bind("lmpop", ListCommands::lmpop);
        b.bind("blpop", ListCommands::blpop);
        b.bind("brpop", ListCommands::brpop);
        b.bind("blmpop", ListCommands::blmpop);
        b.bind("blmove", ListCommands::blmove);
        b.bind("brpoplpush", ListCommands::brpoplpush);
    }

    private static final byte[] LEFT = bytes("LEFT");
    private static final byte[] RIGHT = bytes("RIGHT");
    private static final byte[] BEFORE = bytes("BEFORE");
    private static final byte[] AFTER = bytes("AFTER");
    private static final byte[] RANK = bytes("RANK");
    private static final byte[] COUNT = bytes("COUNT");
    private static final byte[] MAXLEN = bytes("MAXLEN");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- lookups and signals -------------------------------------------------------------

    private static ListValue asList(Object v) {
        if (v instanceof ListValue l) return l;
        throw new CommandError(Errors.WRONGTYPE);
    }

    /** The list at argument {@code i} for reading, null when missing; WRONGTYPE for other types. */
    static ListValue readList(Client c, int i) {
        Args a = c.args();
        int slot = c.engine().keyspace().findRead(c.db(), a.buffer(), a.offset(i), a.length(i));
        return slot < 0 ? null : asList(c.db().valueAt(slot));
    }

    /** The list at argument {@code i} for writing, null when missing; WRONGTYPE for other types. */
    static ListValue writeList(Client c, int i) {
        Args a = c.args();
        int slot = c.engine().keyspace().findWrite(c.db(), a.buffer(), a.offset(i), a.length(i));
        return slot < 0 ? null : asList(c.db().valueAt(slot));
    }

    /**
     * Stores a new, empty list under the key in argument {@code i} (the caller fills it at
     * once); the keyspace raises the "new" event as Redis's dbAdd does.
     */
    private static ListValue create(Client c, int i) {
        Keyspace ks = c.engine().keyspace();
        ListValue list = ListValue.create(ks.limits());
        ks.add(c.db(), c.args().copy(i), list);
        return list;
    }

    /** Deletes the emptied list at argument {@code i}, with Redis's "del" event. */
    private static void deleteEmptied(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        c.engine().keyspace().delete(db, db.slotOf(a.buffer(), a.offset(i), a.length(i)));
        c.notify(KeyEvents.GENERIC, "del", i);
    }

    /** signalModifiedKey, and the dirty counter raised by {@code dirty} as Redis raises it. */
    private static void modified(Client c, int i, long dirty) {
        c.modified(i);
        c.engine().stats().dirty += dirty - 1;
    }

    /** LEFT or RIGHT (getListPositionFromObjectOrReply): true for LEFT. */
    private static boolean side(Args a, int i) {
        if (a.is(i, LEFT)) return true;
        if (a.is(i, RIGHT)) return false;
        throw new CommandError(Errors.SYNTAX);
    }

    // ---- push ----------------------------------------------------------------------------

    static void lpush(Client c) {
        push(c, true, false);
    }

    static void rpush(Client c) {
        push(c, false, false);
    }

    static void lpushx(Client c) {
        push(c, true, true);
    }

    static void rpushx(Client c) {
        push(c, false, true);
    }

    /** pushGenericCommand: {@code existing} for the X variants, which never create the list. */
    private static void push(Client c, boolean left, boolean existing) {
        ListValue list = writeList(c, 1);
        if (list == null) {
            if (existing) {
                c.reply().integer(0);
                return;
            }
            list = create(c, 1);
        }
        Args a = c.args();
        for (int j = 2; j < a.count(); j++) list.push(left, a.buffer(), a.offset(j), a.length(j));
        c.reply().integer(list.size());
        modified(c, 1, a.count() - 2);
        c.notify(KeyEvents.LIST, left ? "lpush" : "rpush", 1);
    }

    // ---- pop -----------------------------------------------------------------------------

    static void lpop(Client c) {
        pop(c, true, "lpop");
    }

    static void rpop(Client c) {
        pop(c, false, "rpop");
    }

    /** popGenericCommand: one element as a bulk string, or with a count an array. */
    private static void pop(Client c, boolean left, String name) {
        Args a = c.args();
        if (a.count() > 3) throw new CommandError(Errors.wrongArity(name));
        boolean withCount = a.count() == 3;
        long count = withCount ? Arguments.positiveLongArg(a, 2) : 0;
        ListValue list = writeList(c, 1);
        if (list == null) {
            if (withCount) c.reply().nullArray();
            else c.reply().nullBulk();
            return;
        }
        if (!withCount) popOneAndReply(c, 1, list, left);
        else if (count == 0) c.reply().array(0);
        else popRangeAndReply(c, 1, list, left, count);
    }

    /**
     * Pops the first ({@code left}) or last element of the non-empty list stored under
     * argument {@code keyArg} and replies it as a bulk string, with the pop's events and
     * the deletion of an emptied list (LPOP/RPOP; BLPOP/BRPOP after their array header
     * and key).
     */
    static void popOneAndReply(Client c, int keyArg, ListValue list, boolean left) {
        list.pop(c.reply(), left);
        elementsRemoved(c, keyArg, list, left, 1);
    }

    /**
     * Pops up to {@code count} (at least 1) elements from one end of the non-empty list
     * under argument {@code keyArg}, replying them as an array in pop order (LPOP/RPOP with
     * a count; the inner array of LMPOP/BLMPOP).
     */
    static void popRangeAndReply(Client c, int keyArg, ListValue list, boolean left, long count) {
        long n = Math.min(count, list.size());
        ReplyWriter r = c.reply();
        r.array(n);
        list.writeRange(r, left ? 0 : list.size() - 1, n, !left);
        list.deleteRange(left ? 0 : -n, n);
        elementsRemoved(c, keyArg, list, left, n);
    }

    /**
     * LMPOP/BLMPOP's reply from the non-empty list under {@code keyArg}: [key, [elements]].
     * Both propagate as LPOP/RPOP of that key with the number of elements popped.
     */
    static void mpopAndReply(Client c, int keyArg, ListValue list, boolean left, long count) {
        Args a = c.args();
        if (c.propagates()) {
            c.propagateAs().add(left ? Propagated.LPOP : Propagated.RPOP).arg(keyArg).add(Math.min(count, list.size()));
        }
        c.reply().array(2);
        c.reply().bulk(a.buffer(), a.offset(keyArg), a.length(keyArg));
        popRangeAndReply(c, keyArg, list, left, count);
    }

    /** listElementsRemoved: the pop event, the deletion of an emptied list, the signal. */
    private static void elementsRemoved(Client c, int keyArg, ListValue list, boolean left, long n) {
        c.notify(KeyEvents.LIST, left ? "lpop" : "rpop", keyArg);
        if (list.size() == 0) deleteEmptied(c, keyArg);
        modified(c, keyArg, n);
    }

    /** LMPOP/BLMPOP's arguments from {@code numkeys} at argument {@code numkeysArg}. */
    static MultiPopArguments parseMpop(Args a, int numkeysArg) {
        return MultiPopArguments.parse(a, numkeysArg, LEFT, RIGHT);
    }

    static void lmpop(Client c) {
        MultiPopArguments m = parseMpop(c.args(), 1);
        for (int j = m.firstKey(); j < m.firstKey() + m.numKeys(); j++) {
            ListValue list = writeList(c, j);
            if (list == null) continue;
            mpopAndReply(c, j, list, !m.fromEnd(), m.count());
            return;
        }
        c.reply().nullArray();
    }

    // ---- move ----------------------------------------------------------------------------

    static void lmove(Client c) {
        Args a = c.args();
        boolean fromLeft = side(a, 3);
        boolean toLeft = side(a, 4);
        lmoveGeneric(c, fromLeft, toLeft);
    }

    static void rpoplpush(Client c) {
        lmoveGeneric(c, false, true);
    }

    /** LMOVE/RPOPLPUSH from the list in argument 1 to the one in argument 2. */
    private static void lmoveGeneric(Client c, boolean fromLeft, boolean toLeft) {
        ListValue source = writeList(c, 1);
        if (source == null) {
            c.reply().nullBulk();
            return;
        }
        lmoveAndReply(c, 1, 2, source, fromLeft, toLeft);
    }

    /**
     * Moves one element from an end of the non-empty list {@code source} (argument
     * {@code sourceArg}) to an end of the list under argument {@code destArg}, created if
     * missing, and replies the element (LMOVE, RPOPLPUSH, and BLMOVE/BRPOPLPUSH when the
     * source holds data). Fails with WRONGTYPE, moving nothing, when the destination holds
     * another type. Source and destination may be the same list (rotation).
     */
    static void lmoveAndReply(Client c, int sourceArg, int destArg, ListValue source, boolean fromLeft,
                              boolean toLeft) {
        ListValue dest = writeList(c, destArg);
        byte[] value = source.pop(fromLeft);
        if (dest == null) dest = create(c, destArg);
        dest.push(toLeft, value, 0, value.length);
        Args a = c.args();
        c.engine().keyspace().modified(c.db(), a.buffer(), a.offset(destArg), a.length(destArg));
        c.notify(KeyEvents.LIST, toLeft ? "lpush" : "rpush", destArg);
        c.reply().bulk(value);
        c.notify(KeyEvents.LIST, fromLeft ? "lpop" : "rpop", sourceArg);
        if (source.size() == 0) deleteEmptied(c, sourceArg);
        c.modified(sourceArg);
    }

    // ---- blocking ------------------------------------------------------------------------

    static void blpop(Client c) {
        blockingPop(c, true);
    }

    static void brpop(Client c) {
        blockingPop(c, false);
    }

    /** BLPOP/BRPOP key [key ...] timeout: pops from the first non-empty list, else blocks on all. */
    private static void blockingPop(Client c, boolean left) {
        Args a = c.args();
        int timeoutArg = a.count() - 1;
        long deadline = c.engine().blocking().deadline(c, timeoutArg);
        for (int j = 1; j < timeoutArg; j++) {
            ListValue list = writeList(c, j);
            if (list == null) continue;
            c.reply().array(2);
            c.reply().bulk(a.buffer(), a.offset(j), a.length(j));
            if (c.propagates()) c.propagateAs().add(left ? Propagated.LPOP : Propagated.RPOP).arg(j);
            popOneAndReply(c, j, list, left);
            return;
        }
        block(c, 1, timeoutArg - 1, deadline);
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: the options are checked before the timeout. */
    static void blmpop(Client c) {
        MultiPopArguments m = parseMpop(c.args(), 2);
        long deadline = c.engine().blocking().deadline(c, 1);
        for (int j = m.firstKey(); j < m.firstKey() + m.numKeys(); j++) {
            ListValue list = writeList(c, j);
            if (list == null) continue;
            mpopAndReply(c, j, list, !m.fromEnd(), m.count());
            return;
        }
        block(c, m.firstKey(), m.numKeys(), deadline);
    }

    /** Blocks on the lists, or (inside MULTI) replies as a timeout at once. */
    private static void block(Client c, int firstKey, int keyCount, long deadline) {
        if (!BlockedClients.mayBlock(c)) c.reply().nullArray();
        else c.engine().blocking().block(c, BlockedClients.Kind.LIST, firstKey, keyCount, deadline);
    }

    static void blmove(Client c) {
        Args a = c.args();
        boolean fromLeft = side(a, 3);
        boolean toLeft = side(a, 4);
        blockingMove(c, fromLeft, toLeft, 5);
    }

    static void brpoplpush(Client c) {
        blockingMove(c, false, true, 3);
    }

    /**
     * blmoveGenericCommand: LMOVE when the source holds data, else block on the source. It
     * propagates as RPOPLPUSH (BRPOPLPUSH) or LMOVE: with the words as given when it moves at
     * once, with Redis's lower-case "left"/"right" when a blocked client is served.
     */
    private static void blockingMove(Client c, boolean fromLeft, boolean toLeft, int timeoutArg) {
        long deadline = c.engine().blocking().deadline(c, timeoutArg);
        ListValue source = writeList(c, 1);
        if (source != null && c.propagates()) {
            if (timeoutArg == 3) {
                c.propagateAs().add(Propagated.RPOPLPUSH).args(1, 3);
            } else if (BlockedClients.isServing(c)) {
                c.propagateAs().add(Propagated.LMOVE).args(1, 3)
                        .add(fromLeft ? Propagated.LEFT : Propagated.RIGHT).add(toLeft ? Propagated.LEFT : Propagated.RIGHT);
            } else {
                c.propagateAs().add(Propagated.LMOVE).args(1, 5);
            }
        }
        if (source != null) lmoveAndReply(c, 1, 2, source, fromLeft, toLeft);
        else if (!BlockedClients.mayBlock(c)) c.reply().nullBulk();
        else c.engine().blocking().block(c, BlockedClients.Kind.LIST, 1, 1, deadline);
    }

    // ---- read ----------------------------------------------------------------------------

    static void llen(Client c) {
        ListValue list = readList(c, 1);
        c.reply().integer(list == null ? 0 : list.size());
    }

    static void lindex(Client c) {
        ListValue list = readList(c, 1);
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        long index = Arguments.longArg(c.args(), 2);
        if (!list.writeAt(c.reply(), index)) c.reply().nullBulk();
    }

    static void lrange(Client c) {
        Args a = c.args();
        long start = Arguments.longArg(a, 2);
        long end = Arguments.longArg(a, 3);
        ListValue list = readList(c, 1);
        if (list == null) c.reply().array(0);
        else rangeReply(c.reply(), list, start, end);
    }

    /** addListRangeReply: indexes may be negative (from the tail) and are clamped to the list. */
    private static void rangeReply(ReplyWriter r, ListValue list, long start, long end) {
        long len = list.size();
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        if (start > end || start >= len) {
            r.array(0);
            return;
        }
        if (end >= len) end = len - 1;
        long n = end - start + 1;
        r.array(n);
        list.writeRange(r, start, n, false);
    }

    // LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
    static void lpos(Client c) {
        Args a = c.args();
        long rank = 1, count = -1, maxlen = 0;
        for (int j = 3; j < a.count(); j++) {
            boolean more = j + 1 < a.count();
            if (more && a.is(j, RANK)) {
                rank = Arguments.longArg(a, ++j);
                if (rank == 0) throw new CommandError(Errors.LPOS_RANK_ZERO);
            } else if (more && a.is(j, COUNT)) {
                count = Arguments.rangeLongArg(a, ++j, 0, Long.MAX_VALUE, Errors.LPOS_COUNT_NEGATIVE);
            } else if (more && a.is(j, MAXLEN)) {
                maxlen = Arguments.rangeLongArg(a, ++j, 0, Long.MAX_VALUE, Errors.LPOS_MAXLEN_NEGATIVE);
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        ListValue list = readList(c, 1);
        ReplyWriter r = c.reply();
        if (list == null) {
            if (count != -1) r.array(0);
            else r.nullBulk();
            return;
        }
        long[] found = list.positions(a.buffer(), a.offset(2), a.length(2), rank, count, maxlen);
        if (count != -1) {
            r.array(found.length);
            for (long i : found) r.integer(i);
        } else if (found.length == 0) {
            r.nullBulk();
        } else {
            r.integer(found[0]);
        }
    }

    // ---- write ---------------------------------------------------------------------------

    static void lset(Client c) {
        ListValue list = writeList(c, 1);
        if (list == null) throw new CommandError(Errors.NO_SUCH_KEY);
        Args a = c.args();
        long index = Arguments.longArg(a, 2);
        if (!list.set(index, a.buffer(), a.offset(3), a.length(3))) throw new CommandError(Errors.INDEX_OUT_OF_RANGE);
        c.reply().ok();
        c.modified(1);
        c.notify(KeyEvents.LIST, "lset", 1);
    }

    static void ltrim(Client c) {
        Args a = c.args();
        long start = Arguments.longArg(a, 2);
        long end = Arguments.longArg(a, 3);
        ListValue list = writeList(c, 1);
        if (list == null) {
            c.reply().ok();
            return;
        }
        long len = list.size();
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        long left, right;
        if (start > end || start >= len) {
            left = len;
            right = 0;
        } else {
            if (end >= len) end = len - 1;
            left = start;
            right = len - end - 1;
        }
        list.deleteRange(0, left);
        list.deleteRange(-right, right);
        c.notify(KeyEvents.LIST, "ltrim", 1);
        if (list.size() == 0) deleteEmptied(c, 1);
        modified(c, 1, left + right);
        c.reply().ok();
    }

    // LINSERT key BEFORE|AFTER pivot element
    static void linsert(Client c) {
        Args a = c.args();
        boolean after;
        if (a.is(2, AFTER)) after = true;
        else if (a.is(2, BEFORE)) after = false;
        else throw new CommandError(Errors.SYNTAX);
        ListValue list = writeList(c, 1);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        if (!list.insert(after, a.buffer(), a.offset(3), a.length(3), a.buffer(), a.offset(4), a.length(4))) {
            c.reply().integer(-1);
            return;
        }
        c.modified(1);
        c.notify(KeyEvents.LIST, "linsert", 1);
        c.reply().integer(list.size());
    }

    // LREM key count element
    static void lrem(Client c) {
        Args a = c.args();
        long count = Arguments.longArg(a, 2);
        ListValue list = writeList(c, 1);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        // Redis negates a negative count, so LONG_MIN stays negative and never equals the tally: remove all.
        long removed = list.remove(a.buffer(), a.offset(3), a.length(3), count < 0 ? -count : count, count < 0);
        if (removed > 0) {
            modified(c, 1, removed);
            c.notify(KeyEvents.LIST, "lrem", 1);
        }
        if (list.size() == 0) deleteEmptied(c, 1);
        c.reply().integer(removed);
    }
}

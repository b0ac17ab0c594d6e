package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.SetValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The set family (t_set.c): SADD, SMEMBERS, SPOP, SINTER and friends. */
public final class SetCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("sadd", SetCommands::sadd);
        b.bind("srem", SetCommands::srem);
        b.bind("smove", SetCommands::smove);
        b.bind("sismember", SetCommands::sismember);
        b.bind("smismember", SetCommands::smismember);
        b.bind("scard", SetCommands::scard);
        b.bind("spop", SetCommands::spop);
        b.bind("srandmember", SetCommands::srandmember);
        b.bind("smembers", SetCommands::smembers);
        b.bind("sinter", SetCommands::sinter);
        b.bind("sintercard", SetCommands::sintercard);
        b.bind("sinterstore", SetCommands::sinterstore);
        b.bind("sunion", SetCommands::sunion);
        b.bind("sunionstore", SetCommands::sunionstore);
        b.bind("sdiff", SetCommands::sdiff);
        b.bind("sdiffstore", SetCommands::sdiffstore);
        b.bind("sscan", SetCommands::sscan);
    }

    private static final byte[] LIMIT = "LIMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_SCAN = Replies.ascii("*2\r\n$1\r\n0\r\n*0\r\n");
    /** SPOP switches to "build the remainder" when fewer than count/5 members would stay. */
    private static final int SPOP_MOVE_STRATEGY_MUL = 5;

    // ---- lookups -------------------------------------------------------------------------

    /** The set in argument {@code i} for reading; null when missing, WRONGTYPE on another type. */
    private static SetValue readSet(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        int slot = c.engine().keyspace().findRead(db, a.buffer(), a.offset(i), a.length(i));
        return slot < 0 ? null : asSet(db.valueAt(slot));
    }

    /** The slot of the key in argument {@code i} for writing; -1 when missing, WRONGTYPE on another type. */
    private static int writeSlot(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        int slot = c.engine().keyspace().findWrite(db, a.buffer(), a.offset(i), a.length(i));
        if (slot >= 0) asSet(db.valueAt(slot));
        return slot;
    }

    private static SetValue asSet(Object v) {
        if (v instanceof SetValue s) return s;
        throw new CommandError(Errors.WRONGTYPE);
    }

    private static long maxIntset(Client c) {
        return c.engine().keyspace().limits().setMaxIntsetEntries;
    }

    /** dbDelete of the set in argument {@code i} that just became empty, with its "del" event. */
    private static void deleteEmptied(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        c.engine().keyspace().delete(db, db.slotOf(a.buffer(), a.offset(i), a.length(i)));
        c.notify(KeyEvents.GENERIC, "del", i);
    }

    /** Redis counts every added or removed member as a change; {@link Client#modified} counts one. */
    private static void addDirty(Client c, long extra) {
        c.engine().stats().dirty += extra;
    }

    /** Writes every member as a bulk string (the header is the caller's). */
    private static void replyMembers(ReplyWriter r, SetValue set) {
        SetValue.Member m = new SetValue.Member();
        while (set.next(m)) r.bulk(m.bytes(), m.offset(), m.length());
    }

    // ---- single-key commands -------------------------------------------------------------

    static void sadd(Client c) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = writeSlot(c, 1);
        SetValue set;
        if (slot < 0) {
            set = SetValue.createFor(a.buffer(), a.offset(2), a.length(2));
            ks.add(db, a.copy(1), set);
        } else {
            set = (SetValue) db.valueAt(slot);
        }
        long max = maxIntset(c);
        long added = 0;
        for (int j = 2; j < a.count(); j++) {
            if (set.add(a.buffer(), a.offset(j), a.length(j), max, a.scratch())) added++;
        }
        if (added > 0) {
            c.modified(1);
            addDirty(c, added - 1);
            c.notify(KeyEvents.SET, "sadd", 1);
        }
        c.reply().integer(added);
    }

    static void srem(Client c) {
        Args a = c.args();
        int slot = writeSlot(c, 1);
        if (slot < 0) {
            c.reply().integer(0);
            return;
        }
        SetValue set = (SetValue) c.db().valueAt(slot);
        long removed = 0;
        boolean emptied = false;
        for (int j = 2; j < a.count(); j++) {
            if (set.remove(a.buffer(), a.offset(j), a.length(j), a.scratch())) {
                removed++;
                if (set.size() == 0) {
                    emptied = true;
                    break;
                }
            }
        }
        if (removed > 0) {
            if (emptied) c.engine().keyspace().delete(c.db(), slot);
            c.modified(1);
            addDirty(c, removed - 1);
            c.notify(KeyEvents.SET, "srem", 1);
            if (emptied) c.notify(KeyEvents.GENERIC, "del", 1);
        }
        c.reply().integer(removed);
    }

    static void smove(Client c) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int srcSlot = ks.findWrite(db, a.buffer(), a.offset(1), a.length(1));
        int dstSlot = ks.findWrite(db, a.buffer(), a.offset(2), a.length(2));
        if (srcSlot < 0) {
            c.reply().integer(0);
            return;
        }
        SetValue src = asSet(db.valueAt(srcSlot));
        SetValue dst = dstSlot < 0 ? null : asSet(db.valueAt(dstSlot));
        byte[] buf = a.buffer();
        int off = a.offset(3), len = a.length(3);
        if (src == dst) {
            c.reply().integer(src.contains(buf, off, len, a.scratch()) ? 1 : 0);
            return;
        }
        if (!src.remove(buf, off, len, a.scratch())) {
            c.reply().integer(0);
            return;
        }
        c.notify(KeyEvents.SET, "srem", 1);
        if (src.size() == 0) deleteEmptied(c, 1);
        if (dst == null) {
            dst = SetValue.createFor(buf, off, len);
            ks.add(db, a.copy(2), dst);
        }
        c.modified(1);
        if (dst.add(buf, off, len, maxIntset(c), a.scratch())) {
            c.modified(2);
            c.notify(KeyEvents.SET, "sadd", 2);
        }
        c.reply().integer(1);
    }

    static void sismember(Client c) {
        Args a = c.args();
        SetValue set = readSet(c, 1);
        boolean member = set != null && set.contains(a.buffer(), a.offset(2), a.length(2), a.scratch());
        c.reply().integer(member ? 1 : 0);
    }

    static void smismember(Client c) {
        Args a = c.args();
        SetValue set = readSet(c, 1);
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        for (int j = 2; j < a.count(); j++) {
            r.integer(set != null && set.contains(a.buffer(), a.offset(j), a.length(j), a.scratch()) ? 1 : 0);
        }
    }

    static void scard(Client c) {
        SetValue set = readSet(c, 1);
        c.reply().integer(set == null ? 0 : set.size());
    }

    // ---- SPOP, SRANDMEMBER ---------------------------------------------------------------

    static void spop(Client c) {
        Args a = c.args();
        if (a.count() == 3) {
            spopWithCount(c);
            return;
        }
        if (a.count() > 3) throw new CommandError(Errors.SYNTAX);
        int slot = writeSlot(c, 1);
        if (slot < 0) {
            c.reply().nullBulk();
            return;
        }
        SetValue set = (SetValue) c.db().valueAt(slot);
        SetValue.Member m = new SetValue.Member();
        set.random(c.engine().keyspace().random(), m);
        c.reply().bulk(m.bytes(), m.offset(), m.length());
        if (c.propagates()) c.propagateAs().add(Propagated.SREM).arg(1).add(m.bytes(), m.offset(), m.length());
        set.remove(m.bytes(), m.offset(), m.length(), a.scratch());
        c.notify(KeyEvents.SET, "spop", 1);
        if (set.size() == 0) {
            c.engine().keyspace().delete(c.db(), slot);
            c.notify(KeyEvents.GENERIC, "del", 1);
        }
        c.modified(1);
    }

    private static void spopWithCount(Client c) {
        Args a = c.args();
        long count = Arguments.positiveLongArg(a, 2);
        int slot = writeSlot(c, 1);
        ReplyWriter r = c.reply();
        if (slot < 0 || count == 0) {
            r.set(0);
            return;
        }
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        SetValue set = (SetValue) db.valueAt(slot);
        long size = set.size();
        c.notify(KeyEvents.SET, "spop", 1);
        addDirty(c, Math.min(count, size) - 1);
        if (count >= size) {
            // The whole set, in the order SUNION of it alone would give.
            SetValue all = union(c, lookupSets(c, 1, 1));
            r.set(all.size());
            replyMembers(r, all);
            ks.delete(db, slot);
            c.notify(KeyEvents.GENERIC, "del", 1);
            if (c.propagates()) c.propagateAs().add(Propagated.DEL).arg(1);
            c.modified(1);
            return;
        }
        r.set(count);
        long remaining = size - count;
        // Propagated as one SREM per popped member (Redis 7.0), never as SPOP.
        boolean propagate = c.propagates();
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            SetValue.Member m = new SetValue.Member();
            for (long i = 0; i < count; i++) {
                set.random(ks.random(), m);
                r.bulk(m.bytes(), m.offset(), m.length());
                if (propagate) c.alsoPropagate().add(Propagated.SREM).arg(1).add(m.bytes(), m.offset(), m.length());
                set.remove(m.bytes(), m.offset(), m.length(), a.scratch());
            }
        } else {
            // Popping most of the set: pick the survivors into a new set and return the rest.
            SetValue kept = set.keepRandom(remaining, ks.random(), maxIntset(c), a.scratch());
            replyMembers(r, set);
            if (propagate) {
                SetValue.Member m = new SetValue.Member();
                while (set.next(m)) c.alsoPropagate().add(Propagated.SREM).arg(1).add(m.bytes(), m.offset(), m.length());
            }
            db.setValueAt(slot, kept);
        }
        c.preventPropagation();
        c.modified(1);
    }

    static void srandmember(Client c) {
        Args a = c.args();
        if (a.count() == 3) {
            srandmemberWithCount(c);
            return;
        }
        if (a.count() > 3) throw new CommandError(Errors.SYNTAX);
        SetValue set = readSet(c, 1);
        if (set == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue.Member m = new SetValue.Member();
        set.random(c.engine().keyspace().random(), m);
        c.reply().bulk(m.bytes(), m.offset(), m.length());
    }

    private static void srandmemberWithCount(Client c) {
        long l = Arguments.rangeLongArg(c.args(), 2, -Long.MAX_VALUE, Long.MAX_VALUE);
        boolean distinct = l >= 0;
        long count = Math.abs(l);
        SetValue set = readSet(c, 1);
        ReplyWriter r = c.reply();
        if (set == null || count == 0) {
            r.raw(Replies.EMPTY_ARRAY);
            return;
        }
        long size = set.size();
        SetValue.Member m = new SetValue.Member();
        if (!distinct || count == 1) {
            r.array(count);
            for (long i = 0; i < count; i++) {
                set.random(c.engine().keyspace().random(), m);
                r.bulk(m.bytes(), m.offset(), m.length());
            }
            return;
        }
        if (count >= size) {
            r.array(size);
            replyMembers(r, set);
            return;
        }
        SetValue sample = set.sampleDistinct(count, c.engine().keyspace().random());
        r.array(count);
        replyMembers(r, sample);
    }

    // ---- SINTER, SMEMBERS, SINTERCARD, SINTERSTORE ---------------------------------------

    /** SMEMBERS: Redis runs SINTER of the one key; the same reply without its bookkeeping. */
    static void smembers(Client c) {
        SetValue set = readSet(c, 1);
        if (set == null) c.reply().set(0);
        else replySet(c.reply(), set);
    }

    static void sinter(Client c) {
        sinterGeneric(c, 1, c.args().count() - 1, -1, false, 0);
    }

    static void sinterstore(Client c) {
        sinterGeneric(c, 2, c.args().count() - 2, 1, false, 0);
    }

    // SINTERCARD numkeys key [key ...] [LIMIT limit]
    static void sintercard(Client c) {
        Args a = c.args();
        long numkeys = Arguments.longArg(a, 1, Errors.NUMKEYS_POSITIVE);
        if (numkeys < 1) throw new CommandError(Errors.NUMKEYS_POSITIVE);
        if (numkeys > a.count() - 2) throw new CommandError(Errors.NUMKEYS_EXCEED_ARGS);
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < a.count(); j++) {
            if (a.is(j, LIMIT) && j < a.count() - 1) {
                limit = Arguments.positiveLongArg(a, ++j, Errors.LIMIT_NEGATIVE);
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        sinterGeneric(c, 2, (int) numkeys, -1, true, limit);
    }

    /**
     * Looks up {@code n} sets from argument {@code first} on for reading: null entries for
     * missing keys, WRONGTYPE as soon as one holds another type.
     */
    private static SetValue[] lookupSets(Client c, int first, int n) {
        SetValue[] sets = new SetValue[n];
        for (int j = 0; j < n; j++) sets[j] = readSet(c, first + j);
        return sets;
    }

    /**
     * Redis's sinterGenericCommand: iterate the smallest set and keep the members every
     * other set holds. {@code dstArg} is the destination's argument (-1: reply instead);
     * {@code cardinalityOnly} counts, stopping at {@code limit} (0: no limit).
     */
    private static void sinterGeneric(Client c, int first, int n, int dstArg, boolean cardinalityOnly, long limit) {
        SetValue[] sets = lookupSets(c, first, n);
        ReplyWriter r = c.reply();
        for (SetValue s : sets) {
            if (s == null) {
                if (dstArg >= 0) storeResult(c, dstArg, null, null);
                else if (cardinalityOnly) r.integer(0);
                else r.set(0);
                return;
            }
        }
        sortBySize(sets, 0, false);
        long[] scratch = c.args().scratch();
        SetValue dst = dstArg >= 0 ? SetValue.empty() : null;
        List<byte[]> found = dstArg < 0 && !cardinalityOnly ? new ArrayList<>() : null;
        long max = maxIntset(c);
        long cardinality = 0;
        SetValue.Member m = new SetValue.Member();
        while (sets[0].next(m)) {
            int j = 1;
            for (; j < n; j++) {
                if (sets[j] != sets[0] && !sets[j].contains(m.bytes(), m.offset(), m.length(), scratch)) break;
            }
            if (j < n) continue;
            if (cardinalityOnly) {
                cardinality++;
                if (limit != 0 && cardinality >= limit) break;
            } else if (dst == null) {
                found.add(m.toBytes());
            } else {
                dst.add(m.bytes(), m.offset(), m.length(), max, scratch);
            }
        }
        if (cardinalityOnly) {
            r.integer(cardinality);
        } else if (dst != null) {
            storeResult(c, dstArg, dst, "sinterstore");
        } else {
            r.set(found.size());
            for (byte[] b : found) r.bulk(b);
        }
    }

    /**
     * Stable insertion sort of {@code sets[from..]} by size (missing sets count as empty),
     * ascending or descending, as glibc's merge-sorting qsort orders them in Redis.
     */
    private static void sortBySize(SetValue[] sets, int from, boolean descending) {
        for (int i = from + 1; i < sets.length; i++) {
            SetValue s = sets[i];
            long size = sizeOf(s);
            int j = i - 1;
            while (j >= from && (descending ? sizeOf(sets[j]) < size : sizeOf(sets[j]) > size)) {
                sets[j + 1] = sets[j];
                j--;
            }
            sets[j + 1] = s;
        }
    }

    private static long sizeOf(SetValue s) {
        return s == null ? 0 : s.size();
    }

    /**
     * Stores a *STORE result under the key in argument {@code dstArg} (setKey: the old value
     * and its TTL go), or deletes the destination when the result is empty or null.
     */
    private static void storeResult(Client c, int dstArg, SetValue result, String event) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        if (result == null || result.size() == 0) {
            // dbDelete: the entry goes even if it has logically expired.
            int slot = db.slotOf(a.buffer(), a.offset(dstArg), a.length(dstArg));
            c.reply().integer(0);
            if (slot >= 0) {
                ks.delete(db, slot);
                c.modified(dstArg);
                c.notify(KeyEvents.GENERIC, "del", dstArg);
            }
            return;
        }
        int slot = ks.findWrite(db, a.buffer(), a.offset(dstArg), a.length(dstArg));
        ks.setKey(db, slot, a.buffer(), a.offset(dstArg), a.length(dstArg), result, false);
        c.modified(dstArg);
        c.reply().integer(result.size());
        c.notify(KeyEvents.SET, event, dstArg);
    }

    // ---- SUNION, SDIFF and their STORE variants -----------------------------------------

    static void sunion(Client c) {
        SetValue[] sets = lookupSets(c, 1, c.args().count() - 1);
        replySet(c.reply(), union(c, sets));
    }

    static void sunionstore(Client c) {
        SetValue[] sets = lookupSets(c, 2, c.args().count() - 2);
        storeResult(c, 1, union(c, sets), "sunionstore");
    }

    static void sdiff(Client c) {
        SetValue[] sets = lookupSets(c, 1, c.args().count() - 1);
        replySet(c.reply(), diff(c, sets));
    }

    static void sdiffstore(Client c) {
        SetValue[] sets = lookupSets(c, 2, c.args().count() - 2);
        storeResult(c, 1, diff(c, sets), "sdiffstore");
    }

    private static void replySet(ReplyWriter r, SetValue s) {
        r.set(s.size());
        replyMembers(r, s);
    }

    /** Every member of every (non-null) set, added to a new intset with setTypeAdd's rules. */
    private static SetValue union(Client c, SetValue[] sets) {
        SetValue dst = SetValue.empty();
        long max = maxIntset(c);
        long[] scratch = c.args().scratch();
        SetValue.Member m = new SetValue.Member();
        for (SetValue s : sets) {
            if (s == null) continue;
            m.rewind();
            while (s.next(m)) dst.add(m.bytes(), m.offset(), m.length(), max, scratch);
        }
        return dst;
    }

    /**
     * Redis's SDIFF: algorithm 1 tests each member of the first set against the others;
     * algorithm 2 adds the first set and removes the others. Which one runs is chosen by
     * Redis's cost estimate, since it decides the result's encoding (algorithm 2 keeps the
     * hashtable a removed non-integer member caused).
     */
    private static SetValue diff(Client c, SetValue[] sets) {
        SetValue dst = SetValue.empty();
        SetValue first = sets[0];
        if (first == null) return dst;
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] == first) return dst;
        }
        long algoOneWork = 0, algoTwoWork = 0;
        for (SetValue s : sets) {
            if (s == null) continue;
            algoOneWork += first.size();
            algoTwoWork += s.size();
        }
        algoOneWork /= 2;
        long max = maxIntset(c);
        long[] scratch = c.args().scratch();
        SetValue.Member m = new SetValue.Member();
        if (algoOneWork <= algoTwoWork) {
            sortBySize(sets, 1, true);
            while (first.next(m)) {
                int j = 1;
                for (; j < sets.length; j++) {
                    if (sets[j] != null && sets[j].contains(m.bytes(), m.offset(), m.length(), scratch)) break;
                }
                if (j == sets.length) dst.add(m.bytes(), m.offset(), m.length(), max, scratch);
            }
        } else {
            for (int j = 0; j < sets.length; j++) {
                SetValue s = sets[j];
                if (s == null) continue;
                m.rewind();
                while (s.next(m)) {
                    if (j == 0) dst.add(m.bytes(), m.offset(), m.length(), max, scratch);
                    else dst.remove(m.bytes(), m.offset(), m.length(), scratch);
                }
                if (dst.size() == 0) break;
            }
        }
        return dst;
    }

    // ---- SSCAN ---------------------------------------------------------------------------

    static void sscan(Client c) {
        Args a = c.args();
        long cursor = ScanArguments.cursor(a, 2);
        SetValue set = readSet(c, 1);
        if (set == null) {
            c.reply().raw(EMPTY_SCAN);
            return;
        }
        ScanArguments opt = ScanArguments.options(a, 3, false);
        List<byte[]> members = new ArrayList<>();
        cursor = set.scan(cursor, opt.count(), members);
        int pattern = opt.patternArg();
        int kept = 0;
        for (byte[] member : members) {
            if (pattern < 0 || Glob.match(a.buffer(), a.offset(pattern), a.length(pattern), member, 0, member.length, false)) {
                members.set(kept++, member);
            }
        }
        ReplyWriter r = c.reply();
        r.array(2);
        r.bulkLong(cursor);
        r.array(kept);
        for (int i = 0; i < kept; i++) r.bulk(members.get(i));
    }
}

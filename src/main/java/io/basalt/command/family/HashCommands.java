package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.HashValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.Glob;
import io.basalt.util.LongDouble;

import java.util.random.RandomGenerator;

/** The hash family (t_hash.c): HSET, HGET and friends. */
public final class HashCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("hset", HashCommands::hset);
        b.bind("hmset", HashCommands::hmset);
        b.bind("hsetnx", HashCommands::hsetnx);
        b.bind("hget", HashCommands::hget);
        b.bind("hmget", HashCommands::hmget);
        b.bind("hdel", HashCommands::hdel);
        b.bind("hlen", HashCommands::hlen);
        b.bind("hstrlen", HashCommands::hstrlen);
        b.bind("hexists", HashCommands::hexists);
        b.bind("hgetall", HashCommands::hgetall);
        b.bind("hkeys", HashCommands::hkeys);
        b.bind("hvals", HashCommands::hvals);
        b.bind("hincrby", HashCommands::hincrby);
        b.bind("hincrbyfloat", HashCommands::hincrbyfloat);
        b.bind("hrandfield", HashCommands::hrandfield);
        b.bind("hscan", HashCommands::hscan);
    }

    private static final byte[] WITHVALUES = Ascii.bytes("WITHVALUES");
    /** Redis's HRANDFIELD_RANDOM_SAMPLE_LIMIT: fields drawn with repeats are sampled in batches this big. */
    private static final int RANDOM_BATCH = 1000;

    // ---- lookups -------------------------------------------------------------------------

    /** The slot of the hash in argument {@code i}, or -1 when missing; WRONGTYPE on another type. */
    private static int slot(Client c, int i, boolean write) {
        Args a = c.args();
        Keyspace ks = c.engine().keyspace();
        Database db = c.db();
        int slot = write ? ks.findWrite(db, a.buffer(), a.offset(i), a.length(i))
                : ks.findRead(db, a.buffer(), a.offset(i), a.length(i));
        if (slot >= 0 && !(db.valueAt(slot) instanceof HashValue)) throw new CommandError(Errors.WRONGTYPE);
        return slot;
    }

    private static HashValue read(Client c, int i) {
        int slot = slot(c, i, false);
        return slot < 0 ? null : (HashValue) c.db().valueAt(slot);
    }

    private static HashValue write(Client c, int i) {
        int slot = slot(c, i, true);
        return slot < 0 ? null : (HashValue) c.db().valueAt(slot);
    }

    /** Stores a new empty hash under the key in argument {@code i} (the caller fills it at once). */
    private static HashValue create(Client c, int i) {
        HashValue h = HashValue.create();
        c.engine().keyspace().add(c.db(), c.args().copy(i), h);
        return h;
    }

    private static int find(HashValue h, Args a, int i) {
        return h.find(a.buffer(), a.offset(i), a.length(i));
    }

    private static void replyField(ReplyWriter r, HashValue h, int e) {
        r.bulk(h.fieldBuffer(e), h.fieldOffset(e), h.fieldLength(e));
    }

    private static void replyValue(ReplyWriter r, HashValue h, int e) {
        r.bulk(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e));
    }

    // ---- HSET, HMSET, HSETNX -------------------------------------------------------------

    static void hset(Client c) {
        setPairs(c, true);
    }

    static void hmset(Client c) {
        setPairs(c, false);
    }

    /** HSET replies with the number of new fields, HMSET (deprecated) with +OK. */
    private static void setPairs(Client c, boolean hset) {
        Args a = c.args();
        if (a.count() % 2 == 1) throw new CommandError(Errors.wrongArity(hset ? "hset" : "hmset"));
        HashValue h = write(c, 1);
        if (h == null) h = create(c, 1);
        long longest = 0, total = 0;
        for (int j = 2; j < a.count(); j++) {
            longest = Math.max(longest, a.length(j));
            total += a.length(j);
        }
        var limits = c.engine().keyspace().limits();
        h.prepareWrite(longest, total, limits);
        long created = 0;
        for (int j = 2; j < a.count(); j += 2) {
            if (h.set(a.buffer(), a.offset(j), a.length(j), a.buffer(), a.offset(j + 1), a.length(j + 1), limits)) {
                created++;
            }
        }
        if (hset) c.reply().integer(created);
        else c.reply().ok();
        c.modified(1);
        c.notify(KeyEvents.HASH, "hset", 1);
        c.engine().stats().dirty += (a.count() - 2) / 2 - 1;
    }

    static void hsetnx(Client c) {
        Args a = c.args();
        HashValue h = write(c, 1);
        if (h != null && find(h, a, 2) >= 0) {
            c.reply().integer(0);
            return;
        }
        if (h == null) h = create(c, 1);
        var limits = c.engine().keyspace().limits();
        h.prepareWrite(Math.max(a.length(2), a.length(3)), (long) a.length(2) + a.length(3), limits);
        h.set(a.buffer(), a.offset(2), a.length(2), a.buffer(), a.offset(3), a.length(3), limits);
        c.reply().integer(1);
        c.modified(1);
        c.notify(KeyEvents.HASH, "hset", 1);
    }

    // ---- reads ---------------------------------------------------------------------------

    static void hget(Client c) {
        HashValue h = read(c, 1);
        int e = h == null ? -1 : find(h, c.args(), 2);
        if (e < 0) c.reply().nullBulk();
        else replyValue(c.reply(), h, e);
    }

    static void hmget(Client c) {
        Args a = c.args();
        HashValue h = read(c, 1);
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        for (int j = 2; j < a.count(); j++) {
            int e = h == null ? -1 : find(h, a, j);
            if (e < 0) r.nullBulk();
            else replyValue(r, h, e);
        }
    }

    static void hlen(Client c) {
        HashValue h = read(c, 1);
        c.reply().integer(h == null ? 0 : h.size());
    }

    static void hstrlen(Client c) {
        HashValue h = read(c, 1);
        int e = h == null ? -1 : find(h, c.args(), 2);
        c.reply().integer(e < 0 ? 0 : h.valueLength(e));
    }

    static void hexists(Client c) {
        HashValue h = read(c, 1);
        c.reply().integer(h != null && find(h, c.args(), 2) >= 0 ? 1 : 0);
    }

    static void hgetall(Client c) {
        HashValue h = read(c, 1);
        ReplyWriter r = c.reply();
        if (h == null) {
            r.map(0);
            return;
        }
        r.map(h.size());
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            replyField(r, h, e);
            replyValue(r, h, e);
        }
    }

    static void hkeys(Client c) {
        listAll(c, true);
    }

    static void hvals(Client c) {
        listAll(c, false);
    }

    private static void listAll(Client c, boolean fields) {
        HashValue h = read(c, 1);
        ReplyWriter r = c.reply();
        if (h == null) {
            r.raw(Replies.EMPTY_ARRAY);
            return;
        }
        r.array(h.size());
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            if (fields) replyField(r, h, e);
            else replyValue(r, h, e);
        }
    }

    // ---- HDEL ----------------------------------------------------------------------------

    static void hdel(Client c) {
        Args a = c.args();
        int slot = slot(c, 1, true);
        if (slot < 0) {
            c.reply().integer(0);
            return;
        }
        Database db = c.db();
        HashValue h = (HashValue) db.valueAt(slot);
        long deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < a.count(); j++) {
            if (h.delete(a.buffer(), a.offset(j), a.length(j))) {
                deleted++;
                if (h.size() == 0) {
                    c.engine().keyspace().delete(db, slot);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.modified(1);
            c.notify(KeyEvents.HASH, "hdel", 1);
            if (keyRemoved) c.notify(KeyEvents.GENERIC, "del", 1);
            c.engine().stats().dirty += deleted - 1;
        }
        c.reply().integer(deleted);
    }

    // ---- HINCRBY, HINCRBYFLOAT -----------------------------------------------------------

    static void hincrby(Client c) {
        Args a = c.args();
        long incr = Arguments.longArg(a, 3);
        HashValue h = write(c, 1);
        long old = 0;
        int e = h == null ? -1 : find(h, a, 2);
        if (e >= 0) {
            long[] parsed = a.scratch();
            if (!Ascii.parse(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e), parsed)) {
                throw new CommandError(Errors.HASH_NOT_INTEGER);
            }
            old = parsed[0];
        }
        long value = StringCommands.incremented(old, incr);
        byte[] text = Ascii.bytes(value);
        if (h == null) h = create(c, 1);
        h.set(a.buffer(), a.offset(2), a.length(2), text, 0, text.length, c.engine().keyspace().limits());
        c.reply().integer(value);
        c.modified(1);
        c.notify(KeyEvents.HASH, "hincrby", 1);
    }

    static void hincrbyfloat(Client c) {
        Args a = c.args();
        LongDouble incr = LongDouble.parse(a.buffer(), a.offset(3), a.length(3));
        if (incr == null) throw new CommandError(Errors.NOT_FLOAT);
        if (incr.isInfinite()) throw new CommandError(Errors.INCR_IS_NAN_OR_INF);
        HashValue h = write(c, 1);
        LongDouble old = LongDouble.of(0);
        int e = h == null ? -1 : find(h, a, 2);
        if (e >= 0) {
            old = LongDouble.parse(h.valueBuffer(e), h.valueOffset(e), h.valueLength(e));
            if (old == null) throw new CommandError(Errors.HASH_NOT_FLOAT);
        }
        LongDouble sum = old.add(incr);
        if (sum == null || sum.isInfinite()) throw new CommandError(Errors.INCR_NAN_OR_INF);
        byte[] text = sum.toHumanString();
        if (h == null) h = create(c, 1);
        h.set(a.buffer(), a.offset(2), a.length(2), text, 0, text.length, c.engine().keyspace().limits());
        c.reply().bulk(text);
        // As HSET of the result, so float formatting never makes a replica or a reload differ.
        if (c.propagates()) c.propagateAs().add(Propagated.HSET).arg(1).arg(2).add(text);
        c.modified(1);
        c.notify(KeyEvents.HASH, "hincrbyfloat", 1);
    }

    // ---- HRANDFIELD ----------------------------------------------------------------------

    /** HRANDFIELD key [count [WITHVALUES]]. */
    static void hrandfield(Client c) {
        Args a = c.args();
        if (a.count() >= 3) {
            long count = Arguments.longArg(a, 2);
            if (count < -Long.MAX_VALUE) throw new CommandError(Errors.outOfRange(-Long.MAX_VALUE, Long.MAX_VALUE));
            if (a.count() > 4 || (a.count() == 4 && !a.is(3, WITHVALUES))) throw new CommandError(Errors.SYNTAX);
            boolean withValues = a.count() == 4;
            // The reply holds twice as many elements, which must stay countable.
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw new CommandError(Errors.VALUE_OUT_OF_RANGE);
            }
            withCount(c, count, withValues);
            return;
        }
        HashValue h = read(c, 1);
        if (h == null) c.reply().nullBulk();
        else replyField(c.reply(), h, h.random(c.engine().keyspace().random()));
    }

    /**
     * Redis's hrandfieldWithCountCommand: a negative count allows repeats; a count at least
     * the size returns the whole hash in its order; otherwise distinct random fields. With
     * WITHVALUES, RESP2 gets a flat array and RESP3 an array of [field, value] pairs.
     */
    private static void withCount(Client c, long requested, boolean withValues) {
        HashValue h = read(c, 1);
        ReplyWriter r = c.reply();
        if (h == null || requested == 0) {
            r.raw(Replies.EMPTY_ARRAY);
            return;
        }
        boolean pairs = withValues && r.isResp3();
        boolean flat = withValues && !r.isResp3();
        long size = h.size();
        RandomGenerator random = c.engine().keyspace().random();
        long count = Math.abs(requested);
        if (requested < 0 || count == 1) {
            r.array(flat ? count * 2 : count);
            int[] batch = new int[(int) Math.min(count, RANDOM_BATCH)];
            while (count > 0) {
                int n = (int) Math.min(count, batch.length);
                h.randomHandles(random, batch, n);
                for (int i = 0; i < n; i++) replyEntry(r, h, batch[i], withValues, pairs);
                count -= n;
            }
            return;
        }
        long replySize = Math.min(count, size);
        r.array(flat ? replySize * 2 : replySize);
        if (count >= size) {
            for (int e = h.first(); e >= 0; e = h.next(e)) replyEntry(r, h, e, withValues, pairs);
            return;
        }
        for (int e : h.randomDistinct(random, (int) count)) replyEntry(r, h, e, withValues, pairs);
    }

    private static void replyEntry(ReplyWriter r, HashValue h, int e, boolean withValues, boolean pairs) {
        if (pairs) r.array(2);
        replyField(r, h, e);
        if (withValues) replyValue(r, h, e);
    }

    // ---- HSCAN ---------------------------------------------------------------------------

    /** HSCAN key cursor [MATCH pattern] [COUNT count]: field, value pairs. */
    static void hscan(Client c) {
        Args a = c.args();
        long cursor = ScanArguments.cursor(a, 2);
        HashValue h = read(c, 1);
        if (h == null) {
            c.reply().raw(Replies.EMPTY_SCAN);
            return;
        }
        ScanArguments opt = ScanArguments.options(a, 3, false);
        HashValue.HandleList found = new HashValue.HandleList();
        cursor = h.scan(cursor, opt.count(), found);
        int pattern = opt.patternArg();
        int kept = 0;
        for (int i = 0; i < found.size(); i++) {
            if (matches(a, pattern, h, found.get(i))) kept++;
        }
        ReplyWriter r = c.reply();
        r.array(2);
        r.bulkLong(cursor);
        r.array(kept * 2L);
        for (int i = 0; i < found.size(); i++) {
            int e = found.get(i);
            if (!matches(a, pattern, h, e)) continue;
            replyField(r, h, e);
            replyValue(r, h, e);
        }
    }

    private static boolean matches(Args a, int pattern, HashValue h, int e) {
        return pattern < 0 || Glob.match(a.buffer(), a.offset(pattern), a.length(pattern),
                h.fieldBuffer(e), h.fieldOffset(e), h.fieldLength(e), false);
    }
}

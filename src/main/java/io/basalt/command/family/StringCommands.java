package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandBuffer;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.StringValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.LongDouble;

import java.nio.charset.StandardCharsets;

/** The string family (t_string.c): GET, SET and friends. */
public final class StringCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("get", StringCommands::get);
        b.bind("set", StringCommands::set);
        b.bind("setnx", StringCommands::setnx);
        b.bind("setex", StringCommands::setex);
        b.bind("psetex", StringCommands::psetex);
        b.bind("getex", StringCommands::getex);
        b.bind("getdel", StringCommands::getdel);
        b.bind("getset", StringCommands::getset);
        b.bind("mget", StringCommands::mget);
        b.bind("mset", StringCommands::mset);
        b.bind("msetnx", StringCommands::msetnx);
        b.bind("append", StringCommands::append);
        b.bind("strlen", StringCommands::strlen);
        b.bind("incr", StringCommands::incr);
        b.bind("decr", StringCommands::decr);
        b.bind("incrby", StringCommands::incrby);
        b.bind("decrby", StringCommands::decrby);
        b.bind("incrbyfloat", StringCommands::incrbyfloat);
        b.bind("getrange", StringCommands::getrange);
        b.bind("substr", StringCommands::getrange);
        b.bind("setrange", StringCommands::setrange);
        b.bind("lcs", LcsCommand::lcs);
    }

    private static final byte[] NX = bytes("NX");
    private static final byte[] XX = bytes("XX");
    private static final byte[] GET = bytes("GET");
    private static final byte[] EX = bytes("EX");
    private static final byte[] PX = bytes("PX");
    private static final byte[] EXAT = bytes("EXAT");
    private static final byte[] PXAT = bytes("PXAT");
    private static final byte[] KEEPTTL = bytes("KEEPTTL");
    private static final byte[] PERSIST = bytes("PERSIST");
    private static final byte[] ONE = Replies.ascii(":1\r\n");
    private static final byte[] ZERO = Replies.ascii(":0\r\n");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes a string value as a bulk reply without copying it. */
    static void replyValue(ReplyWriter r, Object v) {
        if (v instanceof byte[] b) r.bulk(b);
        else if (v instanceof Long l) r.bulkLong(l);
        else {
            RawString s = (RawString) v;
            r.bulk(s.buffer(), 0, s.length());
        }
    }

    /** Looks the key in argument {@code i} up for reading; fails with WRONGTYPE on a non-string. */
    static Object readString(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        int slot = c.engine().keyspace().findRead(db, a.buffer(), a.offset(i), a.length(i));
        if (slot < 0) return null;
        Object v = db.valueAt(slot);
        if (!StringValue.isString(v)) throw new CommandError(Errors.WRONGTYPE);
        return v;
    }

    static void get(Client c) {
        Object v = readString(c, 1);
        if (v == null) c.reply().nullBulk();
        else replyValue(c.reply(), v);
    }

    // SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]
    private static final int F_NX = 1, F_XX = 2, F_GET = 4, F_EX = 8, F_PX = 16, F_EXAT = 32, F_PXAT = 64, F_KEEPTTL = 128,
            F_PERSIST = 256;
    private static final int F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;
    private static final int FLAG_BITS = 0xffff;

    /**
     * Redis's parseExtendedStringArgumentsOrReply for SET ({@code set}) or GETEX: returns the
     * flags in the low 16 bits and the index of the expire argument (0 if none) above them.
     * Each expire option may repeat itself (the last wins) but not mix with another.
     */
    private static int parseExtended(Args a, boolean set) {
        int flags = 0;
        int expireArg = 0;
        for (int j = set ? 3 : 2; j < a.count(); j++) {
            boolean hasNext = j < a.count() - 1;
            int f;
            if (set && a.is(j, NX) && (flags & F_XX) == 0) flags |= F_NX;
            else if (set && a.is(j, XX) && (flags & F_NX) == 0) flags |= F_XX;
            else if (set && a.is(j, GET)) flags |= F_GET;
            else if (set && a.is(j, KEEPTTL) && (flags & (F_PERSIST | F_ANY_EXPIRE)) == 0) flags |= F_KEEPTTL;
            else if (!set && a.is(j, PERSIST) && (flags & (F_ANY_EXPIRE | F_KEEPTTL)) == 0) flags |= F_PERSIST;
            else if (hasNext && (f = expireFlag(a, j)) != 0
                    && (flags & (F_KEEPTTL | F_PERSIST | (F_ANY_EXPIRE & ~f))) == 0) {
                flags |= f;
                expireArg = ++j;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        return flags | expireArg << 16;
    }

    static void set(Client c) {
        Args a = c.args();
        int parsed = parseExtended(a, true);
        setGeneric(c, parsed & FLAG_BITS, parsed >>> 16, 2, "set", null, null);
    }

    /**
     * Redis's setGenericCommand: SET, SETNX, SETEX, PSETEX. {@code ok}/{@code abort} are the
     * replies on success and when NX/XX prevent the write (null: +OK and a null bulk).
     */
    private static void setGeneric(Client c, int flags, int expireArg, int valueArg, String command,
                                   byte[] ok, byte[] abort) {
        Args a = c.args();
        Keyspace ks = c.engine().keyspace();
        long when = expireArg == 0 ? -1 : expireMillis(a, expireArg, flags, ks.now(), command);
        if ((flags & F_GET) != 0) {
            Object old = readString(c, 1);
            if (old == null) c.reply().nullBulk();
            else replyValue(c.reply(), old);
        }
        Database db = c.db();
        int slot = ks.findWrite(db, a.buffer(), a.offset(1), a.length(1));
        boolean found = slot >= 0;
        if (((flags & F_NX) != 0 && found) || ((flags & F_XX) != 0 && !found)) {
            if ((flags & F_GET) == 0) {
                if (abort == null) c.reply().nullBulk();
                else c.reply().raw(abort);
            }
            return;
        }
        Object value = StringValue.of(a.buffer(), a.offset(valueArg), a.length(valueArg), a.scratch(), c.engine().shareIntegers());
        slot = ks.setKey(db, slot, a.buffer(), a.offset(1), a.length(1), value, (flags & F_KEEPTTL) != 0);
        c.modified(1);
        c.notify(KeyEvents.STRING, "set", 1);
        if (when >= 0) {
            db.setExpireAt(slot, when);
            // Any relative or absolute expiry propagates as an absolute one, without the other options.
            if (c.propagates()) c.propagateAs().add(Propagated.SET).arg(1).arg(valueArg).add(Propagated.PXAT).add(when);
            c.notify(KeyEvents.GENERIC, "expire", 1);
        } else if ((flags & F_GET) != 0 && c.propagates()) {
            propagateWithoutGet(c);
        }
        if ((flags & F_GET) == 0) {
            if (ok == null) c.reply().ok();
            else c.reply().raw(ok);
        }
    }

    /** SET .. GET propagates without its GET words (every one past the value, as Redis skips them). */
    private static void propagateWithoutGet(Client c) {
        Args a = c.args();
        CommandBuffer out = c.propagateAs().args(0, 3);
        for (int j = 3; j < a.count(); j++) {
            if (!a.is(j, GET)) out.arg(j);
        }
    }

    private static int expireFlag(Args a, int j) {
        if (a.is(j, EX)) return F_EX;
        if (a.is(j, PX)) return F_PX;
        if (a.is(j, EXAT)) return F_EXAT;
        if (a.is(j, PXAT)) return F_PXAT;
        return 0;
    }

    /** Redis's getExpireMillisecondsOrReply: the absolute expiry in ms, or the exact errors. */
    static long expireMillis(Args a, int i, int flags, long now, String command) {
        long v = Arguments.longArg(a, i);
        boolean seconds = (flags & (F_EX | F_EXAT)) != 0;
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) throw new CommandError(Errors.invalidExpireTime(command));
        if (seconds) v *= 1000;
        if ((flags & (F_EX | F_PX)) != 0) v += now;
        if (v <= 0) throw new CommandError(Errors.invalidExpireTime(command));
        return v;
    }

    static void setnx(Client c) {
        setGeneric(c, F_NX, 0, 2, "setnx", ONE, ZERO);
    }

    static void setex(Client c) {
        setGeneric(c, F_EX, 2, 3, "setex", null, null);
    }

    static void psetex(Client c) {
        setGeneric(c, F_PX, 2, 3, "psetex", null, null);
    }

    // GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]
    static void getex(Client c) {
        Args a = c.args();
        int parsed = parseExtended(a, false);
        int flags = parsed & FLAG_BITS, expireArg = parsed >>> 16;
        Object v = readString(c, 1);
        if (v == null) {
            c.reply().nullBulk();
            return;
        }
        Keyspace ks = c.engine().keyspace();
        long when = expireArg == 0 ? -1 : expireMillis(a, expireArg, flags, ks.now(), "getex");
        replyValue(c.reply(), v);
        Database db = c.db();
        // GETEX never propagates as itself: as a deletion, PEXPIREAT or PERSIST.
        if ((flags & (F_EXAT | F_PXAT)) != 0 && ks.alreadyExpired(when)) {
            ks.delete(db, db.slotOf(a.buffer(), a.offset(1), a.length(1)));
            Propagated.asDeletion(c, 1, c.engine().propagation().lazyExpire());
            c.modified(1);
            c.notify(KeyEvents.GENERIC, "del", 1);
        } else if (when >= 0) {
            db.setExpireAt(db.slotOf(a.buffer(), a.offset(1), a.length(1)), when);
            if (c.propagates()) c.propagateAs().add(Propagated.PEXPIREAT).arg(1).add(when);
            c.modified(1);
            c.notify(KeyEvents.GENERIC, "expire", 1);
        } else if ((flags & F_PERSIST) != 0) {
            if (db.removeExpireAt(db.slotOf(a.buffer(), a.offset(1), a.length(1)))) {
                if (c.propagates()) c.propagateAs().add(Propagated.PERSIST).arg(1);
                c.modified(1);
                c.notify(KeyEvents.GENERIC, "persist", 1);
            }
        }
    }

    static void getdel(Client c) {
        Object v = readString(c, 1);
        if (v == null) {
            c.reply().nullBulk();
            return;
        }
        replyValue(c.reply(), v);
        Args a = c.args();
        Database db = c.db();
        c.engine().keyspace().delete(db, db.slotOf(a.buffer(), a.offset(1), a.length(1)));
        Propagated.asDeletion(c, 1, c.engine().propagation().lazyUserDel());
        c.modified(1);
        c.notify(KeyEvents.GENERIC, "del", 1);
    }

    static void getset(Client c) {
        Object old = readString(c, 1);
        if (old == null) c.reply().nullBulk();
        else replyValue(c.reply(), old);
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = db.slotOf(a.buffer(), a.offset(1), a.length(1));
        Object value = StringValue.of(a.buffer(), a.offset(2), a.length(2), a.scratch(), c.engine().shareIntegers());
        ks.setKey(db, slot, a.buffer(), a.offset(1), a.length(1), value, false);
        c.propagateArgumentAs(0, Propagated.SET);
        c.modified(1);
        c.notify(KeyEvents.STRING, "set", 1);
    }

    static void mget(Client c) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        ReplyWriter r = c.reply();
        r.array(a.count() - 1);
        for (int j = 1; j < a.count(); j++) {
            int slot = ks.findRead(db, a.buffer(), a.offset(j), a.length(j));
            Object v = slot < 0 ? null : db.valueAt(slot);
            if (v == null || !StringValue.isString(v)) r.nullBulk();
            else replyValue(r, v);
        }
    }

    static void mset(Client c) {
        msetGeneric(c, false);
    }

    static void msetnx(Client c) {
        msetGeneric(c, true);
    }

    private static void msetGeneric(Client c, boolean nx) {
        Args a = c.args();
        if (a.count() % 2 == 0) throw new CommandError(Errors.wrongArity(nx ? "msetnx" : "mset"));
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        if (nx) {
            for (int j = 1; j < a.count(); j += 2) {
                if (ks.findWrite(db, a.buffer(), a.offset(j), a.length(j)) >= 0) {
                    c.reply().raw(ZERO);
                    return;
                }
            }
        }
        boolean share = c.engine().shareIntegers();
        for (int j = 1; j < a.count(); j += 2) {
            int slot = ks.findWrite(db, a.buffer(), a.offset(j), a.length(j));
            Object value = StringValue.of(a.buffer(), a.offset(j + 1), a.length(j + 1), a.scratch(), share);
            ks.setKey(db, slot, a.buffer(), a.offset(j), a.length(j), value, false);
            c.modified(j);
            c.notify(KeyEvents.STRING, "set", j);
        }
        if (nx) c.reply().raw(ONE);
        else c.reply().ok();
    }

    /** Redis's checkStringLength: the result of growing a string must fit proto-max-bulk-len (and a Java array). */
    static void checkStringLength(Client c, long size, long append) {
        long total = size + append;
        if (total < size || total > c.engine().protoMaxBulkLen() || total > RawString.MAX_LENGTH) {
            throw new CommandError(Errors.STRING_TOO_LONG);
        }
    }

    /** Looks the key in argument {@code i} up for writing; -1 when missing, WRONGTYPE on a non-string. */
    static int writeSlot(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        int slot = c.engine().keyspace().findWrite(db, a.buffer(), a.offset(i), a.length(i));
        if (slot >= 0 && !StringValue.isString(db.valueAt(slot))) throw new CommandError(Errors.WRONGTYPE);
        return slot;
    }

    /** Redis's dbUnshareStringValue: the value at {@code slot} as a growable buffer, stored back in place. */
    static RawString unshare(Database db, int slot) {
        Object v = db.valueAt(slot);
        if (v instanceof RawString r) return r;
        RawString r = StringValue.toRaw(v);
        db.setValueAt(slot, r);
        return r;
    }

    static void append(Client c) {
        Args a = c.args();
        Database db = c.db();
        int slot = writeSlot(c, 1);
        long total;
        if (slot < 0) {
            Object value = StringValue.of(a.buffer(), a.offset(2), a.length(2), a.scratch(), c.engine().shareIntegers());
            c.engine().keyspace().setKey(db, -1, a.buffer(), a.offset(1), a.length(1), value, false);
            total = a.length(2);
        } else {
            checkStringLength(c, StringValue.length(db.valueAt(slot)), a.length(2));
            RawString r = unshare(db, slot);
            r.append(a.buffer(), a.offset(2), a.length(2));
            total = r.length();
        }
        c.modified(1);
        c.notify(KeyEvents.STRING, "append", 1);
        c.reply().integer(total);
    }

    static void strlen(Client c) {
        Object v = readString(c, 1);
        c.reply().integer(v == null ? 0 : StringValue.length(v));
    }

    // ---- INCR family ---------------------------------------------------------------------

    /** Redis's getLongLongFromObject on a stored string value. */
    private static long storedLong(Args a, Object v) {
        if (v instanceof Long l) return l;
        long[] h = a.scratch();
        boolean ok = v instanceof byte[] b ? Ascii.parse(b, 0, b.length, h)
                : Ascii.parse(((RawString) v).buffer(), 0, ((RawString) v).length(), h);
        if (!ok) throw new CommandError(Errors.NOT_INTEGER);
        return h[0];
    }

    static void incr(Client c) {
        incrDecr(c, 1);
    }

    static void decr(Client c) {
        incrDecr(c, -1);
    }

    static void incrby(Client c) {
        incrDecr(c, Arguments.longArg(c.args(), 2));
    }

    static void decrby(Client c) {
        long incr = Arguments.longArg(c.args(), 2);
        if (incr == Long.MIN_VALUE) throw new CommandError(Errors.DECR_OVERFLOW);
        incrDecr(c, -incr);
    }

    /** {@code old + incr}, or Redis's overflow error (INCRBY, DECRBY, HINCRBY). */
    static long incremented(long old, long incr) {
        if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old) || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
            throw new CommandError(Errors.INCR_OVERFLOW);
        }
        return old + incr;
    }

    private static void incrDecr(Client c, long incr) {
        Args a = c.args();
        Database db = c.db();
        int slot = writeSlot(c, 1);
        long old = slot < 0 ? 0 : storedLong(c.args(), db.valueAt(slot));
        long value = incremented(old, incr);
        c.engine().keyspace().setKey(db, slot, a.buffer(), a.offset(1), a.length(1),
                StringValue.ofLong(value, c.engine().shareIntegers()), true);
        c.modified(1);
        c.notify(KeyEvents.STRING, "incrby", 1);
        c.reply().integer(value);
    }

    /** A stored string value as Redis's getLongDoubleFromObject reads it; null when it is not a float. */
    private static LongDouble storedLongDouble(Object v) {
        if (v instanceof Long l) return LongDouble.of(l);
        return LongDouble.parse(StringValue.view(v), 0, StringValue.length(v));
    }

    static void incrbyfloat(Client c) {
        Args a = c.args();
        Database db = c.db();
        int slot = writeSlot(c, 1);
        LongDouble value = slot < 0 ? LongDouble.of(0) : storedLongDouble(db.valueAt(slot));
        if (value == null) throw new CommandError(Errors.NOT_FLOAT);
        LongDouble incr = LongDouble.parse(a.buffer(), a.offset(2), a.length(2));
        if (incr == null) throw new CommandError(Errors.NOT_FLOAT);
        LongDouble sum = value.add(incr);
        if (sum == null || sum.isInfinite()) throw new CommandError(Errors.INCR_NAN_OR_INF);
        // createStringObject: the text is stored as is (embstr or raw), never int-encoded.
        byte[] text = sum.toHumanString();
        c.engine().keyspace().setKey(db, slot, a.buffer(), a.offset(1), a.length(1), text, true);
        // The result, not the increment, so float formatting never makes a replica or a reload differ.
        if (c.propagates()) c.propagateAs().add(Propagated.SET).arg(1).add(text).add(Propagated.KEEPTTL);
        c.modified(1);
        c.notify(KeyEvents.STRING, "incrbyfloat", 1);
        c.reply().bulk(text);
    }

    // ---- ranges --------------------------------------------------------------------------

    static void getrange(Client c) {
        Args a = c.args();
        long start = Arguments.longArg(a, 2);
        long end = Arguments.longArg(a, 3);
        Object v = readString(c, 1);
        ReplyWriter r = c.reply();
        if (v == null) {
            r.raw(Replies.EMPTY_BULK);
            return;
        }
        long len = StringValue.length(v);
        if (start < 0 && end < 0 && start > end) {
            r.raw(Replies.EMPTY_BULK);
            return;
        }
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) r.raw(Replies.EMPTY_BULK);
        else r.bulk(StringValue.view(v), (int) start, (int) (end - start + 1));
    }

    static void setrange(Client c) {
        Args a = c.args();
        long offset = Arguments.longArg(a, 2);
        if (offset < 0) throw new CommandError(Errors.OFFSET_OUT_OF_RANGE);
        int n = a.length(3);
        Database db = c.db();
        int slot = writeSlot(c, 1);
        RawString r;
        if (slot < 0) {
            if (n == 0) {
                c.reply().raw(ZERO);
                return;
            }
            checkStringLength(c, offset, n);
            r = new RawString(new byte[(int) offset + n], 0);
            c.engine().keyspace().setKey(db, -1, a.buffer(), a.offset(1), a.length(1), r, false);
        } else {
            if (n == 0) {
                c.reply().integer(StringValue.length(db.valueAt(slot)));
                return;
            }
            checkStringLength(c, offset, n);
            r = unshare(db, slot);
        }
        r.ensureLength((int) offset + n);
        System.arraycopy(a.buffer(), a.offset(3), r.buffer(), (int) offset, n);
        c.modified(1);
        c.notify(KeyEvents.STRING, "setrange", 1);
        c.reply().integer(r.length());
    }
}

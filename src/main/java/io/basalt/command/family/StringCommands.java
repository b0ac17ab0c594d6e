package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.StringValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;

/** The string family (t_string.c): GET, SET and friends. */
public final class StringCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("get", StringCommands::get);
        b.bind("set", StringCommands::set);
    }

    private static final byte[] NX = bytes("NX");
    private static final byte[] XX = bytes("XX");
    private static final byte[] GET = bytes("GET");
    private static final byte[] EX = bytes("EX");
    private static final byte[] PX = bytes("PX");
    private static final byte[] EXAT = bytes("EXAT");
    private static final byte[] PXAT = bytes("PXAT");
    private static final byte[] KEEPTTL = bytes("KEEPTTL");

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
    private static final int F_NX = 1, F_XX = 2, F_GET = 4, F_EX = 8, F_PX = 16, F_EXAT = 32, F_PXAT = 64, F_KEEPTTL = 128;
    private static final int F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

    static void set(Client c) {
        Args a = c.args();
        int flags = 0;
        int expireArg = -1;
        for (int j = 3; j < a.count(); j++) {
            boolean hasNext = j < a.count() - 1;
            if (a.is(j, NX) && (flags & F_XX) == 0) flags |= F_NX;
            else if (a.is(j, XX) && (flags & F_NX) == 0) flags |= F_XX;
            else if (a.is(j, GET)) flags |= F_GET;
            else if (a.is(j, KEEPTTL) && (flags & F_ANY_EXPIRE) == 0) flags |= F_KEEPTTL;
            else if (hasNext && (flags & (F_KEEPTTL | F_ANY_EXPIRE)) == 0 && expireFlag(a, j) != 0) {
                flags |= expireFlag(a, j);
                expireArg = ++j;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        Keyspace ks = c.engine().keyspace();
        long when = expireArg < 0 ? -1 : expireMillis(a, expireArg, flags, ks.now(), "set");
        if ((flags & F_GET) != 0) {
            Object old = readString(c, 1);
            if (old == null) c.reply().nullBulk();
            else replyValue(c.reply(), old);
        }
        Database db = c.db();
        int slot = ks.findWrite(db, a.buffer(), a.offset(1), a.length(1));
        boolean found = slot >= 0;
        if (((flags & F_NX) != 0 && found) || ((flags & F_XX) != 0 && !found)) {
            if ((flags & F_GET) == 0) c.reply().nullBulk();
            return;
        }
        Object value = StringValue.of(a.copy(2), c.engine().shareIntegers());
        slot = ks.setKey(db, slot, a.buffer(), a.offset(1), a.length(1), value, (flags & F_KEEPTTL) != 0);
        c.modified(1);
        c.notify(KeyEvents.STRING, "set", 1);
        if (when >= 0) {
            db.setExpireAt(slot, when);
            c.notify(KeyEvents.GENERIC, "expire", 1);
        }
        if ((flags & F_GET) == 0) c.reply().ok();
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
}

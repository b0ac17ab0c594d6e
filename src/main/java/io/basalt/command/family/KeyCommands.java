package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Help;
import io.basalt.command.Propagation;
import io.basalt.command.spi.DatasetStore;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.TypeNames;
import io.basalt.keyspace.type.Values;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generic keyspace family (Redis's db.c, expire.c and OBJECT from object.c): commands
 * that work on keys whatever their type.
 */
public final class KeyCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("del", KeyCommands::del);
        b.bind("unlink", KeyCommands::del);
        b.bind("exists", KeyCommands::exists);
        b.bind("type", KeyCommands::type);
        b.bind("expire", c -> expire(c, "expire", true, true));
        b.bind("pexpire", c -> expire(c, "pexpire", true, false));
        b.bind("expireat", c -> expire(c, "expireat", false, true));
        b.bind("pexpireat", c -> expire(c, "pexpireat", false, false));
        b.bind("ttl", c -> ttl(c, false, false));
        b.bind("pttl", c -> ttl(c, true, false));
        b.bind("expiretime", c -> ttl(c, false, true));
        b.bind("pexpiretime", c -> ttl(c, true, true));
        b.bind("persist", KeyCommands::persist);
        b.bind("keys", KeyCommands::keys);
        b.bind("scan", KeyCommands::scan);
        b.bind("randomkey", KeyCommands::randomkey);
        b.bind("rename", c -> rename(c, false));
        b.bind("renamenx", c -> rename(c, true));
        b.bind("copy", KeyCommands::copy);
        b.bind("move", KeyCommands::move);
        b.bind("touch", KeyCommands::touch);
        b.bind("object|encoding", KeyCommands::objectEncoding);
        b.bind("object|freq", KeyCommands::objectFreq);
        b.bind("object|idletime", KeyCommands::objectIdletime);
        b.bind("object|refcount", KeyCommands::objectRefcount);
        b.bind("object|help", KeyCommands::objectHelp);
        b.bind("dbsize", KeyCommands::dbsize);
        b.bind("flushdb", c -> flush(c, false));
        b.bind("flushall", c -> flush(c, true));
        b.bind("swapdb", KeyCommands::swapdb);
    }

    private static final byte[] NX = bytes("NX");
    private static final byte[] XX = bytes("XX");
    private static final byte[] GT = bytes("GT");
    private static final byte[] LT = bytes("LT");
    private static final byte[] REPLACE = bytes("REPLACE");
    private static final byte[] DB = bytes("DB");
    private static final byte[] SYNC = bytes("SYNC");
    private static final byte[] ASYNC = bytes("ASYNC");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- lookups --------------------------------------------------------------------------

    /**
     * Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): expires lazily and counts a hit or a
     * miss, but leaves the access time alone. -1 when missing.
     */
    static int peek(Client c, Database db, byte[] b, int off, int len, boolean notifyMiss) {
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findQuiet(db, b, off, len);
        if (slot < 0) {
            ks.stats().misses++;
            if (notifyMiss) c.notify(KeyEvents.KEY_MISS, "keymiss", b, off, len, db.id());
            return -1;
        }
        ks.stats().hits++;
        return slot;
    }

    private static int peekArg(Client c, int i, boolean notifyMiss) {
        Args a = c.args();
        return peek(c, c.db(), a.buffer(), a.offset(i), a.length(i), notifyMiss);
    }

    private static int findWrite(Client c, Database db, int i) {
        Args a = c.args();
        return c.engine().keyspace().findWrite(db, a.buffer(), a.offset(i), a.length(i));
    }

    /** WATCH/tracking signal for a key of another database, or a second key, without counting it dirty. */
    private static void signal(Client c, Database db, int i) {
        Args a = c.args();
        c.engine().keyspace().modified(db, a.buffer(), a.offset(i), a.length(i));
    }

    private static void notify(Client c, int type, String event, Database db, int i) {
        Args a = c.args();
        c.notify(type, event, a.buffer(), a.offset(i), a.length(i), db.id());
    }

    /** A database index argument as Redis's getIntFromObjectOrReply + selectDb check it. */
    private static Database dbArg(Client c, int i) {
        long id = Arguments.intArg(c.args(), i);
        Keyspace ks = c.engine().keyspace();
        if (id < 0 || id >= ks.count()) throw new CommandError(Errors.DB_INDEX_OUT_OF_RANGE);
        return ks.db((int) id);
    }

    // ---- DEL, UNLINK, EXISTS, TYPE, TOUCH ----------------------------------------------------

    /** DEL and UNLINK: the old tables of a deleted value become garbage at once, so both are "lazy". */
    static void del(Client c) {
        Args a = c.args();
        Keyspace ks = c.engine().keyspace();
        Database db = c.db();
        long deleted = 0;
        for (int j = 1; j < a.count(); j++) {
            int slot = ks.findQuiet(db, a.buffer(), a.offset(j), a.length(j));
            if (slot < 0) continue;
            ks.delete(db, slot);
            c.modified(j);
            c.notify(KeyEvents.GENERIC, "del", j);
            deleted++;
        }
        c.reply().integer(deleted);
    }

    static void exists(Client c) {
        Args a = c.args();
        long count = 0;
        for (int j = 1; j < a.count(); j++) {
            if (peekArg(c, j, true) >= 0) count++;
        }
        c.reply().integer(count);
    }

    static void type(Client c) {
        int slot = peekArg(c, 1, true);
        c.reply().simple(TypeNames.of(slot < 0 ? null : c.db().valueAt(slot)));
    }

    static void touch(Client c) {
        Args a = c.args();
        Keyspace ks = c.engine().keyspace();
        long touched = 0;
        for (int j = 1; j < a.count(); j++) {
            if (ks.findRead(c.db(), a.buffer(), a.offset(j), a.length(j)) >= 0) touched++;
        }
        c.reply().integer(touched);
    }

    // ---- expiry ---------------------------------------------------------------------------

    private static final int E_NX = 1, E_XX = 2, E_GT = 4, E_LT = 8;

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT key time [NX | XX | GT | LT]. Options are
     * checked before the time, as Redis does; a time already past deletes the key.
     */
    static void expire(Client c, String name, boolean relative, boolean seconds) {
        Args a = c.args();
        int flags = 0;
        for (int j = 3; j < a.count(); j++) {
            if (a.is(j, NX)) flags |= E_NX;
            else if (a.is(j, XX)) flags |= E_XX;
            else if (a.is(j, GT)) flags |= E_GT;
            else if (a.is(j, LT)) flags |= E_LT;
            else {
                c.reply().error(Errors.unsupportedOption(a.buffer(), a.offset(j), a.length(j)));
                return;
            }
        }
        if ((flags & E_NX) != 0 && (flags & (E_XX | E_GT | E_LT)) != 0) {
            throw new CommandError(Errors.EXPIRE_NX_AND_OTHERS);
        }
        if ((flags & E_GT) != 0 && (flags & E_LT) != 0) throw new CommandError(Errors.EXPIRE_GT_AND_LT);

        Keyspace ks = c.engine().keyspace();
        long when = Arguments.longArg(a, 2);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw new CommandError(Errors.invalidExpireTime(name));
            }
            when *= 1000;
        }
        long base = relative ? ks.now() : 0;
        if (when > Long.MAX_VALUE - base) throw new CommandError(Errors.invalidExpireTime(name));
        when += base;

        Database db = c.db();
        int slot = findWrite(c, db, 1);
        if (slot < 0) {
            c.reply().integer(0);
            return;
        }
        if (flags != 0) {
            long current = db.expireOf(db.keyAt(slot));
            boolean refused = ((flags & E_NX) != 0 && current != -1)
                    || ((flags & E_XX) != 0 && current == -1)
                    || ((flags & E_GT) != 0 && (current == -1 || when <= current))
                    || ((flags & E_LT) != 0 && current != -1 && when >= current);
            if (refused) {
                c.reply().integer(0);
                return;
            }
        }
        if (ks.alreadyExpired(when)) {
            ks.delete(db, slot);
            Propagated.asDeletion(c, 1, c.engine().propagation().lazyExpire());
            c.modified(1);
            c.notify(KeyEvents.GENERIC, "del", 1);
        } else {
            db.setExpireAt(slot, when);
            // As PEXPIREAT with the absolute time; the NX/XX/GT/LT words stay.
            if (relative || seconds) {
                c.propagateArgumentAs(0, Propagated.PEXPIREAT);
                if (c.propagates()) c.propagateArgumentAs(2, Ascii.bytes(when));
            }
            c.modified(1);
            c.notify(KeyEvents.GENERIC, "expire", 1);
        }
        c.reply().integer(1);
    }

    /** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 for one without expiry. */
    static void ttl(Client c, boolean millis, boolean absolute) {
        int slot = peekArg(c, 1, true);
        if (slot < 0) {
            c.reply().integer(-2);
            return;
        }
        Database db = c.db();
        long expire = db.expireOf(db.keyAt(slot));
        if (expire == -1) {
            c.reply().integer(-1);
            return;
        }
        long ttl = absolute ? expire : expire - c.engine().keyspace().now();
        if (ttl < 0) ttl = 0;
        c.reply().integer(millis ? ttl : (ttl + 500) / 1000);
    }

    static void persist(Client c) {
        Database db = c.db();
        int slot = findWrite(c, db, 1);
        if (slot >= 0 && db.removeExpireAt(slot)) {
            c.modified(1);
            c.notify(KeyEvents.GENERIC, "persist", 1);
            c.reply().integer(1);
        } else {
            c.reply().integer(0);
        }
    }

    // ---- KEYS, SCAN, RANDOMKEY, DBSIZE ----------------------------------------------------------

    /** KEYS pattern: logically expired keys are skipped, not deleted (Redis's keyIsExpired). */
    static void keys(Client c) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        byte[] buf = a.buffer();
        int poff = a.offset(1), plen = a.length(1);
        boolean all = plen == 1 && buf[poff] == '*';
        List<byte[]> out = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = db.scan(cursor, slot -> {
                byte[] key = db.keyAt(slot);
                if ((all || Glob.match(buf, poff, plen, key, 0, key.length, false)) && !ks.isExpired(db, slot)) {
                    out.add(key);
                }
            });
        } while (cursor != 0);
        ReplyWriter r = c.reply();
        r.array(out.size());
        for (byte[] k : out) r.bulk(k);
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: Redis's scanGenericCommand for the keyspace. */
    static void scan(Client c) {
        Args a = c.args();
        long cursor = ScanArguments.cursor(a, 1);
        ScanArguments opt = ScanArguments.options(a, 2, true);
        long count = opt.count();
        int pattern = opt.patternArg();
        int type = opt.typeArg();

        Database db = c.db();
        List<byte[]> keys = new ArrayList<>();
        // Ten times COUNT buckets at most, so a sparse table cannot stall the server.
        long maxIterations = count * 10;
        do {
            cursor = db.scan(cursor, slot -> keys.add(db.keyAt(slot)));
        } while (cursor != 0 && maxIterations-- != 0 && keys.size() < count);

        Keyspace ks = c.engine().keyspace();
        byte[] wanted = type < 0 ? null : cBytes(a, type);
        int kept = 0;
        for (byte[] key : keys) {
            boolean filter = pattern >= 0
                    && !Glob.match(a.buffer(), a.offset(pattern), a.length(pattern), key, 0, key.length, false);
            if (!filter && wanted != null) {
                int slot = peek(c, db, key, 0, key.length, true);
                // A key that expired here reads as "none" and is then no longer expired: TYPE none keeps it, like Redis.
                filter = !equalsIgnoreCase(wanted, TypeNames.of(slot < 0 ? null : db.valueAt(slot)));
            }
            if (!filter) {
                int slot = db.slotOf(key);
                filter = slot >= 0 && ks.expireIfNeeded(db, slot);
            }
            if (!filter) keys.set(kept++, key);
        }
        ReplyWriter r = c.reply();
        r.array(2);
        r.bulkLong(cursor);
        r.array(kept);
        for (int i = 0; i < kept; i++) r.bulk(keys.get(i));
    }

    /** The argument up to its first NUL, as C's string functions see it. */
    private static byte[] cBytes(Args a, int i) {
        int n = 0;
        while (n < a.length(i) && a.byteAt(i, n) != 0) n++;
        return Arrays.copyOfRange(a.buffer(), a.offset(i), a.offset(i) + n);
    }

    /** strcasecmp in the C locale: ASCII letters fold, nothing else does. */
    private static boolean equalsIgnoreCase(byte[] b, String name) {
        if (b.length != name.length()) return false;
        for (int i = 0; i < b.length; i++) {
            if (Ascii.toLower(b[i]) != name.charAt(i)) return false;
        }
        return true;
    }

    static void randomkey(Client c) {
        Database db = c.db();
        int slot = c.engine().keyspace().randomLiveSlot(db);
        if (slot < 0) c.reply().nullBulk();
        else c.reply().bulk(db.keyAt(slot));
    }

    /** DBSIZE counts keys whose expiry has passed but which nobody has deleted yet, as Redis does. */
    static void dbsize(Client c) {
        c.reply().integer(c.db().size());
    }

    // ---- RENAME, MOVE, COPY ---------------------------------------------------------------

    static void rename(Client c, boolean nx) {
        Args a = c.args();
        boolean sameKey = Arrays.equals(a.buffer(), a.offset(1), a.offset(1) + a.length(1),
                a.buffer(), a.offset(2), a.offset(2) + a.length(2));
        Database db = c.db();
        int slot = findWrite(c, db, 1);
        if (slot < 0) throw new CommandError(Errors.NO_SUCH_KEY);
        if (sameKey) {
            if (nx) c.reply().integer(0);
            else c.reply().ok();
            return;
        }
        Object value = db.valueAt(slot);
        int lru = db.lruAt(slot);
        long expire = db.expireOf(db.keyAt(slot));
        int dst = findWrite(c, db, 2);
        if (dst >= 0) {
            if (nx) {
                c.reply().integer(0);
                return;
            }
            db.deleteAt(dst);
        }
        db.deleteAt(db.slotOf(a.buffer(), a.offset(1), a.length(1)));
        int added = c.engine().keyspace().add(db, a.copy(2), value, lru);
        if (expire != -1) db.setExpireAt(added, expire);
        c.modified(1);
        signal(c, db, 2);
        c.notify(KeyEvents.GENERIC, "rename_from", 1);
        c.notify(KeyEvents.GENERIC, "rename_to", 2);
        if (nx) c.reply().integer(1);
        else c.reply().ok();
    }

    static void move(Client c) {
        Database src = c.db();
        Database dst = dbArg(c, 2);
        if (src == dst) throw new CommandError(Errors.SAME_OBJECT);
        int slot = findWrite(c, src, 1);
        if (slot < 0 || findWrite(c, dst, 1) >= 0) {
            c.reply().integer(0);
            return;
        }
        Object value = src.valueAt(slot);
        int lru = src.lruAt(slot);
        long expire = src.expireOf(src.keyAt(slot));
        int added = c.engine().keyspace().add(dst, c.args().copy(1), value, lru);
        if (expire != -1) dst.setExpireAt(added, expire);
        src.deleteAt(slot);
        c.modified(1);
        signal(c, dst, 1);
        notify(c, KeyEvents.GENERIC, "move_from", src, 1);
        notify(c, KeyEvents.GENERIC, "move_to", dst, 1);
        c.reply().integer(1);
    }

    /** COPY source destination [DB destination-db] [REPLACE]. */
    static void copy(Client c) {
        Args a = c.args();
        Database src = c.db();
        Database dst = src;
        boolean replace = false;
        for (int j = 3; j < a.count(); j++) {
            if (a.is(j, REPLACE)) {
                replace = true;
            } else if (a.is(j, DB) && j + 1 < a.count()) {
                dst = dbArg(c, ++j);
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        if (src == dst && Arrays.equals(a.buffer(), a.offset(1), a.offset(1) + a.length(1),
                a.buffer(), a.offset(2), a.offset(2) + a.length(2))) {
            throw new CommandError(Errors.SAME_OBJECT);
        }
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findRead(src, a.buffer(), a.offset(1), a.length(1));
        if (slot < 0) {
            c.reply().integer(0);
            return;
        }
        Object value = src.valueAt(slot);
        long expire = src.expireOf(src.keyAt(slot));
        int existing = findWrite(c, dst, 2);
        if (existing >= 0 && !replace) {
            c.reply().integer(0);
            return;
        }
        Object copy = Values.duplicate(value);
        if (existing >= 0) dst.deleteAt(existing);
        int added = ks.add(dst, a.copy(2), copy);
        if (expire != -1) dst.setExpireAt(added, expire);
        signal(c, dst, 2);
        notify(c, KeyEvents.GENERIC, "copy_to", dst, 2);
        c.engine().stats().dirty++;
        c.reply().integer(1);
    }

    // ---- OBJECT ---------------------------------------------------------------------------

    /** OBJECT's lookup: no access-time update and no keymiss event; a missing key replies null. */
    private static int objectLookup(Client c) {
        int slot = peekArg(c, 2, false);
        if (slot < 0) c.reply().nullBulk();
        return slot;
    }

    static void objectEncoding(Client c) {
        int slot = objectLookup(c);
        if (slot >= 0) c.reply().bulk(Values.encoding(c.db().valueAt(slot)));
    }

    static void objectRefcount(Client c) {
        int slot = objectLookup(c);
        if (slot >= 0) c.reply().integer(Values.refcount(c.db().valueAt(slot)));
    }

    static void objectIdletime(Client c) {
        int slot = objectLookup(c);
        if (slot < 0) return;
        Keyspace ks = c.engine().keyspace();
        if (ks.access().isLfu()) throw new CommandError(Errors.LFU_SELECTED);
        c.reply().integer(ks.access().idleMillis(c.db().lruAt(slot)) / 1000);
    }

    static void objectFreq(Client c) {
        int slot = objectLookup(c);
        if (slot < 0) return;
        Keyspace ks = c.engine().keyspace();
        if (!ks.access().isLfu()) throw new CommandError(Errors.LFU_NOT_SELECTED);
        c.reply().integer(ks.access().frequency(c.db().lruAt(slot)));
    }

    private static final String[] OBJECT_HELP = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    };

    static void objectHelp(Client c) {
        Help.reply(c, "OBJECT", OBJECT_HELP);
    }

    // ---- FLUSHDB, FLUSHALL, SWAPDB --------------------------------------------------------

    /** FLUSHDB / FLUSHALL [ASYNC | SYNC]: the old tables become garbage at once, so both modes are the same. */
    static void flush(Client c, boolean all) {
        Args a = c.args();
        if (a.count() > 2 || (a.count() == 2 && !a.is(1, SYNC) && !a.is(1, ASYNC))) {
            throw new CommandError(Errors.SYNTAX);
        }
        Keyspace ks = c.engine().keyspace();
        if (all) {
            long removed = 0;
            for (int i = 0; i < ks.count(); i++) removed += ks.db(i).size();
            ks.flushAll();
            c.engine().stats().dirty += removed;
            DatasetStore store = c.engine().service(DatasetStore.class);
            if (store != null) store.flushedAll();
        } else {
            c.engine().stats().dirty += c.db().size();
            ks.flush(c.db());
        }
        // Even an empty dataset's flush propagates (the replica or AOF may hold keys).
        c.forcePropagation(Propagation.ALL);
        c.reply().ok();
    }

    static void swapdb(Client c) {
        Args a = c.args();
        long first = Arguments.longArg(a, 1, Errors.INVALID_FIRST_DB_INDEX);
        if (first != (int) first) throw new CommandError(Errors.INVALID_FIRST_DB_INDEX);
        long second = Arguments.longArg(a, 2, Errors.INVALID_SECOND_DB_INDEX);
        if (second != (int) second) throw new CommandError(Errors.INVALID_SECOND_DB_INDEX);
        Keyspace ks = c.engine().keyspace();
        if (first < 0 || first >= ks.count() || second < 0 || second >= ks.count()) {
            throw new CommandError(Errors.DB_INDEX_OUT_OF_RANGE);
        }
        if (first != second) {
            ks.swap((int) first, (int) second);
            c.engine().blocking().signalDatabases((int) first, (int) second);
        }
        c.engine().stats().dirty++;
        c.reply().ok();
    }
}

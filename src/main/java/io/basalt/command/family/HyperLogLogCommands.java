package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.HyperLogLog;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.StringValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;

/**
 * The HyperLogLog family (hyperloglog.c): PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
 * An HLL is a string value in Redis's representation ({@link HyperLogLog}); every command
 * that writes it first makes it a private growable buffer, as dbUnshareStringValue does.
 */
public final class HyperLogLogCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("pfadd", HyperLogLogCommands::pfadd);
        b.bind("pfcount", HyperLogLogCommands::pfcount);
        b.bind("pfmerge", HyperLogLogCommands::pfmerge);
        b.bind("pfdebug", HyperLogLogCommands::pfdebug);
        b.bind("pfselftest", HyperLogLogCommands::pfselftest);
    }

    private static final byte[] ONE = Replies.ascii(":1\r\n");
    private static final byte[] ZERO = Replies.ascii(":0\r\n");
    private static final byte[] DENSE = Replies.ascii("+dense\r\n");
    private static final byte[] SPARSE = Replies.ascii("+sparse\r\n");
    private static final byte[] GETREG = Ascii.bytes("GETREG");
    private static final byte[] DECODE = Ascii.bytes("DECODE");
    private static final byte[] ENCODING = Ascii.bytes("ENCODING");
    private static final byte[] TODENSE = Ascii.bytes("TODENSE");

    /** Redis's isHLLObjectOrReply: the generic WRONGTYPE for another type, the HLL one for a string that is no HLL. */
    private static void checkHll(Object value) {
        if (!StringValue.isString(value)) throw new CommandError(Errors.WRONGTYPE);
        if (!HyperLogLog.isValid(value)) throw new CommandError(Errors.HLL_WRONGTYPE);
    }

    /** Creates an empty HLL under the key in argument {@code i}. */
    private static RawString create(Client c, int i) {
        Args a = c.args();
        RawString h = HyperLogLog.create();
        c.engine().keyspace().setKey(c.db(), -1, a.buffer(), a.offset(i), a.length(i), h, false);
        return h;
    }

    // PFADD key [element ...]
    static void pfadd(Client c) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findWrite(db, a.buffer(), a.offset(1), a.length(1));
        int updated = 0;
        RawString h;
        if (slot < 0) {
            h = create(c, 1);
            updated++;
        } else {
            checkHll(db.valueAt(slot));
            h = StringCommands.unshare(db, slot);
        }
        long sparseMaxBytes = ks.limits().hllSparseMaxBytes;
        for (int j = 2; j < a.count(); j++) {
            int changed = HyperLogLog.add(h, a.buffer(), a.offset(j), a.length(j), sparseMaxBytes);
            // Registers raised by earlier elements stay raised, unsignalled, as in Redis.
            if (changed < 0) throw new CommandError(Errors.HLL_CORRUPTED);
            updated += changed;
        }
        if (updated > 0) {
            c.modified(1);
            c.engine().stats().dirty += updated - 1;
            c.notify(KeyEvents.STRING, "pfadd", 1);
            HyperLogLog.invalidateCache(h.buffer());
        }
        c.reply().raw(updated > 0 ? ONE : ZERO);
    }

    // PFCOUNT key [key ...]
    static void pfcount(Client c) {
        Args a = c.args();
        if (a.count() > 2) {
            byte[] max = new byte[HyperLogLog.REGISTERS];
            mergeSources(c, 1, max);
            c.reply().integer(HyperLogLog.countRegisters(max));
            return;
        }
        Database db = c.db();
        int slot = c.engine().keyspace().findRead(db, a.buffer(), a.offset(1), a.length(1));
        if (slot < 0) {
            c.reply().raw(ZERO);
            return;
        }
        checkHll(db.valueAt(slot));
        RawString h = StringCommands.unshare(db, slot);
        byte[] s = h.buffer();
        long card;
        if (HyperLogLog.isCacheValid(s)) {
            card = HyperLogLog.cachedCardinality(s);
        } else {
            card = HyperLogLog.count(s, h.length());
            if (card < 0) throw new CommandError(Errors.HLL_CORRUPTED);
            HyperLogLog.setCachedCardinality(s, card);
            // Caching rewrites the string: a modification (WATCH, dirty) though not an event.
            c.modified(1);
        }
        c.reply().integer(card);
    }

    /**
     * Raises {@code max} to the registers of the HLLs in arguments {@code from} on (missing
     * keys count as empty); returns true if one of them is dense.
     */
    private static boolean mergeSources(Client c, int from, byte[] max) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        boolean dense = false;
        for (int j = from; j < a.count(); j++) {
            int slot = ks.findRead(db, a.buffer(), a.offset(j), a.length(j));
            if (slot < 0) continue;
            Object v = db.valueAt(slot);
            checkHll(v);
            byte[] s = StringValue.view(v);
            if (HyperLogLog.encoding(s) == HyperLogLog.DENSE) dense = true;
            if (!HyperLogLog.mergeInto(max, s, StringValue.length(v))) throw new CommandError(Errors.HLL_CORRUPTED);
        }
        return dense;
    }

    // PFMERGE destkey [sourcekey ...]: the destination is itself one of the merged HLLs.
    static void pfmerge(Client c) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean dense = mergeSources(c, 1, max);
        int slot = ks.findWrite(db, a.buffer(), a.offset(1), a.length(1));
        RawString h = slot < 0 ? create(c, 1) : StringCommands.unshare(db, slot);
        if (!HyperLogLog.store(h, max, dense, ks.limits().hllSparseMaxBytes)) {
            throw new CommandError(Errors.HLL_CORRUPTED);
        }
        c.modified(1);
        // Redis reports a merge as "pfadd": in effect it adds many elements at once.
        c.notify(KeyEvents.STRING, "pfadd", 1);
        c.reply().ok();
    }

    // PFDEBUG GETREG|DECODE|ENCODING|TODENSE key
    static void pfdebug(Client c) {
        Args a = c.args();
        Database db = c.db();
        int slot = c.engine().keyspace().findWrite(db, a.buffer(), a.offset(2), a.length(2));
        if (slot < 0) throw new CommandError(Errors.PFDEBUG_NO_SUCH_KEY);
        checkHll(db.valueAt(slot));
        RawString h = StringCommands.unshare(db, slot);
        // Redis compares the subcommand as a C string: up to a NUL byte.
        byte[] b = a.buffer();
        int off = a.offset(1), len = 0;
        while (len < a.length(1) && b[off + len] != 0) len++;
        ReplyWriter r = c.reply();
        if (Ascii.equalsIgnoreCase(b, off, len, GETREG)) {
            toDense(c, h);
            byte[] s = h.buffer();
            r.array(HyperLogLog.REGISTERS);
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) r.integer(HyperLogLog.register(s, i));
        } else if (Ascii.equalsIgnoreCase(b, off, len, DECODE)) {
            if (HyperLogLog.encoding(h.buffer()) != HyperLogLog.SPARSE) throw new CommandError(Errors.HLL_NOT_SPARSE);
            r.bulk(HyperLogLog.decode(h.buffer(), h.length()));
        } else if (Ascii.equalsIgnoreCase(b, off, len, ENCODING)) {
            r.raw(HyperLogLog.encoding(h.buffer()) == HyperLogLog.DENSE ? DENSE : SPARSE);
        } else if (Ascii.equalsIgnoreCase(b, off, len, TODENSE)) {
            r.raw(toDense(c, h) ? ONE : ZERO);
        } else {
            r.error(Errors.unknownPfdebugSubcommand(b, off, a.length(1)));
        }
    }

    /** Converts a sparse HLL to dense; true if it was sparse. Counts dirty (to propagate) without signalling the key, as Redis does. */
    private static boolean toDense(Client c, RawString h) {
        if (HyperLogLog.encoding(h.buffer()) != HyperLogLog.SPARSE) return false;
        if (!HyperLogLog.toDense(h)) throw new CommandError(Errors.HLL_CORRUPTED);
        c.engine().stats().dirty++;
        return true;
    }

    static void pfselftest(Client c) {
        Keyspace ks = c.engine().keyspace();
        String failure = HyperLogLog.selfTest(ks.random(), ks.limits().hllSparseMaxBytes);
        if (failure == null) c.reply().ok();
        else c.reply().error("ERR " + failure);
    }
}

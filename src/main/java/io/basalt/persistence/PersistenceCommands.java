package io.basalt.persistence;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Engine;
import io.basalt.config.Directives;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.Ascii;

/** SAVE, BGSAVE, BGREWRITEAOF, DUMP and RESTORE; installs the engine's {@link Persistence}. */
public final class PersistenceCommands implements CommandFamily {
    private static final byte[] SCHEDULE = Ascii.bytes("SCHEDULE");
    private static final byte[] REPLACE = Ascii.bytes("REPLACE");
    private static final byte[] ABSTTL = Ascii.bytes("ABSTTL");
    private static final byte[] IDLETIME = Ascii.bytes("IDLETIME");
    private static final byte[] FREQ = Ascii.bytes("FREQ");

    @Override
    public void register(Binder b) {
        b.bind("save", PersistenceCommands::save);
        b.bind("bgsave", PersistenceCommands::bgsave);
        b.bind("bgrewriteaof", PersistenceCommands::bgrewriteaof);
        b.bind("dump", PersistenceCommands::dump);
        b.bind("restore", PersistenceCommands::restore);
    }

    @Override
    public void attach(Engine engine) {
        new Persistence(engine);
    }

    private static Persistence persistence(Client c) {
        return (Persistence) c.engine().service(io.basalt.command.spi.DatasetStore.class);
    }

    static void save(Client c) {
        Persistence p = persistence(c);
        if (p.job().is(BackgroundJob.Type.RDB)) throw new CommandError(Errors.BGSAVE_IN_PROGRESS);
        if (!p.save()) throw new CommandError(Errors.ERR);
        c.reply().ok();
    }

    static void bgsave(Client c) {
        Args a = c.args();
        boolean schedule = false;
        if (a.count() > 1) {
            if (a.count() == 2 && a.is(1, SCHEDULE)) schedule = true;
            else throw new CommandError(Errors.SYNTAX);
        }
        Persistence p = persistence(c);
        if (p.job().is(BackgroundJob.Type.RDB)) throw new CommandError(Errors.BGSAVE_IN_PROGRESS);
        if (p.job().active()) {
            if (!schedule) throw new CommandError(Errors.BGSAVE_CHILD_ACTIVE);
            p.scheduleBackgroundSave();
            c.reply().simple("Background saving scheduled");
            return;
        }
        p.startBackgroundSave();
        c.reply().simple("Background saving started");
    }

    /** bgrewriteaofCommand: works with appendonly no too (the AOF directory then holds just the new base). */
    static void bgrewriteaof(Client c) {
        Persistence p = persistence(c);
        AofRewrite rewrite = p.aofRewrite();
        if (rewrite.inProgress()) throw new CommandError(Errors.AOFRW_IN_PROGRESS);
        if (p.job().active()) {
            rewrite.schedule();
            c.reply().simple("Background append only file rewriting scheduled");
        } else if (rewrite.start()) {
            c.reply().simple("Background append only file rewriting started");
        } else {
            throw new CommandError(Errors.AOFRW_FAILED);
        }
    }

    static void dump(Client c) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findRead(db, a.buffer(), a.offset(1), a.length(1));
        if (slot < 0) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(DumpPayload.create(db.valueAt(slot), c.engine().config().getBool(Directives.RDBCOMPRESSION)));
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checks in Redis's order. */
    static void restore(Client c) {
        Args a = c.args();
        boolean replace = false, absTtl = false;
        long idle = -1, freq = -1;
        for (int j = 4; j < a.count(); j++) {
            boolean more = j + 1 < a.count();
            if (a.is(j, REPLACE)) {
                replace = true;
            } else if (a.is(j, ABSTTL)) {
                absTtl = true;
            } else if (a.is(j, IDLETIME) && more && freq == -1) {
                idle = Arguments.longArg(a, ++j);
                if (idle < 0) throw new CommandError(Errors.INVALID_IDLETIME);
            } else if (a.is(j, FREQ) && more && idle == -1) {
                freq = Arguments.longArg(a, ++j);
                if (freq < 0 || freq > 255) throw new CommandError(Errors.INVALID_FREQ);
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int existing = ks.findWrite(db, a.buffer(), a.offset(1), a.length(1));
        if (!replace && existing >= 0) throw new CommandError(Errors.BUSYKEY);
        long ttl = Arguments.longArg(a, 2);
        if (ttl < 0) throw new CommandError(Errors.INVALID_TTL);
        if (!DumpPayload.verify(a.buffer(), a.offset(3), a.length(3))) throw new CommandError(Errors.DUMP_PAYLOAD);
        Object value;
        try {
            value = DumpPayload.value(a.buffer(), a.offset(3), a.length(3), ks.limits(), c.engine().shareIntegers());
        } catch (RdbException | IllegalArgumentException e) {
            throw new CommandError(Errors.BAD_DATA_FORMAT);
        }
        boolean deleted = false;
        if (replace && existing >= 0) {
            ks.delete(db, existing);
            deleted = true;
        }
        if (ttl != 0 && !absTtl) ttl += ks.now();
        if (ttl != 0 && ttl <= ks.now()) {
            // Already expired: nothing is created, but a replaced key is gone.
            if (deleted) {
                c.modified(1);
                c.notify(KeyEvents.GENERIC, "del", 1);
            }
            c.reply().ok();
            return;
        }
        int slot = ks.add(db, a.copy(1), value);
        if (ttl != 0) db.setExpireAt(slot, ttl);
        if (freq >= 0 && ks.access().isLfu()) db.setLruAt(slot, ks.access().wordForFrequency((int) freq));
        else if (idle >= 0 && !ks.access().isLfu()) db.setLruAt(slot, ks.access().wordForIdle(idle));
        c.modified(1);
        c.notify(KeyEvents.GENERIC, "restore", 1);
        c.reply().ok();
    }
}

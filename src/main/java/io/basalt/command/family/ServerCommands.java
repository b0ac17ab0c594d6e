package io.basalt.command.family;

import io.basalt.command.BusyScript;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.spi.ServerControl;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;

/** TIME, LASTSAVE, SHUTDOWN: the server process as a whole. */
public final class ServerCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("time", ServerCommands::time);
        b.bind("lastsave", ServerCommands::lastsave);
        b.bind("shutdown", ServerCommands::shutdown);
    }

    private static final byte[] NOSAVE = ascii("NOSAVE");
    private static final byte[] SAVE = ascii("SAVE");
    private static final byte[] NOW = ascii("NOW");
    private static final byte[] FORCE = ascii("FORCE");
    private static final byte[] ABORT = ascii("ABORT");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void time(Client c) {
        long micros = c.engine().clock().micros();
        ReplyWriter r = c.reply();
        r.array(2);
        r.bulkLong(micros / 1_000_000);
        r.bulkLong(micros % 1_000_000);
    }

    static void lastsave(Client c) {
        c.reply().integer(c.engine().stats().lastSave);
    }

    /** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: on success the connection just closes. */
    static void shutdown(Client c) {
        Args a = c.args();
        boolean noSave = false, save = false, now = false, force = false, abort = false;
        for (int i = 1; i < a.count(); i++) {
            if (a.is(i, NOSAVE)) noSave = true;
            else if (a.is(i, SAVE)) save = true;
            else if (a.is(i, NOW)) now = true;
            else if (a.is(i, FORCE)) force = true;
            else if (a.is(i, ABORT)) abort = true;
            else throw new CommandError(Errors.SYNTAX);
        }
        if ((abort && (noSave || save || now || force)) || (noSave && save)) throw new CommandError(Errors.SYNTAX);
        BusyScript busy = c.engine().busyScript();
        // A busy script may have written half of its changes: only SHUTDOWN NOSAVE may stop the server.
        if (!noSave && busy.active()) throw new CommandError(busy.isEval() ? Errors.BUSY_SCRIPT : Errors.BUSY_FUNCTION);
        ServerControl control = c.engine().control();
        if (abort) {
            if (control == null || !control.abortShutdown()) throw new CommandError(Errors.NO_SHUTDOWN_IN_PROGRESS);
            c.reply().ok();
            return;
        }
        if (control == null) {
            // An engine without a server process (tests, embedding) has nothing to stop.
            throw new CommandError(Errors.SHUTDOWN_FAILED);
        }
        // A client that may not block (the AOF loader, scripts) shuts down without waiting for replicas.
        String error = control.shutdown(c, save, noSave, now || c.has(Client.DENY_BLOCKING), force);
        if (error == ServerControl.WAITING) return;
        if (error != null) throw new CommandError(error);
        c.set(Client.CLOSE_AFTER_REPLY);
        c.connection().closeAfterReply();
    }
}

package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Dispatcher;
import io.basalt.command.Transaction;
import io.basalt.command.WatchedKeys;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's multi.c). The dispatcher queues commands
 * while a client is in MULTI and rejects what cannot be queued; EXEC runs the queue through
 * the dispatcher's call, so statistics, listeners and propagation see each command, and the
 * transaction's effects reach the AOF and replicas as one MULTI/EXEC unit.
 */
public final class TransactionCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("multi", TransactionCommands::multi);
        b.bind("exec", TransactionCommands::exec);
        b.bind("discard", TransactionCommands::discard);
        b.bind("watch", TransactionCommands::watch);
        b.bind("unwatch", TransactionCommands::unwatch);
    }

    static void multi(Client c) {
        if (c.has(Client.MULTI)) throw new CommandError(Errors.MULTI_NESTED);
        c.openTransaction();
        c.set(Client.MULTI);
        c.reply().ok();
    }

    static void discard(Client c) {
        if (!c.has(Client.MULTI)) throw new CommandError(Errors.DISCARD_WITHOUT_MULTI);
        c.discardTransaction();
        c.reply().ok();
    }

    static void exec(Client c) {
        if (!c.has(Client.MULTI)) throw new CommandError(Errors.EXEC_WITHOUT_MULTI);
        Transaction t = c.transaction();
        WatchedKeys watched = c.engine().watchedKeys();
        if (watched.anyExpired(t)) t.markDirtyCas();
        if (t.dirtyCas() || t.dirtyExec()) {
            if (t.dirtyExec()) c.reply().error(Errors.EXECABORT);
            else c.reply().nullArray();
            c.discardTransaction();
            return;
        }
        // Queued blocking commands answer as if their timeout had passed.
        boolean denyBlocking = c.has(Client.DENY_BLOCKING);
        c.set(Client.DENY_BLOCKING);
        watched.unwatchAll(t);
        Dispatcher dispatcher = c.engine().dispatcher();
        Args exec = c.args();
        int n = t.queuedCount();
        c.reply().array(n);
        for (int i = 0; i < n; i++) {
            c.setArgs(t.queuedArgs(i));
            dispatcher.callNested(c, t.queuedSpec(i));
        }
        c.setArgs(exec);
        if (!denyBlocking) c.clear(Client.DENY_BLOCKING);
        c.discardTransaction();
        // EXEC itself never propagates: its commands did, wrapped as one unit when more than one.
        c.preventPropagation();
    }

    static void watch(Client c) {
        if (c.has(Client.MULTI)) throw new CommandError(Errors.WATCH_IN_MULTI);
        Transaction t = c.openTransaction();
        // A client already bound to fail gains nothing by watching more.
        if (!t.dirtyCas()) {
            Args a = c.args();
            WatchedKeys watched = c.engine().watchedKeys();
            for (int i = 1; i < a.count(); i++) watched.watch(c, t, a.buffer(), a.offset(i), a.length(i));
        }
        c.reply().ok();
    }

    static void unwatch(Client c) {
        Transaction t = c.transaction();
        if (t != null) {
            c.engine().watchedKeys().unwatchAll(t);
            t.clearDirtyCas();
        }
        c.reply().ok();
    }
}

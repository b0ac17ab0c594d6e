package io.basalt.command;

import io.basalt.command.spi.PropagationTarget;
import io.basalt.keyspace.Database;
import io.basalt.protocol.Args;

import java.util.Arrays;

/**
 * Redis's propagation rules (server.c call(), alsoPropagate, propagatePendingCommands): after a
 * command, if it changed the dataset (the dirty counter grew) or forced propagation, its argument
 * vector, or the form the handler rewrote it into, goes to every {@link PropagationTarget}, tagged
 * with the client's database. Commands a handler adds ({@link Client#alsoPropagate}) and deletions
 * of expired keys found during the command go first; when more than one command results they are
 * wrapped in MULTI/EXEC, as Redis 7.0 does. Deletions made outside a command (active expiry) are
 * propagated at once, never wrapped.
 * <p>
 * With no target installed (no AOF, no replicas) all of this costs one check per command.
 */
public final class Propagation {
    /** Target kinds, Redis's PROPAGATE_AOF and PROPAGATE_REPL. */
    public static final int AOF = 1;
    public static final int REPLICATION = 2;
    public static final int ALL = AOF | REPLICATION;

    private static final byte[] DEL = {'D', 'E', 'L'};
    private static final byte[] UNLINK = {'U', 'N', 'L', 'I', 'N', 'K'};
    private static final Args MULTI = Args.of("MULTI");
    private static final Args EXEC = Args.of("EXEC");

    private PropagationTarget[] targets = new PropagationTarget[0];
    private int[] targetKinds = new int[0];
    private int installedKinds;

    /** Redis's server.also_propagate: commands to propagate before the running one. */
    private final CommandBuffer pending = new CommandBuffer();
    /** The running command's rewritten argument vector, when {@link #rewritten}. */
    private final CommandBuffer rewrite = new CommandBuffer();
    private boolean rewritten;
    private int forcedKinds;
    private boolean prevented;
    /** Nesting of calls (Redis's in_nested_call); 0 outside any command. */
    private int depth;
    private final Args view = new Args();
    private volatile boolean lazyExpire;
    private volatile boolean lazyUserDel;
    private volatile boolean lazyEviction;

    /** Installs a target of the given kinds; it receives every command propagated from now on. */
    public void addTarget(PropagationTarget target, int kinds) {
        targets = Arrays.copyOf(targets, targets.length + 1);
        targetKinds = Arrays.copyOf(targetKinds, targetKinds.length + 1);
        targets[targets.length - 1] = target;
        targetKinds[targetKinds.length - 1] = kinds;
        installedKinds |= kinds;
    }

    public void removeTarget(PropagationTarget target) {
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != target) continue;
            PropagationTarget[] t = new PropagationTarget[targets.length - 1];
            int[] k = new int[t.length];
            System.arraycopy(targets, 0, t, 0, i);
            System.arraycopy(targets, i + 1, t, i, t.length - i);
            System.arraycopy(targetKinds, 0, k, 0, i);
            System.arraycopy(targetKinds, i + 1, k, i, k.length - i);
            targets = t;
            targetKinds = k;
            installedKinds = 0;
            for (int kind : k) installedKinds |= kind;
            return;
        }
    }

    /** Whether anything consumes propagation (Redis's shouldPropagate). */
    public boolean active() {
        return installedKinds != 0;
    }

    /** lazyfree-lazy-expire: expired keys propagate as UNLINK rather than DEL. */
    public boolean lazyExpire() {
        return lazyExpire;
    }

    void setLazyExpire(boolean lazy) {
        lazyExpire = lazy;
    }

    /** lazyfree-lazy-eviction: evicted keys propagate as UNLINK rather than DEL. */
    void setLazyEviction(boolean lazy) {
        lazyEviction = lazy;
    }

    /** lazyfree-lazy-user-del: GETDEL propagates as UNLINK rather than DEL. */
    public boolean lazyUserDel() {
        return lazyUserDel;
    }

    void setLazyUserDel(boolean lazy) {
        lazyUserDel = lazy;
    }

    // ---- the running command's side (through Client) --------------------------------------

    CommandBuffer rewriteCommand(Client c) {
        if (installedKinds == 0) return CommandBuffer.DISCARD;
        rewrite.clear();
        rewritten = true;
        return rewrite.begin(c.db().id(), ALL, c.args());
    }

    void rewriteArgument(Client c, int i, byte[] value) {
        if (installedKinds == 0) return;
        if (!rewritten) {
            Args a = c.args();
            rewriteCommand(c).args(0, a.count());
        }
        rewrite.replace(i, value, 0, value.length);
    }

    CommandBuffer also(Client c, int kinds) {
        if (installedKinds == 0) return CommandBuffer.DISCARD;
        return pending.begin(c.db().id(), kinds, c.args());
    }

    void prevent() {
        if (installedKinds != 0) prevented = true;
    }

    void force(int kinds) {
        if (installedKinds != 0) forcedKinds |= kinds;
    }

    /** Redis's propagateDeletion: an expired key the keyspace deleted by itself. */
    void expiredDeleted(Database db, byte[] key) {
        deleted(db, key, lazyExpire);
    }

    /** Redis's propagateDeletion for an evicted key (eviction runs before a command, so at the top level). */
    void evictedDeleted(Database db, byte[] key) {
        deleted(db, key, lazyEviction);
    }

    private void deleted(Database db, byte[] key, boolean lazy) {
        if (installedKinds == 0) return;
        pending.begin(db.id(), ALL, null).add(lazy ? UNLINK : DEL).add(key);
        // Outside a command (active expiry, a key found expired while serving blocked
        // clients) each deletion goes out alone, never inside MULTI/EXEC.
        if (depth == 0) emit(null, null, 0, false);
    }

    void enterCall() {
        depth++;
    }

    /**
     * The end of Redis's call(): decides whether the command propagates and, at the top
     * level, sends it and the pending commands to the targets.
     */
    void exitCall(Client c, CommandSpec spec, long dirty) {
        depth--;
        if (installedKinds == 0) return;
        int kinds = prevented ? 0 : (dirty > 0 ? ALL : 0) | forcedKinds;
        prevented = false;
        forcedKinds = 0;
        if (depth > 0) {
            // A nested call (a command run by another one): it joins the pending commands.
            if (kinds != 0) {
                CommandBuffer nested = pending.begin(c.db().id(), kinds, c.args());
                if (rewritten) copyRewrite(nested);
                else nested.args(0, c.args().count());
            }
            rewritten = false;
            return;
        }
        emit(c, spec, kinds, true);
    }

    private void copyRewrite(CommandBuffer into) {
        rewrite.view(0, view);
        for (int i = 0; i < view.count(); i++) into.add(view.buffer(), view.offset(i), view.length(i));
    }

    /** Redis's propagatePendingCommands, followed by the running command when {@code kinds} says so. */
    private void emit(Client c, CommandSpec spec, int kinds, boolean mayWrap) {
        int total = pending.size() + (kinds != 0 ? 1 : 0);
        if (total == 0) {
            rewritten = false;
            return;
        }
        // Redis never wraps for commands that touch arbitrary keys (SCAN, RANDOMKEY), which
        // may expire many keys on the way, just as active expiry does.
        boolean transaction = mayWrap && total > 1 && !touchesArbitraryKeys(spec);
        if (transaction) send(pending.size() > 0 ? pending.db(0) : c.db().id(), MULTI, ALL);
        for (int i = 0; i < pending.size(); i++) {
            pending.view(i, view);
            send(pending.db(i), view, pending.kinds(i));
        }
        int lastDb = pending.size() > 0 ? pending.db(pending.size() - 1) : 0;
        if (kinds != 0) {
            Args argv = c.args();
            if (rewritten) {
                rewrite.view(0, view);
                argv = view;
            }
            lastDb = c.db().id();
            send(lastDb, argv, kinds);
        }
        if (transaction) send(lastDb, EXEC, ALL);
        pending.clear();
        rewritten = false;
    }

    private static boolean touchesArbitraryKeys(CommandSpec spec) {
        return spec != null && (spec.name().equals("scan") || spec.name().equals("randomkey"));
    }

    private void send(int db, Args argv, int kinds) {
        PropagationTarget[] t = targets;
        for (int i = 0; i < t.length; i++) {
            if ((targetKinds[i] & kinds) != 0) t[i].propagate(db, argv);
        }
    }
}

package io.basalt.command;

import io.basalt.command.spi.Connection;
import io.basalt.command.spi.Subscriptions;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;
import io.basalt.protocol.Args;
import io.basalt.protocol.ReplyWriter;

/**
 * One connected client's state, as Redis's {@code client} struct: the arguments of the
 * command running, where its replies go, its database, authentication and flags.
 * Handlers receive it and reach everything else through {@link #engine()}.
 */
public final class Client {
    /** Flags, as in CLIENT LIST's flags field. */
    public static final int MONITOR = 1;
    public static final int CLOSE_AFTER_REPLY = 1 << 1;
    public static final int NO_EVICT = 1 << 2;
    public static final int REPLY_OFF = 1 << 3;
    public static final int REPLY_SKIP_NEXT = 1 << 4;
    public static final int REPLY_SKIP = 1 << 5;
    /** Subscribed to a channel, pattern or shard channel (Redis's CLIENT_PUBSUB). */
    public static final int PUBSUB = 1 << 6;
    public static final int MULTI = 1 << 7;
    public static final int PAUSED = 1 << 8;
    /** Waiting on keys (BLPOP & co); see {@link BlockedClients}. */
    public static final int BLOCKED = 1 << 9;
    /** Never blocks: a blocking command answers as on timeout (Redis's CLIENT_DENY_BLOCKING; the AOF loader). */
    public static final int DENY_BLOCKING = 1 << 10;
    /** A replica attached to us after SYNC/PSYNC (Redis's CLIENT_SLAVE): it receives the stream, never replies. */
    public static final int REPLICA = 1 << 11;
    /** The link to our master (CLIENT_MASTER): its commands bypass the replica's gates and are not propagated onward. */
    public static final int MASTER = 1 << 12;
    /** Its script outlived busy-reply-threshold and still runs; its input waits (Redis's protectClient). */
    public static final int BUSY_SCRIPT = 1 << 13;

    private final long id;
    private final Engine engine;
    private final Connection connection;
    private final ReplyWriter reply;
    private Args args = new Args();
    private Database db;
    private boolean authenticated;
    private String user = "default";
    private byte[] name;
    private String libName = "";
    private String libVersion = "";
    private int flags;
    private final long createdMillis;
    private long lastInteractionMillis;
    private CommandSpec lastCommand;
    /** When pending output first reached the soft output buffer limit (unix seconds), else 0. */
    long softLimitReachedSeconds;
    /** A command postponed by CLIENT PAUSE, run when the pause ends. */
    private Args postponed;
    /** The keys this client is blocked on, or null. */
    private BlockedClients.Waiting waiting;
    /** What the replication layer keeps about this client (REPLCONF options, its replica state), or null. */
    private Object replicationState;
    private Transaction transaction;
    /** The client's pub/sub subscriptions, or null until it first subscribes. */
    private Subscriptions subscriptions;

    public Client(long id, Engine engine, Connection connection, ReplyWriter reply) {
        this.id = id;
        this.engine = engine;
        this.connection = connection;
        this.reply = reply;
        this.db = engine.keyspace().db(0);
        this.authenticated = !engine.authRequiredByDefault();
        this.createdMillis = engine.clock().millis();
        this.lastInteractionMillis = createdMillis;
    }

    public long id() {
        return id;
    }

    public Engine engine() {
        return engine;
    }

    public Connection connection() {
        return connection;
    }

    public ReplyWriter reply() {
        return reply;
    }

    public Args args() {
        return args;
    }

    /** Installs the argument vector the next dispatch executes (the connection's decoder output). */
    public void setArgs(Args args) {
        this.args = args;
    }

    public Database db() {
        return db;
    }

    public void select(int index) {
        db = engine.keyspace().db(index);
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** Redis's authRequired(): a password is set and this client has not authenticated. */
    public boolean authRequired() {
        return !authenticated && engine.authRequiredByDefault();
    }

    public String user() {
        return user;
    }

    public byte[] name() {
        return name;
    }

    public void setName(byte[] name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void setLib(String name, String version) {
        if (name != null) libName = name;
        if (version != null) libVersion = version;
    }

    public int protocol() {
        return reply.protocol();
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public void set(int flag) {
        flags |= flag;
    }

    public void clear(int flag) {
        flags &= ~flag;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    /** Records an interaction: every command, and any bytes from a replica (its keep-alive newlines). */
    public void touch(long nowMillis) {
        lastInteractionMillis = nowMillis;
    }

    public CommandSpec lastCommand() {
        return lastCommand;
    }

    void setLastCommand(CommandSpec spec) {
        lastCommand = spec;
    }

    Args postponed() {
        return postponed;
    }

    void setPostponed(Args a) {
        postponed = a;
    }

    BlockedClients.Waiting waiting() {
        return waiting;
    }

    void setWaiting(BlockedClients.Waiting w) {
        waiting = w;
    }

    /** The client's MULTI state and watched keys, or null if it never used them. */
    public Transaction transaction() {
        return transaction;
    }

    /** The client's transaction state, created on first use (MULTI, WATCH). */
    public Transaction openTransaction() {
        if (transaction == null) transaction = new Transaction();
        return transaction;
    }

    /** Redis's discardTransaction: ends MULTI and forgets the queued commands and the watched keys. */
    public void discardTransaction() {
        flags &= ~MULTI;
        if (transaction == null) return;
        transaction.clearQueue();
        engine.watchedKeys().unwatchAll(transaction);
    }

    public Object replicationState() {
        return replicationState;
    }

    public void setReplicationState(Object state) {
        replicationState = state;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public void setSubscriptions(Subscriptions s) {
        subscriptions = s;
    }

    /** Marks the key in argument {@code i} as modified: WATCH, tracking and the dirty counter. */
    public void modified(int i) {
        engine.stats().dirty++;
        engine.keyspace().modified(db, args.buffer(), args.offset(i), args.length(i));
    }

    /**
     * Raises a keyspace notification for the key in argument {@code i}; with the class off in
     * notify-keyspace-events (the default) it costs one test.
     */
    public void notify(int type, String event, int i) {
        notify(type, event, args.buffer(), args.offset(i), args.length(i), db.id());
    }

    /** Raises a keyspace notification for a key given as a slice, in database {@code dbId}. */
    public void notify(int type, String event, byte[] key, int off, int len, int dbId) {
        Keyspace ks = engine.keyspace();
        if ((ks.notifyMask() & type) == 0) return;
        ks.events().notify(type, event, key, off, len, dbId);
    }

    // ---- propagation (AOF, replication): Redis's rewriteClientCommand*, alsoPropagate... --

    /**
     * Whether anything consumes the propagated stream (AOF on, replicas attached); handlers
     * may skip work that only builds a propagated form when it is false.
     */
    public boolean propagates() {
        return engine.propagation().active();
    }

    /**
     * Replaces the form in which the running command propagates (Redis's
     * rewriteClientCommandVector): returns an empty vector to fill, e.g.
     * {@code c.propagateAs().add(SET).arg(1).arg(2).add(PXAT).add(when)}. It propagates only
     * if the command changes the dataset, as the original would.
     */
    public CommandBuffer propagateAs() {
        return engine.propagation().rewriteCommand(this);
    }

    /** Replaces argument {@code i} of the propagated form (rewriteClientCommandArgument); {@code i} may be one past the end. */
    public void propagateArgumentAs(int i, byte[] value) {
        engine.propagation().rewriteArgument(this, i, value);
    }

    /** Adds a command propagated, in this client's database, before the running one (alsoPropagate); returns it to fill. */
    public CommandBuffer alsoPropagate() {
        return engine.propagation().also(this, Propagation.ALL);
    }

    /** The running command itself does not propagate, whatever it changed (preventCommandPropagation). */
    public void preventPropagation() {
        engine.propagation().prevent();
    }

    /** The running command propagates even if it changed nothing (forceCommandPropagation), to targets of {@code kinds}. */
    public void forcePropagation(int kinds) {
        engine.propagation().force(kinds);
    }

    /** Resets the connection state as RESET does. */
    public void reset() {
        db = engine.keyspace().db(0);
        reply.setProtocol(2);
        name = null;
        // Redis's clearClientConnectionState: CLIENT NO-EVICT survives a RESET.
        flags &= ~(MONITOR | REPLY_OFF | REPLY_SKIP_NEXT | PUBSUB);
        discardTransaction();
        authenticated = !engine.authRequiredByDefault();
        user = "default";
        engine.clients().stopMonitoring(this);
        if (subscriptions != null) subscriptions.dropAll();
    }
}

package io.basalt.command;

import java.util.Locale;

/** Command flags as Redis 7.0 names them in COMMAND INFO; each is one bit of {@link CommandSpec#flags()}. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE,
    SKIP_MONITOR, SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL,
    NO_MANDATORY_KEYS, PROTECTED, MODULE_GETKEYS, MODULE_NO_CLUSTER, NO_ASYNC_LOADING, NO_MULTI,
    MOVABLEKEYS, ALLOW_BUSY;

    public final long bit = 1L << ordinal();
    public final String wireName = name().toLowerCase(Locale.ROOT);

    public static CommandFlag of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}

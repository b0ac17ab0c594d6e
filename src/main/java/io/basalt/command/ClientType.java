package io.basalt.command;

import java.util.Locale;

/**
 * Redis's client types (CLIENT_TYPE_* in server.h), in its order: the TYPE filter of CLIENT
 * LIST and CLIENT KILL names them, and the first three are the classes of
 * client-output-buffer-limit (normal, slave, pubsub), indexed by {@link #ordinal()}.
 */
public enum ClientType {
    NORMAL, REPLICA, PUBSUB, MASTER;

    /** Redis's getClientType(): MONITOR clients count as normal ones; a master link is MASTER. */
    public static ClientType of(Client c) {
        if (c.has(Client.REPLICA)) return REPLICA;
        if (c.has(Client.MASTER)) return MASTER;
        return c.has(Client.PUBSUB) ? PUBSUB : NORMAL;
    }

    /** Redis's getClientTypeByName(), case-insensitive; "slave" and "replica" are the same type. Null when unknown. */
    public static ClientType byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "slave", "replica" -> REPLICA;
            case "pubsub" -> PUBSUB;
            case "master" -> MASTER;
            default -> null;
        };
    }

    /** Redis's getClientOutputBufferLimitClass(): a master link is limited as a normal client. */
    public ClientType outputBufferClass() {
        return this == MASTER ? NORMAL : this;
    }
}

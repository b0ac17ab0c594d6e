package io.basalt.config;

import java.util.List;

/** One configuration directive: its name, aliases, value type, default and flags. */
public final class Directive {
    /** Cannot be changed by CONFIG SET. */
    public static final int IMMUTABLE = 1;
    /** A secret (requirepass, masterauth): redacted from SLOWLOG/MONITOR when CONFIG SET names it. */
    public static final int SENSITIVE = 1 << 1;
    /** Changeable only when enable-protected-configs allows it. */
    public static final int PROTECTED = 1 << 2;
    /** Accepted for compatibility but without effect yet; listed once in the start-up log. */
    public static final int NOT_IMPLEMENTED = 1 << 3;
    /** Matched by CONFIG GET only by its exact name, never by a pattern (Redis's HIDDEN_CONFIG). */
    public static final int HIDDEN = 1 << 4;
    /** CONFIG SET refuses it while a dataset is loading (-LOADING). */
    public static final int DENY_LOADING = 1 << 5;

    private final int index;
    private final String name;
    private final List<String> aliases;
    private final ValueType type;
    private final Object defaultValue;
    private final int flags;

    Directive(int index, String name, List<String> aliases, ValueType type, Object defaultValue, int flags) {
        this.index = index;
        this.name = name;
        this.aliases = aliases;
        this.type = type;
        this.defaultValue = defaultValue;
        this.flags = flags;
    }

    int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** The one alias Redis 7.0 gives some directives (slaveof for replicaof), or null. */
    public String alias() {
        return aliases.isEmpty() ? null : aliases.get(0);
    }

    public ValueType type() {
        return type;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public boolean is(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        return name;
    }
}

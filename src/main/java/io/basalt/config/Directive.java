package io.basalt.config;

import java.util.List;

/** One configuration directive: its name, aliases, value type, default and flags. */
public final class Directive {
    /** Cannot be changed by CONFIG SET. */
    public static final int IMMUTABLE = 1;
    /** Hidden from logs and CONFIG GET output masking is not required (requirepass, masterauth). */
    public static final int SENSITIVE = 1 << 1;
    /** Changeable only when enable-protected-configs allows it. */
    public static final int PROTECTED = 1 << 2;
    /** Accepted for compatibility but without effect yet; listed once in the start-up log. */
    public static final int NOT_IMPLEMENTED = 1 << 3;

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

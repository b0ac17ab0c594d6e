package io.basalt.config;

import java.util.List;

/**
 * How a directive's arguments become a value, how the value prints in CONFIG GET and how
 * CONFIG REWRITE writes it. Values are immutable ({@link Boolean}, {@link Long},
 * {@link String}, {@link List}) so a config snapshot can be read from any thread.
 */
public interface ValueType {
    /** Parses the arguments given after the directive name. Must not change any state. */
    Object parse(List<String> args) throws ConfigException;

    /**
     * Parses with the current value at hand, for types whose new value depends on the old one
     * (a relative {@code dir}, {@code client-output-buffer-limit} classes not named).
     */
    default Object parse(List<String> args, Object current) throws ConfigException {
        return parse(args);
    }

    /** The value as CONFIG GET prints it. */
    String format(Object value);

    /** Whether the directive takes exactly one argument (false: Redis's MULTI_ARG_CONFIG). */
    default boolean singleArgument() {
        return true;
    }

    /** Writes the directive for CONFIG REWRITE, as Redis's per-type rewrite functions do. */
    default void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
        state.rewriteLine(name, name + " " + format(value), !value.equals(defaultValue));
    }
}

package io.basalt.config;

import java.util.List;

/**
 * How a directive's arguments become a value and how the value prints in CONFIG GET and
 * CONFIG REWRITE. Values are immutable ({@link Boolean}, {@link Long}, {@link String},
 * {@link List}) so a config snapshot can be read from any thread.
 */
public interface ValueType {
    /** Parses the arguments given after the directive name. */
    Object parse(List<String> args) throws ConfigException;

    /** The value as CONFIG GET prints it. */
    String format(Object value);

    /** Whether the directive takes exactly one argument (false: a variable argument list). */
    default boolean singleArgument() {
        return true;
    }
}

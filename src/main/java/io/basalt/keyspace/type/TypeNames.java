package io.basalt.keyspace.type;

/**
 * The type names TYPE, SCAN TYPE and error messages use, in one place. Everything that
 * reports types goes through {@link #of}; collection types name themselves through
 * {@link CollectionValue#typeName}.
 */
public final class TypeNames {
    private TypeNames() {}

    public static final String STRING = "string";
    public static final String LIST = "list";
    public static final String SET = "set";
    public static final String ZSET = "zset";
    public static final String HASH = "hash";
    public static final String STREAM = "stream";
    /** The type of a missing key. */
    public static final String NONE = "none";
    /** What Redis reports for an object type it does not know (never expected). */
    public static final String UNKNOWN = "unknown";

    /** The type name of a stored value; {@link #NONE} for null. */
    public static String of(Object value) {
        if (value == null) return NONE;
        if (StringValue.isString(value)) return STRING;
        if (value instanceof CollectionValue c) return c.typeName();
        return UNKNOWN;
    }
}

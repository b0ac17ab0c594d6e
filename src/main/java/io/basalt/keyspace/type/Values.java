package io.basalt.keyspace.type;

/**
 * Type-independent operations on stored values that the generic key commands need:
 * OBJECT ENCODING's name, OBJECT REFCOUNT, and the deep copy COPY stores. A new value
 * collection type answers through {@link CollectionValue}.
 */
public final class Values {
    private Values() {}

    /** Redis's OBJ_SHARED_REFCOUNT, reported for shared objects. */
    public static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    public static String encoding(Object value) {
        if (StringValue.isString(value)) return StringValue.encoding(value);
        if (value instanceof CollectionValue c) return c.encoding();
        throw new IllegalArgumentException("unknown value type " + value.getClass().getName());
    }

    /** OBJECT REFCOUNT: stored values are referenced once, except Redis's shared integers. */
    public static long refcount(Object value) {
        return StringValue.isShared(value) ? SHARED_REFCOUNT : 1;
    }

    /**
     * An independent copy with the same encoding, as Redis's dup functions make it. A copied
     * integer is a fresh object even when the source is a shared one (its REFCOUNT is 1).
     */
    @SuppressWarnings("removal")
    public static Object duplicate(Object value) {
        if (value instanceof byte[] b) return b.clone();
        if (value instanceof Long l) return StringValue.isShared(l) ? new Long(l) : l;
        if (value instanceof RawString r) return new RawString(r.toBytes(), r.length());
        if (value instanceof CollectionValue c) return c.duplicate();
        throw new IllegalArgumentException("unknown value type " + value.getClass().getName());
    }
}

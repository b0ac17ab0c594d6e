package io.basalt.keyspace.type;

/**
 * What every non-string value type (hash, list, set, sorted set) tells the generic key
 * commands: its TYPE name, the encoding OBJECT ENCODING reports, a deep copy for COPY, its
 * part of DEBUG DIGEST and its MEMORY USAGE. The generic code dispatches through this one
 * interface, so a new type plugs in without touching {@link TypeNames} or {@link Values}.
 */
public interface CollectionValue extends Digestible, MemorySized {
    /** The name TYPE reports, one of {@link TypeNames}' constants. */
    String typeName();

    /** The encoding Redis 7.0 would use for this content ("listpack", "hashtable", ...). */
    String encoding();

    /** An independent copy with the same content and encoding. */
    CollectionValue duplicate();

    /** Number of elements (fields, members); a stored collection is never empty. */
    long size();
}

/**
 * Value types. Each hides its encodings behind a type API. Strings are stored as
 * {@code byte[]} (Redis's embstr/raw by length), {@link java.lang.Long} (Redis's int
 * encoding, shared for 0..9999) or {@link RawString} (a growable buffer after APPEND,
 * SETRANGE or SETBIT). A HyperLogLog is a string in Redis's own byte layout, read and
 * written through {@link HyperLogLog}.
 */
package io.basalt.keyspace.type;

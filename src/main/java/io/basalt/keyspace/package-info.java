/**
 * The databases: key tables, expiry (lazy and active), SCAN, and the value types in
 * {@code type/}. Depends on {@code util} only; knows nothing of the wire or of commands.
 */
package io.basalt.keyspace;

/**
 * Compatibility tests: the same input sent to Debian's redis-server and to Basalt, requiring
 * byte-identical replies ({@code compat/*.redis} command files, raw protocol frames, and
 * seeded random command streams in {@link io.basalt.compat.DifferentialIT}).
 */
package io.basalt.compat;

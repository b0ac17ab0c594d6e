/**
 * Compatibility tests: the same input sent to Debian's redis-server and to Basalt, requiring
 * byte-identical replies ({@code compat/*.redis} command files and raw protocol frames).
 */
package io.basalt.compat;

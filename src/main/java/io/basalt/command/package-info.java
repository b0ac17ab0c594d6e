/**
 * Commands: the table loaded from data ({@code commands.json}), the {@link Dispatcher} that
 * performs every check in Redis's order before a handler runs, client state, and in
 * {@code family/} one file per command family. {@code spi/} holds the small interfaces
 * higher layers implement (connections, INFO sections, server control).
 */
package io.basalt.command;

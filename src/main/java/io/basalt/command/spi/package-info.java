/** Interfaces the command layer calls and higher layers (net, server, replication...) implement. */
package io.basalt.command.spi;

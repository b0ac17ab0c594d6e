/** Wiring: config → keyspace → commands → network → cron; start-up, signals and shutdown. */
package io.basalt.server;

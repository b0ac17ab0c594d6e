/**
 * What the server reports about its own execution: the slow log, the latency monitor and
 * per-command latency histograms, and the MONITOR feed. Everything here is fed by one
 * {@link io.basalt.command.CallListener} after each command, as Redis's call() does.
 */
package io.basalt.observability;

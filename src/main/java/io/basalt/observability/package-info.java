/**
 * What the server tells about itself and its execution: INFO sections (registered on
 * {@link io.basalt.command.InfoRegistry}, replaceable by later layers), per-command latency
 * histograms, instantaneous metrics, MEMORY's estimates, the slow log, the latency monitor
 * and the MONITOR feed, fed by {@link io.basalt.command.CallListener}s after each command as
 * Redis's call() does.
 */
package io.basalt.observability;

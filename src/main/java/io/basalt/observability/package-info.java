/**
 * What the server tells about itself: INFO sections (registered on
 * {@link io.basalt.command.InfoRegistry}, replaceable by later layers), per-command latency
 * histograms, instantaneous metrics, and the MEMORY command's estimates.
 */
package io.basalt.observability;

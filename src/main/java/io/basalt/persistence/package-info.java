/**
 * Persistence: the append-only file (Redis 7.0's multi-part AOF: manifest, base, increments;
 * appending the propagated stream, fsync policies, loading at start-up). Sits above
 * {@code command}: the AOF is a {@link io.basalt.command.spi.PropagationTarget} and replays its
 * files through the dispatcher. The RDB writer and loader plug in through {@link io.basalt.persistence.RdbPreamble}.
 */
package io.basalt.persistence;

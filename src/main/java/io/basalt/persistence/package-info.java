/**
 * Persistence: RDB saving and loading (SAVE, BGSAVE, DUMP/RESTORE) through a fork-less
 * point-in-time {@link io.basalt.persistence.Snapshot}, and the append-only file (Redis 7.0's
 * multi-part AOF: manifest, base, increments; appending the propagated stream, fsync
 * policies, loading at start-up, BGREWRITEAOF and the automatic rewrite, switching at
 * runtime). Sits above {@code command}: the AOF is a
 * {@link io.basalt.command.spi.PropagationTarget} and replays its files through the
 * dispatcher; BGSAVE and the AOF rewrite share one {@link io.basalt.persistence.BackgroundJob}.
 */
package io.basalt.persistence;

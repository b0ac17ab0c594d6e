/**
 * Test support: the in-process {@link io.basalt.testing.Harness}, RESP parsing, and the
 * process-level helpers ({@link io.basalt.testing.ServerProcess}, {@link io.basalt.testing.RedisProcess},
 * {@link io.basalt.testing.RawClient}) that run servers as users do, and the replication
 * helpers ({@link io.basalt.testing.ReplicationNodes}, {@link io.basalt.testing.WriteLoad},
 * {@link io.basalt.testing.LinkProxy}) that run Basalt and redis-server nodes in any role.
 */
package io.basalt.testing;

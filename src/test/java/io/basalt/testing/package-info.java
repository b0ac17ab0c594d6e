/**
 * Test support: the in-process {@link io.basalt.testing.Harness}, RESP parsing, and the
 * process-level helpers ({@link io.basalt.testing.ServerProcess}, {@link io.basalt.testing.RedisProcess},
 * {@link io.basalt.testing.RawClient}) that run servers as users do.
 */
package io.basalt.testing;

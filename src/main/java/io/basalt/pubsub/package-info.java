/**
 * Pub/Sub (Redis's pubsub.c): channels, patterns and shard channels, PUBLISH delivery as
 * RESP2 arrays or RESP3 pushes, the PUBSUB introspection, and keyspace notifications
 * (notify.c) published through it. Sits above {@code command}; the command layer reaches
 * it only through {@code command.spi} (Subscriptions, KeyspaceNotifier).
 */
package io.basalt.pubsub;

package io.basalt.server;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.config.Directives;
import io.basalt.util.Log;

/**
 * Redis's clientsCron for Basalt's clients: closes clients idle longer than {@code timeout}
 * seconds (not MONITOR, pub/sub, paused or replication links, as Redis spares replicas, masters,
 * pub/sub and blocked clients) and clients that stayed over a soft output buffer limit for too long (the hard
 * limit is checked at every write). Runs inside the execution order.
 */
final class ClientsCron {
    private ClientsCron() {}

    static void run(Engine engine) {
        long maxIdleSeconds = engine.config().getLong(Directives.TIMEOUT);
        long now = engine.clock().millis();
        for (Client c : engine.clients().all()) {
            if (maxIdleSeconds > 0 && !c.has(Client.MONITOR | Client.PUBSUB | Client.PAUSED | Client.BLOCKED | Client.REPLICA | Client.MASTER)
                    && (now - c.lastInteractionMillis()) / 1000 > maxIdleSeconds) {
                if (Log.enabled(Log.Level.VERBOSE)) Log.verbose("Closing idle client");
                close(engine, c);
                continue;
            }
            long pending = c.connection().pendingOutputBytes();
            if (engine.outputLimits().exceeded(c, pending)) close(engine, c);
        }
    }

    private static void close(Engine engine, Client c) {
        c.connection().closeNow();
        engine.clients().remove(c);
        engine.dispatcher().disconnected(c);
    }
}

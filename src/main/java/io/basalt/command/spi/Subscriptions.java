package io.basalt.command.spi;

/**
 * A client's pub/sub subscriptions as the pubsub layer keeps them: CLIENT LIST shows the
 * counts and RESET drops them. Implemented by the pubsub layer, one per subscribing client.
 */
public interface Subscriptions {
    int channels();

    int patterns();

    int shardChannels();

    /** Drops every subscription without telling the client (RESET, disconnection). */
    void dropAll();
}

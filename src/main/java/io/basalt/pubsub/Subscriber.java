package io.basalt.pubsub;

import io.basalt.command.Client;
import io.basalt.command.spi.Subscriptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * One client's subscriptions (Redis's c->pubsub_channels, pubsub_patterns and
 * pubsubshard_channels), created at its first subscription and kept on the client.
 */
final class Subscriber implements Subscriptions {
    final Client client;
    private final PubSub pubsub;
    /** Channel names by content, in subscription order; the value is the name itself. */
    final LinkedHashMap<Name, byte[]> channels = new LinkedHashMap<>();
    final LinkedHashMap<Name, byte[]> shardChannels = new LinkedHashMap<>();
    /** Patterns in subscription order, a list as in Redis. */
    final ArrayList<byte[]> patterns = new ArrayList<>();
    /** Closed for breaking its output buffer limit: nothing more is written to it (Redis's CLOSE_ASAP). */
    boolean closing;

    Subscriber(Client client, PubSub pubsub) {
        this.client = client;
        this.pubsub = pubsub;
    }

    @Override
    public int channels() {
        return channels.size();
    }

    @Override
    public int patterns() {
        return patterns.size();
    }

    @Override
    public int shardChannels() {
        return shardChannels.size();
    }

    /** Channels plus patterns: the count the (P)(UN)SUBSCRIBE confirmations carry. */
    int subscriptionCount() {
        return channels.size() + patterns.size();
    }

    int total() {
        return subscriptionCount() + shardChannels.size();
    }

    int patternIndex(byte[] pattern) {
        for (int i = 0; i < patterns.size(); i++) {
            if (Arrays.equals(patterns.get(i), pattern)) return i;
        }
        return -1;
    }

    @Override
    public void dropAll() {
        pubsub.dropAll(this);
    }

    /** A byte string compared by content, as a map key. */
    record Name(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Name n && Arrays.equals(bytes, n.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}

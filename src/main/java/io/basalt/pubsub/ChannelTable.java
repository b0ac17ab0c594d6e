package io.basalt.pubsub;

import io.basalt.util.Hashing;
import io.basalt.util.OpenTable;

import java.util.ArrayList;

/**
 * Channel name → its subscribers, in subscription order (Redis's pubsub_channels dict of
 * client lists). Looked up by a slice of the request, so a PUBLISH allocates nothing.
 */
final class ChannelTable extends OpenTable {
    private static final class SubscriberGen extends Gen {
        final Object[] lists;

        SubscriberGen(int capacity) {
            super(capacity);
            lists = new Object[capacity];
        }

        @Override
        protected void copyTo(int from, Gen dst, int to) {
            ((SubscriberGen) dst).lists[to] = lists[from];
        }

        @Override
        protected void moveWithin(int from, int to) {
            lists[to] = lists[from];
        }

        @Override
        protected void clearValues(int slot) {
            lists[slot] = null;
        }
    }

    @Override
    protected Gen newGen(int capacity) {
        return new SubscriberGen(capacity);
    }

    @SuppressWarnings("unchecked")
    ArrayList<Subscriber> subscribersAt(int ref) {
        return (ArrayList<Subscriber>) ((SubscriberGen) gen(ref)).lists[index(ref)];
    }

    /** The subscribers of the channel named by the slice, or null when it has none. */
    ArrayList<Subscriber> subscribers(byte[] b, int off, int len) {
        if (size() == 0) return null;
        int ref = find(b, off, len, Hashing.hash(b, off, len));
        return ref < 0 ? null : subscribersAt(ref);
    }

    void add(byte[] channel, Subscriber s) {
        long hash = Hashing.hash(channel);
        int ref = find(channel, hash);
        if (ref < 0) {
            ref = insertAbsent(channel, hash);
            ((SubscriberGen) gen(ref)).lists[index(ref)] = new ArrayList<Subscriber>(2);
        }
        subscribersAt(ref).add(s);
    }

    /** Removes {@code s} from the channel, and the channel once nobody is left. */
    void remove(byte[] channel, Subscriber s) {
        int ref = find(channel, Hashing.hash(channel));
        ArrayList<Subscriber> list = subscribersAt(ref);
        list.remove(s);
        if (list.isEmpty()) removeAt(ref);
    }
}

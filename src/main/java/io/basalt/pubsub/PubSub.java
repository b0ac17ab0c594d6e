package io.basalt.pubsub;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.command.OutputBufferLimits;
import io.basalt.command.spi.Connection;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.Glob;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The server's subscriptions and message delivery (Redis's pubsub.c). A published message is
 * encoded once (its channel and payload as two bulk strings) and copied into each receiver's
 * reply buffer behind a constant header, a RESP2 array or a RESP3 push; pattern receivers get
 * the pattern's pre-encoded bulk in between. A PUBLISH nobody receives costs one hash lookup
 * (plus a match per subscribed pattern). Used inside the execution order only.
 */
public final class PubSub {
    private static final byte[] MESSAGE2 = Replies.ascii("*3\r\n$7\r\nmessage\r\n");
    private static final byte[] MESSAGE3 = Replies.ascii(">3\r\n$7\r\nmessage\r\n");
    private static final byte[] SMESSAGE2 = Replies.ascii("*3\r\n$8\r\nsmessage\r\n");
    private static final byte[] SMESSAGE3 = Replies.ascii(">3\r\n$8\r\nsmessage\r\n");
    private static final byte[] PMESSAGE2 = Replies.ascii("*4\r\n$8\r\npmessage\r\n");
    private static final byte[] PMESSAGE3 = Replies.ascii(">4\r\n$8\r\npmessage\r\n");
    static final byte[] SUBSCRIBE = Replies.ascii("$9\r\nsubscribe\r\n");
    static final byte[] UNSUBSCRIBE = Replies.ascii("$11\r\nunsubscribe\r\n");
    static final byte[] PSUBSCRIBE = Replies.ascii("$10\r\npsubscribe\r\n");
    static final byte[] PUNSUBSCRIBE = Replies.ascii("$12\r\npunsubscribe\r\n");
    static final byte[] SSUBSCRIBE = Replies.ascii("$10\r\nssubscribe\r\n");
    static final byte[] SUNSUBSCRIBE = Replies.ascii("$12\r\nsunsubscribe\r\n");
    /** Above this the encoding buffer is not kept after a publish. */
    private static final int KEPT_BUFFER = 64 * 1024;

    /** A subscribed pattern and its subscribers (Redis's pubsub_patterns entry). */
    private static final class Pattern {
        final byte[] text;
        /** The pattern as a bulk string, written into every pmessage it matches. */
        final byte[] bulk;
        final ArrayList<Subscriber> subscribers = new ArrayList<>(2);

        Pattern(byte[] text) {
            this.text = text;
            byte[] len = Ascii.bytes(text.length);
            bulk = new byte[1 + len.length + 2 + text.length + 2];
            bulk[0] = '$';
            System.arraycopy(len, 0, bulk, 1, len.length);
            int p = 1 + len.length;
            bulk[p++] = '\r';
            bulk[p++] = '\n';
            System.arraycopy(text, 0, bulk, p, text.length);
            bulk[bulk.length - 2] = '\r';
            bulk[bulk.length - 1] = '\n';
        }
    }

    private final OutputBufferLimits limits;
    private final ChannelTable channels = new ChannelTable();
    private final ChannelTable shardChannels = new ChannelTable();
    /** Patterns in subscription order, scanned by every PUBLISH; the map finds one by name. */
    private final ArrayList<Pattern> patterns = new ArrayList<>();
    private final HashMap<Subscriber.Name, Pattern> patternsByName = new HashMap<>();
    /** The channel and payload of the message being delivered, as two bulk strings. */
    private byte[] encoded = new byte[256];
    private int encodedLength;

    PubSub(Engine engine) {
        this.limits = engine.outputLimits();
    }

    // ---- subscriptions ---------------------------------------------------------------------

    private Subscriber subscriberOf(Client c) {
        Subscriber s = (Subscriber) c.subscriptions();
        if (s == null) {
            s = new Subscriber(c, this);
            c.setSubscriptions(s);
        }
        return s;
    }

    /** SUBSCRIBE / SSUBSCRIBE of one channel, confirmed to the client. */
    void subscribe(Client c, byte[] channel, boolean shard) {
        Subscriber s = subscriberOf(c);
        var mine = shard ? s.shardChannels : s.channels;
        if (mine.putIfAbsent(new Subscriber.Name(channel), channel) == null) {
            (shard ? shardChannels : channels).add(channel, s);
        }
        if (shard) confirm(c, SSUBSCRIBE, channel, s.shardChannels());
        else confirm(c, SUBSCRIBE, channel, s.subscriptionCount());
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE of one channel; confirmed when {@code notify}. True if it was subscribed. */
    boolean unsubscribe(Client c, byte[] channel, boolean notify, boolean shard) {
        Subscriber s = subscriberOf(c);
        byte[] had = (shard ? s.shardChannels : s.channels).remove(new Subscriber.Name(channel));
        if (had != null) (shard ? shardChannels : channels).remove(had, s);
        if (notify) {
            if (shard) confirm(c, SUNSUBSCRIBE, channel, s.shardChannels());
            else confirm(c, UNSUBSCRIBE, channel, s.subscriptionCount());
        }
        return had != null;
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE without arguments: every channel, or one confirmation with a null channel. */
    void unsubscribeAll(Client c, boolean notify, boolean shard) {
        Subscriber s = subscriberOf(c);
        List<byte[]> all = new ArrayList<>((shard ? s.shardChannels : s.channels).values());
        for (byte[] channel : all) unsubscribe(c, channel, notify, shard);
        if (notify && all.isEmpty()) {
            if (shard) confirm(c, SUNSUBSCRIBE, null, s.shardChannels());
            else confirm(c, UNSUBSCRIBE, null, s.subscriptionCount());
        }
    }

    void psubscribe(Client c, byte[] pattern) {
        Subscriber s = subscriberOf(c);
        if (s.patternIndex(pattern) < 0) {
            s.patterns.add(pattern);
            Pattern p = patternsByName.get(new Subscriber.Name(pattern));
            if (p == null) {
                p = new Pattern(pattern);
                patternsByName.put(new Subscriber.Name(pattern), p);
                patterns.add(p);
            }
            p.subscribers.add(s);
        }
        confirm(c, PSUBSCRIBE, pattern, s.subscriptionCount());
    }

    void punsubscribe(Client c, byte[] pattern, boolean notify) {
        Subscriber s = subscriberOf(c);
        int at = s.patternIndex(pattern);
        if (at >= 0) {
            s.patterns.remove(at);
            Pattern p = patternsByName.get(new Subscriber.Name(pattern));
            p.subscribers.remove(s);
            if (p.subscribers.isEmpty()) {
                patternsByName.remove(new Subscriber.Name(pattern));
                patterns.remove(p);
            }
        }
        if (notify) confirm(c, PUNSUBSCRIBE, pattern, s.subscriptionCount());
    }

    void punsubscribeAll(Client c, boolean notify) {
        Subscriber s = subscriberOf(c);
        List<byte[]> all = new ArrayList<>(s.patterns);
        for (byte[] pattern : all) punsubscribe(c, pattern, notify);
        if (notify && all.isEmpty()) confirm(c, PUNSUBSCRIBE, null, s.subscriptionCount());
    }

    /** RESET and disconnection: every subscription goes, silently. */
    void dropAll(Subscriber s) {
        unsubscribeAll(s.client, false, false);
        unsubscribeAll(s.client, false, true);
        punsubscribeAll(s.client, false);
        s.client.clear(Client.PUBSUB);
    }

    /**
     * Redis's addReplyPubsub(Un)Subscribed: {@code [kind, name, count]} as an array or a push,
     * written even while the client's replies are off.
     */
    private static void confirm(Client c, byte[] kind, byte[] name, long count) {
        ReplyWriter r = c.reply();
        boolean was = r.beginPush();
        r.push(3);
        r.raw(kind);
        if (name == null) r.nullBulk();
        else r.bulk(name);
        r.integer(count);
        r.endPush(was);
    }

    // ---- publishing ------------------------------------------------------------------------

    /**
     * Delivers a message to the channel's subscribers and, unless {@code shard}, to the
     * subscribers of every matching pattern; returns the number of receivers.
     */
    public int publish(byte[] b, int channelOff, int channelLen, byte[] m, int messageOff, int messageLen, boolean shard) {
        int receivers = 0;
        boolean encodedYet = false;
        ArrayList<Subscriber> subs = (shard ? shardChannels : channels).subscribers(b, channelOff, channelLen);
        if (subs != null) {
            encode(b, channelOff, channelLen, m, messageOff, messageLen);
            encodedYet = true;
            receivers += deliver(subs, shard ? SMESSAGE2 : MESSAGE2, shard ? SMESSAGE3 : MESSAGE3, null);
        }
        if (!shard) {
            for (int i = 0; i < patterns.size(); i++) {
                Pattern p = patterns.get(i);
                if (!Glob.match(p.text, 0, p.text.length, b, channelOff, channelLen, false)) continue;
                if (!encodedYet) {
                    encode(b, channelOff, channelLen, m, messageOff, messageLen);
                    encodedYet = true;
                }
                receivers += deliver(p.subscribers, PMESSAGE2, PMESSAGE3, p.bulk);
            }
        }
        if (encoded.length > KEPT_BUFFER) encoded = new byte[256];
        return receivers;
    }

    private void encode(byte[] b, int channelOff, int channelLen, byte[] m, int messageOff, int messageLen) {
        int need = channelLen + messageLen + 2 * 26;
        if (encoded.length < need) encoded = new byte[Math.max(need, encoded.length * 2)];
        int p = bulk(encoded, 0, b, channelOff, channelLen);
        encodedLength = bulk(encoded, p, m, messageOff, messageLen);
    }

    private static int bulk(byte[] out, int p, byte[] src, int off, int len) {
        out[p++] = '$';
        p = Ascii.format(len, out, p);
        out[p++] = '\r';
        out[p++] = '\n';
        System.arraycopy(src, off, out, p, len);
        p += len;
        out[p++] = '\r';
        out[p++] = '\n';
        return p;
    }

    private int deliver(ArrayList<Subscriber> subs, byte[] head2, byte[] head3, byte[] patternBulk) {
        int n = subs.size();
        for (int i = 0; i < n; i++) {
            Subscriber s = subs.get(i);
            // Redis counts a receiver that is being closed, but writes nothing more to it.
            if (s.closing) continue;
            ReplyWriter w = s.client.reply();
            byte[] head = w.isResp3() ? head3 : head2;
            w.forceRaw(head, 0, head.length);
            if (patternBulk != null) w.forceRaw(patternBulk, 0, patternBulk.length);
            w.forceRaw(encoded, 0, encodedLength);
            Connection conn = s.client.connection();
            conn.flushLater();
            // Checked at each message, as Redis checks on each reply it appends.
            if (limits.exceeded(s.client, conn.pendingOutputBytes() + w.size())) {
                s.closing = true;
                conn.closeNow();
            }
        }
        return n;
    }

    // ---- introspection ---------------------------------------------------------------------

    public int channelCount() {
        return channels.size();
    }

    public int shardChannelCount() {
        return shardChannels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    /** PUBSUB (SHARD)CHANNELS: the active channels matching {@code pattern} (all when null). */
    List<byte[]> channelNames(byte[] pattern, boolean shard) {
        ChannelTable t = shard ? shardChannels : channels;
        List<byte[]> out = new ArrayList<>();
        for (int ref = t.nextSlot(-1); ref >= 0; ref = t.nextSlot(ref)) {
            byte[] name = t.keyAt(ref);
            if (pattern == null || Glob.match(pattern, name, false)) out.add(name);
        }
        return out;
    }

    /** PUBSUB (SHARD)NUMSUB: the channel's subscriber count. */
    int subscriberCount(byte[] b, int off, int len, boolean shard) {
        ArrayList<Subscriber> subs = (shard ? shardChannels : channels).subscribers(b, off, len);
        return subs == null ? 0 : subs.size();
    }
}

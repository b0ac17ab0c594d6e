package io.basalt.pubsub;

import io.basalt.command.spi.KeyspaceNotifier;
import io.basalt.keyspace.Keyspace;
import io.basalt.util.Ascii;

/**
 * Redis's notify.c: an event of an enabled class is published as {@code <event>} on
 * {@code __keyspace@<db>__:<key>} (flag K) and as {@code <key>} on
 * {@code __keyevent@<db>__:<event>} (flag E). Channel names are built in a reused buffer.
 * The keyspace's notify mask is the configured classes, or nothing when neither K nor E is
 * set, so a disabled class costs the command one test.
 */
final class KeyspaceNotifications implements KeyspaceNotifier {
    /** Redis's NOTIFY_KEYSPACE and NOTIFY_KEYEVENT bits of notify-keyspace-events. */
    static final int KEYSPACE = 1;
    static final int KEYEVENT = 1 << 1;
    private static final byte[] KEYSPACE_PREFIX = Ascii.bytes("__keyspace@");
    private static final byte[] KEYEVENT_PREFIX = Ascii.bytes("__keyevent@");

    private final PubSub pubsub;
    private final Keyspace keyspace;
    private int flags;
    private byte[] channel = new byte[128];
    private byte[] eventName = new byte[32];

    KeyspaceNotifications(PubSub pubsub, Keyspace keyspace) {
        this.pubsub = pubsub;
        this.keyspace = keyspace;
    }

    /** Applies notify-keyspace-events (Redis's NOTIFY_* bits). */
    void configure(int flags) {
        this.flags = flags;
        keyspace.setNotifyMask((flags & (KEYSPACE | KEYEVENT)) == 0 ? 0 : flags & ~(KEYSPACE | KEYEVENT));
    }

    @Override
    public void notify(int type, String event, byte[] key, int off, int len, int dbId) {
        if ((flags & type) == 0) return;
        int eventLen = event.length();
        if (eventName.length < eventLen) eventName = new byte[eventLen * 2];
        for (int i = 0; i < eventLen; i++) eventName[i] = (byte) event.charAt(i);
        if ((flags & KEYSPACE) != 0) {
            int n = channel(KEYSPACE_PREFIX, dbId, key, off, len);
            pubsub.publish(channel, 0, n, eventName, 0, eventLen, false);
        }
        if ((flags & KEYEVENT) != 0) {
            int n = channel(KEYEVENT_PREFIX, dbId, eventName, 0, eventLen);
            pubsub.publish(channel, 0, n, key, off, len, false);
        }
    }

    /** Writes {@code <prefix><db>__:<suffix>} into the channel buffer; returns its length. */
    private int channel(byte[] prefix, int dbId, byte[] suffix, int off, int len) {
        int need = prefix.length + 20 + 3 + len;
        if (channel.length < need) channel = new byte[need * 2];
        System.arraycopy(prefix, 0, channel, 0, prefix.length);
        int p = Ascii.format(dbId, channel, prefix.length);
        channel[p++] = '_';
        channel[p++] = '_';
        channel[p++] = ':';
        System.arraycopy(suffix, off, channel, p, len);
        return p + len;
    }
}

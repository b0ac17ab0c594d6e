package io.basalt.command.spi;

/**
 * Publishes keyspace notifications (Redis's notifyKeyspaceEvent) on the
 * {@code __keyspace@<db>__:} and {@code __keyevent@<db>__:} channels. Implemented by the
 * pubsub layer; the keyspace reaches it only for the classes enabled in
 * {@code notify-keyspace-events} (see {@link io.basalt.keyspace.Keyspace#notifyMask()}).
 */
public interface KeyspaceNotifier {
    void notify(int type, String event, byte[] key, int off, int len, int dbId);
}

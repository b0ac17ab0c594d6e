package io.basalt.command;

import io.basalt.command.spi.Connection;
import io.basalt.command.spi.Subscriptions;
import io.basalt.protocol.Args;

import java.nio.charset.StandardCharsets;

/**
 * One client as CLIENT LIST, CLIENT INFO and log lines describe it, in Redis 7.0's field
 * order. lib-name/lib-ver (Redis 7.2) are left out: the line stays byte-for-byte 7.0's.
 * Memory figures are Basalt's own buffers: query buffer, reply buffer, socket backlog.
 */
public final class ClientInfo {
    /** A nominal per-client overhead added to tot-mem, standing for the client struct. */
    private static final long CLIENT_OVERHEAD = 1024;

    private ClientInfo() {}

    public static String line(Client c) {
        return line(c, null);
    }

    /** The line for {@code c}; {@code running} is the client executing the current command. */
    public static String line(Client c, Client running) {
        Connection conn = c.connection();
        long now = c.engine().clock().millis() / 1000;
        int qbuf = conn.queryBufferLength();
        int qfree = Math.max(0, conn.queryBufferCapacity() - qbuf);
        long argvMem = 0;
        if (c == running) {
            Args a = c.args();
            for (int i = 0; i < a.count(); i++) argvMem += a.length(i);
        }
        int rbs = c.reply().buffer().length;
        long omem = conn.pendingOutputBytes();
        long totMem = CLIENT_OVERHEAD + conn.queryBufferCapacity() + rbs + omem + argvMem;
        byte[] name = c.name();
        CommandSpec last = c.lastCommand();
        Transaction t = c.transaction();
        Subscriptions subs = c.subscriptions();
        StringBuilder b = new StringBuilder(256);
        b.append("id=").append(c.id())
                .append(" addr=").append(conn.address())
                .append(" laddr=").append(conn.localAddress())
                .append(" fd=").append(conn.fd())
                .append(" name=").append(name == null ? "" : new String(name, StandardCharsets.ISO_8859_1))
                .append(" age=").append(now - c.createdMillis() / 1000)
                .append(" idle=").append(now - c.lastInteractionMillis() / 1000)
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.db().id())
                .append(" sub=").append(subs == null ? 0 : subs.channels())
                .append(" psub=").append(subs == null ? 0 : subs.patterns())
                .append(" ssub=").append(subs == null ? 0 : subs.shardChannels())
                .append(" multi=").append(c.has(Client.MULTI) ? t.queuedCount() : -1)
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qfree)
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(t == null ? 0 : t.queuedBytes())
                .append(" rbs=").append(rbs)
                .append(" rbp=").append(rbs)
                .append(" obl=").append(c.reply().size())
                .append(" oll=0")
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(totMem)
                .append(" events=").append(omem > 0 ? "rw" : "r")
                .append(" cmd=").append(last == null ? "NULL" : last.fullName())
                .append(" user=").append(c.user())
                .append(" redir=-1")
                .append(" resp=").append(c.protocol());
        return b.toString();
    }

    /** The flags field: one letter per state in Redis's order, or N for none. */
    static String flags(Client c) {
        StringBuilder f = new StringBuilder(4);
        if (c.has(Client.MONITOR)) f.append('O');
        if (c.has(Client.REPLICA)) f.append('S');
        if (c.has(Client.MASTER)) f.append('M');
        if (c.has(Client.PUBSUB)) f.append('P');
        if (c.has(Client.MULTI)) f.append('x');
        if (c.has(Client.PAUSED | Client.BLOCKED)) f.append('b');
        if (c.transaction() != null && c.transaction().dirtyCas()) f.append('d');
        if (c.has(Client.CLOSE_AFTER_REPLY)) f.append('c');
        if (c.has(Client.NO_EVICT)) f.append('e');
        if (f.isEmpty()) f.append('N');
        return f.toString();
    }
}

package io.basalt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of one server, so a test can cut a replication link and
 * restore it at a moment it chooses: {@link #cut()} closes every proxied connection and
 * makes the proxy close new ones at once (a peer sees a refused link and retries), until
 * {@link #restore()}. Threads are daemons; {@link #close()} stops them and their sockets.
 */
public final class LinkProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean cut;

    public LinkProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName(ManagedProcess.HOST), 0));
        acceptor = new Thread(this::accept, "link-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port peers connect to instead of the target's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every proxied connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        closeAll();
    }

    public void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                quietly(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(new InetSocketAddress(ManagedProcess.HOST, targetPort), 5_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    /** Copies bytes one way until either side closes, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
            } catch (IOException e) {
                // The link was cut or a peer went away: close both ends below.
            } finally {
                quietly(from);
                quietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "link-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeAll() {
        for (Socket s : open) quietly(s);
        open.clear();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        closeAll();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

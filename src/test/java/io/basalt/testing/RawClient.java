package io.basalt.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal RESP socket client that sees exact bytes: sends a command as a multibulk or as
 * raw bytes and reads exactly one complete reply (framed by {@link Resp#completeLength}).
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;
    private byte[] buf = new byte[8192];
    private int len;

    public RawClient(String host, int port, Duration timeout) throws IOException {
        this.timeout = timeout;
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code args} as a RESP multibulk and returns the one reply. */
    public byte[] call(String... args) throws IOException {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return call(b);
    }

    public byte[] call(byte[]... args) throws IOException {
        send(multibulk(args));
        return readReply();
    }

    public byte[] call(List<byte[]> args) throws IOException {
        return call(args.toArray(new byte[0][]));
    }

    /** The reply as text (UTF-8), for assertions on exact RESP. */
    public String text(String... args) throws IOException {
        return new String(call(args), StandardCharsets.UTF_8);
    }

    public static byte[] multibulk(byte[]... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            o.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            o.writeBytes(a);
            o.writeBytes(new byte[] {'\r', '\n'});
        }
        return o.toByteArray();
    }

    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    public void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads exactly one complete reply within the timeout; EOF or timeout throws. */
    public byte[] readReply() throws IOException {
        return readReply(timeout);
    }

    public byte[] readReply(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (len > 0 && buf[len - 1] == '\n') {
                int n = Resp.completeLength(buf, len);
                if (n > 0) {
                    byte[] r = Arrays.copyOf(buf, n);
                    System.arraycopy(buf, n, buf, 0, len - n);
                    len -= n;
                    return r;
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new SocketTimeoutException("no complete reply within " + within + "; got: " + escape(Arrays.copyOf(buf, len)));
            if (fill((int) left) < 0) {
                throw new EOFException("connection closed; partial reply: " + escape(Arrays.copyOf(buf, len)));
            }
        }
    }

    /** Everything the server sends until it closes the connection (or the deadline passes: then throws). */
    public byte[] readUntilClose(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("server did not close within " + within + "; got: "
                        + escape(Arrays.copyOf(buf, len)));
            }
            int n;
            try {
                n = fill((int) left);
            } catch (java.net.SocketException e) {
                n = -1; // Reset by the peer counts as closed.
            }
            if (n < 0) {
                byte[] r = Arrays.copyOf(buf, len);
                len = 0;
                return r;
            }
        }
    }

    /** Half-closes: the server sees EOF after the bytes sent so far. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    private int fill(int timeoutMs) throws IOException {
        if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        socket.setSoTimeout(Math.max(1, timeoutMs));
        try {
            int n = in.read(buf, len, buf.length - len);
            if (n > 0) len += n;
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Printable form of reply bytes: \r \n \t \\ \" and \xHH for everything else non-printable. */
    public static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 16).append('"');
        for (byte x : b) {
            int c = x & 0xFF;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c >= 0x20 && c < 0x7F) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
                }
            }
        }
        return sb.append('"').toString();
    }
}

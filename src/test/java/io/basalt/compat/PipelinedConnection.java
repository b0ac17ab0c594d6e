package io.basalt.compat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * A socket that sends a whole batch of requests in one write and then frames exactly as
 * many replies (RawClient reads one reply at a time and re-parses its buffer, too slow for
 * 100,000 commands).
 */
final class PipelinedConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;

    PipelinedConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(io.basalt.testing.ManagedProcess.HOST, port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(byte[] requests) throws IOException {
        out.write(requests);
        out.flush();
    }

    /** The next {@code n} replies; throws on EOF or when a reply takes longer than the read timeout. */
    byte[][] read(int n) throws IOException {
        byte[][] replies = new byte[n][];
        for (int i = 0; i < n; i++) {
            int e;
            while ((e = Replies.end(buf, start, end)) < 0) fill();
            replies[i] = Arrays.copyOfRange(buf, start, e);
            start = e;
        }
        return replies;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        int r = in.read(buf, end, buf.length - end);
        if (r < 0) throw new EOFException("connection closed after " + io.basalt.testing.RawClient.escape(Arrays.copyOf(buf, end)));
        end += r;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

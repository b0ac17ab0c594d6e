package io.basalt.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The command stream a master propagates, read as a replica reads it: {@code REPLCONF capa
 * psync2}, {@code PSYNC ? -1}, the RDB payload skipped (disk-based or diskless {@code $EOF:}
 * transfer), then one RESP command after another. Keep-alive PINGs and {@code REPLCONF GETACK}
 * are dropped. Works against redis-server (and against Basalt once it replicates); the same
 * parser reads an AOF file ({@link #parseAof}), so the two streams compare command by command.
 */
public final class ReplicaStream implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final int timeoutMillis;

    private ReplicaStream(Socket socket) throws IOException {
        this.socket = socket;
        this.timeoutMillis = socket.getSoTimeout();
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** Connects as a replica and consumes the full synchronisation's snapshot. */
    public static ReplicaStream attach(String host, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        s.setSoTimeout((int) timeout.toMillis());
        ReplicaStream r = new ReplicaStream(s);
        try {
            OutputStream out = s.getOutputStream();
            out.write(RawClient.multibulk(bytes("REPLCONF"), bytes("capa"), bytes("eof"), bytes("capa"), bytes("psync2")));
            String ok = r.line();
            if (!ok.equals("+OK")) throw new IOException("REPLCONF refused: " + ok);
            out.write(RawClient.multibulk(bytes("PSYNC"), bytes("?"), bytes("-1")));
            String full = r.nonEmptyLine();
            if (!full.startsWith("+FULLRESYNC")) throw new IOException("expected +FULLRESYNC, got " + full);
            r.skipSnapshot();
            r.acknowledge();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return r;
    }

    private void skipSnapshot() throws IOException {
        String header = nonEmptyLine();
        if (!header.startsWith("$")) throw new IOException("expected the RDB payload, got " + header);
        if (header.startsWith("$EOF:")) {
            byte[] mark = header.substring(5).getBytes(StandardCharsets.ISO_8859_1);
            byte[] tail = new byte[mark.length];
            int seen = 0;
            while (true) {
                int c = read();
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                tail[tail.length - 1] = (byte) c;
                if (++seen >= mark.length && java.util.Arrays.equals(tail, mark)) return;
            }
        }
        long n = Long.parseLong(header.substring(1));
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                read();
                skipped = 1;
            }
            n -= skipped;
        }
    }

    /**
     * REPLCONF ACK, as a replica sends every second: after a diskless transfer the master
     * streams only once it has seen one since the transfer ended.
     */
    private void acknowledge() throws IOException {
        socket.getOutputStream().write(RawClient.multibulk(bytes("REPLCONF"), bytes("ACK"), bytes("0")));
    }

    /** The next propagated command, without keep-alives; acknowledges each idle second. */
    public List<byte[]> next() throws IOException {
        long deadline = System.nanoTime() + (long) socket.getSoTimeout() * 1_000_000;
        while (true) {
            List<byte[]> cmd;
            in.mark(1);
            socket.setSoTimeout(1000);
            try {
                if (in.read() < 0) throw new EOFException("the master closed the replication link");
                in.reset();
            } catch (java.net.SocketTimeoutException idle) {
                if (System.nanoTime() > deadline) throw idle;
                acknowledge();
                continue;
            } finally {
                socket.setSoTimeout(timeoutMillis);
            }
            cmd = readCommand(in);
            if (cmd == null) throw new EOFException("the master closed the replication link");
            String name = new String(cmd.get(0), StandardCharsets.US_ASCII);
            if (name.equalsIgnoreCase("PING")) continue;
            if (name.equalsIgnoreCase("REPLCONF")) continue;
            return cmd;
        }
    }

    /** Commands up to and including the first that {@code last} accepts. */
    public List<List<byte[]>> readUntil(Predicate<List<byte[]>> last) throws IOException {
        List<List<byte[]>> out = new ArrayList<>();
        while (true) {
            List<byte[]> cmd = next();
            out.add(cmd);
            if (last.test(cmd)) return out;
        }
    }

    /** The commands of an AOF file or increment (RESP arrays, {@code #} annotation lines skipped). */
    public static List<List<byte[]>> parseAof(byte[] file) throws IOException {
        InputStream in = new ByteArrayInputStream(file);
        List<List<byte[]>> out = new ArrayList<>();
        List<byte[]> cmd;
        while ((cmd = readCommand(in)) != null) out.add(cmd);
        return out;
    }

    /** One RESP array of bulk strings; null at a clean end of the stream. */
    private static List<byte[]> readCommand(InputStream in) throws IOException {
        String header;
        do {
            header = line(in);
            if (header == null) return null;
        } while (header.isEmpty() || header.startsWith("#"));
        if (!header.startsWith("*")) throw new IOException("expected a RESP array, got " + header);
        int argc = Integer.parseInt(header.substring(1));
        List<byte[]> argv = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            String len = line(in);
            if (len == null || !len.startsWith("$")) throw new IOException("expected a bulk length, got " + len);
            byte[] arg = in.readNBytes(Integer.parseInt(len.substring(1)));
            if (in.read() != '\r' || in.read() != '\n') throw new IOException("bulk string without CRLF");
            argv.add(arg);
        }
        return argv;
    }

    /** A line without its CRLF (or LF); null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (sb.isEmpty()) return null;
                throw new EOFException("stream ended inside a line: " + sb);
            }
            if (c == '\n') break;
            sb.append((char) c);
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
        return sb.toString();
    }

    private String line() throws IOException {
        String l = line(in);
        if (l == null) throw new EOFException("the master closed the connection");
        return l;
    }

    /** Skips the bare newlines a master sends as keep-alives while it prepares the snapshot. */
    private String nonEmptyLine() throws IOException {
        String l;
        do {
            l = line();
        } while (l.isEmpty());
        return l;
    }

    private int read() throws IOException {
        int c = in.read();
        if (c < 0) throw new EOFException("the master closed the connection");
        return c;
    }

    /** A command as one line of text, arguments separated by spaces (for assertions and reports). */
    public static String text(List<byte[]> cmd) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : cmd) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(new String(a, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

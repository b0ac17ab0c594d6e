package io.basalt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (the reference) on a free loopback port, for tests that compare
 * Basalt's replies with Redis's byte for byte. Started with persistence off in a temporary
 * directory, ready once it answers PING, stopped by its PID on {@link #close()}.
 * <pre>
 * try (RealRedis redis = RealRedis.start()) {
 *     byte[] reply = redis.call("COMMAND", "INFO", "get");
 * }
 * </pre>
 */
public final class RealRedis implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 10_000;

    private final Process process;
    private final int port;
    private final Path dir;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Bytes read past the last reply (none unless the server sent more than asked). */
    private byte[] pending = new byte[0];

    private RealRedis(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts redis-server with {@code extraArgs} appended to its command line ("--maxmemory", "1mb"...). */
    public static RealRedis start(String... extraArgs) throws IOException {
        Path dir = Files.createTempDirectory("real-redis");
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(Arrays.asList(extraArgs));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run redis-server (install it: apt-get install redis-server)", e);
        }
        RealRedis r = new RealRedis(p, port, dir);
        try {
            r.awaitPing();
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private void awaitPing() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (true) {
            if (!process.isAlive()) throw new IOException("redis-server exited: " + log());
            try {
                connect();
                if (Arrays.equals(call("PING"), "+PONG\r\n".getBytes(StandardCharsets.US_ASCII))) return;
            } catch (IOException e) {
                disconnect();
                if (System.nanoTime() > deadline) throw new IOException("redis-server not answering on port " + port, e);
            }
            try {
                process.waitFor(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        pending = new byte[0];
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that failed to connect
            }
        }
        socket = null;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends one command and returns the exact bytes of its reply. */
    public byte[] call(byte[]... args) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            req.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            req.writeBytes(a);
            req.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(req.toByteArray());
        out.flush();
        return readReply();
    }

    public byte[] call(String... args) throws IOException {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return call(b);
    }

    /** The reply of one command as text, like {@code Harness.raw}. */
    public String raw(String... args) throws IOException {
        return new String(call(args), StandardCharsets.UTF_8);
    }

    private byte[] readReply() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(pending);
        pending = new byte[0];
        byte[] chunk = new byte[64 * 1024];
        while (true) {
            byte[] have = buf.toByteArray();
            int n = have.length == 0 ? -1 : Resp.completeLength(have, have.length);
            if (n >= 0) {
                pending = Arrays.copyOfRange(have, n, have.length);
                return Arrays.copyOf(have, n);
            }
            int r = in.read(chunk);
            if (r < 0) throw new IOException("redis-server closed the connection");
            buf.write(chunk, 0, r);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops the server by its PID and removes its directory. */
    @Override
    public void close() {
        disconnect();
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the directory is under the system temp dir
        }
    }
}

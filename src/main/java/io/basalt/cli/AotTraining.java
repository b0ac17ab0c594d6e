package io.basalt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The training run behind the JDK's AOT cache ({@code bin/lib/aot-cache.sh}): starts the
 * server as {@code basalt-server} does, sends it the commands a client's first minute
 * brings, then {@code SHUTDOWN NOSAVE}. The JVM records which classes this loads and links,
 * and later launches map them from the cache instead of loading them again (start-up to
 * the first PONG: docs/BENCHMARKS.md).
 */
public final class AotTraining {
    private AotTraining() {}

    /** Pipelined, so the server runs them one after another and SHUTDOWN NOSAVE comes last. */
    private static final String WORKLOAD = String.join("\r\n",
            "PING", "HELLO 3", "HELLO 2", "CLIENT SETNAME training", "SELECT 0",
            "SET k v", "GET k", "SET n 10", "INCR n", "INCRBY n 5", "MSET a 1 b 2", "MGET a b",
            "EXISTS k", "EXPIRE k 100", "TTL k", "DEL k a b", "SCAN 0", "DBSIZE",
            "INFO", "CONFIG GET maxmemory", "COMMAND COUNT", "CLIENT LIST", "FLUSHALL",
            "SHUTDOWN NOSAVE", "");

    /** {@code AotTraining <dir>}: the server's data directory for the run. */
    public static void main(String[] argv) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String[] serverArgs = {"--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", argv[0]};
        Thread server = new Thread(() -> {
            try {
                ServerMain.main(serverArgs);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "aot-training-server");
        server.start();
        try (Socket client = connect(port)) {
            OutputStream out = client.getOutputStream();
            out.write(WORKLOAD.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = client.getInputStream();
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // replies are not checked: the tests do that; this only exercises the code
            }
        }
        server.join();
    }

    private static Socket connect(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) throw notYet;
                Thread.sleep(10);
            }
        }
    }
}

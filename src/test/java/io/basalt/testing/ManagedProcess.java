package io.basalt.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server running as a separate OS process on 127.0.0.1: started on a free port (retried
 * when another process takes the port first), its output captured to a log file, ready once
 * it logs "Ready to accept connections" and answers PING, stopped by PID with SIGTERM and
 * then SIGKILL after a deadline.
 */
public abstract class ManagedProcess implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(Long.getLong("basalt.it.startSeconds", 60));
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 8;

    private final String name;
    private final Process process;
    private final int port;
    private final Path dir;
    private final Path log;
    private final boolean ownsDir;

    protected ManagedProcess(String name, Process process, int port, Path dir, Path log, boolean ownsDir) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.ownsDir = ownsDir;
    }

    /** What a concrete server needs to build its command line for one attempt. */
    public record Launch(int port, Path dir, Path log) {}

    /**
     * Starts a process on a free port, retrying with another port when the log says the port
     * was taken ("Failed listening"), and waits until it is ready.
     * The server is serving once PING gets "+PONG" or "-NOAUTH" (a password is configured).
     */
    protected static Started launch(String name, LaunchCommand command) throws IOException {
        return launch(name, Files.createTempDirectory("basalt-it-" + name + "-"), command);
    }

    /** As {@link #launch(String, LaunchCommand)} in an existing directory (a restart over the same files). */
    protected static Started launch(String name, Path dir, LaunchCommand command) throws IOException {
        return launch(name, dir, 0, command);
    }

    /**
     * As {@link #launch(String, Path, LaunchCommand)} on {@code port} when it is not 0: a
     * restart where peers expect the server (replicas reconnecting to their master). The port
     * was just given up by the previous process, so a taken port is retried after a pause
     * rather than replaced.
     */
    protected static Started launch(String name, Path dir, int fixedPort, LaunchCommand command) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            if (fixedPort != 0 && attempt > 0) sleep(250);
            int port = fixedPort != 0 ? fixedPort : freePort();
            Path log = logDir().resolve(name + "-" + port + "-" + System.nanoTime() + ".log");
            List<String> cmd = command.build(new Launch(port, dir, log));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                awaitReady(p, port, log);
                return new Started(p, port, dir, log);
            } catch (PortTakenException e) {
                kill(p);
                last = e;
            } catch (IOException | RuntimeException e) {
                kill(p);
                throw e;
            }
        }
        throw new IOException(name + ": could not find a free port after " + PORT_ATTEMPTS + " attempts"
                + (fixedPort != 0 ? " (wanted " + fixedPort + ")" : ""), last);
    }

    /** Builds a config file's text for a port and a directory. */
    @FunctionalInterface
    public interface ConfigText {
        String text(int port, Path dir);
    }

    @FunctionalInterface
    protected interface LaunchCommand {
        List<String> build(Launch launch) throws IOException;
    }

    protected record Started(Process process, int port, Path dir, Path log) {}

    private static final class PortTakenException extends IOException {
        PortTakenException(String m) {
            super(m);
        }
    }

    private static void awaitReady(Process p, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        boolean logged = false;
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (text.contains("Failed listening") || text.contains("Address already in use")) {
                throw new PortTakenException("port " + port + " taken:\n" + text);
            }
            if (!p.isAlive()) {
                throw new IOException("process exited with " + p.exitValue() + " before serving; log:\n" + text);
            }
            if (!logged) logged = text.contains("Ready to accept connections");
            if (logged) {
                try (RawClient c = new RawClient(HOST, port, Duration.ofSeconds(5))) {
                    String reply = new String(c.call("PING"), StandardCharsets.ISO_8859_1);
                    if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")) return;
                } catch (IOException e) {
                    // Not serving yet: poll again.
                }
            }
            sleep(20);
        }
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        kill(p);
        throw new IOException("server not ready within " + START_DEADLINE + "; log:\n" + text);
    }

    /** A port that was free a moment ago on 127.0.0.1 (the caller retries if it is taken). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return s.getLocalPort();
        }
    }

    public static Path logDir() throws IOException {
        Path d = Path.of(System.getProperty("basalt.it.logs", "target/it-logs")).toAbsolutePath();
        Files.createDirectories(d);
        return d;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return log;
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "<log unavailable: " + e + ">";
        }
    }

    /** Resident set size in kB from /proc/&lt;pid&gt;/status, or -1 when unavailable. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public RawClient connect() throws IOException {
        return new RawClient(HOST, port, Duration.ofSeconds(10));
    }

    /** Sends SIGTERM and waits; returns the exit status, or kills the process and returns -1. */
    public int terminate(Duration deadline) throws InterruptedException {
        process.destroy();
        if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
        process.destroyForcibly();
        process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        return -1;
    }

    @Override
    public void close() {
        try {
            terminate(STOP_DEADLINE);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (ownsDir) deleteTree(dir);
    }

    static void kill(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a temp dir left behind is harmless.
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}

package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RawClient;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Process-level behaviour: failing to bind, and stopping on SIGTERM, SIGINT and SHUTDOWN. */
class StartupIT {
    @Test
    void portAlreadyInUseExitsWithAnError() throws Exception {
        Path dir = Files.createTempDirectory("basalt-it-startup-");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(ManagedProcess.HOST), 0));
            int port = taken.getLocalPort();
            Path log = ManagedProcess.logDir().resolve("startup-port-in-use-" + port + ".log");
            Process p = new ProcessBuilder(ServerProcess.javaCommand(List.of(
                    "--port", Integer.toString(port), "--bind", ManagedProcess.HOST, "--dir", dir.toString())))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
                assertThat(p.exitValue()).isNotZero();
                assertThat(Files.readString(log, StandardCharsets.UTF_8))
                        .contains("Failed listening on port " + port);
            } finally {
                p.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void sigtermStopsTheServer() throws Exception {
        try (ServerProcess server = ServerProcess.start()) {
            long start = System.nanoTime();
            int status = server.terminate(Duration.ofSeconds(10));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(status).as("exit status (-1: had to be killed)").isZero();
            assertThat(millis).isLessThan(10_000);
            assertThat(server.logText()).contains("Received SIGTERM scheduling shutdown...")
                    .contains("ready to exit, bye bye");
        }
    }

    @Test
    void shutdownCommandExitsCleanly() throws Exception {
        try (ServerProcess server = ServerProcess.start()) {
            try (Jedis j = new Jedis(new HostAndPort(ServerProcess.HOST, server.port()),
                    DefaultJedisClientConfig.builder().timeoutMillis(10_000).build())) {
                j.set("k", "v");
                j.shutdown(); // Jedis expects the connection to close without a reply
            }
            assertExitsCleanly(server);
            assertThat(server.logText()).contains("User requested shutdown...");
        }
    }

    @Test
    void shutdownNosaveClosesTheConnectionWithoutAReply() throws Exception {
        try (ServerProcess server = ServerProcess.start()) {
            try (RawClient c = server.connect()) {
                assertThat(c.text("PING")).isEqualTo("+PONG\r\n");
                c.send(RawClient.multibulk("SHUTDOWN".getBytes(StandardCharsets.US_ASCII),
                        "NOSAVE".getBytes(StandardCharsets.US_ASCII)));
                assertThat(c.readUntilClose(Duration.ofSeconds(10))).isEmpty();
            }
            assertExitsCleanly(server);
            assertThat(server.logText()).contains("User requested shutdown...");
        }
    }

    @Test
    void shutdownWithBadArgumentsKeepsServing() throws Exception {
        try (ServerProcess server = ServerProcess.start(); RawClient c = server.connect()) {
            assertThat(c.text("SHUTDOWN", "SAVE", "NOSAVE")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.text("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\r\n");
            assertThat(c.text("PING")).isEqualTo("+PONG\r\n");
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void sigintStopsTheServerLikeSigterm() throws Exception {
        try (ServerProcess server = ServerProcess.start()) {
            // A JVM cannot catch a signal its parent left ignored (as a shell does for `cmd &`).
            Assumptions.assumeFalse(ignores(server.pid(), 2), "SIGINT is ignored by the inherited disposition");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertExitsCleanly(server);
            assertThat(server.logText()).contains("Received SIGINT scheduling shutdown...");
        }
    }

    private static void assertExitsCleanly(ServerProcess server) throws InterruptedException {
        assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).as("process exits").isTrue();
        assertThat(server.process().exitValue()).isZero();
        assertThat(server.logText()).contains("ready to exit, bye bye");
    }

    /** Whether the process ignores signal {@code sig} (the SigIgn mask of /proc/PID/status). */
    private static boolean ignores(long pid, int sig) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (sig - 1))) != 0;
            }
        }
        return false;
    }
}

package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Test;

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

/** Process-level behaviour: failing to bind, and stopping on SIGTERM. */
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
}

package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script past busy-reply-threshold, seen by real connections to Basalt and to
 * redis-server: other clients get BUSY, SCRIPT KILL stops a script that wrote nothing (even
 * one that pcalls around the kill), a script that wrote is UNKILLABLE and only SHUTDOWN
 * NOSAVE stops the server, and the server serves normally once the script is gone. A busy
 * function gets FUNCTION's BUSY reply, shows in FUNCTION STATS and ends with FUNCTION KILL.
 */
class ScriptBusyIT {
    private static final String BUSY =
            "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
    private static final String BUSY_FUNCTION =
            "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";

    static List<String> targets() {
        List<String> t = new ArrayList<>(List.of("basalt"));
        if (RedisProcess.available()) t.add("redis");
        return t;
    }

    private static ManagedProcess start(String target) throws IOException {
        return target.equals("redis") ? RedisProcess.start("--busy-reply-threshold", "100")
                : ServerProcess.start("--busy-reply-threshold", "100");
    }

    private static String sha1(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    private static void awaitBusy(RawClient b) throws Exception {
        awaitBusy(b, BUSY);
    }

    /** Polls PING from {@code b} until the script is reported busy with {@code expected}. */
    private static void awaitBusy(RawClient b, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String reply;
        do {
            reply = b.text("PING");
            if (reply.startsWith("-BUSY")) break;
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        assertThat(reply).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void scriptKillStopsAReadOnlyScript(String target) throws Exception {
        String body = "local i = 0 while true do i = i + 1 end";
        try (ManagedProcess server = start(target); RawClient a = server.connect(); RawClient b = server.connect()) {
            a.send(RawClient.multibulk("EVAL".getBytes(), body.getBytes(), "0".getBytes()));
            awaitBusy(b);
            assertThat(b.text("GET", "x")).isEqualTo(BUSY);
            assertThat(b.text("EVAL", "return 1", "0")).isEqualTo(BUSY);
            assertThat(b.text("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(text(a.readReply(Duration.ofSeconds(10))))
                    .isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: " + sha1(body) + ", on @user_script:1.\r\n");
            assertThat(b.text("PING")).isEqualTo("+PONG\r\n");
            assertThat(a.text("EVAL", "return 'again'", "0")).isEqualTo("$5\r\nagain\r\n");
            assertThat(b.text("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void pcallCannotSwallowTheKill(String target) throws Exception {
        String body = "while true do pcall(function() while true do end end) end";
        try (ManagedProcess server = start(target); RawClient a = server.connect(); RawClient b = server.connect()) {
            a.send(RawClient.multibulk("EVAL".getBytes(), body.getBytes(), "0".getBytes()));
            awaitBusy(b);
            assertThat(b.text("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(text(a.readReply(Duration.ofSeconds(10))))
                    .startsWith("-ERR Script killed by user with SCRIPT KILL... script: " + sha1(body) + ", on @user_script:1.");
            assertThat(b.text("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aScriptThatWroteOnlyEndsWithShutdownNosave(String target) throws Exception {
        String body = "redis.call('set', 'x', '1') while true do end";
        try (ManagedProcess server = start(target); RawClient a = server.connect(); RawClient b = server.connect()) {
            a.send(RawClient.multibulk("EVAL".getBytes(), body.getBytes(), "0".getBytes()));
            awaitBusy(b);
            assertThat(b.text("SCRIPT", "KILL")).isEqualTo("-UNKILLABLE Sorry the script already executed write commands "
                    + "against the dataset. You can either wait the script termination or kill the server in a hard way "
                    + "using the SHUTDOWN NOSAVE command.\r\n");
            assertThat(b.text("SHUTDOWN")).isEqualTo(BUSY);
            b.send(RawClient.multibulk("SHUTDOWN".getBytes(), "NOSAVE".getBytes()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(server.isAlive()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void functionKillStopsABusyFunction(String target) throws Exception {
        String lib = "#!lua name=spinlib\nredis.register_function('spin', function()\n  local i = 0 while true do i = i + 1 end\nend)";
        try (ManagedProcess server = start(target); RawClient a = server.connect(); RawClient b = server.connect()) {
            assertThat(a.text("FUNCTION", "LOAD", lib)).isEqualTo("$7\r\nspinlib\r\n");
            a.send(RawClient.multibulk("FCALL".getBytes(), "spin".getBytes(), "0".getBytes()));
            awaitBusy(b, BUSY_FUNCTION);
            assertThat(b.text("FCALL", "spin", "0")).isEqualTo(BUSY_FUNCTION);
            assertThat(b.text("FUNCTION", "STATS")).startsWith("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nspin\r\n"
                    + "$7\r\ncommand\r\n*3\r\n$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n0\r\n$11\r\nduration_ms\r\n:");
            assertThat(b.text("SCRIPT", "KILL")).isEqualTo(BUSY_FUNCTION);
            assertThat(b.text("FUNCTION", "KILL")).isEqualTo("+OK\r\n");
            assertThat(text(a.readReply(Duration.ofSeconds(10))))
                    .isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:3.\r\n");
            assertThat(b.text("PING")).isEqualTo("+PONG\r\n");
            assertThat(b.text("FUNCTION", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
            assertThat(a.text("EVAL", "return 'eval'", "0")).isEqualTo("$4\r\neval\r\n");
        }
    }
}

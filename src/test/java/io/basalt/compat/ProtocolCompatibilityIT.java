package io.basalt.compat;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Raw byte frames that no command line can express (malformed multibulk, oversized
 * headers, inline quirks, HTTP probes, unauthenticated limits). Each case runs on a fresh
 * connection to real redis-server and to Basalt: the frame is sent, the client half-closes,
 * and everything received until the server closes must be byte-identical.
 */
class ProtocolCompatibilityIT {
    static final String PASSWORD = "s3cret";
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(15);
    private static final String PING = "PING\r\n";

    private static RedisProcess redis;
    private static ServerProcess basalt;
    private static RedisProcess redisAuth;
    private static ServerProcess basaltAuth;

    @BeforeAll
    static void startServers() throws IOException {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        redis = RedisProcess.start();
        basalt = ServerProcess.start("--enable-debug-command", "yes");
        redisAuth = RedisProcess.start("--requirepass", PASSWORD);
        basaltAuth = ServerProcess.start("--enable-debug-command", "yes", "--requirepass", PASSWORD);
    }

    @AfterAll
    static void stopServers() {
        for (ManagedProcess p : new ManagedProcess[] {redis, basalt, redisAuth, basaltAuth}) {
            if (p != null) p.close();
        }
    }

    /** One frame; {@code auth} runs it against the pair started with requirepass. */
    record Case(String name, byte[] bytes, boolean auth) {}

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Multibulk counts
        c.add(plain("*0 is ignored", "*0\r\n" + PING));
        c.add(plain("*-1 is ignored", "*-1\r\n" + PING));
        c.add(plain("*-5 is ignored", "*-5\r\n" + PING));
        c.add(plain("empty multibulk count", "*\r\n"));
        c.add(plain("non-numeric multibulk count", "*abc\r\n"));
        c.add(plain("fractional multibulk count", "*1.5\r\n"));
        c.add(plain("multibulk count with plus sign", "*+1\r\n$4\r\nPING\r\n"));
        c.add(plain("multibulk count with leading zero", "*01\r\n$4\r\nPING\r\n"));
        c.add(plain("multibulk count with trailing space", "*1 \r\n$4\r\nPING\r\n"));
        c.add(plain("multibulk count above INT_MAX", "*2147483648\r\n"));
        c.add(plain("multibulk count overflowing 64 bits", "*99999999999999999999\r\n"));
        c.add(plain("multibulk count INT_MAX waits for arguments", "*2147483647\r\n"));
        c.add(plain("multibulk header ended by LF only", "*1\n$4\r\nPING\r\n"));
        c.add(plain("too big mbulk count string", "*" + "1".repeat(65536)));
        c.add(plain("multibulk count exactly at the header limit waits", "*" + "1".repeat(65535)));
        c.add(plain("NUL inside multibulk header", "*1\0\r\n$4\r\nPING\r\n"));
        // Bulk headers
        c.add(plain("expected '$' got 'x'", "*1\r\nx3\r\nfoo\r\n"));
        c.add(plain("expected '$' got ':'", "*1\r\n:3\r\n"));
        c.add(plain("expected '$' got '*'", "*2\r\n*1\r\n$4\r\nPING\r\n"));
        c.add(plain("non-numeric bulk length", "*1\r\n$abc\r\n"));
        c.add(plain("negative bulk length", "*1\r\n$-1\r\n"));
        c.add(plain("bulk length -0", "*1\r\n$-0\r\n"));
        c.add(plain("bulk length with plus sign", "*1\r\n$+4\r\nPING\r\n"));
        c.add(plain("bulk length with leading zero", "*1\r\n$04\r\nPING\r\n"));
        c.add(plain("empty bulk length", "*1\r\n$\r\n"));
        c.add(plain("bulk length overflowing 64 bits", "*1\r\n$9999999999999999999\r\n"));
        c.add(plain("bulk length proto-max-bulk-len+1", "*1\r\n$536870913\r\n"));
        c.add(plain("bulk length proto-max-bulk-len waits", "*1\r\n$536870912\r\nabc"));
        c.add(plain("bulk header ended by LF only", "*1\r\n$4\nPING\r\n"));
        c.add(plain("too big bulk count string", "*1\r\n$" + "1".repeat(65536)));
        // Bulk payloads: Redis never checks the two bytes after a bulk
        c.add(plain("bulk shorter than declared, then more", "*1\r\n$3\r\nPING\r\n"));
        c.add(plain("bulk not followed by CRLF", "*1\r\n$4\r\nPINGxx" + PING));
        c.add(plain("truncated bulk at EOF", "*1\r\n$4\r\nPING"));
        c.add(plain("missing arguments at EOF", "*2\r\n$4\r\nPING\r\n"));
        c.add(plain("empty command name", "*1\r\n$0\r\n\r\n"));
        c.add(plain("three empty arguments", "*3\r\n$0\r\n\r\n$0\r\n\r\n$0\r\n\r\n"));
        c.add(plain("binary argument", "*2\r\n$4\r\nECHO\r\n$4\r\n\0\r\n\u00ff\r\n"));
        c.add(plain("pipelined multibulk", "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*1\r\n$4\r\nPING\r\n"));
        c.add(plain("SET then GET an empty value", "*3\r\n$3\r\nSET\r\n$5\r\npk:ev\r\n$0\r\n\r\n*2\r\n$3\r\nGET\r\n$5\r\npk:ev\r\n"));
        c.add(plain("reply then protocol error", "*1\r\n$4\r\nPING\r\n*x\r\n" + PING));
        c.add(plain("ignored count then protocol error", "*-1\r\n*abc\r\n"));
        c.add(plain("multibulk then inline", "*1\r\n$4\r\nPING\r\n" + PING));
        c.add(plain("trailing CRLF after multibulk", "*1\r\n$4\r\nPING\r\n\r\n" + PING));
        // Inline requests
        c.add(plain("inline PING with LF only", "PING\n"));
        c.add(plain("empty inline lines are ignored", "\r\n\n\n" + PING));
        c.add(plain("blank inline line", "   \t \r\n" + PING));
        c.add(plain("inline with tabs and CR separators", "ECHO\tx\r\nEC\rHO y\r\n"));
        c.add(plain("unbalanced double quote", "ECHO \"abc\r\n"));
        c.add(plain("unbalanced single quote", "ECHO 'abc\r\n"));
        c.add(plain("closing quote followed by a letter", "ECHO \"a\"b\r\n"));
        c.add(plain("inline escapes", "ECHO \"a\\x00b\\n\\xff\\x4\"\r\nECHO 'it\\'s'\r\n"));
        c.add(plain("NUL inside an inline request waits", "PI\0NG\r\n"));
        c.add(plain("NUL at the start of an inline request", "\0PING\r\n"));
        c.add(plain("inline looking like a bulk header", "$4\r\n" + PING));
        c.add(plain("inline looking like an integer reply", ":1\r\n"));
        c.add(plain("too big inline request", "A".repeat(65537)));
        c.add(plain("too big inline request after a NUL", "AB\0" + "C".repeat(65535)));
        c.add(plain("inline of exactly 64 KiB", "E".repeat(65536) + "\n"));
        c.add(plain("inline QUIT closes before the next command", "QUIT\r\n" + PING));
        c.add(plain("multibulk QUIT closes before the next command", "*1\r\n$4\r\nQUIT\r\n" + PING));
        // Cross-protocol scripting protection
        c.add(plain("POST request", "POST / HTTP/1.1\r\nHost: example\r\n\r\n"));
        c.add(plain("Host: header", "Host: example\r\n" + PING));
        c.add(plain("GET request line then Host:", "GET / HTTP/1.1\r\nHost: example\r\n\r\n"));
        c.add(plain("host: in lowercase", "host: x\r\n" + PING));
        c.add(plain("POST as a multibulk", "*1\r\n$4\r\nPOST\r\n" + PING));
        // Unauthenticated clients (requirepass set)
        c.add(auth("unauthenticated command", "GET k\r\n" + PING));
        c.add(auth("unauthenticated multibulk length", "*11\r\n"));
        c.add(auth("unauthenticated multibulk length at the limit", "*10\r\n" + "$1\r\na\r\n".repeat(10)));
        c.add(auth("unauthenticated bulk length", "*1\r\n$16385\r\n"));
        c.add(auth("unauthenticated bulk length at the limit", "*2\r\n$4\r\nECHO\r\n$16384\r\n" + "v".repeat(16384) + "\r\n"));
        c.add(auth("wrong password", "AUTH nope\r\nGET k\r\n"));
        c.add(auth("authenticated clients lose the limits", "AUTH " + PASSWORD + "\r\n*11\r\n" + "$1\r\na\r\n".repeat(11)
                + "*2\r\n$4\r\nECHO\r\n$16385\r\n" + "w".repeat(16385) + "\r\n"));
        c.add(auth("HELLO with AUTH", "HELLO 2 AUTH default nope\r\n" + PING));
        return c;
    }

    private static Case plain(String name, String latin1) {
        return new Case(name, latin1.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static Case auth(String name, String latin1) {
        return new Case(name, latin1.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    @TestFactory
    Stream<DynamicTest> frames() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String expected = exchange(c.auth() ? redisAuth : redis, c.bytes());
            String actual = exchange(c.auth() ? basaltAuth : basalt, c.bytes());
            System.out.println("protocol case '" + c.name() + "': " + abbreviate(expected));
            assertEquals(expected, actual, "case '" + c.name() + "' sent " + abbreviate(c.bytes()));
        }));
    }

    /** Sends the frame on a fresh connection, half-closes, returns everything received until close. */
    static String exchange(ManagedProcess server, byte[] frame) throws IOException {
        try (RawClient c = server.connect()) {
            try {
                c.send(frame);
                c.shutdownOutput();
            } catch (IOException e) {
                // The server may close before reading everything: what it sent still counts.
            }
            return RawClient.escape(c.readUntilClose(CLOSE_DEADLINE));
        }
    }

    private static String abbreviate(byte[] b) {
        return abbreviate(RawClient.escape(b));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }
}

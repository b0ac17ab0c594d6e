package io.basalt.scripting;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptingCommandsTest {
    private final Harness h = new Harness();

    private String bin(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return new String(h.client().rawBytes(b), StandardCharsets.ISO_8859_1);
    }

    @Test
    void luaValuesBecomeReplies() {
        assertThat(h.raw("EVAL", "return {1, 2, 3.99, -0.5, 'a', true, false, nil, 5}", "0"))
                .isEqualTo("*7\r\n:1\r\n:2\r\n:3\r\n:0\r\n$1\r\na\r\n:1\r\n$-1\r\n");
        assertThat(h.raw("EVAL", "return 1e300", "0")).isEqualTo(":-9223372036854775808\r\n");
        assertThat(h.raw("EVAL", "return {ok='a\\r\\nb'}", "0")).isEqualTo("+a  b\r\n");
        assertThat(h.raw("EVAL", "return redis.error_reply('My Err')", "0")).isEqualTo("-My Err\r\n");
        assertThat(h.raw("EVAL", "return nil", "0")).isEqualTo("$-1\r\n");
    }

    @Test
    void bytesCrossTheBoundaryUnchanged() {
        assertThat(bin("EVAL", "return KEYS[1] .. ARGV[1]", "1", "a\u0000\u00ff", "\u00e9"))
                .isEqualTo("$4\r\na\u0000\u00ff\u00e9\r\n");
        assertThat(bin("EVAL", "return redis.call('set', 'k', ARGV[1])", "0", "\u0080\u0000z")).isEqualTo("+OK\r\n");
        assertThat(bin("GET", "k")).isEqualTo("$3\r\n\u0080\u0000z\r\n");
        assertThat(bin("EVAL", "return redis.call('get', 'k')", "0")).isEqualTo("$3\r\n\u0080\u0000z\r\n");
    }

    @Test
    void errorsNameTheScriptAndLine() {
        byte[] body = "\nerror('boom')".getBytes(StandardCharsets.US_ASCII);
        String sha = Scripting.sha1hex(body, 0, body.length);
        assertThat(h.raw("EVAL", "\nerror('boom')", "0"))
                .isEqualTo("-ERR user_script:2: boom script: " + sha + ", on @user_script:2.\r\n");
        assertThat(h.raw("EVAL", "return redis.pcall('nosuch')", "0")).isEqualTo("-ERR Unknown Redis command called from script\r\n");
        assertThat(h.raw("EVAL", "return 1 +", "0"))
                .isEqualTo("-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'\r\n");
    }

    @Test
    void globalsAreLocked() {
        assertThat(h.raw("EVAL", "x = 1", "0")).startsWith("-ERR user_script:1: Attempt to modify a readonly table script: ");
        assertThat(h.raw("EVAL", "return os", "0"))
                .startsWith("-ERR user_script:1: Script attempted to access nonexistent global variable 'os' script: ");
        assertThat(h.raw("EVAL", "return rawset(string, 'x', 1)", "0")).startsWith("-ERR Attempt to modify a readonly table script: ");
        assertThat(h.raw("EVAL", "local f = loadstring('y = 1') f()", "0")).startsWith("-ERR [string \"y = 1\"]:1: Attempt to modify");
    }

    @Test
    void readOnlyScriptsRefuseWrites() {
        assertThat(h.raw("EVAL_RO", "return redis.call('set', 'k', 'v')", "0"))
                .startsWith("-ERR Write commands are not allowed from read-only scripts. script: ");
        assertThat(h.raw("EVAL", "#!lua flags=no-writes\nreturn redis.pcall('del', 'k')", "0"))
                .isEqualTo("-ERR Write commands are not allowed from read-only scripts.\r\n");
        assertThat(h.raw("EVAL_RO", "#!lua\nreturn 1", "0"))
                .isEqualTo("-ERR Can not execute a script with write flag using *_ro command.\r\n");
    }

    @Test
    void scriptCacheAndEvalsha() {
        String sha = h.raw("SCRIPT", "LOAD", "return 'x'").split("\r\n")[1];
        assertThat(h.raw("EVALSHA", sha.toUpperCase(), "0")).isEqualTo("$1\r\nx\r\n");
        assertThat(h.raw("SCRIPT", "EXISTS", sha, "nope")).isEqualTo("*2\r\n:1\r\n:0\r\n");
        assertThat(h.raw("SCRIPT", "FLUSH")).isEqualTo("+OK\r\n");
        assertThat(h.raw("EVALSHA", sha, "0")).isEqualTo("-NOSCRIPT No matching script. Please use EVAL.\r\n");
        assertThat(h.raw("EVAL", "return 'x'", "0")).isEqualTo("$1\r\nx\r\n");
        assertThat(h.raw("EVALSHA", sha, "0")).isEqualTo("$1\r\nx\r\n");
        assertThat(h.raw("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
    }

    @Test
    void numkeysIsValidated() {
        assertThat(h.raw("EVAL", "return 1", "2", "a")).isEqualTo("-ERR Number of keys can't be greater than number of args\r\n");
        assertThat(h.raw("EVAL", "return 1", "-1")).isEqualTo("-ERR Number of keys can't be negative\r\n");
        assertThat(h.raw("EVAL", "return 1", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void badScriptsDoNotHurtTheServer() {
        assertThat(h.raw("EVAL", "local function f() return f() + 1 end return f()", "0")).contains("stack overflow");
        assertThat(h.raw("EVAL", "local t = {} t[1] = t return t", "0")).contains("reached lua stack limit");
        assertThat(h.raw("EVAL", "local t = {} for i = 1, 100000 do t[i] = i end return #t", "0")).isEqualTo(":100000\r\n");
        assertThat(h.raw("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void writesPropagateAsTheCommandsTheScriptRan() {
        List<String> out = h.recordPropagation();
        h.raw("EVAL", "redis.call('set', 'a', '1') redis.call('get', 'a') redis.call('incr', 'a') return 1", "0");
        h.raw("EVAL", "return redis.call('set', 'b', '2')", "0");
        h.raw("EVAL", "return redis.call('get', 'b')", "0");
        assertThat(out).containsExactly("0 MULTI", "0 set a 1", "0 incr a", "0 EXEC", "0 set b 2");
    }
}

package io.basalt.scripting;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionCommandsTest {
    private final Harness h = new Harness();

    private static String lib(String name, String body) {
        return "#!lua name=" + name + "\n" + body;
    }

    @Test
    void loadRegistersAndFcallRuns() {
        assertThat(h.raw("FUNCTION", "LOAD", lib("mylib",
                "redis.register_function('echo', function(keys, args) return {keys[1], args[1], #keys, #args} end)")))
                .isEqualTo("$5\r\nmylib\r\n");
        assertThat(h.raw("FCALL", "echo", "1", "k", "a", "b")).isEqualTo("*4\r\n$1\r\nk\r\n$1\r\na\r\n:1\r\n:2\r\n");
        assertThat(h.raw("FCALL", "nosuch", "0")).isEqualTo("-ERR Function not found\r\n");
        assertThat(h.raw("FCALL", "echo", "x")).isEqualTo("-ERR Bad number of keys provided\r\n");
        assertThat(h.raw("FCALL", "echo", "2", "k")).isEqualTo("-ERR Number of keys can't be greater than number of args\r\n");
        assertThat(h.raw("FCALL", "echo", "-1")).isEqualTo("-ERR Number of keys can't be negative\r\n");
    }

    @Test
    void loadErrorsAreRedisOnes() {
        assertThat(h.raw("FUNCTION", "LOAD", "return 1")).isEqualTo("-ERR Missing library metadata\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", "#!lua name=a")).isEqualTo("-ERR Invalid library metadata\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", "#!lua\nx")).isEqualTo("-ERR Library name was not given\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", "#!js name=a\nx")).isEqualTo("-ERR Engine 'js' not found\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", lib("a", "local a = 1"))).isEqualTo("-ERR No functions registered\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", lib("a", "local x = redis.call('get', 'a')")))
                .isEqualTo("-ERR Error registering functions: ERR user_function:2: "
                        + "Script attempted to access nonexistent global variable 'call'\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", lib("a", "string.format('x')")))
                .isEqualTo("-ERR Error registering functions: ERR user_function:2: "
                        + "Script attempted to access nonexistent global variable 'string'\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", lib("a", "redis.register_function{function_name='x', callback=function() end, flags={'bad'}}")))
                .isEqualTo("-ERR Error registering functions: ERR unknown flag given\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", lib("a", "redis.register_function('f1', function() end) redis.register_function('f1', function() end)")))
                .isEqualTo("-ERR Error registering functions: ERR Function already exists in the library\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", lib("a", "while true do end")))
                .isEqualTo("-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n");
        assertThat(h.raw("FUNCTION", "LOAD", lib("a", ";;; +")))
                .isEqualTo("-ERR Error compiling function: user_function:2: unexpected symbol near ';'\r\n");
        assertThat(h.raw("FUNCTION", "LIST")).isEqualTo("*0\r\n");
    }

    @Test
    void runtimeErrorsNameTheFunction() {
        h.raw("FUNCTION", "LOAD", lib("l", "redis.register_function('f', function() return redis.call('nosuch') end)\n"
                + "redis.register_function('g', function() error('boom') end)"));
        assertThat(h.raw("FCALL", "f", "0"))
                .isEqualTo("-ERR Unknown Redis command called from script script: f, on @user_function:2.\r\n");
        assertThat(h.raw("FCALL", "g", "0")).isEqualTo("-ERR user_function:3: boom script: g, on @user_function:3.\r\n");
    }

    @Test
    void listDeleteFlushAndStats() {
        String code = lib("l1",
                "redis.register_function{function_name='x', callback=function() end, flags={'no-writes', 'ALLOW-OOM'}, description='d'}");
        h.raw("FUNCTION", "LOAD", code);
        assertThat(h.raw("FUNCTION", "LOAD", lib("l1", "redis.register_function('y', function() end)")))
                .isEqualTo("-ERR Library 'l1' already exists\r\n");
        assertThat(h.raw("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "l*")).isEqualTo(
                "*1\r\n*8\r\n$12\r\nlibrary_name\r\n$2\r\nl1\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n"
                        + "*1\r\n*6\r\n$4\r\nname\r\n$1\r\nx\r\n$11\r\ndescription\r\n$1\r\nd\r\n$5\r\nflags\r\n"
                        + "*2\r\n+no-writes\r\n+allow-oom\r\n$12\r\nlibrary_code\r\n$" + code.length() + "\r\n" + code + "\r\n");
        assertThat(h.raw("FUNCTION", "STATS")).isEqualTo("*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n"
                + "*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n");
        assertThat(h.raw("FUNCTION", "DELETE", "nope")).isEqualTo("-ERR Library not found\r\n");
        assertThat(h.raw("FUNCTION", "DELETE", "l1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("FCALL", "x", "0")).isEqualTo("-ERR Function not found\r\n");
        h.raw("FUNCTION", "LOAD", lib("l2", "redis.register_function('z', function() return 1 end)"));
        assertThat(h.raw("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
        assertThat(h.raw("FUNCTION", "LIST")).isEqualTo("*0\r\n");
    }

    @Test
    void readOnlyCallsNeedNoWrites() {
        h.raw("FUNCTION", "LOAD", lib("l", "redis.register_function('w', function(k) return redis.call('set', k[1], 'v') end)\n"
                + "redis.register_function{function_name='r', callback=function(k) return redis.call('get', k[1]) end, flags={'no-writes'}}\n"
                + "redis.register_function{function_name='rw', callback=function(k) return redis.call('set', k[1], 'x') end, flags={'no-writes'}}"));
        assertThat(h.raw("FCALL_RO", "w", "1", "k")).isEqualTo("-ERR Can not execute a script with write flag using *_ro command.\r\n");
        assertThat(h.raw("FCALL", "w", "1", "k")).isEqualTo("+OK\r\n");
        assertThat(h.raw("FCALL_RO", "r", "1", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(h.raw("FCALL", "rw", "1", "k"))
                .isEqualTo("-ERR Write commands are not allowed from read-only scripts. script: rw, on @user_function:4.\r\n");
    }

    @Test
    void dumpAndRestoreRoundTrip() {
        h.raw("FUNCTION", "LOAD", lib("l", "redis.register_function('f', function() return 7 end)"));
        byte[] dump = h.client().rawBytes(new byte[][] {"FUNCTION".getBytes(), "DUMP".getBytes()});
        String reply = new String(dump, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] payload = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(h.client().rawBytes(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload}))
                .isEqualTo("-ERR Library l already exists\r\n".getBytes());
        h.raw("FUNCTION", "FLUSH");
        assertThat(h.raw("FCALL", "f", "0")).isEqualTo("-ERR Function not found\r\n");
        assertThat(h.client().rawBytes(new byte[][] {"FUNCTION".getBytes(), "RESTORE".getBytes(), payload}))
                .isEqualTo("+OK\r\n".getBytes());
        assertThat(h.raw("FCALL", "f", "0")).isEqualTo(":7\r\n");
        assertThat(h.raw("FUNCTION", "RESTORE", "bad")).isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(h.raw("FUNCTION", "RESTORE", "x", "bogus"))
                .isEqualTo("-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n");
    }

    @Test
    void libraryChangesPropagateAndFcallPropagatesItsEffects() {
        java.util.List<String> seen = h.recordPropagation();
        String code = lib("p", "redis.register_function('two', function(keys) redis.call('set', keys[1], 'a') "
                + "return redis.call('set', keys[2], 'b') end)\n"
                + "redis.register_function('one', function(keys) return redis.call('incr', keys[1]) end)\n"
                + "redis.register_function('none', function(keys) return redis.call('get', keys[1]) end)");
        h.raw("FUNCTION", "LOAD", code);
        h.raw("FUNCTION", "LOAD", lib("p", "syntax error"));
        h.raw("FCALL", "two", "2", "k1", "k2");
        h.raw("FCALL", "one", "1", "n");
        h.raw("FCALL", "none", "1", "k1");
        h.raw("FUNCTION", "DELETE", "p");
        h.raw("FUNCTION", "FLUSH");
        assertThat(seen).containsExactly("0 FUNCTION LOAD " + code, "0 MULTI", "0 set k1 a", "0 set k2 b", "0 EXEC",
                "0 incr n", "0 FUNCTION DELETE p", "0 FUNCTION FLUSH");
    }

    @Test
    void scriptFlushLeavesFunctions() {
        h.raw("FUNCTION", "LOAD", lib("keep", "redis.register_function('kept', function() return 'still here' end)"));
        assertThat(h.raw("EVAL", "return 1", "0")).isEqualTo(":1\r\n");
        assertThat(h.raw("SCRIPT", "FLUSH")).isEqualTo("+OK\r\n");
        assertThat(h.raw("FCALL", "kept", "0")).isEqualTo("$10\r\nstill here\r\n");
        assertThat(h.raw("FUNCTION", "STATS")).contains("libraries_count\r\n:1");
        assertThat(h.raw("INFO", "memory")).contains("number_of_functions:1\r\nnumber_of_libraries:1\r\n");
    }

    @Test
    void resp3ListsMapsAndSets() {
        h.raw("FUNCTION", "LOAD", lib("r3", "redis.register_function{function_name='f', callback=function() return 1 end, "
                + "flags={'allow-stale'}}"));
        h.raw("HELLO", "3");
        assertThat(h.raw("FUNCTION", "LIST")).isEqualTo("*1\r\n%3\r\n$12\r\nlibrary_name\r\n$2\r\nr3\r\n$6\r\nengine\r\n"
                + "$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n%3\r\n$4\r\nname\r\n$1\r\nf\r\n$11\r\ndescription\r\n_\r\n"
                + "$5\r\nflags\r\n~1\r\n+allow-stale\r\n");
        assertThat(h.raw("FUNCTION", "STATS")).startsWith("%2\r\n$14\r\nrunning_script\r\n_\r\n$7\r\nengines\r\n%1\r\n");
    }

    @Test
    void functionNamesIgnoreCaseAndRegisterFunctionOnlyLoads() {
        h.raw("FUNCTION", "LOAD", lib("c1", "local lib = redis\n"
                + "redis.register_function('CaseF', function() return lib.register_function('z', function() end) end)"));
        assertThat(h.raw("FUNCTION", "LOAD", lib("c2", "redis.register_function('casef', function() end)")))
                .isEqualTo("-ERR Function casef already exists\r\n");
        assertThat(h.raw("FCALL", "CASEF", "0")).isEqualTo("-ERR redis.register_function can only be called on "
                + "FUNCTION LOAD command script: CaseF, on @user_function:3.\r\n");
    }
}

package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CONFIG through the dispatcher; every expected reply was checked against redis-server 7.0.15. */
class ConfigCommandsTest {
    private static String failed(String arg, String reason) {
        return "-ERR CONFIG SET failed (possibly related to argument '" + arg + "') - " + reason + "\r\n";
    }

    @Test
    void getExactPatternsAliasesAndHidden() {
        Harness h = new Harness();
        assertThat(h.raw("CONFIG", "GET", "maxmemory")).isEqualTo("*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n");
        assertThat(h.raw("CONFIG", "GET", "PORT", "Port")).isEqualTo("*2\r\n$4\r\nPORT\r\n$4\r\n6379\r\n");
        assertThat(h.raw("CONFIG", "GET", "P?RT", "port")).isEqualTo("*2\r\n$4\r\nport\r\n$4\r\n6379\r\n");
        assertThat(h.raw("CONFIG", "GET", "slaveof")).isEqualTo("*2\r\n$7\r\nslaveof\r\n$0\r\n\r\n");
        assertThat(h.raw("CONFIG", "GET", "nosuch")).isEqualTo("*0\r\n");
        assertThat(h.raw("CONFIG", "GET", "use-exit-on-panic")).isEqualTo("*2\r\n$17\r\nuse-exit-on-panic\r\n$2\r\nno\r\n");
        assertThat(h.raw("CONFIG", "GET", "use-*")).isEqualTo("*0\r\n");
        assertThat(h.raw("CONFIG", "GET", "*")).startsWith("*384\r\n");
        assertThat(h.raw("CONFIG", "GET", "*read-only")).isEqualTo(
                "*4\r\n$17\r\nreplica-read-only\r\n$3\r\nyes\r\n$15\r\nslave-read-only\r\n$3\r\nyes\r\n");
        // The harness turns save points off (as the test servers do); the default is Redis's.
        assertThat(new io.basalt.config.Config().getWords(io.basalt.config.Directives.SAVE))
                .containsExactly("3600", "1", "300", "100", "60", "10000");
        assertThat(h.raw("CONFIG", "GET", "save", "appendfsync")).isEqualTo(
                "*4\r\n$4\r\nsave\r\n$0\r\n\r\n$11\r\nappendfsync\r\n$8\r\neverysec\r\n");
        assertThat(h.raw("CONFIG", "GET")).isEqualTo("-ERR wrong number of arguments for 'config|get' command\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("CONFIG", "GET", "hz")).isEqualTo("%1\r\n$2\r\nhz\r\n$2\r\n10\r\n");
    }

    @Test
    void setValidValuesAndAtomicity() {
        Harness h = new Harness();
        assertThat(h.raw("CONFIG", "SET", "maxmemory", "1mb", "timeout", "5")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CONFIG", "GET", "maxmemory")).isEqualTo("*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n");
        assertThat(h.raw("CONFIG", "SET", "timeout", "7", "hz", "x")).isEqualTo(failed("hz", "argument couldn't be parsed into an integer"));
        assertThat(h.raw("CONFIG", "GET", "timeout")).isEqualTo("*2\r\n$7\r\ntimeout\r\n$1\r\n5\r\n");
        assertThat(h.raw("CONFIG", "SET", "hz", "0")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CONFIG", "GET", "hz")).isEqualTo("*2\r\n$2\r\nhz\r\n$1\r\n1\r\n");
        assertThat(h.raw("CONFIG", "SET", "save", "100 10 5 1")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CONFIG", "GET", "save")).isEqualTo("*2\r\n$4\r\nsave\r\n$10\r\n100 10 5 1\r\n");
        assertThat(h.raw("CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 2k 5")).isEqualTo("+OK\r\n");
        assertThat(h.call("CONFIG", "GET", "client-output-buffer-limit").toString())
                .contains("normal 0 0 0 slave 1048576 2000 5 pubsub 33554432 8388608 60");
        assertThat(h.raw("CONFIG", "SET", "slave-read-only", "maybe")).isEqualTo(failed("slave-read-only", "argument must be 'yes' or 'no'"));
        assertThat(h.raw("CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CONFIG", "GET", "maxmemory-policy")).isEqualTo("*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n");
    }

    @Test
    void setErrors() {
        Harness h = new Harness();
        assertThat(h.raw("CONFIG", "SET", "foo", "bar")).isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
        assertThat(h.raw("CONFIG", "SET", "daemonize", "yes", "foo", "bar")).isEqualTo(failed("daemonize", "can't set immutable config"));
        assertThat(h.raw("CONFIG", "SET", "dir", "/tmp")).isEqualTo(failed("dir", "can't set protected config"));
        assertThat(h.raw("CONFIG", "SET", "hz", "10", "HZ", "11")).isEqualTo(failed("HZ", "duplicate parameter"));
        assertThat(h.raw("CONFIG", "SET", "hz", "1", "2")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("CONFIG", "SET", "hz")).isEqualTo("-ERR wrong number of arguments for 'config|set' command\r\n");
        assertThat(h.raw("CONFIG", "SET", "port", "99999")).isEqualTo(failed("port", "argument must be between 0 and 65535 inclusive"));
        assertThat(h.raw("CONFIG", "SET", "maxmemory", "-1")).isEqualTo(failed("maxmemory", "argument must be a memory value"));
        assertThat(h.raw("CONFIG", "SET", "maxclients", "0")).isEqualTo(failed("maxclients", "argument must be between 1 and 4294967295 inclusive"));
        assertThat(h.raw("CONFIG", "SET", "loglevel", "foo")).isEqualTo(
                failed("loglevel", "argument(s) must be one of the following: debug, verbose, notice, warning"));
        assertThat(h.raw("CONFIG", "SET", "activedefrag", "yes")).startsWith(failed("activedefrag", "Active defragmentation").trim());
        assertThat(h.raw("CONFIG", "SET", "save", "1 2 3")).isEqualTo(failed("save", "Invalid save parameters"));
        assertThat(h.raw("CONFIG", "SET", "replicaof", "a b")).isEqualTo(failed("replicaof", "can't set immutable config"));
    }

    @Test
    void protectedConfigsAllowedWhenEnabled() {
        Harness h = new Harness("enable-protected-configs", "local");
        assertThat(h.raw("CONFIG", "SET", "dbfilename", "a/b")).isEqualTo(failed("dbfilename", "dbfilename can't be a path, just a filename"));
        assertThat(h.raw("CONFIG", "SET", "dbfilename", "x.rdb")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CONFIG", "SET", "dir", "/nonexistent-dir")).isEqualTo(failed("dir", "No such file or directory"));
    }

    @Test
    void resetStatRewriteHelp() {
        Harness h = new Harness();
        h.raw("PING");
        assertThat(h.raw("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
        assertThat(h.engine.commands().find("ping").calls).isZero();
        assertThat(h.engine.stats().commandsProcessed).isEqualTo(1);
        assertThat(h.raw("CONFIG", "RESETSTAT", "x")).isEqualTo("-ERR wrong number of arguments for 'config|resetstat' command\r\n");
        assertThat(h.raw("CONFIG", "REWRITE")).isEqualTo("-ERR The server is running without a config file\r\n");
        assertThat(h.raw("CONFIG", "HELP")).startsWith("*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");
    }
}

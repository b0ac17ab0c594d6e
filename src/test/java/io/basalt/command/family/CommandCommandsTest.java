package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** COMMAND and its subcommands; every expected reply was taken from redis-server 7.0.15. */
class CommandCommandsTest {
    private static final String GET_INFO = "*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
            + "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
            + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n"
            + "$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

    @Test
    void infoKeepsRequestOrderAndRepliesNilForUnknownNames() {
        Harness h = new Harness();
        assertThat(h.raw("COMMAND", "INFO", "nosuch", "get")).isEqualTo("*2\r\n$-1\r\n" + GET_INFO);
        assertThat(h.raw("command", "info", "GET")).isEqualTo("*1\r\n" + GET_INFO);
        assertThat(h.raw("COMMAND", "INFO", "get|x", "command|", "|get", "command|count|x", ""))
                .isEqualTo("*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n");
        assertThat(h.raw("COMMAND", "INFO", "command|count")).isEqualTo("*1\r\n*10\r\n$13\r\ncommand|count\r\n:2\r\n"
                + "*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("COMMAND", "INFO", "nosuch")).isEqualTo("*1\r\n_\r\n");
        assertThat(h.raw("COMMAND", "INFO", "ping")).isEqualTo("*1\r\n*10\r\n$4\r\nping\r\n:-1\r\n~1\r\n+fast\r\n"
                + ":0\r\n:0\r\n:0\r\n~2\r\n+@fast\r\n+@connection\r\n~2\r\n$25\r\nrequest_policy:all_shards\r\n"
                + "$29\r\nresponse_policy:all_succeeded\r\n~0\r\n~0\r\n");
    }

    @Test
    void docsSkipUnknownNames() {
        Harness h = new Harness();
        assertThat(h.raw("COMMAND", "DOCS", "nosuch")).isEqualTo("*0\r\n");
        String ping2 = "$4\r\nping\r\n*10\r\n$7\r\nsummary\r\n$15\r\nPing the server\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
                + "$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n"
                + "$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n*1\r\n+optional\r\n";
        assertThat(h.raw("COMMAND", "DOCS", "ping", "nosuch")).isEqualTo("*2\r\n" + ping2);
        h.raw("HELLO", "3");
        assertThat(h.raw("COMMAND", "DOCS", "nosuch")).isEqualTo("%0\r\n");
        assertThat(h.raw("COMMAND", "DOCS", "ping")).isEqualTo("%1\r\n$4\r\nping\r\n%5\r\n$7\r\nsummary\r\n"
                + "$15\r\nPing the server\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n"
                + "$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$7\r\nmessage\r\n"
                + "$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~1\r\n+optional\r\n");
    }

    @Test
    void allCommandsAndCount() {
        Harness h = new Harness();
        int n = h.engine.commands().all().size();
        assertThat(h.raw("COMMAND", "COUNT")).isEqualTo(":" + n + "\r\n");
        assertThat((List<?>) h.call("COMMAND")).hasSize(n);
        assertThat((List<?>) h.call("COMMAND", "INFO")).hasSize(n);
        assertThat(h.raw("COMMAND")).isEqualTo(h.raw("COMMAND", "INFO"));
        h.raw("HELLO", "3");
        assertThat(h.raw("COMMAND", "DOCS")).startsWith("%" + n + "\r\n");
    }

    @Test
    void listWithFilters() {
        Harness h = new Harness();
        assertThat(names(h.call("COMMAND", "LIST"))).contains("get", "command", "command|info", "command|getkeys")
                .doesNotHaveDuplicates();
        assertThat(names(h.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "command|get*")))
                .containsExactlyInAnyOrder("command|getkeys", "command|getkeysandflags");
        assertThat(names(h.call("COMMAND", "LIST", "filterby", "pattern", "[G]E?")))
                .containsExactlyInAnyOrder("get");
        assertThat(names(h.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "CONNECTION")))
                .contains("command", "command|info", "ping", "echo", "auth", "hello", "select", "reset", "quit")
                .doesNotContain("get", "set");
        assertThat(h.raw("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nope")).isEqualTo("*0\r\n");
        assertThat(h.raw("COMMAND", "LIST", "FILTERBY", "MODULE", "x")).isEqualTo("*0\r\n");
        assertThat(h.raw("COMMAND", "LIST", "FILTERBY", "PATTERN", "command|*", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("COMMAND", "LIST", "FILTERBY", "foo", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("COMMAND", "LIST", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("COMMAND", "LIST", "FILTERBY", "PATTERN")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void getKeys() {
        Harness h = new Harness();
        assertThat(h.raw("COMMAND", "GETKEYS", "get", "k")).isEqualTo("*1\r\n$1\r\nk\r\n");
        assertThat(h.raw("COMMAND", "GETKEYS", "SET", "key", "v", "EX", "10")).isEqualTo("*1\r\n$3\r\nkey\r\n");
        assertThat(h.raw("COMMAND", "GETKEYS", "get")).isEqualTo("-ERR wrong number of arguments for 'command|getkeys' command\r\n");
        assertThat(h.raw("COMMAND", "GETKEYS", "get", "a", "b")).isEqualTo("-ERR Invalid number of arguments specified for command\r\n");
        assertThat(h.raw("COMMAND", "GETKEYS", "nosuch", "a")).isEqualTo("-ERR Invalid command specified\r\n");
        assertThat(h.raw("COMMAND", "GETKEYS", "ping", "a")).isEqualTo("-ERR The command has no key arguments\r\n");
        assertThat(h.raw("COMMAND", "GETKEYS", "command", "getkeys", "get", "k")).isEqualTo("-ERR The command has no key arguments\r\n");
        assertThat(h.raw("COMMAND", "GETKEYS", "command", "nosuch")).isEqualTo("-ERR Invalid command specified\r\n");
    }

    @Test
    void getKeysAndFlags() {
        Harness h = new Harness();
        assertThat(h.raw("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "get"))
                .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
        assertThat(h.raw("COMMAND", "GETKEYSANDFLAGS", "get", "k")).isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v")).isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n~2\r\n+OW\r\n+update\r\n");
    }

    @Test
    void helpAndUnknownSubcommand() {
        Harness h = new Harness();
        List<?> help = (List<?>) h.call("COMMAND", "HELP");
        assertThat(help).hasSize(21);
        assertThat(help.get(0)).isEqualTo("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        assertThat(help.get(20)).isEqualTo("    Prints this help.");
        assertThat(h.raw("COMMAND", "HELP", "x")).isEqualTo("-ERR wrong number of arguments for 'command|help' command\r\n");
        assertThat(h.raw("COMMAND", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n");
        assertThat(h.raw("COMMAND", "COUNT", "x")).isEqualTo("-ERR wrong number of arguments for 'command|count' command\r\n");
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Object reply) {
        return (List<String>) reply;
    }
}

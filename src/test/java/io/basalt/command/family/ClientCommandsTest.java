package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCommandsTest {
    @Test
    void namesAndIds() {
        Harness h = new Harness();
        assertThat(h.raw("CLIENT", "ID")).isEqualTo(":" + h.client().client.id() + "\r\n");
        assertThat(h.raw("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
        assertThat(h.raw("CLIENT", "SETNAME", "foo")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CLIENT", "GETNAME")).isEqualTo("$3\r\nfoo\r\n");
        assertThat(h.raw("CLIENT", "SETNAME", "a b"))
                .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(h.raw("CLIENT", "SETNAME", "")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
        assertThat(h.raw("CLIENT", "SETNAME")).isEqualTo("-ERR wrong number of arguments for 'client|setname' command\r\n");
        assertThat(h.raw("CLIENT", "ID", "x")).isEqualTo("-ERR wrong number of arguments for 'client|id' command\r\n");
        assertThat(h.raw("CLIENT", "foo")).isEqualTo("-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n");
    }

    @Test
    void listAndInfoLines() {
        Harness h = new Harness();
        Harness.TestClient other = h.newClient();
        other.raw("CLIENT", "SETNAME", "worker");
        other.raw("SELECT", "3");
        other.pendingOutput = 5;
        String list = (String) h.call("CLIENT", "LIST");
        String[] lines = list.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("id=1 addr=127.0.0.1:40000 laddr=127.0.0.1:6379 fd=-1 name= age=0 idle=0 flags=N "
                + "db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 "
                + "obl=0 oll=0 omem=0 tot-mem=17418 events=r cmd=client|list user=default redir=-1 resp=2");
        assertThat(lines[1]).startsWith("id=2 ").contains(" name=worker ", " db=3 ", " argv-mem=0 ", " omem=5 ", " events=rw cmd=select ");
        assertThat(h.raw("CLIENT", "LIST", "ID", "2", "99")).startsWith("$").contains("id=2 ").doesNotContain("id=1 ");
        assertThat(h.raw("CLIENT", "LIST", "ID", "99")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("CLIENT", "LIST", "TYPE", "master")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("CLIENT", "LIST", "TYPE", "normal")).contains("id=1 ", "id=2 ");
        assertThat(h.raw("CLIENT", "LIST", "TYPE", "foo")).isEqualTo("-ERR Unknown client type 'foo'\r\n");
        assertThat(h.raw("CLIENT", "LIST", "ID", "x")).isEqualTo("-ERR Invalid client ID\r\n");
        assertThat(h.raw("CLIENT", "LIST", "ID")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("CLIENT", "LIST", "foo")).isEqualTo("-ERR syntax error\r\n");
        assertThat((String) h.call("CLIENT", "INFO")).startsWith("id=1 ").endsWith(" cmd=client|info user=default redir=-1 resp=2\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("CLIENT", "INFO")).startsWith("=").contains("\r\ntxt:id=1 ");
    }

    @Test
    void killOldAndNewForms() {
        Harness h = new Harness();
        Harness.TestClient other = h.newClient();
        assertThat(h.raw("CLIENT", "KILL", "1.2.3.4:5")).isEqualTo("-ERR No such client\r\n");
        assertThat(h.raw("CLIENT", "KILL", "ID", "0")).isEqualTo("-ERR client-id should be greater than 0\r\n");
        assertThat(h.raw("CLIENT", "KILL", "ID", "x")).isEqualTo("-ERR client-id should be greater than 0\r\n");
        assertThat(h.raw("CLIENT", "KILL", "ID", "1", "TYPE", "foo")).isEqualTo("-ERR Unknown client type 'foo'\r\n");
        assertThat(h.raw("CLIENT", "KILL", "ADDR", "1", "SKIPME", "maybe")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("CLIENT", "KILL", "a", "b", "c")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("CLIENT", "KILL", "USER", "nobody")).isEqualTo("-ERR No such user 'nobody'\r\n");
        assertThat(h.raw("CLIENT", "KILL", "ID", "99999")).isEqualTo(":0\r\n");
        assertThat(h.raw("CLIENT", "KILL", "ID", "2")).isEqualTo(":1\r\n");
        assertThat(other.closed).isTrue();
        assertThat(h.engine.clients().count()).isEqualTo(1);
        assertThat(h.raw("CLIENT", "KILL", "USER", "default")).isEqualTo(":0\r\n");
        assertThat(h.client().closed).isFalse();
        assertThat(h.raw("CLIENT", "KILL", "127.0.0.1:40000")).isEqualTo("+OK\r\n");
        assertThat(h.client().closed).isTrue();
    }

    @Test
    void replyModes() {
        Harness h = new Harness();
        assertThat(h.raw("CLIENT", "REPLY")).isEqualTo("-ERR wrong number of arguments for 'client|reply' command\r\n");
        assertThat(h.raw("CLIENT", "REPLY", "foo")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("CLIENT", "REPLY", "SKIP")).isEmpty();
        assertThat(h.raw("PING")).isEmpty();
        assertThat(h.raw("PING")).isEqualTo("+PONG\r\n");
        assertThat(h.raw("CLIENT", "REPLY", "SKIP")).isEmpty();
        assertThat(h.raw("NOSUCH")).isEmpty();
        assertThat(h.raw("PING")).isEqualTo("+PONG\r\n");
        assertThat(h.raw("CLIENT", "REPLY", "OFF")).isEmpty();
        assertThat(h.raw("PING")).isEmpty();
        assertThat(h.raw("CLIENT", "REPLY", "foo")).isEmpty();
        assertThat(h.raw("CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
        assertThat(h.raw("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void noEvictAndSetinfo() {
        Harness h = new Harness();
        assertThat(h.raw("CLIENT", "NO-EVICT", "on")).isEqualTo("+OK\r\n");
        assertThat((String) h.call("CLIENT", "INFO")).contains(" flags=e ");
        assertThat(h.raw("CLIENT", "NO-EVICT", "OFF")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CLIENT", "NO-EVICT", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("CLIENT", "SETINFO", "LIB-NAME", "jedis")).isEqualTo("+OK\r\n");
        assertThat(h.raw("CLIENT", "SETINFO", "lib-ver", "5.0.0")).isEqualTo("+OK\r\n");
        assertThat(h.client().client.libName()).isEqualTo("jedis");
        assertThat(h.client().client.libVersion()).isEqualTo("5.0.0");
        assertThat(h.raw("CLIENT", "SETINFO", "lib-name", "a b"))
                .isEqualTo("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n");
        assertThat(h.raw("CLIENT", "SETINFO", "foo", "x")).isEqualTo("-ERR Unrecognized option 'foo'\r\n");
        assertThat(h.raw("CLIENT", "SETINFO", "lib-name")).isEqualTo("-ERR wrong number of arguments for 'client|setinfo' command\r\n");
    }

    @Test
    void unblockArgumentsAndAnUnblockedClient() {
        Harness h = new Harness();
        assertThat(h.raw("CLIENT", "UNBLOCK", "1")).isEqualTo(":0\r\n");
        assertThat(h.raw("CLIENT", "UNBLOCK", "999", "error")).isEqualTo(":0\r\n");
        assertThat(h.raw("CLIENT", "UNBLOCK", "1", "foo")).isEqualTo("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
        assertThat(h.raw("CLIENT", "UNBLOCK", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("CLIENT", "UNBLOCK", "1", "timeout", "extra"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n");
    }

    @Test
    void pauseHoldsCommandsAndRunsThemInOrder() {
        Harness h = new Harness();
        Harness.TestClient a = h.newClient();
        Harness.TestClient b = h.newClient();
        assertThat(h.raw("CLIENT", "PAUSE", "x")).isEqualTo("-ERR timeout is not an integer or out of range\r\n");
        assertThat(h.raw("CLIENT", "PAUSE", "-1")).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(h.raw("CLIENT", "PAUSE", "10", "foo")).isEqualTo("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
        assertThat(h.raw("CLIENT", "PAUSE", "10", "all", "extra"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n");
        assertThat(h.raw("CLIENT", "PAUSE", "1000", "WRITE")).isEqualTo("+OK\r\n");
        assertThat(a.raw("GET", "k")).isEqualTo("$-1\r\n");
        assertThat(a.raw("SET", "k", "a")).isEmpty();
        assertThat(b.raw("SET", "k", "b")).isEmpty();
        assertThat((String) h.call("CLIENT", "INFO")).contains(" flags=N ");
        assertThat(h.raw("CLIENT", "LIST", "ID", String.valueOf(a.client.id()))).contains(" flags=b ");
        assertThat(h.raw("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
        assertThat(a.takeOutput()).isEqualTo("+OK\r\n");
        assertThat(b.takeOutput()).isEqualTo("+OK\r\n");
        assertThat(h.raw("GET", "k")).isEqualTo("$1\r\nb\r\n");
        assertThat(h.raw("CLIENT", "PAUSE", "100")).isEqualTo("+OK\r\n");
        assertThat(a.raw("GET", "k")).isEmpty();
        h.clock.advanceMillis(101);
        assertThat(b.raw("PING")).isEqualTo("+PONG\r\n");
        assertThat(a.takeOutput()).isEqualTo("$1\r\nb\r\n");
    }

    @Test
    void helpListsEverySubcommand() {
        Harness h = new Harness();
        String help = h.raw("CLIENT", "HELP");
        assertThat(help).startsWith("*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n")
                .endsWith("+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n+HELP\r\n+    Prints this help.\r\n");
    }

    @Test
    void outputBufferLimits() {
        Harness h = new Harness("client-output-buffer-limit", "normal 100 50 10");
        Harness.TestClient c = h.newClient();
        assertThat(h.engine.outputLimits().exceeded(c.client, 49)).isFalse();
        assertThat(h.engine.outputLimits().exceeded(c.client, 60)).isFalse();
        h.clock.advanceMillis(10_000);
        assertThat(h.engine.outputLimits().exceeded(c.client, 60)).isFalse();
        h.clock.advanceMillis(1_000);
        assertThat(h.engine.outputLimits().exceeded(c.client, 60)).isTrue();
        assertThat(h.engine.outputLimits().exceeded(c.client, 10)).isFalse();
        assertThat(h.engine.outputLimits().exceeded(c.client, 100)).isTrue();
        assertThat(h.engine.stats().clientOutputBufferLimitDisconnections).isEqualTo(2);
        assertThat(h.config.format(io.basalt.config.Directives.CLIENT_OUTPUT_BUFFER_LIMIT)).isEqualTo("normal 100 50 10 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Harness("client-output-buffer-limit", "master 1 1 1"))
                .hasMessageEndingWith("Invalid client class specified in buffer limit configuration.");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Harness("client-output-buffer-limit", "normal 1 1"))
                .hasMessageEndingWith("Wrong number of arguments in buffer limit configuration.");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Harness("client-output-buffer-limit", "normal 1 x 1"))
                .hasMessageEndingWith("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }

    @Test
    void aCommandArrivingAfterThePauseDeadlineQueuesBehindTheHeldOnes() {
        Harness h = new Harness();
        Harness.TestClient a = h.newClient();
        Harness.TestClient b = h.newClient();
        h.raw("SET", "k", "old");
        assertThat(h.raw("CLIENT", "PAUSE", "100", "ALL")).isEqualTo("+OK\r\n");
        assertThat(a.raw("GET", "k")).isEmpty();
        h.clock.advanceMillis(101);
        // The pause ends between read batches: a's GET, held first, still runs first.
        assertThat(b.raw("SET", "k", "new")).isEqualTo("+OK\r\n");
        assertThat(a.takeOutput()).isEqualTo("$3\r\nold\r\n");
    }

    @Test
    void resetKeepsNoEvict() {
        Harness h = new Harness();
        assertThat(h.raw("CLIENT", "NO-EVICT", "on")).isEqualTo("+OK\r\n");
        assertThat(h.raw("RESET")).isEqualTo("+RESET\r\n");
        assertThat((String) h.call("CLIENT", "INFO")).contains(" flags=e ");
    }
}

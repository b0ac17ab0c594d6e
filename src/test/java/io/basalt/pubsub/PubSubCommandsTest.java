package io.basalt.pubsub;

import io.basalt.testing.Harness;
import io.basalt.testing.Harness.TestClient;
import org.junit.jupiter.api.Test;

import io.basalt.command.Propagation;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PubSubCommandsTest {
    private final Harness h = new Harness();
    private final TestClient sub = h.newClient();

    private static String push3(String kind, String name, long count) {
        return "*3\r\n$" + kind.length() + "\r\n" + kind + "\r\n" + bulk(name) + ":" + count + "\r\n";
    }

    private static String bulk(String s) {
        return s == null ? "$-1\r\n" : "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private static String message(String channel, String payload) {
        return "*3\r\n$7\r\nmessage\r\n" + bulk(channel) + bulk(payload);
    }

    private static String pmessage(String pattern, String channel, String payload) {
        return "*4\r\n$8\r\npmessage\r\n" + bulk(pattern) + bulk(channel) + bulk(payload);
    }

    @Test
    void subscribeConfirmsEachChannelWithTheRunningCount() {
        assertThat(sub.raw("SUBSCRIBE", "a", "b", "a"))
                .isEqualTo(push3("subscribe", "a", 1) + push3("subscribe", "b", 2) + push3("subscribe", "a", 2));
        assertThat(sub.raw("PSUBSCRIBE", "n*")).isEqualTo(push3("psubscribe", "n*", 3));
        assertThat(sub.raw("SSUBSCRIBE", "s")).isEqualTo(push3("ssubscribe", "s", 1));
        assertThat(sub.raw("UNSUBSCRIBE", "b", "zz"))
                .isEqualTo(push3("unsubscribe", "b", 2) + push3("unsubscribe", "zz", 2));
        assertThat(sub.raw("PUNSUBSCRIBE")).isEqualTo(push3("punsubscribe", "n*", 1));
        assertThat(sub.raw("PUNSUBSCRIBE")).isEqualTo(push3("punsubscribe", null, 1));
        assertThat(sub.raw("SUNSUBSCRIBE")).isEqualTo(push3("sunsubscribe", "s", 0));
        assertThat(sub.raw("UNSUBSCRIBE")).isEqualTo(push3("unsubscribe", "a", 0));
        assertThat(sub.raw("UNSUBSCRIBE")).isEqualTo(push3("unsubscribe", null, 0));
        // Out of subscribed mode: any command again.
        assertThat(sub.raw("GET", "x")).isEqualTo("$-1\r\n");
    }

    @Test
    void publishReachesChannelAndPatternSubscribers() {
        sub.raw("SUBSCRIBE", "news.it");
        TestClient psub = h.newClient();
        psub.raw("PSUBSCRIBE", "news.*", "*.it", "x");
        assertThat(h.raw("PUBLISH", "news.it", "hello")).isEqualTo(":3\r\n");
        assertThat(sub.takeOutput()).isEqualTo(message("news.it", "hello"));
        assertThat(psub.takeOutput()).isEqualTo(pmessage("news.*", "news.it", "hello") + pmessage("*.it", "news.it", "hello"));
        assertThat(h.raw("PUBLISH", "nobody", "x")).isEqualTo(":0\r\n");
        assertThat(h.raw("PUBLISH", "news.fr", "")).isEqualTo(":1\r\n");
        assertThat(psub.takeOutput()).isEqualTo(pmessage("news.*", "news.fr", ""));
        assertThat(sub.takeOutput()).isEmpty();
        assertThat(psub.flushRequests).isPositive();
    }

    @Test
    void shardChannelsAreSeparateAndIgnorePatterns() {
        sub.raw("SSUBSCRIBE", "s");
        TestClient psub = h.newClient();
        psub.raw("PSUBSCRIBE", "*");
        assertThat(h.raw("SPUBLISH", "s", "m")).isEqualTo(":1\r\n");
        assertThat(sub.takeOutput()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$1\r\ns\r\n$1\r\nm\r\n");
        assertThat(psub.takeOutput()).isEmpty();
        assertThat(h.raw("PUBLISH", "s", "m")).isEqualTo(":1\r\n");
        assertThat(sub.takeOutput()).isEmpty();
        assertThat(h.raw("PUBSUB", "SHARDCHANNELS")).isEqualTo("*1\r\n$1\r\ns\r\n");
        assertThat(h.raw("PUBSUB", "SHARDNUMSUB", "s", "t")).isEqualTo("*4\r\n$1\r\ns\r\n:1\r\n$1\r\nt\r\n:0\r\n");
        assertThat(h.raw("PUBSUB", "CHANNELS")).isEqualTo("*0\r\n");
    }

    @Test
    void resp3SubscribersGetPushesAndMayRunAnyCommand() {
        sub.raw("HELLO", "3");
        assertThat(sub.raw("SUBSCRIBE", "c")).isEqualTo(">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n");
        assertThat(sub.raw("PUBLISH", "c", "self")).isEqualTo(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$4\r\nself\r\n:1\r\n");
        assertThat(sub.raw("GET", "k")).isEqualTo("_\r\n");
        assertThat(sub.raw("PING")).isEqualTo("+PONG\r\n");
        assertThat(sub.raw("UNSUBSCRIBE", "c", "d"))
                .isEqualTo(">3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n>3\r\n$11\r\nunsubscribe\r\n$1\r\nd\r\n:0\r\n");
        assertThat(sub.raw("PUNSUBSCRIBE")).isEqualTo(">3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n");
    }

    @Test
    void resp2SubscribedContextAllowsOnlySubscriptionCommands() {
        sub.raw("SUBSCRIBE", "c");
        assertThat(sub.raw("GET", "x")).isEqualTo("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / "
                + "PING / QUIT / RESET are allowed in this context\r\n");
        assertThat(sub.raw("CONFIG", "GET", "x")).startsWith("-ERR Can't execute 'config|get': ");
        assertThat(sub.raw("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        assertThat(sub.raw("PING", "hi")).isEqualTo("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
        // Arity is checked before the context.
        assertThat(sub.raw("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(sub.raw("RESET")).isEqualTo("+RESET\r\n");
        assertThat(sub.raw("GET", "x")).isEqualTo("$-1\r\n");
        assertThat(h.raw("PUBSUB", "NUMSUB", "c")).isEqualTo("*2\r\n$1\r\nc\r\n:0\r\n");
    }

    @Test
    void clientListCountsAndFlag() {
        sub.raw("SUBSCRIBE", "a", "b");
        sub.raw("PSUBSCRIBE", "p*");
        sub.raw("SSUBSCRIBE", "s");
        String line = sub.client.id() + "";
        String list = (String) h.call("CLIENT", "LIST", "ID", line);
        assertThat(list).contains(" flags=P ").contains(" sub=2 psub=1 ssub=1 ");
        sub.raw("UNSUBSCRIBE");
        sub.raw("PUNSUBSCRIBE");
        sub.raw("SUNSUBSCRIBE");
        list = (String) h.call("CLIENT", "LIST", "ID", line);
        assertThat(list).contains(" flags=N ").contains(" sub=0 psub=0 ssub=0 ");
    }

    @Test
    void introspectionAndInfo() {
        sub.raw("SUBSCRIBE", "a", "b");
        TestClient other = h.newClient();
        other.raw("SUBSCRIBE", "a");
        other.raw("PSUBSCRIBE", "p*", "q*");
        sub.raw("PSUBSCRIBE", "p*");
        assertThat(h.raw("PUBSUB", "NUMSUB", "a", "b", "c"))
                .isEqualTo("*6\r\n$1\r\na\r\n:2\r\n$1\r\nb\r\n:1\r\n$1\r\nc\r\n:0\r\n");
        assertThat(h.raw("PUBSUB", "NUMSUB")).isEqualTo("*0\r\n");
        assertThat(h.raw("PUBSUB", "NUMPAT")).isEqualTo(":2\r\n");
        assertThat(h.raw("PUBSUB", "CHANNELS", "b*")).isEqualTo("*1\r\n$1\r\nb\r\n");
        assertThat(h.raw("PUBSUB", "CHANNELS", "a", "b"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n");
        String info = (String) h.call("INFO", "stats");
        assertThat(info).contains("pubsub_channels:2\r\npubsub_patterns:2\r\npubsubshard_channels:0\r\n");
        // A disconnection drops everything the client had.
        h.engine.clients().remove(other.client);
        h.engine.dispatcher().disconnected(other.client);
        assertThat(h.raw("PUBSUB", "NUMPAT")).isEqualTo(":1\r\n");
        assertThat(h.raw("PUBSUB", "NUMSUB", "a")).isEqualTo("*2\r\n$1\r\na\r\n:1\r\n");
    }

    @Test
    void messagesBypassClientReplyOff() {
        sub.raw("CLIENT", "REPLY", "OFF");
        assertThat(sub.raw("SUBSCRIBE", "c")).isEqualTo(push3("subscribe", "c", 1));
        h.raw("PUBLISH", "c", "m");
        assertThat(sub.takeOutput()).isEqualTo(message("c", "m"));
    }

    @Test
    void publishPropagatesToReplicasOnly() {
        List<String> aof = new ArrayList<>();
        List<String> replicas = new ArrayList<>();
        h.engine.propagation().addTarget((db, argv) -> aof.add(argv.string(0)), Propagation.AOF);
        h.engine.propagation().addTarget((db, argv) -> replicas.add(argv.string(0)), Propagation.REPLICATION);
        h.raw("PUBLISH", "c", "m");
        h.raw("SPUBLISH", "c", "m");
        assertThat(replicas).containsExactly("PUBLISH", "SPUBLISH");
        assertThat(aof).isEmpty();
    }

    @Test
    void slowSubscriberIsClosedAtThePubsubLimit() {
        h.raw("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1000 0 0");
        sub.raw("SUBSCRIBE", "c");
        sub.pendingOutput = 990;
        assertThat(h.raw("PUBLISH", "c", "0123456789")).isEqualTo(":1\r\n");
        assertThat(sub.closed).isTrue();
        assertThat(h.engine.stats().clientOutputBufferLimitDisconnections).isEqualTo(1);
        // A client being closed still counts as a receiver, but gets nothing more.
        assertThat(h.raw("PUBLISH", "c", "again")).isEqualTo(":1\r\n");
        assertThat(h.engine.stats().clientOutputBufferLimitDisconnections).isEqualTo(1);
    }

    @Test
    void helpAndErrors() {
        assertThat(h.raw("PUBSUB", "HELP")).startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n");
        assertThat(h.raw("PUBLISH", "c")).isEqualTo("-ERR wrong number of arguments for 'publish' command\r\n");
        assertThat(h.raw("SUBSCRIBE")).isEqualTo("-ERR wrong number of arguments for 'subscribe' command\r\n");
        assertThat(h.raw("PUBSUB", "NUMPAT", "x")).isEqualTo("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
    }
}

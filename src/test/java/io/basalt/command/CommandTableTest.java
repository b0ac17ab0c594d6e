package io.basalt.command;

import io.basalt.server.Families;
import io.basalt.testing.Harness;
import io.basalt.testing.RealRedis;
import io.basalt.testing.Resp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTableTest {
    @Test
    void everyDeclaredCommandHasAHandler() {
        CommandTable t = new CommandTable(Families.all());
        assertThat(t.all()).isNotEmpty();
        for (CommandSpec c : t.all()) {
            if (!c.isContainer()) assertThat(c.handler()).as(c.fullName()).isNotNull();
            for (CommandSpec s : c.subcommands()) assertThat(s.handler()).as(s.fullName()).isNotNull();
        }
    }

    @Test
    void aDeclarationWithoutHandlerFailsTheBuild() {
        List<Map<String, Object>> decl = CommandTable.loadDeclarations();
        assertThatThrownBy(() -> new CommandTable(decl, List.of()))
                .hasMessageContaining("declaration without handler: get");
    }

    @Test
    void aHandlerWithoutDeclarationFailsTheBuild() {
        List<CommandFamily> families = new java.util.ArrayList<>(Families.all());
        families.add(b -> b.bind("no-such-command", c -> {}));
        assertThatThrownBy(() -> new CommandTable(families)).hasMessageContaining("handler without declaration: no-such-command");
    }

    @Test
    void lookupIsCaseInsensitive() {
        CommandTable t = new CommandTable(Families.all());
        byte[] name = "gEt".getBytes();
        assertThat(t.lookup(name, 0, 3).fullName()).isEqualTo("get");
        assertThat(t.lookup("nope".getBytes(), 0, 4)).isNull();
    }

    /**
     * Every declared command renders in COMMAND INFO and COMMAND DOCS exactly as Redis 7.0
     * does, in RESP2 and RESP3. Subcommands are compared one by one; a container is compared
     * field by field with its subcommand list as a set (Redis orders it by hash, and Basalt
     * may declare a subset).
     */
    @Test
    void infoAndDocsAreByteIdenticalToRealRedis() throws IOException {
        try (RealRedis redis = RealRedis.start()) {
            Harness h = new Harness();
            for (String proto : new String[] {"2", "3"}) {
                redis.call("HELLO", proto);
                h.raw("HELLO", proto);
                for (CommandSpec c : h.engine.commands().all()) {
                    if (!c.isContainer()) {
                        assertSame(redis, h, "INFO", c.fullName(), proto);
                        assertSame(redis, h, "DOCS", c.fullName(), proto);
                        continue;
                    }
                    for (CommandSpec sub : c.subcommands()) {
                        if (newerThanRedis70(sub)) continue;
                        assertSame(redis, h, "INFO", sub.fullName(), proto);
                        assertSame(redis, h, "DOCS", sub.fullName(), proto);
                    }
                    compareContainerInfo(redis, h, c, proto);
                    compareContainerDocs(redis, h, c, proto);
                }
            }
        }
    }

    private static void assertSame(RealRedis redis, Harness h, String what, String name, String proto) throws IOException {
        String expected = new String(redis.call("COMMAND", what, name), StandardCharsets.UTF_8);
        assertThat(h.raw("COMMAND", what, name)).as("COMMAND %s %s (RESP%s)", what, name, proto).isEqualTo(expected);
    }

    private static void compareContainerInfo(RealRedis redis, Harness h, CommandSpec c, String proto) throws IOException {
        List<byte[]> real = children(children(redis.call("COMMAND", "INFO", c.fullName())).get(0));
        List<byte[]> ours = children(children(bytes(h.raw("COMMAND", "INFO", c.fullName()))).get(0));
        assertThat(ours).hasSize(10);
        for (int i = 0; i < 9; i++) {
            assertThat(text(ours.get(i))).as("COMMAND INFO %s field %d (RESP%s)", c.fullName(), i, proto).isEqualTo(text(real.get(i)));
        }
        List<String> realSubs = texts(children(real.get(9)));
        List<String> ourSubs = texts(children(ours.get(9)));
        assertThat(ourSubs).hasSize(c.subcommands().size());
        ourSubs.removeIf(entry -> laterNames(c).stream().anyMatch(n -> entry.startsWith("*10\r\n" + bulk(n))));
        assertThat(realSubs).as("COMMAND INFO %s subcommands (RESP%s)", c.fullName(), proto).containsAll(ourSubs);
    }

    private static void compareContainerDocs(RealRedis redis, Harness h, CommandSpec c, String proto) throws IOException {
        List<byte[]> real = children(children(redis.call("COMMAND", "DOCS", c.fullName())).get(1));
        List<byte[]> ours = children(children(bytes(h.raw("COMMAND", "DOCS", c.fullName()))).get(1));
        assertThat(ours).hasSameSizeAs(real);
        for (int i = 0; i < ours.size(); i += 2) {
            assertThat(text(ours.get(i))).isEqualTo(text(real.get(i)));
            if (text(ours.get(i)).equals("$11\r\nsubcommands\r\n")) {
                List<String> realPairs = pairs(children(real.get(i + 1)));
                List<String> ourPairs = pairs(children(ours.get(i + 1)));
                assertThat(ourPairs).hasSize(c.subcommands().size());
                ourPairs.removeIf(pair -> laterNames(c).stream().anyMatch(n -> pair.startsWith(bulk(n))));
                assertThat(realPairs).as("COMMAND DOCS %s subcommands (RESP%s)", c.fullName(), proto).containsAll(ourPairs);
            } else {
                assertThat(text(ours.get(i + 1))).as("COMMAND DOCS %s %s (RESP%s)", c.fullName(), text(ours.get(i)), proto)
                        .isEqualTo(text(real.get(i + 1)));
            }
        }
    }

    /** The raw bytes of each element of an aggregate reply (a map gives keys and values in turn). */
    static List<byte[]> children(byte[] reply) {
        int eol = 0;
        while (reply[eol] != '\r') eol++;
        int n = Integer.parseInt(new String(reply, 1, eol - 1, StandardCharsets.US_ASCII));
        if (reply[0] == '%') n *= 2;
        List<byte[]> out = new ArrayList<>();
        int p = eol + 2;
        for (int i = 0; i < n; i++) {
            byte[] rest = Arrays.copyOfRange(reply, p, reply.length);
            int len = Resp.completeLength(rest, rest.length);
            out.add(Arrays.copyOf(rest, len));
            p += len;
        }
        return out;
    }

    /** Declarations of later Redis versions (tools/commands-after-7.0.json): Redis 7.0 cannot be compared. */
    private static boolean newerThanRedis70(CommandSpec spec) {
        return spec.since().compareTo("7.0.15") > 0 && !spec.since().startsWith("7.0.");
    }

    private static List<String> laterNames(CommandSpec container) {
        List<String> out = new ArrayList<>();
        for (CommandSpec sub : container.subcommands()) if (newerThanRedis70(sub)) out.add(sub.fullName());
        return out;
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private static List<String> pairs(List<byte[]> flat) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 2) out.add(text(flat.get(i)) + text(flat.get(i + 1)));
        return out;
    }

    private static List<String> texts(List<byte[]> items) {
        List<String> out = new ArrayList<>();
        for (byte[] b : items) out.add(text(b));
        return out;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

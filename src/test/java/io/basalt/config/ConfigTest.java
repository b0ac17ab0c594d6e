package io.basalt.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The directive table and the loader, against texts and values captured from real Redis 7.0.15. */
class ConfigTest {
    @TempDir
    Path tmp;

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = ConfigTest.class.getResourceAsStream("/" + name)) {
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isEmpty() && !l.startsWith("#")) out.add(l);
            }
            return out;
        }
    }

    @Test
    void directiveNamesEqualRedis() throws IOException {
        TreeSet<String> ours = new TreeSet<>();
        for (Directive d : Directives.all()) {
            if (d.is(Directive.HIDDEN)) continue;
            ours.add(d.name());
            ours.addAll(d.aliases());
        }
        assertEquals(new TreeSet<>(resourceLines("redis-7.0-config-names.txt")), ours);
    }

    @Test
    void defaultsEqualRedis() throws IOException {
        Config c = new Config();
        for (String line : resourceLines("redis-7.0-config-defaults.txt")) {
            String[] kv = line.split("\t", -1);
            assertEquals(kv[1], c.format(Directives.lookup(kv[0])), kv[0]);
        }
    }

    private static String fatal(int line, String text, String reason) {
        return "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line " + line
                + "\n>>> '" + text + "'\n" + reason;
    }

    private String loadError(String... argv) {
        ConfigLoader l = new ConfigLoader(new Config());
        return assertThrows(ConfigException.class, () -> l.loadCommandLine(argv)).getMessage();
    }

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void fatalErrorsAsRedisPrintsThem() throws IOException {
        assertEquals(fatal(2, "foo bar", "Bad directive or wrong number of arguments"),
                loadError(file("a.conf", "port 7777\nfoo bar\n").toString()));
        assertEquals(fatal(2, "hz abc", "argument couldn't be parsed into an integer"),
                loadError(file("b.conf", "# c\n  hz abc  \n").toString()));
        assertEquals(fatal(1, "save 1", "Invalid save parameters"), loadError(file("c.conf", "save 1\n").toString()));
        assertEquals(fatal(1, "bind \"a", "Unbalanced quotes in configuration line"),
                loadError(file("d.conf", "bind \"a\n").toString()));
        assertEquals(fatal(1, "port 1 2", "wrong number of arguments"), loadError(file("e.conf", "port 1 2\n").toString()));
        assertEquals(fatal(2, "port \"abc\"", "argument couldn't be parsed into an integer"), loadError("--port", "abc"));
        assertEquals(fatal(2, "dir \"/nonexist\"", "No such file or directory"), loadError("--dir", "/nonexist"));
        assertEquals(fatal(2, "sentinel-foo", "Bad directive or wrong number of arguments"), loadError("--sentinel-foo"));
        assertEquals(fatal(2, "foo.bar", "Module config specified without value"), loadError("--foo.bar"));
        assertEquals(fatal(3, "port \"99999\"", "argument must be between 0 and 65535 inclusive"),
                loadError("--lua-replicate-commands", "yes", "--port", "99999"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory",
                loadError("--logfile", "/nonexist/x.log"));
        assertEquals(fatal(2, "loglevel \"nothing\"",
                "argument(s) must be one of the following: debug, verbose, notice, warning"), loadError("--loglevel", "nothing"));
        ConfigLoader l = new ConfigLoader(new Config());
        ConfigException e = assertThrows(ConfigException.class, () -> l.loadCommandLine(new String[] {"/nonexist.conf"}));
        assertTrue(e.isLogLine());
        assertEquals("Fatal error, can't open config file '/nonexist.conf': No such file or directory", e.getMessage());
    }

    @Test
    void fileThenCommandLineThenIncludeRelativeToDir() throws IOException, ConfigException {
        file("inc.conf", "maxmemory 2mb\ntimeout 5\n");
        Path main = file("main.conf", "dir " + tmp + "\ninclude inc.conf\nport 7000\nslave-read-only no\nslave-lazy-flush yes\n"
                + "maxmemory-policy ALLKEYS-LRU\nmaxmemory-clients 10%\nclient-output-buffer-limit replica 1mb 2k 5\n");
        Config c = new Config();
        ConfigLoader l = new ConfigLoader(c);
        l.loadCommandLine(new String[] {main.toString(), "--port", "7001", "--save", "--timeout", "6"});
        assertEquals(main.toString(), l.configFile());
        assertEquals(7001, c.getInt(Directives.PORT));
        assertEquals("2097152", c.format(Directives.MAXMEMORY));
        assertEquals("6", c.format(Directives.TIMEOUT));
        assertEquals("no", c.format(Directives.REPLICA_READ_ONLY));
        assertEquals("allkeys-lru", c.format(Directives.MAXMEMORY_POLICY));
        assertEquals("10%", c.format(Directives.MAXMEMORY_CLIENTS));
        assertEquals("", c.format(Directives.SAVE));
        assertEquals("normal 0 0 0 slave 1048576 2000 5 pubsub 33554432 8388608 60",
                c.format(Directives.CLIENT_OUTPUT_BUFFER_LIMIT));
        assertTrue(l.notImplemented().contains("replica-lazy-flush"));
        assertTrue(!l.notImplemented().contains("port"));
    }

    @Test
    void saveAccumulatesAndEmptyResets() throws ConfigException {
        Config c = new Config();
        ConfigLoader l = new ConfigLoader(c);
        l.loadText("save 100 1\nsave 200 2\n");
        assertEquals("100 1 200 2", c.format(Directives.SAVE));
        l.loadText("save \"\"\nsave 5 5\n");
        assertEquals("5 5", c.format(Directives.SAVE));
        Config c2 = new Config();
        new ConfigLoader(c2).loadCommandLine(new String[] {"--save", "60 1 30 2"});
        assertEquals("60 1 30 2", c2.format(Directives.SAVE));
    }

    @Test
    void stdinAndDeprecatedAndQuotes() throws ConfigException {
        Config c = new Config();
        ConfigLoader l = new ConfigLoader(c);
        l.setStdin(new ByteArrayInputStream("list-max-ziplist-entries 5\nrequirepass \"a b\\x41\"\n".getBytes(StandardCharsets.UTF_8)));
        l.loadCommandLine(new String[] {"-", "--hz", "0"});
        assertEquals("a bA", c.getString(Directives.REQUIREPASS));
        assertEquals(1, c.getInt(Directives.HZ));
    }

    private static Object parse(Directive d, String... args) throws ConfigException {
        return d.type().parse(List.of(args), new Config().get(d));
    }

    private static String parseError(Directive d, String... args) {
        return assertThrows(ConfigException.class, () -> parse(d, args)).getMessage();
    }

    @Test
    void typesAndErrorTexts() throws ConfigException {
        assertEquals("argument must be 'yes' or 'no'", parseError(Directives.APPENDONLY, "maybe"));
        assertEquals(Boolean.TRUE, parse(Directives.APPENDONLY, "YES"));
        assertEquals("argument must be a memory value", parseError(Directives.MAXMEMORY, "-1"));
        assertEquals("argument must be a memory value", parseError(Directives.MAXMEMORY, "1tb"));
        assertEquals("18446744073709551615",
                Directives.MAXMEMORY.type().format(parse(Directives.MAXMEMORY, "99999999999999999999")));
        assertEquals(1073741824L, parse(Directives.MAXMEMORY, "1GB"));
        assertEquals(1000L, parse(Directives.MAXMEMORY, "1k"));
        assertEquals("percentage argument must be less or equal to 100", parseError(Directives.MAXMEMORY_CLIENTS, "101%"));
        assertEquals("argument must be a memory or percent value", parseError(Directives.MAXMEMORY_CLIENTS, "x"));
        assertEquals("argument must be between 1 and 4294967295 inclusive", parseError(Directives.MAXCLIENTS, "-1"));
        assertEquals("argument must be between 0 and 9223372036854775807 inclusive",
                parseError(Directives.SET_MAX_INTSET_ENTRIES, "-1"));
        assertEquals("argument must be between 0 and 9223372036854775807 inclusive", parseError(Directives.SLOWLOG_MAX_LEN, "-1"));
        assertEquals("argument couldn't be parsed into an integer", parseError(Directives.HZ, "01"));
        assertEquals("argument couldn't be parsed into an integer", parseError(Directives.PORT, "+1"));
        assertEquals("argument must be between 0 and 777 inclusive", parseError(Directives.UNIXSOCKETPERM, "1000"));
        assertEquals("700", Directives.UNIXSOCKETPERM.type().format(parse(Directives.UNIXSOCKETPERM, "0700")));
        assertEquals("argument must be between 1048576 and 9223372036854775807 inclusive",
                parseError(Directives.PROTO_MAX_BULK_LEN, "1000"));
        assertEquals("yes", parse(Directives.OOM_SCORE_ADJ, "relative"));
        assertEquals("save now", parse(Directives.SHUTDOWN_ON_SIGINT, "now", "save"));
        assertEquals("shutdown options SAVE and NOSAVE can't be used simultaneously",
                parseError(Directives.SHUTDOWN_ON_SIGINT, "save", "nosave"));
        assertEquals("A", Directives.NOTIFY_KEYSPACE_EVENTS.type().format(parse(Directives.NOTIFY_KEYSPACE_EVENTS, "nA")));
        assertEquals("AKE", Directives.NOTIFY_KEYSPACE_EVENTS.type().format(parse(Directives.NOTIFY_KEYSPACE_EVENTS, "KEA")));
        assertEquals("g$xE", Directives.NOTIFY_KEYSPACE_EVENTS.type().format(parse(Directives.NOTIFY_KEYSPACE_EVENTS, "Ex$g")));
        assertEquals("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", parseError(Directives.NOTIFY_KEYSPACE_EVENTS, "Q"));
        assertEquals("Invalid client class specified in buffer limit configuration.",
                parseError(Directives.CLIENT_OUTPUT_BUFFER_LIMIT, "master", "1", "2", "3"));
        assertEquals("Wrong number of arguments in buffer limit configuration.",
                parseError(Directives.CLIENT_OUTPUT_BUFFER_LIMIT, "normal", "1"));
        assertEquals("Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
                parseError(Directives.OOM_SCORE_ADJ_VALUES, "1", "2", "3000"));
        assertEquals("Invalid master port", parseError(Directives.REPLICAOF, "h", "70000"));
        assertEquals(List.of(), parse(Directives.REPLICAOF, "NO", "ONE"));
        assertEquals(List.of("1.5", "99.9", "100"), parse(Directives.LATENCY_TRACKING_INFO_PERCENTILES, "1.5", "99.90", "100"));
        assertEquals("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
                parseError(Directives.LATENCY_TRACKING_INFO_PERCENTILES, "101"));
        assertEquals("dbfilename can't be a path, just a filename", parseError(Directives.DBFILENAME, "a/b"));
        assertEquals("appendfilename can't be empty", parseError(Directives.APPENDFILENAME, ""));
        assertEquals("Hostnames may only contain alphanumeric characters, hyphens or dots",
                parseError(Directives.CLUSTER_ANNOUNCE_HOSTNAME, "a_b"));
        assertEquals("template format is invalid or contains unknown variables", parseError(Directives.PROC_TITLE_TEMPLATE, "{foo}"));
        assertEquals("template format is invalid or contains unknown variables", parseError(Directives.PROC_TITLE_TEMPLATE, "{title}"));
        assertEquals("Too many bind addresses specified.", parseError(Directives.BIND,
                "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"));
    }

    @Test
    void rewriteKeepsCommentsReusesLinesAndAppends() {
        Config c = new Config();
        c.setValue(Directives.MAXMEMORY, 3000000L);
        c.setValue(Directives.SAVE, List.of("300", "3"));
        c.setValue(Directives.REPLICA_READ_ONLY, false);
        c.setValue(Directives.DIR, "/tmp/rw");
        String old = "# top comment\nport 23458\n\n\n\nsave 100 1\n# mid\nsave 200 2\nmaxmemory 1mb\nslave-read-only no\n"
                + "hz 10\nbind 127.0.0.1\ndaemonize no\nappendonly no\nrequirepass \"\"\nloglevel notice\nbogus x\n";
        c.setValue(Directives.PORT, 23458L);
        c.setValue(Directives.BIND, List.of("127.0.0.1"));
        String expected = "# top comment\nport 23458\n\nsave 300 3\n# mid\n\nmaxmemory 3000000\nreplica-read-only no\nhz 10\n"
                + "bind 127.0.0.1\ndaemonize no\nappendonly no\n\nloglevel notice\n# ??? bogus x\n\n"
                + "# Generated by CONFIG REWRITE\ndir \"/tmp/rw\"\nlatency-tracking-info-percentiles 50 99 99.9\n"
                + "user default on nopass ~* &* +@all\n";
        // Redis appends new lines in its hash table's order (random per process); Basalt in table order.
        assertEquals(expected, ConfigRewriter.rewrite(c, old));
    }
}

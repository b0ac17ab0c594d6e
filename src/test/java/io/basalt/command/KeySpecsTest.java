package io.basalt.command;

import io.basalt.protocol.Args;
import io.basalt.testing.RealRedis;
import io.basalt.testing.Resp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key extraction over Redis's whole command table (taken from a real redis-server, not
 * only the commands Basalt declares), compared with real COMMAND GETKEYSANDFLAGS.
 */
class KeySpecsTest {
    private static RealRedis redis;
    private static final Map<String, CommandSpec> TABLE = new HashMap<>();

    @BeforeAll
    static void loadRedisTable() throws IOException {
        redis = RealRedis.start();
        redis.call("HELLO", "3");
        @SuppressWarnings("unchecked")
        List<Object> all = (List<Object>) Resp.parse(redis.call("COMMAND"));
        for (Object e : all) {
            CommandSpec spec = CommandTable.spec(declaration(e));
            TABLE.put(spec.fullName(), spec);
        }
        redis.call("HELLO", "2");
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
    }

    /** A COMMAND INFO entry as commands.json declares it (without docs). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> declaration(Object entry) {
        List<Object> f = (List<Object>) entry;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", f.get(0));
        d.put("arity", f.get(1));
        d.put("flags", f.get(2));
        d.put("first_key", f.get(3));
        d.put("last_key", f.get(4));
        d.put("key_step", f.get(5));
        d.put("acl_categories", f.get(6));
        d.put("tips", f.get(7));
        d.put("key_specs", f.get(8));
        List<Object> subs = new ArrayList<>();
        for (Object s : (List<Object>) f.get(9)) subs.add(declaration(s));
        d.put("subcommands", subs);
        d.put("docs", Map.of());
        return d;
    }

    private static final String[][] INVOCATIONS = {
            {"get", "k"}, {"get", "k", "x"}, {"set", "k", "v"}, {"set", "k", "v", "get"}, {"set", "k", "v", "NX", "GeT"},
            {"set", "k", "v", "px", "get"}, {"mset", "a", "1", "b", "2"}, {"mset", "a", "1", "b"}, {"mget", "a", "b", "c"},
            {"del", "a", "b"}, {"unlink", "a"}, {"exists", "a", "b", "a"}, {"touch", "x"}, {"watch", "a", "b"},
            {"zunionstore", "d", "2", "a", "b", "weights", "1", "2"}, {"zunionstore", "d", "0", "a"},
            {"zunionstore", "d", "x", "a"}, {"zunionstore", "d", "3", "a", "b"}, {"zunionstore", "d", "-1", "a"},
            {"zinterstore", "d", "1", "a"}, {"zdiffstore", "d", "2", "a", "b"}, {"zunion", "2", "a", "b"},
            {"zinter", "3", "a", "b"}, {"zdiff", "1", "a"}, {"zintercard", "2", "a", "b", "limit", "1"},
            {"sintercard", "2", "a", "b"}, {"sintercard", "0", "a"}, {"sintercard", "01", "a"},
            {"eval", "s", "2", "a", "b", "c"}, {"eval", "s", "0"}, {"eval", "s", "-1", "a"}, {"eval", "s", "3", "a"},
            {"eval", "s", "1x", "a"}, {"eval_ro", "s", "1", "k"}, {"evalsha", "x", "1", "k"}, {"evalsha_ro", "x", "0"},
            {"fcall", "f", "1", "k", "a"}, {"fcall_ro", "f", "2", "k"}, {"lmpop", "2", "a", "b", "left"},
            {"lmpop", "0", "a", "left"}, {"blmpop", "0", "2", "a", "b", "left"}, {"zmpop", "1", "a", "min"},
            {"bzmpop", "0", "1", "a", "max"}, {"sort", "k"}, {"sort", "k", "store", "d"},
            {"sort", "k", "by", "x", "get", "y", "store", "d", "limit", "0", "1"}, {"sort", "k", "store"},
            {"sort", "k", "by", "store", "store", "d1", "STORE", "d2"}, {"sort", "k", "limit", "store", "x", "y"},
            {"sort_ro", "k", "by", "x"}, {"migrate", "h", "p", "k", "0", "5"}, {"migrate", "h", "p", "", "0", "5", "keys", "a", "b"},
            {"migrate", "h", "p", "x", "0", "5", "keys", "a", "b"}, {"migrate", "h", "p", "", "0", "5", "auth", "keys", "keys", "a"},
            {"migrate", "h", "p", "", "0", "5", "auth2", "u", "pw", "copy", "replace", "keys", "a", "b"},
            {"migrate", "h", "p", "", "0", "5", "copy", "keys"}, {"georadius", "k", "0", "0", "1", "m", "store", "d"},
            {"georadius", "k", "0", "0", "1", "m", "storedist", "d", "store", "e"}, {"georadius", "k", "0", "0", "1", "m", "store"},
            {"georadiusbymember", "k", "m", "1", "km", "store", "d"}, {"georadius_ro", "k", "0", "0", "1", "m"},
            {"xread", "streams", "a", "b", "1", "2"}, {"xread", "count", "1", "block", "0", "streams", "a", "1"},
            {"xread", "streams", "a", "b", "c"}, {"xread", "count", "streams", "streams", "a", "1"},
            {"xreadgroup", "group", "g", "c", "streams", "a", "b", "0", "0"},
            {"xreadgroup", "group", "g", "c", "count", "1", "noack", "streams", "a", ">"},
            {"xreadgroup", "group", "streams", "c", "streams", "a", ">"}, {"bitfield", "k", "get", "u8", "0"},
            {"bitfield", "k", "set", "u8", "0", "1"}, {"bitfield", "k", "overflow", "sat", "get", "u8", "0"},
            {"bitfield", "k", "incrby", "u8", "0", "1"}, {"bitfield", "k", "foo"}, {"bitfield", "k"}, {"bitfield", "k", "get", "u8"},
            {"bitfield_ro", "k", "get", "u8", "0"}, {"rename", "a", "b"}, {"renamenx", "a", "b"}, {"smove", "a", "b", "m"},
            {"lmove", "a", "b", "left", "right"}, {"blmove", "a", "b", "left", "right", "0"}, {"bzpopmin", "a", "b", "0"},
            {"blpop", "a", "b", "0"}, {"brpoplpush", "a", "b", "0"}, {"msetnx", "a", "1", "b", "2"}, {"pfmerge", "d", "a", "b"},
            {"pfmerge", "d"}, {"bitop", "and", "d", "a", "b"}, {"sdiffstore", "d", "a", "b"}, {"sunionstore", "d", "a"},
            {"zrangestore", "d", "s", "0", "1"}, {"geosearchstore", "d", "s", "frommember", "m", "byradius", "1", "m"},
            {"copy", "a", "b"}, {"copy", "a", "b", "db", "1"}, {"object", "encoding", "k"}, {"object", "help"},
            {"xgroup", "create", "k", "g", "$"}, {"xgroup", "help"}, {"memory", "usage", "k"}, {"lcs", "a", "b"},
            {"spublish", "ch", "m"}, {"publish", "ch", "m"}, {"ping"}, {"config", "get", "x"}, {"config"}, {"nosuch", "k"},
            {"get|x", "k"}, {"xadd", "k", "*", "f", "v"}, {"pfcount", "a", "b"}, {"dump", "k"}, {"restore", "k", "0", "v"},
            {"getex", "k", "ex", "1"}, {"hset", "k", "f", "v"}, {"lpush", "k", "a"}, {"expire", "k", "1"}, {"keys", "*"},
            {"PFDEBUG", "getreg", "k"}, {"SINTER", "a", "b"}, {"GeT", "k"}, {"client", "list"}, {"client", "nosuch"},
            {"sort", "k\u0000x"}, {"xread", "STREAMS\u0000", "a", "1"}, {"set", "k", "v", "get\u0000x"},
    };

    @Test
    void keysAndFlagsMatchRealRedisForTheWholeTable() throws IOException {
        assertThat(TABLE).hasSizeGreaterThan(200);
        for (String[] inv : INVOCATIONS) {
            String[] req = new String[inv.length + 2];
            req[0] = "COMMAND";
            req[1] = "GETKEYSANDFLAGS";
            System.arraycopy(inv, 0, req, 2, inv.length);
            String expected = redis.raw(req);
            assertThat(getKeysAndFlags(req)).as(String.join(" ", inv)).isEqualTo(expected);
        }
    }

    /** COMMAND GETKEYSANDFLAGS over the table loaded from Redis, RESP2. */
    private static String getKeysAndFlags(String[] req) {
        Args a = Args.of(req);
        if (a.count() < 4) return "-ERR wrong number of arguments for 'command|getkeysandflags' command\r\n";
        int argc = a.count() - 2;
        CommandSpec spec = TABLE.get(req[2].toLowerCase());
        if (spec != null && spec.isContainer() && argc > 1) spec = spec.subcommand(req[3].toLowerCase());
        if (spec == null) return "-ERR Invalid command specified\r\n";
        if (!spec.keys().hasKeys()) return "-ERR The command has no key arguments\r\n";
        if ((spec.arity() > 0 && spec.arity() != argc) || argc < -spec.arity()) {
            return "-ERR Invalid number of arguments specified for command\r\n";
        }
        KeyRefs refs = new KeyRefs();
        int n = spec.keys().find(a, 2, argc, refs);
        if (n == 0) {
            return spec.has(CommandFlag.NO_MANDATORY_KEYS) ? "*0\r\n" : "-ERR Invalid arguments specified for command\r\n";
        }
        StringBuilder sb = new StringBuilder("*" + n + "\r\n");
        for (int j = 0; j < n; j++) {
            byte[] key = a.copy(2 + refs.position(j));
            sb.append("*2\r\n$").append(key.length).append("\r\n").append(new String(key, StandardCharsets.UTF_8)).append("\r\n");
            sb.append('*').append(KeySpecs.flagCount(refs.flags(j))).append("\r\n");
            for (int bit = 0; bit < KeySpecs.flagBits(); bit++) {
                if ((refs.flags(j) & (1 << bit)) != 0) sb.append('+').append(KeySpecs.flagName(bit)).append("\r\n");
            }
        }
        return sb.toString();
    }

    @Test
    void findingKeysReusesTheResultArrays() {
        CommandSpec mget = TABLE.get("mget");
        KeyRefs refs = new KeyRefs();
        Args a = Args.of("mget", "a", "b", "c");
        assertThat(mget.keys().find(a, 0, a.count(), refs)).isEqualTo(3);
        assertThat(refs.position(0)).isEqualTo(1);
        assertThat(refs.position(2)).isEqualTo(3);
        assertThat(refs.flags(1)).isEqualTo(KeySpecs.RO | KeySpecs.ACCESS);
        Args one = Args.of("mget", "z");
        assertThat(mget.keys().find(one, 0, one.count(), refs)).isEqualTo(1);
        assertThat(refs.count()).isEqualTo(1);
    }
}

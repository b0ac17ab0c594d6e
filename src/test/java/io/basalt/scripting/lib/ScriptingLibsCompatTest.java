package io.basalt.scripting.lib;

import io.basalt.testing.RealRedis;
import io.basalt.testing.RedisProcess;
import io.basalt.util.ArgSplitter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every probe through EVAL on a real redis-server 7.0.15 and through Basalt's libraries
 * in a bare Lua state, requiring identical replies; and keeps the compat file of the same
 * probes in step ({@code -Dbasalt.regenerateCompat=true} rewrites it).
 */
class ScriptingLibsCompatTest {
    static final Path COMPAT_FILE = Path.of("src/test/resources/compat/scripting-libs.redis");

    @Test
    void everyProbeRepliesAsRedisDoes() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        List<String> mismatches = new ArrayList<>();
        try (RealRedis redis = RealRedis.start(); LocalEval local = new LocalEval()) {
            for (String probe : ScriptingLibProbes.ALL) {
                String expected = new String(redis.call("EVAL".getBytes(StandardCharsets.UTF_8),
                        probe.getBytes(StandardCharsets.UTF_8), "0".getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
                String actual = local.evalText(probe);
                if (!expected.equals(actual)) mismatches.add(probe + "\n    redis:  " + expected + "    basalt: " + actual);
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + ScriptingLibProbes.ALL.size() + " probes differ:\n"
                + String.join("\n", mismatches));
    }

    @Test
    void compatFileHoldsTheProbes() throws Exception {
        String expected = compatFile();
        if (Boolean.getBoolean("basalt.regenerateCompat")) Files.writeString(COMPAT_FILE, expected, StandardCharsets.UTF_8);
        assertEquals(expected, Files.readString(COMPAT_FILE, StandardCharsets.UTF_8),
                "regenerate with -Dbasalt.regenerateCompat=true");
        List<String> lines = expected.lines().filter(l -> !l.startsWith("#")).toList();
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(List.of("EVAL", ScriptingLibProbes.ALL.get(i), "0"), ArgSplitter.split(lines.get(i)),
                    "the compat runner must read back the probe");
        }
    }

    private static String compatFile() {
        StringBuilder out = new StringBuilder("""
                # requires: EVAL
                # Redis 7.0's script libraries cjson, cmsgpack, struct and bit (deps/lua/src), errors included.
                # Generated from ScriptingLibProbes by ScriptingLibsCompatTest (-Dbasalt.regenerateCompat=true).
                """);
        for (String probe : ScriptingLibProbes.ALL) {
            out.append("EVAL \"").append(probe.replace("\\", "\\\\").replace("\"", "\\\"")).append("\" 0\n");
        }
        return out.toString();
    }
}

package io.basalt.observability;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryCommandsTest {
    /** Sizes Redis 7.0.15 (jemalloc) reports for the same keys. */
    @Test
    void usageMatchesRedis() {
        Harness h = new Harness();
        h.raw("SET", "s", "hello");
        h.raw("SET", "i", "12345");
        h.raw("SET", "k45", "a".repeat(45));
        h.raw("SET", "k44", "a".repeat(44));
        h.raw("SET", "k".repeat(44), "x");
        h.raw("SET", "i2", "99999999999");
        assertThat(h.raw("MEMORY", "USAGE", "s")).isEqualTo(":64\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "i")).isEqualTo(":48\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "k45")).isEqualTo(":112\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "k44")).isEqualTo(":96\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "k".repeat(44))).isEqualTo(":104\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "i2")).isEqualTo(":48\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "s", "SAMPLES", "0")).isEqualTo(":64\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "nokey")).isEqualTo("$-1\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "s", "SAMPLES", "-1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "s", "SAMPLES", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "s", "SAMPLES")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("MEMORY", "USAGE", "s", "foo")).isEqualTo("-ERR syntax error\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("MEMORY", "USAGE", "nokey")).isEqualTo("_\r\n");
    }

    @Test
    void otherSubcommands() {
        Harness h = new Harness();
        assertThat(h.raw("MEMORY", "PURGE")).isEqualTo("+OK\r\n");
        assertThat(h.raw("MEMORY", "MALLOC-STATS")).isEqualTo("$45\r\nStats not supported for the current allocator\r\n");
        assertThat(h.raw("MEMORY", "MALLOC-STATS", "x"))
                .isEqualTo("-ERR wrong number of arguments for 'memory|malloc-stats' command\r\n");
        assertThat(h.raw("MEMORY", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try MEMORY HELP.\r\n");
        assertThat(h.raw("MEMORY")).isEqualTo("-ERR wrong number of arguments for 'memory' command\r\n");
        assertThat(h.raw("MEMORY", "DOCTOR")).isEqualTo("$268\r\nHi Sam, this instance is empty or is using very little "
                + "memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth "
                + "and fill it with some data. The new Sam and I will be back to our programming as soon as I finished "
                + "rebooting.\n\r\n");
        assertThat(h.raw("MEMORY", "HELP")).startsWith("*14\r\n+MEMORY <subcommand> [<arg> [value] [opt] ...]. "
                + "Subcommands are:\r\n+DOCTOR\r\n").endsWith("+HELP\r\n+    Prints this help.\r\n");
    }

    @Test
    void statsLayout() {
        Harness h = new Harness();
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "2", "PX", "100000");
        h.raw("SELECT", "1");
        h.raw("SET", "c", "3");
        String stats = h.raw("MEMORY", "STATS");
        assertThat(stats).startsWith("*58\r\n$14\r\npeak.allocated\r\n:");
        assertThat(stats).contains("$4\r\ndb.0\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n:112\r\n"
                + "$26\r\noverhead.hashtable.expires\r\n:56\r\n$31\r\noverhead.hashtable.slot-to-keys\r\n:0\r\n");
        assertThat(stats).contains("$4\r\ndb.1\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n:72\r\n"
                + "$26\r\noverhead.hashtable.expires\r\n:0\r\n");
        assertThat(stats).contains("$10\r\nkeys.count\r\n:3\r\n");
        assertThat(stats).containsPattern("\\$18\r\ndataset.percentage\r\n\\$\\d+\r\n[0-9.e+-]+\r\n");
        assertThat(MemoryCommands.g17(99.917503356933594f)).isEqualTo("99.917503356933594");
        assertThat(MemoryCommands.g17(1.0f)).isEqualTo("1");
        assertThat(MemoryCommands.g17(1e20)).isEqualTo("1e+20");
    }
}

package io.basalt.it;

import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Function libraries move between Basalt and redis-server 7.0 both ways: FUNCTION DUMP's
 * payload (byte-identical for the same libraries) restores on the other server, and an RDB
 * written by one (FUNCTION2 records) loads into the other with its functions callable.
 */
class FunctionInteropIT {
    /** Two libraries, one long enough for LZF, one with flags and a description. */
    private static final String[] LIBRARIES = {
        "#!lua name=interop_a\nredis.register_function('fa', function(keys, args) "
                + "return redis.call('set', keys[1], args[1] .. ' stored by interop_a, long enough to be compressed') end)",
        "#!lua name=interop_b\nredis.register_function{function_name='fb', callback=function(keys) "
                + "return redis.call('get', keys[1]) end, flags={'no-writes'}, description='reads'}",
    };

    @BeforeAll
    static void requireRedis() {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
    }

    private static ServerProcess basalt(String... extra) throws Exception {
        String[] args = new String[extra.length + 2];
        args[0] = "--save";
        args[1] = "";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return ServerProcess.start(args);
    }


    private static void loadLibraries(RawClient c) throws Exception {
        for (String lib : LIBRARIES) assertThat(c.text("FUNCTION", "LOAD", lib)).startsWith("$");
    }

    /** The functions work and FUNCTION LIST (one library at a time, as servers differ in order) matches. */
    private static void assertLibrariesServed(RawClient c, RawClient reference) throws Exception {
        assertThat(c.text("FCALL", "fa", "1", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(c.text("FCALL_RO", "fb", "1", "k")).isEqualTo("$51\r\nv stored by interop_a, long enough to be compressed\r\n");
        for (String name : new String[] {"interop_a", "interop_b"}) {
            assertThat(c.text("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", name))
                    .isEqualTo(reference.text("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", name));
        }
    }

    private static byte[] bulk(byte[] reply) {
        String head = new String(reply, 0, Math.min(reply.length, 16), StandardCharsets.ISO_8859_1);
        int start = head.indexOf("\r\n") + 2;
        return Arrays.copyOfRange(reply, start, reply.length - 2);
    }

    @Test
    void dumpPayloadsRestoreBothWays() throws Exception {
        try (ServerProcess b = basalt(); RedisProcess r = RedisProcess.start();
             RawClient bc = b.connect(); RawClient rc = r.connect()) {
            loadLibraries(bc);
            loadLibraries(rc);
            byte[] fromBasalt = bulk(bc.call("FUNCTION", "DUMP"));
            byte[] fromRedis = bulk(rc.call("FUNCTION", "DUMP"));
            // Same libraries, same order in both payloads only with one library; the sets are compared by restoring.
            assertThat(fromBasalt.length).isEqualTo(fromRedis.length);

            assertThat(bc.text("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
            assertThat(new String(bc.call("FUNCTION".getBytes(), "RESTORE".getBytes(), fromRedis), StandardCharsets.UTF_8))
                    .isEqualTo("+OK\r\n");
            assertLibrariesServed(bc, rc);

            assertThat(rc.text("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
            assertThat(new String(rc.call("FUNCTION".getBytes(), "RESTORE".getBytes(), fromBasalt), StandardCharsets.UTF_8))
                    .isEqualTo("+OK\r\n");
            assertLibrariesServed(rc, bc);

            assertThat(bc.text("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
            assertThat(rc.text("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
            assertThat(bc.text("FUNCTION", "LOAD", LIBRARIES[0])).isEqualTo(rc.text("FUNCTION", "LOAD", LIBRARIES[0]));
            assertThat(bc.call("FUNCTION", "DUMP")).as("one library: identical payloads").isEqualTo(rc.call("FUNCTION", "DUMP"));
        }
    }

    @Test
    void rdbFilesCarryLibrariesBothWays() throws Exception {
        try (ServerProcess b = basalt(); RawClient bc = b.connect()) {
            loadLibraries(bc);
            assertThat(bc.text("SAVE")).isEqualTo("+OK\r\n");
            RdbFiles.assertValid(b.dir().resolve("dump.rdb"));
            Path redisDir = RdbFiles.copyToNewDir(b.dir().resolve("dump.rdb"), b.dir());
            try (RedisProcess r = RedisProcess.start("--dir", redisDir.toString(), "--dbfilename", "dump.rdb");
                 RawClient rc = r.connect()) {
                assertLibrariesServed(rc, bc);
                assertThat(rc.text("SAVE")).isEqualTo("+OK\r\n");
                Path redisRdb = redisDir.resolve("dump.rdb");
                try (ServerProcess b2 = ServerProcess.startIn(RdbFiles.copyToNewDir(redisRdb, redisRdb.getParent()), "--save", "");
                     RawClient b2c = b2.connect()) {
                    assertLibrariesServed(b2c, rc);
                    assertThat(b2c.text("FUNCTION", "STATS")).isEqualTo(rc.text("FUNCTION", "STATS"));
                }
            }
        }
    }

    /** Waits until no AOF rewrite is scheduled or running. */
    private static void awaitRewrite(RawClient c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String info = c.text("INFO", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) return;
            Thread.sleep(20);
        }
        throw new AssertionError("AOF rewrite did not finish");
    }

    /**
     * FUNCTION LOAD in an AOF increment and in a rewritten base without the RDB preamble,
     * written by each server and replayed by the other.
     */
    @Test
    void aofFilesCarryLibrariesBothWays(@TempDir Path dir) throws Exception {
        String[] aof = {"--appendonly", "yes", "--aof-use-rdb-preamble", "no", "--save", ""};
        try (ServerProcess b = ServerProcess.startIn(dir, aof); RawClient bc = b.connect()) {
            loadLibraries(bc);
            assertThat(b.terminate(Duration.ofSeconds(10))).isZero();
        }
        try (RedisProcess r = RedisProcess.startIn(dir, aof); RawClient rc = r.connect()) {
            assertThat(rc.text("FCALL", "fa", "1", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(rc.text("FCALL_RO", "fb", "1", "k")).startsWith("$");
            assertThat(rc.text("BGREWRITEAOF")).startsWith("+");
            awaitRewrite(rc);
            assertThat(r.terminate(Duration.ofSeconds(10))).isZero();
        }
        try (ServerProcess b = ServerProcess.startIn(dir, aof); RawClient bc = b.connect()) {
            assertThat(bc.text("FCALL_RO", "fb", "1", "k")).startsWith("$");
            assertThat(bc.text("FUNCTION", "DELETE", "interop_b")).isEqualTo("+OK\r\n");
            assertThat(bc.text("BGREWRITEAOF")).startsWith("+");
            awaitRewrite(bc);
            assertThat(b.terminate(Duration.ofSeconds(10))).isZero();
        }
        try (RedisProcess r = RedisProcess.startIn(dir, aof); RawClient rc = r.connect()) {
            assertThat(rc.text("FCALL", "fa", "1", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(rc.text("FCALL_RO", "fb", "1", "k")).isEqualTo("-ERR Function not found\r\n");
        }
    }

    /** Polls {@code c} with {@code args} until the reply is {@code expected}. */
    private static void awaitReply(RawClient c, String expected, String... args) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String reply;
        do {
            reply = c.text(args);
            if (reply.equals(expected)) return;
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(reply).as(String.join(" ", args)).isEqualTo(expected);
    }

    /**
     * A Basalt replica of redis-server gets the master's libraries with the full sync, then
     * FUNCTION LOAD, DELETE and FCALL's effects through the stream; a replica of Basalt gets
     * Basalt's libraries the same way.
     */
    @Test
    void replicasReceiveLibrariesAndTheirChanges() throws Exception {
        String stored = "$51\r\nv stored by interop_a, long enough to be compressed\r\n";
        String lateLibrary = "#!lua name=interop_c\nredis.register_function{function_name='fc', "
                + "callback=function() return 'c' end, flags={'no-writes'}}";
        try (RedisProcess r = RedisProcess.start("--repl-diskless-sync-delay", "0"); RawClient rc = r.connect()) {
            loadLibraries(rc);
            assertThat(rc.text("FCALL", "fa", "1", "k", "v")).isEqualTo("+OK\r\n");
            try (ServerProcess b = basalt("--replicaof", "127.0.0.1", String.valueOf(r.port())); RawClient bc = b.connect()) {
                awaitReply(bc, stored, "FCALL_RO", "fb", "1", "k");
                assertThat(rc.text("FUNCTION", "LOAD", lateLibrary)).isEqualTo("$9\r\ninterop_c\r\n");
                awaitReply(bc, "$1\r\nc\r\n", "FCALL_RO", "fc", "0");
                assertThat(rc.text("FUNCTION", "DELETE", "interop_c")).isEqualTo("+OK\r\n");
                awaitReply(bc, "-ERR Function not found\r\n", "FCALL_RO", "fc", "0");
            }
        }
        try (ServerProcess b = basalt(); RawClient bc = b.connect()) {
            loadLibraries(bc);
            assertThat(bc.text("FCALL", "fa", "1", "k", "v")).isEqualTo("+OK\r\n");
            try (RedisProcess r = RedisProcess.start("--replicaof", "127.0.0.1", String.valueOf(b.port()));
                 RawClient rc = r.connect()) {
                awaitReply(rc, stored, "FCALL_RO", "fb", "1", "k");
                assertThat(bc.text("FUNCTION", "LOAD", lateLibrary)).isEqualTo("$9\r\ninterop_c\r\n");
                awaitReply(rc, "$1\r\nc\r\n", "FCALL_RO", "fc", "0");
                assertThat(bc.text("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
                awaitReply(rc, "-ERR Function not found\r\n", "FCALL_RO", "fb", "1", "k");
            }
        }
    }
}

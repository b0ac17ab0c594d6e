package io.basalt.persistence;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistenceCommandsTest {
    @TempDir
    Path dir;

    private Harness harness() {
        return new Harness("dir", dir.toString(), "save", "", "enable-debug-command", "yes");
    }

    /** Keys of every type in both of its encodings, some with TTLs, in two databases. */
    static List<String> populate(Harness h) {
        List<String> keys = new ArrayList<>();
        h.call("SET", "int", "12345");
        h.call("SET", "bigint", "-9223372036854775808");
        h.call("SET", "embstr", "hello");
        h.call("SET", "raw", "x".repeat(100));
        h.call("SET", "binary", "a\u0000b\r\nc");
        h.call("SET", "ttl", "v", "PX", "100000");
        h.call("RPUSH", "list", "a", "1", "-5", "bb", "9999999999");
        for (int i = 0; i < 300; i++) h.call("RPUSH", "biglist", "element-" + i);
        h.call("SADD", "intset", "1", "-2", "300000", "4");
        h.call("SADD", "set", "a", "b", "c");
        for (int i = 0; i < 600; i++) h.call("SADD", "bigintset", Integer.toString(i * 7));
        h.call("ZADD", "zset", "1", "a", "2.5", "b", "-0", "c", "inf", "d", "-3", "e");
        for (int i = 0; i < 200; i++) h.call("ZADD", "bigzset", Double.toString(i / 3.0), "m" + i);
        h.call("HSET", "hash", "f1", "v1", "f2", "2");
        for (int i = 0; i < 200; i++) h.call("HSET", "bighash", "field" + i, "value" + i);
        h.call("HSET", "longhash", "f", "v".repeat(100));
        h.call("PFADD", "hll", "a", "b", "c");
        h.call("EXPIRE", "bighash", "1000");
        h.call("SELECT", "3");
        h.call("SET", "other-db", "x");
        h.call("SELECT", "0");
        keys.addAll(List.of("int", "bigint", "embstr", "raw", "binary", "ttl", "list", "biglist", "intset", "set", "bigintset",
                "zset", "bigzset", "hash", "bighash", "longhash", "hll"));
        return keys;
    }

    private static List<String> describe(Harness h, List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            // A reloaded short string is "embstr" whatever it was (a PFADD-made "raw" HLL too), as in Redis.
            String encoding = k.equals("hll") ? "" : h.raw("OBJECT", "ENCODING", k);
            out.add(k + " " + encoding + " " + h.raw("PTTL", k) + " " + h.raw("DEBUG", "DIGEST-VALUE", k));
        }
        return out;
    }

    @Test
    void debugReloadRestoresEveryTypeEncodingAndTtl() {
        Harness h = harness();
        List<String> keys = populate(h);
        String digest = h.raw("DEBUG", "DIGEST");
        List<String> before = describe(h, keys);
        assertEquals("+OK\r\n", h.raw("DEBUG", "RELOAD"));
        assertEquals(digest, h.raw("DEBUG", "DIGEST"));
        assertEquals(before, describe(h, keys));
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        assertEquals(":17\r\n", h.raw("DBSIZE"));
        h.call("SELECT", "3");
        assertEquals("$1\r\nx\r\n", h.raw("GET", "other-db"));
    }

    @Test
    void saveThenLoadIntoAnotherServer() {
        Harness h = harness();
        List<String> keys = populate(h);
        String digest = h.raw("DEBUG", "DIGEST");
        assertEquals("+OK\r\n", h.raw("SAVE"));
        assertEquals(":0\r\n", h.raw("INFO", "persistence").contains("rdb_changes_since_last_save:0") ? ":0\r\n" : "dirty");
        Harness other = harness();
        assertEquals("+OK\r\n", other.raw("DEBUG", "RELOAD", "NOSAVE"));
        assertEquals(digest, other.raw("DEBUG", "DIGEST"));
        assertEquals(describe(h, keys), describe(other, keys));
    }

    @Test
    void dumpAndRestoreEveryType() {
        Harness h = harness();
        List<String> keys = populate(h);
        for (String k : keys) {
            byte[] payload = h.client().rawBytes(b("DUMP"), b(k));
            byte[] bulk = bulkBody(payload);
            // The manual clock stands still, so restoring with the remaining TTL gives the same expiry (part of the digest).
            long pttl = Long.parseLong(h.raw("PTTL", k).trim().substring(1));
            byte[] reply = h.client().rawBytes(b("RESTORE"), b(k + "-copy"), b(Long.toString(Math.max(0, pttl))), bulk);
            assertEquals("+OK\r\n", new String(reply), k);
            assertEquals(h.raw("DEBUG", "DIGEST-VALUE", k), h.raw("DEBUG", "DIGEST-VALUE", k + "-copy"), k);
            if (!k.equals("hll")) assertEquals(h.raw("OBJECT", "ENCODING", k), h.raw("OBJECT", "ENCODING", k + "-copy"), k);
        }
        assertEquals("$-1\r\n", h.raw("DUMP", "missing"));
    }

    @Test
    void restoreChecksArgumentsInRedisOrder() {
        Harness h = harness();
        h.call("SET", "k", "v");
        byte[] payload = bulkBody(h.client().rawBytes(b("DUMP"), b("k")));
        assertEquals("-BUSYKEY Target key name already exists.\r\n", restore(h, payload, "k", "0"));
        assertEquals("-ERR syntax error\r\n", restore(h, payload, "k2", "0", "BOGUS"));
        assertEquals("-ERR Invalid TTL value, must be >= 0\r\n", restore(h, payload, "k2", "-1"));
        assertEquals("-ERR value is not an integer or out of range\r\n", restore(h, payload, "k2", "x"));
        assertEquals("-ERR Invalid IDLETIME value, must be >= 0\r\n", restore(h, payload, "k2", "0", "IDLETIME", "-1"));
        assertEquals("-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n", restore(h, payload, "k2", "0", "FREQ", "256"));
        assertEquals("-ERR syntax error\r\n", restore(h, payload, "k2", "0", "IDLETIME", "1", "FREQ", "1"));
        byte[] corrupt = payload.clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n", restore(h, corrupt, "k2", "0"));
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n", restore(h, new byte[3], "k2", "0"));
        assertEquals("-ERR Bad data format\r\n", restore(h, withFooter(new byte[] {4, 5, 1}), "k2", "0"));
        assertEquals("-ERR Bad data format\r\n", restore(h, withFooter(new byte[] {99}), "k2", "0"));
        assertEquals("+OK\r\n", restore(h, payload, "k", "0", "REPLACE"));
        assertEquals("+OK\r\n", restore(h, payload, "k3", "5000"));
        assertTrue(Long.parseLong(h.raw("PTTL", "k3").trim().substring(1)) > 4000);
        // An absolute TTL in the past creates nothing; with REPLACE the old key is gone.
        assertEquals("+OK\r\n", restore(h, payload, "k", "1", "ABSTTL", "REPLACE"));
        assertEquals(":0\r\n", h.raw("EXISTS", "k"));
    }

    @Test
    void bgsaveSchedulesAndReportsInInfo() throws Exception {
        Harness h = harness();
        populate(h);
        assertEquals("+Background saving started\r\n", h.raw("BGSAVE"));
        String second = h.raw("BGSAVE");
        assertTrue(second.equals("-ERR Background save already in progress\r\n") || second.equals("+Background saving started\r\n"), second);
        assertEquals("-ERR syntax error\r\n", h.raw("BGSAVE", "NOW"));
        waitForSave(h);
        String info = h.raw("INFO", "persistence");
        assertTrue(info.contains("rdb_last_bgsave_status:ok"), info);
        assertTrue(info.contains("rdb_changes_since_last_save:0"), info);
        assertTrue(info.contains("rdb_saves:"), info);
        assertNotEquals(0, Files.size(dir.resolve("dump.rdb")));
    }

    @Test
    void flushallStopsARunningBgsaveAndSavesTheEmptyDataset() throws Exception {
        Harness h = new Harness("dir", dir.toString(), "save", "3600 1", "enable-debug-command", "yes", "rdb-key-save-delay", "2000");
        populate(h);
        assertEquals("+Background saving started\r\n", h.raw("BGSAVE"));
        assertEquals("+OK\r\n", h.raw("FLUSHALL"));
        waitForSave(h);
        assertTrue(h.raw("INFO", "persistence").contains("rdb_changes_since_last_save:0"));
        Harness other = harness();
        assertEquals("+OK\r\n", other.raw("DEBUG", "RELOAD", "NOSAVE"));
        assertEquals(":0\r\n", other.raw("DBSIZE"));
    }

    @Test
    void debugReloadDuringABgsaveLetsBothFinish() throws Exception {
        // The delay applies per walk step (64 slots): 100 ms keeps the BGSAVE running past DEBUG RELOAD even on a loaded machine.
        Harness h = new Harness("dir", dir.toString(), "save", "", "enable-debug-command", "yes", "rdb-key-save-delay", "100000");
        populate(h);
        String digest = h.raw("DEBUG", "DIGEST");
        assertEquals("+Background saving started\r\n", h.raw("BGSAVE"));
        h.call("SET", "during", "bgsave");
        assertEquals("+OK\r\n", h.raw("DEBUG", "RELOAD"));
        assertEquals("$6\r\nbgsave\r\n", h.raw("GET", "during"));
        waitForSave(h);
        assertTrue(h.raw("INFO", "persistence").contains("rdb_last_bgsave_status:ok"));
        // The BGSAVE finished last: its dump is the dataset as it started, without the later key.
        Harness other = harness();
        assertEquals("+OK\r\n", other.raw("DEBUG", "RELOAD", "NOSAVE"));
        assertEquals(digest, other.raw("DEBUG", "DIGEST"));
    }

    static void waitForSave(Harness h) throws InterruptedException {
        for (int i = 0; i < 2000 && h.raw("INFO", "persistence").contains("rdb_bgsave_in_progress:1"); i++) Thread.sleep(5);
        assertTrue(h.raw("INFO", "persistence").contains("rdb_bgsave_in_progress:0"));
    }

    private static String restore(Harness h, byte[] payload, String key, String ttl, String... options) {
        byte[][] args = new byte[4 + options.length][];
        args[0] = b("RESTORE");
        args[1] = b(key);
        args[2] = b(ttl);
        args[3] = payload;
        for (int i = 0; i < options.length; i++) args[4 + i] = b(options[i]);
        return new String(h.client().rawBytes(args));
    }

    /** A payload with a correct version and checksum around arbitrary value bytes. */
    static byte[] withFooter(byte[] value) {
        byte[] out = java.util.Arrays.copyOf(value, value.length + 10);
        out[value.length] = 10;
        long crc = io.basalt.util.Crc64.update(0, out, 0, value.length + 2);
        for (int i = 0; i < 8; i++) out[value.length + 2 + i] = (byte) (crc >>> (8 * i));
        return out;
    }

    static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The body of a "$len\r\n...\r\n" reply. */
    static byte[] bulkBody(byte[] reply) {
        int p = 1;
        int len = 0;
        while (reply[p] != '\r') len = len * 10 + (reply[p++] - '0');
        return java.util.Arrays.copyOfRange(reply, p + 2, p + 2 + len);
    }
}

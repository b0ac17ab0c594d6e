package io.basalt.it;

import io.basalt.keyspace.type.Listpack;
import io.basalt.persistence.LegacyEncodings;
import io.basalt.testing.LegacyBlobs;
import io.basalt.testing.RawClient;
import io.basalt.testing.RedisProcess;
import io.basalt.util.Lzf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static io.basalt.testing.LegacyBlobs.rdbLength;
import static io.basalt.testing.LegacyBlobs.rdbLzfString;
import static io.basalt.testing.LegacyBlobs.rdbString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The legacy blob decoders against real redis-server 7.0: each fixture blob is RESTOREd into
 * Redis inside a DUMP payload (with sanitize-dump-payload on, so Redis runs its deep integrity
 * checks), and what Redis then replies must be exactly what {@link LegacyEncodings} yields
 * for the same bytes. Mutated blobs must be accepted by both or rejected by both.
 */
class LegacyEncodingsRedisIT {
    /** Redis's reply to RESTORE when the footer's version or CRC64 is wrong (cluster.c). */
    static final String BAD_FOOTER = "-ERR DUMP payload version or checksum are wrong\r\n";
    /** Redis's reply to RESTORE when the value does not load (rdbLoadObject failed). */
    static final String BAD_DATA = "-ERR Bad data format\r\n";

    private static RedisProcess redis;
    private static RawClient client;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisProcess.start("--sanitize-dump-payload", "yes");
        client = redis.connect();
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) client.close();
        if (redis != null) redis.close();
    }

    // ---- helpers -----------------------------------------------------------------------

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String restore(String key, byte[] payload) throws IOException {
        return new String(client.call(b("RESTORE"), b(key), b("0"), payload, b("REPLACE")), StandardCharsets.UTF_8);
    }

    private static void restoreOk(String key, byte[] payload) throws IOException {
        assertThat(restore(key, payload)).as("RESTORE %s", key).isEqualTo("+OK\r\n");
    }

    /** The elements of an array reply of bulk strings, byte for byte as ISO-8859-1 text. */
    private static List<String> array(String... command) throws IOException {
        byte[] raw = client.call(command);
        List<String> out = new ArrayList<>();
        assertThat((char) raw[0]).as("reply %s", new String(raw, StandardCharsets.ISO_8859_1)).isEqualTo('*');
        int[] at = {1};
        int n = Integer.parseInt(line(raw, at));
        for (int i = 0; i < n; i++) {
            assertThat((char) raw[at[0]]).isEqualTo('$');
            at[0]++;
            int len = Integer.parseInt(line(raw, at));
            out.add(new String(raw, at[0], len, StandardCharsets.ISO_8859_1));
            at[0] += len + 2;
        }
        return out;
    }

    private static byte[] bulk(String... command) throws IOException {
        byte[] raw = client.call(command);
        assertThat((char) raw[0]).isEqualTo('$');
        int[] at = {1};
        int len = Integer.parseInt(line(raw, at));
        return Arrays.copyOfRange(raw, at[0], at[0] + len);
    }

    private static String line(byte[] raw, int[] at) {
        int start = at[0];
        while (raw[at[0]] != '\r') at[0]++;
        String s = new String(raw, start, at[0] - start, StandardCharsets.US_ASCII);
        at[0] += 2;
        return s;
    }

    /** Decoded entries as Redis prints them: bytes as ISO-8859-1 text, integers in decimal. */
    private static final class Decoded implements Listpack.EntryVisitor, LegacyEncodings.PairVisitor {
        final List<String> items = new ArrayList<>();

        @Override
        public void string(byte[] blob, int off, int len) {
            items.add(new String(blob, off, len, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void integer(long v) {
            items.add(Long.toString(v));
        }

        @Override
        public void pair(byte[] blob, int fieldOff, int fieldLen, int valueOff, int valueLen) {
            string(blob, fieldOff, fieldLen);
            string(blob, valueOff, valueLen);
        }
    }

    private static List<String> ziplist(byte[] blob) {
        Decoded d = new Decoded();
        LegacyEncodings.ziplistEntries(blob, 0, blob.length, d);
        return d.items;
    }

    private static List<String> zipmap(byte[] blob) {
        Decoded d = new Decoded();
        LegacyEncodings.zipmapPairs(blob, 0, blob.length, d);
        return d.items;
    }

    private static List<String> intset(byte[] blob) {
        List<String> out = new ArrayList<>();
        for (long m : LegacyEncodings.intset(blob, 0, blob.length)) out.add(Long.toString(m));
        return out;
    }

    private static List<String> sortedPairs(List<String> flat) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 2) pairs.add(flat.get(i) + "\u0000" + flat.get(i + 1));
        pairs.sort(null);
        return pairs;
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    /** Values at every ziplist encoding boundary, plus bytes that are not UTF-8. */
    private static final String[] EDGE_VALUES = {"a", "", "0", "12", "13", "-1", "127", "128", "-128", "-129", "32767",
        "32768", "-32768", "-32769", "8388607", "8388608", "-8388608", "-8388609", "2147483647", "2147483648",
        "-2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "007",
        "-0", "1.5", repeat('x', 63), repeat('y', 64), repeat('z', 250), "after-253", repeat('w', 251),
        "after-254", repeat('v', 16383), repeat('u', 16384), "\u00ff\u00fe\u0000\u0001", "end"};

    private static byte[] edgeZiplist() {
        LegacyBlobs.Ziplist z = LegacyBlobs.ziplist();
        for (String v : EDGE_VALUES) z.add(v.getBytes(StandardCharsets.ISO_8859_1));
        return z.build();
    }

    // ---- one test per RDB type ---------------------------------------------------------

    @Test
    void listZiplist() throws IOException {
        byte[] blob = edgeZiplist();
        List<String> decoded = ziplist(blob);
        assertThat(decoded).containsExactly(EDGE_VALUES);
        restoreOk("list10", LegacyBlobs.dump(LegacyBlobs.TYPE_LIST_ZIPLIST, rdbString(blob)));
        assertThat(array("LRANGE", "list10", "0", "-1")).isEqualTo(decoded);
        assertThat(new String(client.call("OBJECT", "ENCODING", "list10"), StandardCharsets.UTF_8))
                .isEqualTo("$9\r\nquicklist\r\n");
    }

    @Test
    void listQuicklistOfZiplistsOneCompressedWithLzf() throws IOException {
        byte[] first = edgeZiplist();
        LegacyBlobs.Ziplist second = LegacyBlobs.ziplist();
        for (int i = 0; i < 100; i++) second.add("item:" + (i % 10) + ":" + repeat('p', 20));
        byte[] compressible = second.build();
        byte[] third = LegacyBlobs.ziplist("-5", "last");
        List<String> decoded = new ArrayList<>(ziplist(first));
        decoded.addAll(ziplist(compressible));
        decoded.addAll(ziplist(third));
        restoreOk("list14", LegacyBlobs.dump(LegacyBlobs.TYPE_LIST_QUICKLIST, rdbLength(3), rdbString(first),
                rdbLzfString(compressible), rdbString(third)));
        assertThat(array("LRANGE", "list14", "0", "-1")).isEqualTo(decoded);
    }

    @Test
    void hashZiplist() throws IOException {
        byte[] blob = LegacyBlobs.ziplist("name", "basalt", "count", "42", "neg", "-70000", "big", "9007199254740993",
                "empty", "", "1", "one", "long", repeat('l', 300));
        List<String> decoded = ziplist(blob);
        restoreOk("hash13", LegacyBlobs.dump(LegacyBlobs.TYPE_HASH_ZIPLIST, rdbString(blob)));
        assertThat(array("HGETALL", "hash13")).isEqualTo(decoded);
    }

    @Test
    void zsetZiplist() throws IOException {
        byte[] blob = LegacyBlobs.ziplist("low", "-1e3", "neg", "-2.25", "zero", "0", "half", "0.5", "one", "1", "12",
                "12", "big", "4294967296", "huge", "1.5e300");
        List<String> decoded = ziplist(blob);
        restoreOk("zset12", LegacyBlobs.dump(LegacyBlobs.TYPE_ZSET_ZIPLIST, rdbString(blob)));
        List<String> reply = array("ZRANGE", "zset12", "0", "-1", "WITHSCORES");
        assertThat(reply).hasSameSizeAs(decoded);
        for (int i = 0; i < decoded.size(); i += 2) {
            assertThat(reply.get(i)).isEqualTo(decoded.get(i));
            assertThat(Double.parseDouble(reply.get(i + 1))).as("score of %s", decoded.get(i))
                    .isEqualTo(Double.parseDouble(decoded.get(i + 1)));
        }
    }

    @Test
    void setIntsetInEachWidth() throws IOException {
        long[][] sets = {
            {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE},
            {Integer.MIN_VALUE, Short.MIN_VALUE - 1, 5, Short.MAX_VALUE + 1, Integer.MAX_VALUE},
            {Long.MIN_VALUE, Integer.MIN_VALUE - 1L, 0, Integer.MAX_VALUE + 1L, Long.MAX_VALUE}};
        for (int i = 0; i < sets.length; i++) {
            byte[] blob = LegacyBlobs.intset(sets[i]);
            String key = "set11-" + i;
            restoreOk(key, LegacyBlobs.dump(LegacyBlobs.TYPE_SET_INTSET, rdbString(blob)));
            assertThat(array("SMEMBERS", key)).isEqualTo(intset(blob));
            assertThat(new String(client.call("OBJECT", "ENCODING", key), StandardCharsets.UTF_8)).isEqualTo("$6\r\nintset\r\n");
        }
    }

    @Test
    void hashZipmapSmallKeepsOrder() throws IOException {
        byte[] blob = LegacyBlobs.zipmap().put("f1", "v1").put(b("counter"), b("12"), 4).put("", "empty-field")
                .put("empty-value", "").put(b(repeat('k', 64)), b(repeat('v', 64)), 1).build();
        List<String> decoded = zipmap(blob);
        restoreOk("hash9", LegacyBlobs.dump(LegacyBlobs.TYPE_HASH_ZIPMAP, rdbString(blob)));
        assertThat(array("HGETALL", "hash9")).isEqualTo(decoded);
    }

    @Test
    void hashZipmapWithLongLengthsAndUnknownCount() throws IOException {
        LegacyBlobs.Zipmap z = LegacyBlobs.zipmap();
        z.put(b(repeat('f', 253)), b(repeat('a', 254)), 0).put(b(repeat('g', 254)), b(repeat('b', 70_000)), 3);
        for (int i = 0; i < 300; i++) z.put("field:" + i, "value:" + i);
        byte[] blob = z.build();
        assertThat(blob[0] & 0xff).isEqualTo(254);
        List<String> decoded = zipmap(blob);
        assertThat(decoded).hasSize(604);
        restoreOk("hash9big", LegacyBlobs.dump(LegacyBlobs.TYPE_HASH_ZIPMAP, rdbString(blob)));
        // Past hash-max-listpack-value Redis converts to a hash table: compare as a set of pairs.
        assertThat(sortedPairs(array("HGETALL", "hash9big"))).isEqualTo(sortedPairs(decoded));
    }

    @Test
    void stringCompressedWithOurLzfAndRedisLzfDecompressedByOurs() throws IOException {
        StringBuilder s = new StringBuilder();
        Random r = new Random(7);
        while (s.length() < 50_000) s.append("user:").append(r.nextInt(1000)).append(r.nextBoolean() ? " active;" : " idle;");
        byte[] value = s.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] payload = LegacyBlobs.dump(LegacyBlobs.TYPE_STRING, rdbLzfString(value));
        assertThat(payload[1] & 0xff).as("LZF string encoding").isEqualTo(0xc3);
        restoreOk("str0", payload);
        assertThat(bulk("GET", "str0")).isEqualTo(value);

        // Redis's own DUMP of the value: 0 (string), 0xC3, compressed length, length, liblzf data.
        byte[] dump = bulk("DUMP", "str0");
        assertThat(dump[0]).isEqualTo((byte) 0);
        assertThat(dump[1] & 0xff).isEqualTo(0xc3);
        int[] at = {2};
        int compressed = (int) rdbLengthAt(dump, at);
        int length = (int) rdbLengthAt(dump, at);
        assertThat(length).isEqualTo(value.length);
        byte[] back = new byte[length];
        assertThat(Lzf.decompress(dump, at[0], compressed, back, 0, length)).isEqualTo(length);
        assertThat(back).isEqualTo(value);
        assertThat(at[0] + compressed + 10).as("version and CRC64 follow").isEqualTo(dump.length);
        assertThat(LegacyBlobs.withFooter(10, Arrays.copyOf(dump, dump.length - 10))).isEqualTo(dump);
    }

    private static long rdbLengthAt(byte[] b, int[] at) {
        int first = b[at[0]] & 0xff;
        switch (first >>> 6) {
            case 0:
                at[0] += 1;
                return first & 0x3f;
            case 1:
                at[0] += 2;
                return ((first & 0x3f) << 8) | (b[at[0] - 1] & 0xff);
            default:
                assertThat(first).isEqualTo(0x80);
                long n = ((b[at[0] + 1] & 0xffL) << 24) | ((b[at[0] + 2] & 0xffL) << 16) | ((b[at[0] + 3] & 0xffL) << 8)
                        | (b[at[0] + 4] & 0xffL);
                at[0] += 5;
                return n;
        }
    }

    // ---- the footer ----------------------------------------------------------------------

    @Test
    void wrongChecksumOrVersionIsRejected() throws IOException {
        byte[] good = LegacyBlobs.dump(LegacyBlobs.TYPE_SET_INTSET, rdbString(LegacyBlobs.intset(1, 2, 3)));
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 1] ^= 1;
        assertThat(restore("footer", badCrc)).isEqualTo(BAD_FOOTER);
        byte[] badValue = good.clone();
        badValue[3] ^= 1;
        assertThat(restore("footer", badValue)).isEqualTo(BAD_FOOTER);
        byte[] future = LegacyBlobs.withFooter(11, Arrays.copyOf(good, good.length - 10));
        assertThat(restore("footer", future)).isEqualTo(BAD_FOOTER);
        assertThat(restore("footer", Arrays.copyOf(good, 9))).isEqualTo(BAD_FOOTER);
        byte[] old = LegacyBlobs.withFooter(6, Arrays.copyOf(good, good.length - 10));
        assertThat(restore("footer", old)).isEqualTo("+OK\r\n");
    }

    // ---- agreement on damaged blobs ------------------------------------------------------

    @Test
    void targetedCorruptionsAreRejectedByBoth() throws IOException {
        byte[] list = LegacyBlobs.ziplist("a", "1000", "bc");
        List<byte[]> ziplists = List.of(
                with(list, b -> b[0]++), with(list, b -> b[b.length - 1] = 0), with(list, b -> b[4]--),
                with(list, b -> b[8] = 4), with(list, b -> b[13] = 4), with(list, b -> b[11] = 20),
                with(list, b -> b[14] = (byte) 0xc1));
        for (byte[] blob : ziplists) {
            assertRejectedByBoth(LegacyBlobs.TYPE_LIST_ZIPLIST, blob, () -> ziplist(blob));
        }
        List<byte[]> intsets = List.of(LegacyBlobs.intsetOfWidth(3, 1, 2), LegacyBlobs.intsetOfWidth(2),
                LegacyBlobs.intsetOfWidth(2, 2, 1), LegacyBlobs.intsetOfWidth(4, 7, 7),
                Arrays.copyOf(LegacyBlobs.intsetOfWidth(4, 1, 2), 15));
        for (byte[] blob : intsets) {
            assertRejectedByBoth(LegacyBlobs.TYPE_SET_INTSET, blob, () -> intset(blob));
        }
        byte[] map = LegacyBlobs.zipmap().put("foo", "bar").put("hello", "world").build();
        List<byte[]> zipmaps = List.of(with(map, b -> b[b.length - 1] = 0), new byte[] {0, (byte) 0xff},
                with(map, b -> b[0] = 3), with(map, b -> b[1] = 30), with(map, b -> b[6] = 30));
        for (byte[] blob : zipmaps) {
            assertRejectedByBoth(LegacyBlobs.TYPE_HASH_ZIPMAP, blob, () -> zipmap(blob));
        }
    }

    private static byte[] with(byte[] b, Consumer<byte[]> change) {
        byte[] c = b.clone();
        change.accept(c);
        return c;
    }

    private static void assertRejectedByBoth(int type, byte[] blob, Runnable decode) throws IOException {
        String hex = HexFormat.of().formatHex(blob);
        assertThatThrownBy(decode::run).as("decoder on %s", hex)
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(restore("corrupt", LegacyBlobs.dump(type, rdbString(blob)))).as("Redis on %s", hex).isEqualTo(BAD_DATA);
    }

    @Test
    void mutatedBlobsAreJudgedAlike() throws IOException {
        Random r = new Random(21);
        int accepted = 0, rejected = 0;
        for (int round = 0; round < 600; round++) {
            int kind = round % 3;
            byte[] blob = mutate(switch (kind) {
                case 0 -> randomZiplist(r);
                case 1 -> randomIntset(r);
                default -> randomZipmap(r);
            }, r);
            List<String> decoded;
            try {
                decoded = switch (kind) {
                    case 0 -> ziplist(blob);
                    case 1 -> intset(blob);
                    default -> zipmap(blob);
                };
            } catch (IllegalArgumentException e) {
                // Redis's zipmap validator and iterator disagree on these: Redis may read past the blob.
                if (e.getMessage().contains("5-byte length")) continue;
                decoded = null;
            }
            // Redis refuses an empty list (an empty key) and a hash with a repeated field.
            boolean expectAccepted = decoded != null && !decoded.isEmpty() && (kind != 2 || distinctFields(decoded));
            int type = kind == 0 ? LegacyBlobs.TYPE_LIST_ZIPLIST : kind == 1 ? LegacyBlobs.TYPE_SET_INTSET : LegacyBlobs.TYPE_HASH_ZIPMAP;
            String hex = HexFormat.of().formatHex(blob);
            String reply = restore("mutated", LegacyBlobs.dump(type, rdbString(blob)));
            assertThat(reply).as("Redis on %s (decoder: %s)", hex, decoded).isEqualTo(expectAccepted ? "+OK\r\n" : BAD_DATA);
            if (!expectAccepted) {
                rejected++;
                continue;
            }
            accepted++;
            switch (kind) {
                case 0 -> assertThat(array("LRANGE", "mutated", "0", "-1")).as(hex).isEqualTo(decoded);
                case 1 -> assertThat(array("SMEMBERS", "mutated")).as(hex).isEqualTo(decoded);
                default -> assertThat(sortedPairs(array("HGETALL", "mutated"))).as(hex).isEqualTo(sortedPairs(decoded));
            }
        }
        assertThat(accepted).as("mutations that keep the blob valid").isPositive();
        assertThat(rejected).as("mutations that break it").isPositive();
    }

    private static byte[] randomZiplist(Random r) {
        LegacyBlobs.Ziplist z = LegacyBlobs.ziplist();
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
            z.add(r.nextBoolean() ? Long.toString(r.nextLong() >> r.nextInt(64)) : repeat('s', r.nextInt(r.nextBoolean() ? 70 : 300)));
        }
        return z.build();
    }

    private static byte[] randomIntset(Random r) {
        HashSet<Long> members = new HashSet<>();
        int shift = r.nextInt(64);
        for (int i = 1 + r.nextInt(8); i > 0; i--) members.add(r.nextLong() >> shift);
        return LegacyBlobs.intset(members.stream().mapToLong(Long::longValue).toArray());
    }

    private static byte[] randomZipmap(Random r) {
        LegacyBlobs.Zipmap z = LegacyBlobs.zipmap();
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
            z.put(b("f" + i + repeat('k', r.nextInt(r.nextBoolean() ? 10 : 300))), b(repeat('v', r.nextInt(300))), r.nextInt(5));
        }
        return z.build();
    }

    private static boolean distinctFields(List<String> pairs) {
        HashSet<String> fields = new HashSet<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            if (!fields.add(pairs.get(i))) return false;
        }
        return true;
    }

    /** One byte changed, a header field adjusted, or the blob cut with its size field fixed. */
    private static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        switch (r.nextInt(4)) {
            case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            case 1 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 2 -> b[r.nextInt(Math.min(12, b.length))] += (byte) (r.nextBoolean() ? 1 : -1);
            default -> {
                int n = 1 + r.nextInt(b.length);
                b = Arrays.copyOf(b, n);
                if (n >= 4) b[0] = (byte) n;
                if (n > 11) b[n - 1] = (byte) 0xff;
            }
        }
        return b;
    }
}

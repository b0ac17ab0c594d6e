package io.basalt.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.basalt.testing.DatasetGenerator.cmd;

/**
 * A whole dataset read back through commands, for comparing two servers key by key: every
 * database's keys (SCAN), each key's TYPE, OBJECT ENCODING, PEXPIRETIME and value (GET,
 * LRANGE, SMEMBERS, ZRANGE WITHSCORES, HGETALL; unordered members sorted, with the server's
 * own order kept apart so compact encodings can be held to Redis's order too).
 */
public final class Datasets {
    private static final int DATABASES = 16;
    private static final int REPORTED = 15;

    private Datasets() {}

    /** One key: {@code order} is the reply order of SMEMBERS/HGETALL (null for other types). */
    public record Entry(String type, String encoding, long expireAt, String value, String order) {
        String describe() {
            return type + "/" + encoding + " expire=" + expireAt + " " + abbreviate(value);
        }
    }

    /** "db:hexkey" → entry, sorted; a key that expires or is deleted while the dataset is read is left out. */
    public static Map<String, Entry> read(Jedis j) {
        Map<String, Entry> out = new TreeMap<>();
        for (int db = 0; db < DATABASES; db++) {
            j.select(db);
            List<byte[]> keys = keys(j);
            Pipeline p = j.pipelined();
            List<Response<Object>> types = new ArrayList<>(), encodings = new ArrayList<>(), expires = new ArrayList<>();
            for (byte[] k : keys) {
                types.add(p.sendCommand(cmd("TYPE"), k));
                encodings.add(p.sendCommand(cmd("OBJECT"), DatasetGenerator.bytes("ENCODING"), k));
                expires.add(p.sendCommand(cmd("PEXPIRETIME"), k));
            }
            p.sync();
            p = j.pipelined();
            List<Response<Object>> values = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                byte[] k = keys.get(i);
                String type = text(types.get(i).get());
                values.add(switch (type) {
                    case "none" -> null;
                    case "string" -> p.sendCommand(cmd("GET"), k);
                    case "list" -> p.sendCommand(cmd("LRANGE"), k, b("0"), b("-1"));
                    case "set" -> p.sendCommand(cmd("SMEMBERS"), k);
                    case "zset" -> p.sendCommand(cmd("ZRANGE"), k, b("0"), b("-1"), b("WITHSCORES"));
                    case "hash" -> p.sendCommand(cmd("HGETALL"), k);
                    default -> throw new IllegalStateException("unexpected type " + type);
                });
            }
            p.sync();
            for (int i = 0; i < keys.size(); i++) {
                String type = text(types.get(i).get());
                Object v = values.get(i) == null ? null : values.get(i).get();
                if (v == null) continue; // Expired or deleted since SCAN listed it.
                String value, order = null;
                switch (type) {
                    case "string" -> value = hex((byte[]) v);
                    case "list", "zset" -> value = joined(v, false);
                    case "set" -> {
                        value = joined(v, true);
                        order = joined(v, false);
                    }
                    default -> {
                        value = pairs(v, true);
                        order = pairs(v, false);
                    }
                }
                Entry e = new Entry(type, text(encodings.get(i).get()), (Long) expires.get(i).get(), value, order);
                out.put(db + ":" + hex(keys.get(i)), e);
            }
        }
        j.select(0);
        return out;
    }

    private static List<byte[]> keys(Jedis j) {
        Map<String, byte[]> seen = new LinkedHashMap<>();
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        ScanParams params = new ScanParams().count(1000);
        do {
            ScanResult<byte[]> r = j.scan(cursor, params);
            for (byte[] k : r.getResult()) seen.put(hex(k), k);
            cursor = r.getCursorAsBytes();
        } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
        return new ArrayList<>(seen.values());
    }

    @SuppressWarnings("unchecked")
    private static String joined(Object reply, boolean sort) {
        List<String> items = new ArrayList<>();
        for (Object o : (List<Object>) reply) items.add(hex((byte[]) o));
        if (sort) items.sort(null);
        return String.join(",", items);
    }

    @SuppressWarnings("unchecked")
    private static String pairs(Object reply, boolean sort) {
        List<Object> l = (List<Object>) reply;
        List<String> items = new ArrayList<>();
        for (int i = 0; i < l.size(); i += 2) items.add(hex((byte[]) l.get(i)) + "=" + hex((byte[]) l.get(i + 1)));
        if (sort) items.sort(null);
        return String.join(",", items);
    }

    /** DEBUG DIGEST of the whole dataset. */
    public static String digest(Jedis j) {
        return text(j.sendCommand(cmd("DEBUG"), b("DIGEST")));
    }

    /**
     * The differences in key set, type, TTL and value (and, with {@code encodings}, OBJECT
     * ENCODING and the order of compact sets and hashes) between two datasets, the first
     * {@link #REPORTED} described; empty when they agree.
     */
    public static List<String> differences(Map<String, Entry> a, Map<String, Entry> b, boolean encodings) {
        return compare(a, b, encodings, false).differences();
    }

    /**
     * What comparing a writer's dataset with the same data loaded elsewhere found.
     * {@code signedZeros}: sorted sets whose -0 scores became 0 because the loader turned a
     * skiplist into a listpack, which stores a zero score as the integer 0 (Redis does so too:
     * zzlInsertAt's double2ll). DEBUG DIGEST then legitimately differs from the writer's.
     */
    public record Comparison(List<String> differences, int signedZeros) {}

    /** As {@link #differences} without encodings, a -0 score equal to 0 where the encoding changed to listpack. */
    public static Comparison compareLoaded(Map<String, Entry> written, Map<String, Entry> loaded) {
        return compare(written, loaded, false, true);
    }

    private static Comparison compare(Map<String, Entry> a, Map<String, Entry> b, boolean encodings, boolean zeroLenient) {
        List<String> out = new ArrayList<>();
        int count = 0, zeros = 0;
        for (Map.Entry<String, Entry> e : a.entrySet()) {
            Entry x = e.getValue(), y = b.get(e.getKey());
            String why = null;
            boolean sameValue = y != null && x.value.equals(y.value);
            if (y != null && !sameValue && zeroLenient && x.type.equals("zset") && y.encoding.equals("listpack")
                    && !x.encoding.equals("listpack") && unsignedZeros(x.value).equals(y.value)) {
                sameValue = true;
                zeros++;
            }
            if (y == null) why = "only in the first: " + x.describe();
            else if (!x.type.equals(y.type) || x.expireAt != y.expireAt || !sameValue) why = x.describe() + " vs " + y.describe();
            else if (encodings && !x.encoding.equals(y.encoding)) why = "encoding " + x.encoding + " vs " + y.encoding;
            else if (encodings && compact(x.encoding) && !Objects.equals(x.order, y.order)) why = "order of " + x.encoding + " " + abbreviate(x.order) + " vs " + abbreviate(y.order);
            if (why != null && count++ < REPORTED) out.add(e.getKey() + ": " + why);
        }
        for (Map.Entry<String, Entry> e : b.entrySet()) {
            if (!a.containsKey(e.getKey()) && count++ < REPORTED) out.add(e.getKey() + ": only in the second: " + e.getValue().describe());
        }
        if (count > REPORTED) out.add("... " + (count - REPORTED) + " more");
        return new Comparison(out, zeros);
    }

    /** A ZRANGE WITHSCORES value (hex items) with every "-0" score written "0". */
    private static String unsignedZeros(String zrange) {
        String[] items = zrange.split(",", -1);
        for (int i = 1; i < items.length; i += 2) {
            if (items[i].equals(MINUS_ZERO)) items[i] = ZERO;
        }
        return String.join(",", items);
    }

    private static final String MINUS_ZERO = hex("-0".getBytes(StandardCharsets.US_ASCII));
    private static final String ZERO = hex("0".getBytes(StandardCharsets.US_ASCII));

    private static boolean compact(String encoding) {
        return encoding.equals("listpack") || encoding.equals("intset");
    }

    /** Keys per type and encoding, e.g. {@code hash/listpack=40}, to show what a dataset covered. */
    public static Map<String, Integer> census(Map<String, Entry> data) {
        Map<String, Integer> out = new TreeMap<>();
        for (Entry e : data.values()) out.merge(e.type + "/" + e.encoding, 1, Integer::sum);
        out.put("with-ttl", (int) data.values().stream().filter(e -> e.expireAt >= 0).count());
        return out;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(reply);
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + " chars)";
    }
}

package io.basalt.compat;

import java.util.List;

import static io.basalt.compat.Universe.HASH;
import static io.basalt.compat.Universe.LIST;
import static io.basalt.compat.Universe.SET;
import static io.basalt.compat.Universe.SHARED;
import static io.basalt.compat.Universe.WHOLE;
import static io.basalt.compat.Universe.ZLEX;
import static io.basalt.compat.Universe.ZSET;

/**
 * Hashes, lists, sets and SORT. Replies in hash order are compared sorted; the random
 * commands run only with a count covering the whole collection (or 0), where the result
 * is the whole collection whichever way it is drawn.
 */
final class CollectionCatalog {
    private CollectionCatalog() {}

    static void register(Catalog c) {
        hashes(c);
        lists(c);
        sets(c);
        sort(c);
    }

    /** 1-4 items, sometimes 20-30 so a single write crosses the encoding thresholds. */
    private static int bulk(Universe u) {
        return u.chance(5) ? u.between(20, 30) : u.between(1, 4);
    }

    private static List<String> bulkMembers(Universe u) {
        int n = bulk(u);
        return u.members(n, n);
    }

    private static void hashes(Catalog c) {
        String f = "hashes";
        c.add(f, "hset", 10, u -> fieldValues(u, Req.of("HSET", u.key(HASH)), bulk(u)));
        c.add(f, "hmset", 2, u -> fieldValues(u, Req.of("HMSET", u.key(HASH)), bulk(u)));
        c.add(f, "hsetnx", 2, u -> Req.of("HSETNX", u.key(HASH), u.field(), u.value()));
        c.add(f, "hget", 8, u -> Req.of("HGET", u.key(HASH), u.field()));
        c.add(f, "hmget", 4, u -> {
            Req r = Req.of("HMGET", u.key(HASH));
            for (int i = u.between(1, 4); i > 0; i--) r.add(u.field());
            return r;
        });
        c.add(f, "hdel", 5, u -> {
            Req r = Req.of("HDEL", u.key(HASH));
            for (int i = u.between(1, 3); i > 0; i--) r.add(u.field());
            return r;
        });
        c.add(f, "hlen", 3, u -> Req.of("HLEN", u.key(HASH)));
        c.add(f, "hstrlen", 2, u -> Req.of("HSTRLEN", u.key(HASH), u.field()));
        c.add(f, "hexists", 3, u -> Req.of("HEXISTS", u.key(HASH), u.field()));
        c.add(f, "hincrby", 3, u -> Req.of("HINCRBY", u.key(HASH), u.field(), u.integer()));
        c.add(f, "hincrbyfloat", 3, u -> Req.of("HINCRBYFLOAT", u.key(HASH), u.field(),
                u.chance(80) ? u.pick("1.5", "-0.1", "1e10", "3", "-2.25", "0.000001") : u.value()));
        c.add(f, "hkeys", 2, u -> Req.of("HKEYS", u.key(HASH)).sorted());
        c.add(f, "hvals", 2, u -> Req.of("HVALS", u.key(HASH)).sorted());
        c.add(f, "hgetall", 3, u -> Req.of("HGETALL", u.key(HASH)).pairs());
        c.add(f, "hrandfield", 2, u -> {
            if (u.chance(15)) return Req.of("HRANDFIELD", u.key(HASH), "0").fixedArgs();
            boolean values = u.chance(50);
            Req r = Req.of("HRANDFIELD", u.key(HASH), WHOLE).opt(values, "WITHVALUES").fixedArgs();
            return values ? r.pairs() : r.sorted();
        });
        c.addWith(f, "object", "hset", 2, u -> Req.of("OBJECT", "ENCODING", u.key(HASH)));
    }

    private static Req fieldValues(Universe u, Req r, int n) {
        for (int i = 0; i < n; i++) r.add(u.field(), u.value());
        return r;
    }

    private static void lists(Catalog c) {
        String f = "lists";
        c.add(f, "lpush", 6, u -> Req.of("LPUSH", u.key(LIST)).add(bulkMembers(u)));
        c.add(f, "rpush", 6, u -> Req.of("RPUSH", u.key(LIST)).add(bulkMembers(u)));
        c.add(f, "lpushx", 2, u -> Req.of("LPUSHX", u.key(LIST)).add(u.members(1, 3)));
        c.add(f, "rpushx", 2, u -> Req.of("RPUSHX", u.key(LIST)).add(u.members(1, 3)));
        c.add(f, "lpop", 4, u -> Req.of("LPOP", u.key(LIST)).opt(u.chance(40), u.count()));
        c.add(f, "rpop", 4, u -> Req.of("RPOP", u.key(LIST)).opt(u.chance(40), u.count()));
        c.add(f, "llen", 3, u -> Req.of("LLEN", u.key(LIST)));
        c.add(f, "lrange", 5, u -> Req.of("LRANGE", u.key(LIST), u.index(), u.index()));
        c.add(f, "lindex", 3, u -> Req.of("LINDEX", u.key(LIST), u.index()));
        c.add(f, "lset", 3, u -> Req.of("LSET", u.key(LIST), u.index(), u.member()));
        c.add(f, "linsert", 3, u -> Req.of("LINSERT", u.key(LIST), u.chance(97) ? u.pick("BEFORE", "AFTER") : "MIDDLE",
                u.member(), u.member()));
        c.add(f, "lrem", 3, u -> Req.of("LREM", u.key(LIST), u.pick("0", "1", "-1", "2", "-2", "100"), u.member()));
        c.add(f, "ltrim", 2, u -> Req.of("LTRIM", u.key(LIST), u.index(), u.index()));
        c.add(f, "lpos", 3, u -> Req.of("LPOS", u.key(LIST), u.member())
                .opt(u.chance(40), "RANK", u.pick("1", "2", "-1", "-2", "0", "3"))
                .opt(u.chance(40), "COUNT", u.pick("0", "1", "2", "5", "-1"))
                .opt(u.chance(30), "MAXLEN", u.pick("0", "1", "3", "10", "-1")));
        c.add(f, "rpoplpush", 2, u -> Req.of("RPOPLPUSH", u.key(LIST), u.key(LIST)));
        c.add(f, "lmove", 3, u -> Req.of("LMOVE", u.key(LIST), u.key(LIST), side(u), side(u)));
        c.add(f, "lmpop", 2, u -> {
            List<String> keys = u.keys(LIST, 1, 3);
            return Req.of("LMPOP").add(numkeys(u, keys)).add(keys).add(u.pick("LEFT", "RIGHT"))
                    .opt(u.chance(40), "COUNT", u.count());
        });
        // Blocking forms: sent only when a key exists, so they answer at once (the timeout never runs out).
        c.add(f, "blpop", 2, u -> {
            List<String> keys = u.keys(LIST, 1, 3);
            return Req.of("BLPOP").add(keys).add("0.01").blockingOn(keys);
        });
        c.add(f, "brpop", 2, u -> {
            List<String> keys = u.keys(LIST, 1, 3);
            return Req.of("BRPOP").add(keys).add("0.01").blockingOn(keys);
        });
        c.add(f, "brpoplpush", 1, u -> {
            String src = u.key(LIST);
            return Req.of("BRPOPLPUSH", src, u.key(LIST), "0.01").blockingOn(List.of(src));
        });
        c.add(f, "blmove", 1, u -> {
            String src = u.key(LIST);
            return Req.of("BLMOVE", src, u.key(LIST), side(u), side(u), "0.01").blockingOn(List.of(src));
        });
        c.add(f, "blmpop", 1, u -> {
            List<String> keys = u.keys(LIST, 1, 3);
            return Req.of("BLMPOP", "0.01", Integer.toString(keys.size())).add(keys).add(u.pick("LEFT", "RIGHT"))
                    .opt(u.chance(40), "COUNT", u.pick("1", "2", "5")).blockingOn(keys);
        });
        c.addWith(f, "object", "lpush", 1, u -> Req.of("OBJECT", "ENCODING", u.key(LIST)));
    }

    private static String side(Universe u) {
        return u.chance(98) ? u.pick("LEFT", "RIGHT") : "UP";
    }

    /** The numkeys argument: right nearly always, else 0, one too many or not a number. */
    static String numkeys(Universe u, List<String> keys) {
        return u.chance(97) ? Integer.toString(keys.size()) : u.pick("0", Integer.toString(keys.size() + 1), "x", "-1");
    }

    private static void sets(Catalog c) {
        String f = "sets";
        c.add(f, "sadd", 10, u -> {
            String key = u.key(SET);
            // The first keys get integers only, so they stay intsets until they grow past the limit.
            if (key.compareTo("set:4") < 0 && key.length() == 5) {
                Req r = Req.of("SADD", key);
                for (int i = bulk(u); i > 0; i--) r.add(u.integerMember());
                return r;
            }
            return Req.of("SADD", key).add(bulkMembers(u));
        });
        c.add(f, "srem", 5, u -> Req.of("SREM", u.key(SET)).add(u.members(1, 3)));
        c.add(f, "scard", 3, u -> Req.of("SCARD", u.key(SET)));
        c.add(f, "sismember", 4, u -> Req.of("SISMEMBER", u.key(SET), u.member()));
        c.add(f, "smismember", 3, u -> Req.of("SMISMEMBER", u.key(SET)).add(u.members(1, 4)));
        c.add(f, "smembers", 3, u -> Req.of("SMEMBERS", u.key(SET)).sorted());
        c.add(f, "spop", 1, u -> Req.of("SPOP", u.key(SET), u.chance(60) ? WHOLE : u.pick("0", "-1")).sorted().fixedArgs());
        c.add(f, "srandmember", 2, u -> Req.of("SRANDMEMBER", u.key(SET), u.chance(80) ? WHOLE : "0").sorted().fixedArgs());
        c.add(f, "smove", 3, u -> Req.of("SMOVE", u.key(SET), u.key(SET), u.member()));
        c.add(f, "sinter", 3, u -> Req.of("SINTER").add(u.keys(SET, 1, 3)).sorted());
        c.add(f, "sintercard", 2, u -> {
            List<String> keys = u.keys(SET, 1, 3);
            return Req.of("SINTERCARD").add(numkeys(u, keys)).add(keys).opt(u.chance(40), "LIMIT", u.pick("0", "1", "3", "-1"));
        });
        c.add(f, "sinterstore", 3, u -> Req.of("SINTERSTORE", u.key(SET)).add(u.keys(SET, 1, 3)));
        c.add(f, "sunion", 3, u -> Req.of("SUNION").add(u.keys(SET, 1, 3)).sorted());
        c.add(f, "sunionstore", 3, u -> Req.of("SUNIONSTORE", u.key(SET)).add(u.keys(SET, 1, 3)));
        c.add(f, "sdiff", 3, u -> Req.of("SDIFF").add(u.keys(SET, 1, 3)).sorted());
        c.add(f, "sdiffstore", 3, u -> Req.of("SDIFFSTORE", u.key(SET)).add(u.keys(SET, 1, 3)));
        c.addWith(f, "object", "sadd", 2, u -> Req.of("OBJECT", "ENCODING", u.key(SET)));
    }

    /**
     * SORT and SORT_RO. Two things Redis leaves to its unstable qsort are avoided: ALPHA
     * with a BY pattern (equal weights compare as equal, not by element), and BY nosort on
     * a set without STORE (hash order).
     */
    private static void sort(Catalog c) {
        c.add("sort", "sort", 6, u -> sortRequest(u, "SORT", true));
        c.add("sort", "sort_ro", 3, u -> sortRequest(u, "SORT_RO", false));
    }

    private static Req sortRequest(Universe u, String name, boolean store) {
        String key = u.chance(85) ? u.ownKey(u.pick(LIST, SET, ZSET, ZLEX)) : u.ownKey(SHARED);
        boolean ordered = key.startsWith(LIST) || key.startsWith(ZSET) || key.startsWith(ZLEX);
        Req r = Req.of(name, key);
        String by = null;
        int b = u.rnd.nextInt(100);
        if (b < 20) by = "str:*";
        else if (b < 35) by = "hash:*->f" + u.rnd.nextInt(4);
        else if (b < 40) by = "nokey_*";
        else if (b < 50 && ordered) by = "nosort";
        if (by != null) r.add("BY", by);
        if (u.chance(30)) r.add("LIMIT", u.pick("0", "1", "3", "-1"), u.pick("0", "1", "2", "5", "-1"));
        for (int i = u.chance(30) ? u.between(1, 2) : 0; i > 0; i--) r.add("GET", u.pick("#", "str:*", "hash:*->f1", "hash:*->f2"));
        r.opt(u.chance(50), u.pick("ASC", "DESC"));
        r.opt((by == null || by.equals("nosort")) && u.chance(40), "ALPHA");
        r.opt(store && u.chance(20), "STORE", u.chance(85) ? u.ownKey(LIST) : u.ownKey(SHARED));
        // Redis 7.0's numeric SORT tests a C errno it never clears, so an earlier command that
        // overflowed a float (ZADD z 1e400 m) makes it fail; a score parse just before
        // (string2d sets errno to 0; XX on a missing key changes nothing) rules that out.
        r.prelude = Req.of("ZADD", "errno-reset", "XX", "0", "x");
        // A damaged BY pattern without '*' means nosort, which a set answers in hash order.
        return ordered ? r : r.fixedArgs();
    }
}

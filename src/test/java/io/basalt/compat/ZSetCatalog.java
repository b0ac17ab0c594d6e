package io.basalt.compat;

import java.util.ArrayList;
import java.util.List;

import static io.basalt.compat.CollectionCatalog.numkeys;
import static io.basalt.compat.Universe.GEO;
import static io.basalt.compat.Universe.SET;
import static io.basalt.compat.Universe.WHOLE;
import static io.basalt.compat.Universe.ZLEX;
import static io.basalt.compat.Universe.ZSET;

/**
 * Sorted sets and geo. Lex ranges are only asked of zlex keys, whose members all score 0:
 * on a skiplist with mixed scores Redis's lex search depends on the random node levels.
 * Geo members sit at fixed points per member (no distance ties); results Redis returns
 * in scan order (no ASC/DESC, and no COUNT or COUNT ANY) are compared sorted. Commands
 * that decode a named member's score as a geohash use geo keys only: the shared keys may
 * hold negative or huge scores, whose conversion to a geohash is undefined in Redis's C.
 */
final class ZSetCatalog {
    private ZSetCatalog() {}

    static void register(Catalog c) {
        zsets(c);
        ranges(c);
        setOperations(c);
        geo(c);
    }

    /** A key for score commands: zset, sometimes zlex (scores then stay 0) or shared. */
    private static String zkey(Universe u) {
        return u.chance(15) ? u.ownKey(ZLEX) : u.key(ZSET);
    }

    private static String scoreFor(Universe u, String key) {
        return key.startsWith(ZLEX) ? "0" : u.score();
    }

    /** A write to a zlex key is never damaged: a replaced score would break its all-zero invariant. */
    private static Req lexSafe(Req r, String key) {
        return key.startsWith(ZLEX) ? r.fixedArgs() : r;
    }

    private static void zsets(Catalog c) {
        String f = "zsets";
        c.add(f, "zadd", 12, u -> {
            String key = zkey(u);
            Req r = Req.of("ZADD", key);
            int cond = u.rnd.nextInt(6);
            r.opt(cond == 0, "NX").opt(cond == 1, "XX");
            int cmp = u.rnd.nextInt(6);
            r.opt(cmp == 0, "GT").opt(cmp == 1, "LT").opt(u.chance(20), "CH");
            boolean incr = u.chance(10);
            r.opt(incr, "INCR");
            int n = incr && u.chance(90) ? 1 : u.chance(5) ? u.between(20, 30) : u.between(1, 4);
            for (int i = 0; i < n; i++) r.add(scoreFor(u, key), u.member());
            return lexSafe(r, key);
        });
        c.add(f, "zincrby", 4, u -> {
            String key = zkey(u);
            return lexSafe(Req.of("ZINCRBY", key, scoreFor(u, key), u.member()), key);
        });
        c.add(f, "zrem", 5, u -> Req.of("ZREM", zkey(u)).add(u.members(1, 3)));
        c.add(f, "zcard", 3, u -> Req.of("ZCARD", zkey(u)));
        c.add(f, "zscore", 4, u -> Req.of("ZSCORE", zkey(u), u.member()));
        c.add(f, "zmscore", 3, u -> Req.of("ZMSCORE", zkey(u)).add(u.members(1, 4)));
        c.add(f, "zrank", 3, u -> Req.of("ZRANK", zkey(u), u.member()));
        c.add(f, "zrevrank", 2, u -> Req.of("ZREVRANK", zkey(u), u.member()));
        c.add(f, "zcount", 3, u -> Req.of("ZCOUNT", zkey(u), u.scoreBound(), u.scoreBound()));
        c.add(f, "zlexcount", 2, u -> Req.of("ZLEXCOUNT", u.ownKey(ZLEX), u.lexBound(), u.lexBound()));
        c.add(f, "zpopmin", 3, u -> Req.of("ZPOPMIN", zkey(u)).opt(u.chance(40), u.count()));
        c.add(f, "zpopmax", 3, u -> Req.of("ZPOPMAX", zkey(u)).opt(u.chance(40), u.count()));
        c.add(f, "zmpop", 2, u -> {
            List<String> keys = zkeys(u);
            return Req.of("ZMPOP").add(numkeys(u, keys)).add(keys).add(u.pick("MIN", "MAX")).opt(u.chance(40), "COUNT", u.count());
        });
        c.add(f, "bzpopmin", 1, u -> {
            List<String> keys = zkeys(u);
            return Req.of("BZPOPMIN").add(keys).add("0.01").blockingOn(keys);
        });
        c.add(f, "bzpopmax", 1, u -> {
            List<String> keys = zkeys(u);
            return Req.of("BZPOPMAX").add(keys).add("0.01").blockingOn(keys);
        });
        c.add(f, "bzmpop", 1, u -> {
            List<String> keys = zkeys(u);
            return Req.of("BZMPOP", "0.01", Integer.toString(keys.size())).add(keys).add(u.pick("MIN", "MAX"))
                    .opt(u.chance(40), "COUNT", u.pick("1", "2", "5")).blockingOn(keys);
        });
        c.add(f, "zrandmember", 1, u -> {
            if (u.chance(15)) return Req.of("ZRANDMEMBER", zkey(u), "0").fixedArgs();
            boolean scores = u.chance(50);
            Req r = Req.of("ZRANDMEMBER", zkey(u), WHOLE).opt(scores, "WITHSCORES").fixedArgs();
            return scores ? r.pairs() : r.sorted();
        });
        c.addWith(f, "object", "zadd", 2, u -> Req.of("OBJECT", "ENCODING", zkey(u)));
    }

    private static List<String> zkeys(Universe u) {
        int n = u.between(1, 3);
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) keys.add(zkey(u));
        return keys;
    }

    private static void ranges(Catalog c) {
        String f = "zsets";
        c.add(f, "zrange", 8, u -> zrange(u, Req.of("ZRANGE"), null, true));
        c.add(f, "zrangestore", 3, u -> zrange(u, Req.of("ZRANGESTORE"), "dst", false));
        c.add(f, "zrevrange", 2, u -> Req.of("ZREVRANGE", zkey(u), u.index(), u.index()).opt(u.chance(40), "WITHSCORES"));
        c.add(f, "zrangebyscore", 3, u -> Req.of("ZRANGEBYSCORE", zkey(u), u.scoreBound(), u.scoreBound())
                .opt(u.chance(40), "WITHSCORES").opt(u.chance(30), "LIMIT", u.pick("0", "1", "-1"), u.pick("1", "3", "-1", "0")));
        c.add(f, "zrevrangebyscore", 2, u -> Req.of("ZREVRANGEBYSCORE", zkey(u), u.scoreBound(), u.scoreBound())
                .opt(u.chance(40), "WITHSCORES").opt(u.chance(30), "LIMIT", u.pick("0", "2"), u.pick("1", "-1")));
        c.add(f, "zrangebylex", 2, u -> Req.of("ZRANGEBYLEX", u.ownKey(ZLEX), u.lexBound(), u.lexBound())
                .opt(u.chance(30), "LIMIT", u.pick("0", "1", "-1"), u.pick("1", "3", "-1")));
        c.add(f, "zrevrangebylex", 2, u -> Req.of("ZREVRANGEBYLEX", u.ownKey(ZLEX), u.lexBound(), u.lexBound())
                .opt(u.chance(30), "LIMIT", u.pick("0", "2"), u.pick("2", "-1")));
        c.add(f, "zremrangebyrank", 2, u -> Req.of("ZREMRANGEBYRANK", zkey(u), u.index(), u.index()));
        c.add(f, "zremrangebyscore", 2, u -> Req.of("ZREMRANGEBYSCORE", zkey(u), u.scoreBound(), u.scoreBound()));
        c.add(f, "zremrangebylex", 1, u -> Req.of("ZREMRANGEBYLEX", u.ownKey(ZLEX), u.lexBound(), u.lexBound()));
    }

    /** ZRANGE/ZRANGESTORE by index, BYSCORE or BYLEX (zlex keys), maybe REV and LIMIT. */
    private static Req zrange(Universe u, Req r, String dst, boolean withScores) {
        int mode = u.rnd.nextInt(10);
        boolean lex = mode >= 8;
        String src = lex ? u.ownKey(ZLEX) : zkey(u);
        if (dst != null) r.add(src.startsWith(ZLEX) ? u.ownKey(ZLEX) : u.key(ZSET));
        r.add(src);
        if (lex) r.add(u.lexBound(), u.lexBound(), "BYLEX");
        else if (mode >= 4) r.add(u.scoreBound(), u.scoreBound(), "BYSCORE");
        else r.add(u.index(), u.index());
        r.opt(u.chance(30), "REV");
        // LIMIT without BYSCORE/BYLEX and WITHSCORES with BYLEX are errors Redis reports; they stay rare.
        r.opt((mode >= 4 || u.chance(5)) && u.chance(35), "LIMIT", u.pick("0", "1", "2", "-1"), u.pick("1", "3", "-1", "0"));
        r.opt(withScores && (!lex || u.chance(5)) && u.chance(40), "WITHSCORES");
        return r;
    }

    private static void setOperations(Catalog c) {
        String f = "zsets";
        c.add(f, "zunionstore", 3, u -> store(u, "ZUNIONSTORE", true));
        c.add(f, "zinterstore", 3, u -> store(u, "ZINTERSTORE", true));
        c.add(f, "zdiffstore", 2, u -> store(u, "ZDIFFSTORE", false));
        c.add(f, "zunion", 2, u -> combine(u, Req.of("ZUNION"), sources(u, false), true).opt(u.chance(40), "WITHSCORES"));
        c.add(f, "zinter", 2, u -> combine(u, Req.of("ZINTER"), sources(u, false), true).opt(u.chance(40), "WITHSCORES"));
        c.add(f, "zdiff", 2, u -> combine(u, Req.of("ZDIFF"), sources(u, false), false).opt(u.chance(40), "WITHSCORES"));
        c.add(f, "zintercard", 2, u -> {
            List<String> keys = sources(u, false);
            return Req.of("ZINTERCARD").add(numkeys(u, keys)).add(keys).opt(u.chance(40), "LIMIT", u.pick("0", "1", "3", "-1"));
        });
    }

    /** Source keys: zsets, sometimes plain sets (members score 1); only zlex keys when storing into a zlex key. */
    private static List<String> sources(Universe u, boolean lexOnly) {
        int n = u.between(1, 3);
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) keys.add(lexOnly ? u.ownKey(ZLEX) : u.chance(10) ? u.key(SET) : zkey(u));
        return keys;
    }

    private static Req store(Universe u, String name, boolean weighted) {
        boolean lex = u.chance(15);
        Req r = Req.of(name, lex ? u.ownKey(ZLEX) : u.key(ZSET));
        return combine(u, r, sources(u, lex), weighted && !lex);
    }

    private static Req combine(Universe u, Req r, List<String> keys, boolean weighted) {
        r.add(numkeys(u, keys)).add(keys);
        if (weighted && u.chance(40)) {
            r.add("WEIGHTS");
            int n = u.chance(95) ? keys.size() : keys.size() + 1;
            for (int i = 0; i < n; i++) r.add(u.chance(90) ? u.pick("1", "2", "-1", "0", "0.5", "3") : u.pick("inf", "-inf", "x"));
        }
        if (weighted && u.chance(40)) r.add("AGGREGATE", u.chance(97) ? u.pick("SUM", "MIN", "MAX") : "AVG");
        return r;
    }

    private static void geo(Catalog c) {
        String f = "geo";
        c.add(f, "geoadd", 8, u -> {
            Req r = Req.of("GEOADD", u.key(GEO));
            int cond = u.rnd.nextInt(6);
            r.opt(cond == 0, "NX").opt(cond == 1, "XX").opt(u.chance(20), "CH");
            for (int i = u.between(1, 4); i > 0; i--) {
                String m = u.member();
                if (u.chance(97)) r.add(u.position(m, u.chance(85) ? 0 : 1));
                else r.add(u.center());
                r.add(m);
            }
            return r;
        });
        c.add(f, "geopos", 4, u -> Req.of("GEOPOS", u.ownKey(GEO)).add(u.members(1, 3)));
        c.add(f, "geodist", 4, u -> Req.of("GEODIST", u.ownKey(GEO), u.member(), u.member()).opt(u.chance(60), u.unit()));
        c.add(f, "geohash", 3, u -> Req.of("GEOHASH", u.ownKey(GEO)).add(u.members(1, 3)));
        c.add(f, "georadius", 2, u -> radiusOptions(u, Req.of("GEORADIUS", u.key(GEO)).add(u.center()).add(u.radius(), u.unit()), true));
        c.add(f, "georadius_ro", 2, u -> radiusOptions(u, Req.of("GEORADIUS_RO", u.key(GEO)).add(u.center()).add(u.radius(), u.unit()), false));
        c.add(f, "georadiusbymember", 2, u -> radiusOptions(u, Req.of("GEORADIUSBYMEMBER", u.ownKey(GEO), u.member(), u.radius(), u.unit()), true));
        c.add(f, "georadiusbymember_ro", 1, u -> radiusOptions(u, Req.of("GEORADIUSBYMEMBER_RO", u.ownKey(GEO), u.member(), u.radius(), u.unit()), false));
        c.add(f, "geosearch", 5, u -> {
            Req r = Req.of("GEOSEARCH");
            searchShape(u, r);
            int flags = u.rnd.nextInt(8);
            r.opt((flags & 1) != 0, "WITHCOORD").opt((flags & 2) != 0, "WITHDIST").opt((flags & 4) != 0, "WITHHASH");
            return order(u, r);
        });
        c.add(f, "geosearchstore", 3, u -> {
            Req r = Req.of("GEOSEARCHSTORE", u.key(GEO));
            searchShape(u, r);
            order(u, r).opt(u.chance(30), "STOREDIST").opt(u.chance(3), "WITHDIST");
            return r.normal(Req.Normal.EXACT);
        });
        c.addWith(f, "zrange", "geoadd", 1, u -> Req.of("ZRANGE", u.key(GEO), "0", "-1", "WITHSCORES"));
    }

    /** Source key, FROMMEMBER (of a geo key) or FROMLONLAT (any key), BYRADIUS or BYBOX. */
    private static void searchShape(Universe u, Req r) {
        if (u.chance(50)) r.add(u.ownKey(GEO), "FROMMEMBER", u.member());
        else r.add(u.key(GEO), "FROMLONLAT").add(u.center());
        if (u.chance(50)) r.add("BYRADIUS", u.radius(), u.unit());
        else r.add("BYBOX", u.radius(), u.radius(), u.unit());
    }

    /**
     * ASC/DESC and COUNT. COUNT without ANY makes Redis sort ascending; COUNT with ANY
     * takes the first matches in scan order, so it is only asked with a count covering
     * everything. Unordered results are compared sorted.
     */
    private static Req order(Universe u, Req r) {
        String sort = u.pick(null, "ASC", "DESC");
        if (sort != null) r.add(sort);
        boolean any = false;
        int k = u.rnd.nextInt(10);
        if (k < 3) r.add("COUNT", u.chance(95) ? u.pick("1", "2", "5") : u.pick("0", "-1"));
        else if (k < 5) {
            r.add("COUNT", WHOLE, "ANY");
            any = true;
        }
        if (sort == null && (k >= 3 || any)) r.sorted();
        return r;
    }

    private static Req radiusOptions(Universe u, Req r, boolean store) {
        int flags = u.rnd.nextInt(8);
        r.opt((flags & 1) != 0, "WITHCOORD").opt((flags & 2) != 0, "WITHDIST").opt((flags & 4) != 0, "WITHHASH");
        order(u, r);
        if (store && u.chance(20)) r.add(u.pick("STORE", "STOREDIST"), u.key(GEO)).normal(Req.Normal.EXACT);
        return r;
    }
}

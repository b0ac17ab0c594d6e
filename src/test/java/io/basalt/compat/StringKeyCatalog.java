package io.basalt.compat;

import static io.basalt.compat.Universe.HLL;
import static io.basalt.compat.Universe.STR;
import static io.basalt.compat.Universe.SHARED;

/**
 * Strings (including bit operations), generic key commands and HyperLogLog. Expiry uses
 * only TTLs far longer than a run and absolute times far from now; GT/LT go only with
 * absolute times (a relative time compared with one set a moment earlier would depend on
 * whether the millisecond changed in between).
 */
final class StringKeyCatalog {
    private StringKeyCatalog() {}

    static void register(Catalog c) {
        strings(c);
        bits(c);
        keys(c);
        hyperLogLog(c);
    }

    private static void strings(Catalog c) {
        String f = "strings";
        c.add(f, "get", 10, u -> Req.of("GET", u.key(STR)));
        c.add(f, "set", 12, u -> {
            Req r = Req.of("SET", u.key(STR), u.value());
            int cond = u.rnd.nextInt(5);
            r.opt(cond == 0, "NX").opt(cond == 1, "XX").opt(u.chance(20), "GET");
            switch (u.rnd.nextInt(8)) {
                case 0 -> r.add("EX", u.seconds());
                case 1 -> r.add("PX", u.millis());
                case 2 -> r.add("EXAT", u.futureUnixSeconds());
                case 3 -> r.add("PXAT", u.futureUnixMillis());
                case 4 -> r.add("KEEPTTL");
                default -> { }
            }
            return soup(u, r);
        });
        c.add(f, "setnx", 2, u -> Req.of("SETNX", u.key(STR), u.value()));
        c.add(f, "setex", 2, u -> Req.of("SETEX", u.key(STR), u.seconds(), u.value()));
        c.add(f, "psetex", 2, u -> Req.of("PSETEX", u.key(STR), u.millis(), u.value()));
        c.add(f, "mset", 3, u -> pairs(u, Req.of("MSET")));
        c.add(f, "msetnx", 2, u -> pairs(u, Req.of("MSETNX")));
        c.add(f, "mget", 4, u -> Req.of("MGET").add(u.keys(STR, 1, 4)));
        c.add(f, "getset", 2, u -> Req.of("GETSET", u.key(STR), u.value()));
        c.add(f, "getdel", 3, u -> Req.of("GETDEL", u.key(STR)));
        c.add(f, "getex", 4, u -> {
            Req r = Req.of("GETEX", u.key(STR));
            switch (u.rnd.nextInt(6)) {
                case 0 -> r.add("EX", u.seconds());
                case 1 -> r.add("PX", u.millis());
                case 2 -> r.add("EXAT", u.unixSeconds());
                case 3 -> r.add("PXAT", u.unixMillis());
                case 4 -> r.add("PERSIST");
                default -> { }
            }
            return soup(u, r);
        });
        c.add(f, "append", 6, u -> Req.of("APPEND", u.key(STR), u.value()));
        c.add(f, "strlen", 3, u -> Req.of("STRLEN", u.key(STR)));
        c.add(f, "getrange", 4, u -> Req.of("GETRANGE", u.key(STR), u.index(), u.index()));
        c.add(f, "substr", 1, u -> Req.of("SUBSTR", u.key(STR), u.index(), u.index()));
        // 536870912 is past proto-max-bulk-len (an error); offsets just below it would allocate 512 MB.
        c.add(f, "setrange", 4, u -> Req.of("SETRANGE", u.key(STR),
                u.chance(95) ? Integer.toString(u.chance(70) ? u.rnd.nextInt(50) : u.rnd.nextInt(2000)) : u.pick("-1", "536870912", "x"),
                u.value()));
        c.add(f, "incr", 4, u -> Req.of("INCR", u.key(STR)));
        c.add(f, "decr", 2, u -> Req.of("DECR", u.key(STR)));
        c.add(f, "incrby", 4, u -> Req.of("INCRBY", u.key(STR), u.integer()));
        c.add(f, "decrby", 2, u -> Req.of("DECRBY", u.key(STR), u.integer()));
        c.add(f, "incrbyfloat", 4, u -> Req.of("INCRBYFLOAT", u.key(STR),
                u.chance(80) ? u.pick("1.5", "-0.1", "1e10", "3", "-2.25", "0.000001", "1e-5", "10.50", "0.1", "1e308", "-1e308",
                        "5e-324", "17976931348623157e292", "0x10", "1.", ".5", "-.5e1") : u.value()));
        c.add(f, "lcs", 2, u -> {
            Req r = Req.of("LCS", u.key(STR), u.key(STR));
            switch (u.rnd.nextInt(4)) {
                case 0 -> r.add("LEN");
                case 1 -> r.add("IDX").opt(u.chance(50), "MINMATCHLEN", u.pick("0", "1", "2", "4", "-1"))
                        .opt(u.chance(50), "WITHMATCHLEN");
                case 2 -> r.add("IDX", "LEN");
                default -> { }
            }
            return r;
        });
        c.add(f, "object", 3, u -> Req.of("OBJECT", "ENCODING", u.key(STR)));
    }

    /** Sometimes one more option, often a conflicting one (NX with XX, EX with KEEPTTL...). */
    private static Req soup(Universe u, Req r) {
        if (u.chance(6)) r.add(u.pick(new String[] {"NX"}, new String[] {"XX"}, new String[] {"GET"}, new String[] {"KEEPTTL"},
                new String[] {"PERSIST"}, new String[] {"EX", "5000"}, new String[] {"px", "5000000"}, new String[] {"EXAT"}));
        return r;
    }

    private static Req pairs(Universe u, Req r) {
        int n = u.between(1, 4);
        for (int i = 0; i < n; i++) r.add(u.key(STR), u.value());
        return r;
    }

    private static void bits(Catalog c) {
        String f = "strings";
        // Offsets stay small: SETBIT at 2^32-1 would allocate 512 MB; 2^32 is the error case.
        c.add(f, "setbit", 4, u -> Req.of("SETBIT", u.key(STR), bitOffset(u), u.chance(97) ? u.pick("0", "1") : u.pick("2", "-1", "x")));
        c.add(f, "getbit", 3, u -> Req.of("GETBIT", u.key(STR), u.chance(95) ? bitOffset(u) : "4294967295"));
        c.add(f, "bitcount", 3, u -> {
            Req r = Req.of("BITCOUNT", u.key(STR));
            if (u.chance(60)) r.add(u.index(), u.index()).opt(u.chance(50), u.pick("BYTE", "BIT"));
            return r;
        });
        c.add(f, "bitpos", 3, u -> {
            Req r = Req.of("BITPOS", u.key(STR), u.pick("0", "1"));
            if (u.chance(60)) {
                r.add(u.index());
                if (u.chance(60)) r.add(u.index()).opt(u.chance(50), u.pick("BYTE", "BIT"));
            }
            return r;
        });
        c.add(f, "bitop", 3, u -> {
            String op = u.pick("AND", "OR", "XOR", "NOT", "and");
            boolean not = op.equals("NOT") && u.chance(90);
            return Req.of("BITOP", op, u.key(STR)).add(u.keys(STR, 1, not ? 1 : 3));
        });
        c.add(f, "bitfield", 4, u -> {
            Req r = Req.of("BITFIELD", u.key(STR));
            int n = u.between(1, 3);
            for (int i = 0; i < n; i++) {
                switch (u.rnd.nextInt(4)) {
                    case 0 -> r.add("GET", bitType(u), fieldOffset(u));
                    case 1 -> r.add("SET", bitType(u), fieldOffset(u), u.integer());
                    case 2 -> r.add("INCRBY", bitType(u), fieldOffset(u), u.integer());
                    default -> r.add("OVERFLOW", u.pick("WRAP", "SAT", "FAIL", "wrap", "BAD"));
                }
            }
            return r;
        });
        c.add(f, "bitfield_ro", 2, u -> Req.of("BITFIELD_RO", u.key(STR), "GET", bitType(u), fieldOffset(u))
                .opt(u.chance(30), "GET", bitType(u), fieldOffset(u)));
    }

    private static String bitOffset(Universe u) {
        return u.chance(97) ? Integer.toString(u.rnd.nextInt(u.chance(80) ? 64 : 4000)) : u.pick("4294967296", "-1", "x");
    }

    private static String bitType(Universe u) {
        return u.chance(95) ? u.pick("i1", "u1", "i8", "u8", "i16", "u16", "i32", "u32", "i63", "i64", "u63", "u7") : u.pick("u64", "i65", "x8", "i0");
    }

    private static String fieldOffset(Universe u) {
        if (u.chance(70)) return Integer.toString(u.rnd.nextInt(200));
        return u.chance(90) ? "#" + u.rnd.nextInt(10) : u.pick("-1", "#-1", "x");
    }

    private static void keys(Catalog c) {
        String f = "keys";
        c.add(f, "del", 5, u -> Req.of("DEL").add(u.anyKey()).opt(u.chance(30), u.anyKey()));
        c.add(f, "unlink", 2, u -> Req.of("UNLINK").add(u.anyKey()).opt(u.chance(30), u.anyKey()));
        c.add(f, "exists", 5, u -> Req.of("EXISTS").add(u.anyKey()).opt(u.chance(40), u.anyKey(), u.anyKey()));
        c.add(f, "type", 5, u -> Req.of("TYPE", u.anyKey()));
        c.add(f, "touch", 1, u -> Req.of("TOUCH", u.anyKey(), u.anyKey()));
        c.add(f, "rename", 3, u -> {
            String src = u.anyKey();
            return Req.of("RENAME", src, target(u, src));
        });
        c.add(f, "renamenx", 2, u -> {
            String src = u.anyKey();
            return Req.of("RENAMENX", src, target(u, src));
        });
        c.add(f, "copy", 3, u -> {
            String src = u.anyKey();
            return Req.of("COPY", src, target(u, src)).opt(u.chance(30), "DB", u.pick("0", "1", "1", "16")).opt(u.chance(40), "REPLACE");
        });
        c.add(f, "move", 1, u -> Req.of("MOVE", u.anyKey(), u.chance(95) ? "1" : u.pick("0", "16", "x")));
        c.add(f, "swapdb", 1, u -> Req.of("SWAPDB", "0", "1"));
        c.add(f, "expire", 3, u -> Req.of("EXPIRE", u.anyKey(), u.seconds()).opt(u.chance(30), u.pick("NX", "XX")));
        c.add(f, "pexpire", 2, u -> Req.of("PEXPIRE", u.anyKey(), u.millis()).opt(u.chance(30), u.pick("NX", "XX")));
        c.add(f, "expireat", 3, u -> Req.of("EXPIREAT", u.anyKey(), u.unixSeconds())
                .opt(u.chance(50), u.pick("NX", "XX", "GT", "LT", "gt")).opt(u.chance(3), u.pick("NX", "GT")));
        c.add(f, "pexpireat", 2, u -> Req.of("PEXPIREAT", u.anyKey(), u.unixMillis()).opt(u.chance(50), u.pick("NX", "XX", "GT", "LT")));
        c.add(f, "ttl", 3, u -> Req.of("TTL", u.anyKey()).normal(Req.Normal.CLOCK_SECONDS));
        c.add(f, "pttl", 2, u -> Req.of("PTTL", u.anyKey()).normal(Req.Normal.CLOCK_MILLIS));
        c.add(f, "expiretime", 2, u -> Req.of("EXPIRETIME", u.anyKey()).normal(Req.Normal.CLOCK_SECONDS));
        c.add(f, "pexpiretime", 2, u -> Req.of("PEXPIRETIME", u.anyKey()).normal(Req.Normal.CLOCK_MILLIS));
        c.add(f, "persist", 2, u -> Req.of("PERSIST", u.anyKey()));
        c.add(f, "keys", 2, u -> Req.of("KEYS", u.pick("*", "str:*", "hash:1?", "*:1", "[sz]*:[0-3]", "any:*", "nomatch*", "h\\ash:*",
                "[^s]*", "[!h]*:1", "*\\", "[a-]*", "[]*", "**:1*", "[z-a]*", "s?r:[1-]", "*[", "str:\\1"))
                .sorted());
        c.add(f, "dbsize", 1, u -> Req.of("DBSIZE"));
        c.add(f, "debug", 3, u -> Req.of("DEBUG", "DIGEST-VALUE", u.anyKey()).opt(u.chance(30), u.anyKey()));
        c.add(f, "object", 3, u -> Req.of("OBJECT", "ENCODING", u.anyKey()));
    }

    /**
     * A RENAME/COPY destination: a key of the source's prefix or a shared key, so a
     * prefixed key only ever holds its prefix's type (or nothing). The generator relies on
     * it: SORT BY nosort only on list and zset keys (a set would answer in hash order), lex
     * ranges only on all-zero-score zlex keys, geo decoding only on geo keys (Redis's
     * conversion of a negative or huge score to a geohash is undefined behaviour in C).
     */
    static String target(Universe u, String src) {
        String prefix = src.substring(0, src.indexOf(':') + 1);
        return prefix.equals(SHARED) || u.chance(25) ? u.ownKey(SHARED) : u.ownKey(prefix);
    }

    private static void hyperLogLog(Catalog c) {
        String f = "hll";
        c.add(f, "pfadd", 8, u -> {
            Req r = Req.of("PFADD", u.key(HLL));
            if (u.chance(30)) {
                int n = u.between(10, 40);
                for (int i = 0; i < n; i++) r.add("e" + u.rnd.nextInt(100_000));
            } else {
                r.add(u.members(0, 5));
            }
            return r;
        });
        c.add(f, "pfcount", 5, u -> Req.of("PFCOUNT").add(u.keys(HLL, 1, 3)));
        c.add(f, "pfmerge", 2, u -> Req.of("PFMERGE", u.key(HLL)).add(u.keys(HLL, 0, 3)));
        // The raw representation (sparse or dense, cached cardinality) must be byte-identical.
        c.addWith(f, "get", "pfadd", 2, u -> Req.of("GET", u.key(HLL)));
    }
}

package io.basalt.command;

import io.basalt.protocol.Args;
import io.basalt.util.Ascii;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A command's key specs compiled from its declaration, and the one place that finds the
 * keys of a command invocation: COMMAND GETKEYS, cluster routing, ACL and WATCH all ask
 * here. Follows Redis 7.0's getKeysFromCommandWithSpecs: the key specs when they are
 * complete and their flags fixed, otherwise the command's own key finder (SORT's STORE,
 * MIGRATE's KEYS, SET's GET...), which is behaviour rather than data and so lives in
 * {@link Finder}.
 */
public final class KeySpecs {
    /** Key flags, in the order COMMAND INFO and GETKEYSANDFLAGS list them. */
    public static final int RO = 1, RW = 1 << 1, OW = 1 << 2, RM = 1 << 3, ACCESS = 1 << 4, UPDATE = 1 << 5,
            INSERT = 1 << 6, DELETE = 1 << 7, NOT_KEY = 1 << 8, INCOMPLETE = 1 << 9, VARIABLE_FLAGS = 1 << 10;
    private static final String[] FLAG_NAMES = {
            "RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"};

    private static final int BS_UNKNOWN = 0, BS_INDEX = 1, BS_KEYWORD = 2;
    private static final int FK_UNKNOWN = 0, FK_RANGE = 1, FK_KEYNUM = 2;
    static final KeySpecs NONE = new KeySpecs(0, false, null, List.of());

    private final int n;
    private final int arity;
    private final boolean module;
    private final Finder finder;
    private final int[] flags;
    private final int[] beginType;
    /** BS_INDEX: the index; BS_KEYWORD: startfrom. */
    private final int[] beginArg;
    private final byte[][] keyword;
    private final int[] findType;
    /** FK_RANGE: lastkey, keystep, limit. FK_KEYNUM: keynumidx, firstkey, keystep. */
    private final int[] findA, findB, findC;
    private final boolean hasRealKeySpec;
    private final boolean variableFlags;

    @SuppressWarnings("unchecked")
    private KeySpecs(int arity, boolean module, Finder finder, List<Map<String, Object>> specs) {
        this.n = specs.size();
        this.arity = arity;
        this.module = module;
        this.finder = finder;
        flags = new int[n];
        beginType = new int[n];
        beginArg = new int[n];
        keyword = new byte[n][];
        findType = new int[n];
        findA = new int[n];
        findB = new int[n];
        findC = new int[n];
        boolean real = false, variable = false;
        for (int j = 0; j < n; j++) {
            Map<String, Object> s = specs.get(j);
            for (String f : (List<String>) s.get("flags")) flags[j] |= flag(f);
            real |= (flags[j] & NOT_KEY) == 0;
            variable |= (flags[j] & VARIABLE_FLAGS) != 0;
            Map<String, Object> bs = (Map<String, Object>) s.get("begin_search");
            Map<String, Object> bsSpec = (Map<String, Object>) bs.get("spec");
            switch ((String) bs.get("type")) {
                case "index" -> {
                    beginType[j] = BS_INDEX;
                    beginArg[j] = num(bsSpec, "index");
                }
                case "keyword" -> {
                    beginType[j] = BS_KEYWORD;
                    beginArg[j] = num(bsSpec, "startfrom");
                    keyword[j] = ((String) bsSpec.get("keyword")).getBytes(StandardCharsets.UTF_8);
                }
                default -> beginType[j] = BS_UNKNOWN;
            }
            Map<String, Object> fk = (Map<String, Object>) s.get("find_keys");
            Map<String, Object> fkSpec = (Map<String, Object>) fk.get("spec");
            switch ((String) fk.get("type")) {
                case "range" -> {
                    findType[j] = FK_RANGE;
                    findA[j] = num(fkSpec, "lastkey");
                    findB[j] = num(fkSpec, "keystep");
                    findC[j] = num(fkSpec, "limit");
                }
                case "keynum" -> {
                    findType[j] = FK_KEYNUM;
                    findA[j] = num(fkSpec, "keynumidx");
                    findB[j] = num(fkSpec, "firstkey");
                    findC[j] = num(fkSpec, "keystep");
                }
                default -> findType[j] = FK_UNKNOWN;
            }
        }
        hasRealKeySpec = real;
        variableFlags = variable;
    }

    /** Compiles the declared key specs of a command ({@code key_specs} in commands.json). */
    static KeySpecs compile(String fullName, int arity, boolean module, List<Map<String, Object>> specs) {
        Finder finder = Finder.of(fullName);
        if (specs.isEmpty() && finder == null) return NONE;
        return new KeySpecs(arity, module, finder, specs);
    }

    private static int num(Map<String, Object> m, String key) {
        return ((Long) m.get(key)).intValue();
    }

    /** The bit of a key-spec flag name ("RW", "access"...). */
    public static int flag(String name) {
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if (FLAG_NAMES[i].equals(name)) return 1 << i;
        }
        throw new IllegalArgumentException("unknown key spec flag " + name);
    }

    /** Number of names set in {@code keyFlags}. */
    public static int flagCount(int keyFlags) {
        return Integer.bitCount(keyFlags & ((1 << FLAG_NAMES.length) - 1));
    }

    /** Name of the {@code i}-th flag bit. */
    public static String flagName(int bit) {
        return FLAG_NAMES[bit];
    }

    public static int flagBits() {
        return FLAG_NAMES.length;
    }

    /** Redis's doesCommandHaveKeys: a key finder, or a key spec that is not {@code not_key}. */
    public boolean hasKeys() {
        return finder != null || hasRealKeySpec;
    }

    /**
     * Finds the keys of the command whose name is {@code a[base]} and whose {@code argc}
     * arguments (the name included) follow. Positions are relative to {@code base}.
     * Returns the number of keys, 0 when the arguments are invalid or hold none.
     */
    public int find(Args a, int base, int argc, KeyRefs out) {
        out.clear();
        if (hasRealKeySpec && !variableFlags && bySpecs(a, base, argc, out) >= 0) return out.count();
        out.clear();
        if (finder != null) finder.find(a, base, argc, out);
        return out.count();
    }

    /** Redis's getKeysUsingKeySpecs without partial results: -1 when a spec does not apply. */
    private int bySpecs(Args a, int base, int argc, KeyRefs out) {
        for (int j = 0; j < n; j++) {
            if ((flags[j] & NOT_KEY) != 0) continue;
            int first = 0;
            if (beginType[j] == BS_INDEX) {
                first = beginArg[j];
            } else if (beginType[j] == BS_KEYWORD) {
                int from = beginArg[j];
                int start = from > 0 ? from : argc + from;
                int end = from > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) break;
                    if (a.isCString(base + i, keyword[j])) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) continue;
            } else {
                return invalid(out);
            }
            int last, step;
            if (findType[j] == FK_RANGE) {
                step = findB[j];
                int lastKey = findA[j], limit = findC[j];
                if (lastKey >= 0) last = first + lastKey;
                else if (limit == 0) last = argc + lastKey;
                else last = first + ((argc - first) / limit + lastKey);
            } else if (findType[j] == FK_KEYNUM) {
                step = findC[j];
                int idx = first + findA[j];
                if (findA[j] >= argc || idx >= argc) return invalid(out);
                long numKeys = strictLong(a, base + idx);
                if (numKeys < 0) return invalid(out);
                first += findB[j];
                last = first + (int) numKeys - 1;
            } else {
                return invalid(out);
            }
            if (last >= argc || last < first || first >= argc) return invalid(out);
            for (int i = first; i <= last; i += step) {
                if (i >= argc || i < first) {
                    if (module || arity < 0) continue;
                    throw new IllegalStateException("key specs do not match the arity of " + this);
                }
                out.add(i, flags[j]);
            }
            if ((flags[j] & INCOMPLETE) != 0) return invalid(out);
        }
        return out.count();
    }

    private static int invalid(KeyRefs out) {
        out.clear();
        return -1;
    }

    /** string2ll: a canonical 64-bit integer, or -1 when the argument is not one. */
    private static long strictLong(Args a, int i) {
        long[] h = a.scratch();
        if (!Ascii.parse(a.buffer(), a.offset(i), a.length(i), h)) return -1;
        return h[0];
    }

    /** C's atoi: optional blanks and sign, then digits up to the first non-digit. */
    static int atoi(Args a, int i) {
        byte[] b = a.buffer();
        int p = a.offset(i), end = p + a.length(i);
        while (p < end && (b[p] == ' ' || (b[p] >= '\t' && b[p] <= '\r'))) p++;
        boolean negative = false;
        if (p < end && (b[p] == '+' || b[p] == '-')) negative = b[p++] == '-';
        long v = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9' && v < Integer.MAX_VALUE + 1L) v = v * 10 + (b[p++] - '0');
        return (int) (negative ? -v : v);
    }

    /**
     * The key finders of commands whose key specs are incomplete, have variable flags, or
     * may not parse (Redis's getkeys_proc). Flags are set only where Redis sets them.
     */
    enum Finder {
        /** COMMAND [dest] numkeys key ... : (storeKey, keyCount, firstKey) offsets. */
        SINTERCARD(0, 1, 2), ZUNION_INTER_DIFF(0, 1, 2), ZUNION_INTER_DIFF_STORE(1, 2, 3), EVAL(0, 2, 3),
        FUNCTION(0, 2, 3), LMPOP(0, 1, 2), BLMPOP(0, 2, 3), ZMPOP(0, 1, 2), BZMPOP(0, 2, 3),
        SORT_RO, SORT, MIGRATE, GEORADIUS, XREAD, SET, BITFIELD;

        private final int storeKey, keyCount, firstKey;

        Finder() {
            this(-1, -1, -1);
        }

        Finder(int storeKey, int keyCount, int firstKey) {
            this.storeKey = storeKey;
            this.keyCount = keyCount;
            this.firstKey = firstKey;
        }

        static Finder of(String fullName) {
            return switch (fullName) {
                case "sintercard" -> SINTERCARD;
                case "zunion", "zinter", "zdiff", "zintercard" -> ZUNION_INTER_DIFF;
                case "zunionstore", "zinterstore", "zdiffstore" -> ZUNION_INTER_DIFF_STORE;
                case "eval", "eval_ro", "evalsha", "evalsha_ro" -> EVAL;
                case "fcall", "fcall_ro" -> FUNCTION;
                case "lmpop" -> LMPOP;
                case "blmpop" -> BLMPOP;
                case "zmpop" -> ZMPOP;
                case "bzmpop" -> BZMPOP;
                case "sort_ro" -> SORT_RO;
                case "sort" -> SORT;
                case "migrate" -> MIGRATE;
                case "georadius", "georadiusbymember" -> GEORADIUS;
                case "xread", "xreadgroup" -> XREAD;
                case "set" -> SET;
                case "bitfield" -> BITFIELD;
                default -> null;
            };
        }

        private static final byte[] LIMIT = ascii("limit"), GET = ascii("get"), BY = ascii("by"),
                STORE = ascii("store"), STOREDIST = ascii("storedist"), KEYS = ascii("keys"),
                COPY = ascii("copy"), REPLACE = ascii("replace"), AUTH = ascii("auth"), AUTH2 = ascii("auth2"),
                BLOCK = ascii("block"), COUNT = ascii("count"), GROUP = ascii("group"), NOACK = ascii("noack"),
                STREAMS = ascii("streams"), SET_ = ascii("set"), INCRBY = ascii("incrby"), OVERFLOW = ascii("overflow");

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        void find(Args a, int base, int argc, KeyRefs out) {
            switch (this) {
                case SORT_RO -> out.add(1, RO | ACCESS);
                case SORT -> sort(a, base, argc, out);
                case MIGRATE -> migrate(a, base, argc, out);
                case GEORADIUS -> georadius(a, base, argc, out);
                case XREAD -> xread(a, base, argc, out);
                case SET -> set(a, base, argc, out);
                case BITFIELD -> bitfield(a, base, argc, out);
                default -> generic(a, base, argc, out);
            }
        }

        private void generic(Args a, int base, int argc, KeyRefs out) {
            int num = atoi(a, base + keyCount);
            if (num < 1 || num > (argc - firstKey)) return;
            for (int i = 0; i < num; i++) out.add(firstKey + i, 0);
            if (storeKey > 0) out.add(storeKey, 0);
        }

        private static void sort(Args a, int base, int argc, KeyRefs out) {
            out.add(1, RO | ACCESS);
            int store = -1;
            for (int i = 2; i < argc; i++) {
                if (a.isCString(base + i, LIMIT)) i += 2;
                else if (a.isCString(base + i, GET) || a.isCString(base + i, BY)) i += 1;
                else if (a.isCString(base + i, STORE) && i + 1 < argc) store = i + 1;
            }
            if (store > 0) out.add(store, OW | UPDATE);
        }

        private static void migrate(Args a, int base, int argc, KeyRefs out) {
            int first = 3, num = 1;
            if (argc > 6) {
                for (int i = 6; i < argc; i++) {
                    if (a.isCString(base + i, KEYS)) {
                        if (cLength(a, base + 3) > 0) {
                            num = 0;
                        } else {
                            first = i + 1;
                            num = argc - first;
                        }
                        break;
                    }
                    if (a.isCString(base + i, AUTH)) i += 1;
                    else if (a.isCString(base + i, AUTH2)) i += 2;
                    else if (a.isCString(base + i, COPY) || a.isCString(base + i, REPLACE)) i += 0;
                }
            }
            for (int i = 0; i < num; i++) out.add(first + i, RW | ACCESS | DELETE);
        }

        private static void georadius(Args a, int base, int argc, KeyRefs out) {
            int stored = -1;
            for (int i = 5; i < argc; i++) {
                if ((a.isCString(base + i, STORE) || a.isCString(base + i, STOREDIST)) && i + 1 < argc) {
                    stored = i + 1;
                    i++;
                }
            }
            out.add(1, 0);
            if (stored != -1) out.add(stored, 0);
        }

        private static void xread(Args a, int base, int argc, KeyRefs out) {
            int streams = -1;
            for (int i = 1; i < argc; i++) {
                if (a.isCString(base + i, BLOCK) || a.isCString(base + i, COUNT)) {
                    i++;
                } else if (a.isCString(base + i, GROUP)) {
                    i += 2;
                } else if (a.isCString(base + i, NOACK)) {
                    continue;
                } else {
                    if (a.isCString(base + i, STREAMS)) streams = i;
                    break;
                }
            }
            int num = streams == -1 ? 0 : argc - streams - 1;
            if (streams == -1 || num == 0 || num % 2 != 0) return;
            num /= 2;
            for (int i = streams + 1; i < argc - num; i++) out.add(i, 0);
        }

        private static void set(Args a, int base, int argc, KeyRefs out) {
            for (int i = 3; i < argc; i++) {
                if (a.isCString(base + i, GET)) {
                    out.add(1, RW | ACCESS | UPDATE);
                    return;
                }
            }
            out.add(1, OW | UPDATE);
        }

        private static void bitfield(Args a, int base, int argc, KeyRefs out) {
            boolean readonly = true;
            for (int i = 2; i < argc; i++) {
                int more = argc - i - 1;
                if (a.isCString(base + i, GET) && more >= 2) {
                    i += 2;
                } else if ((a.isCString(base + i, SET_) || a.isCString(base + i, INCRBY)) && more >= 3) {
                    readonly = false;
                    break;
                } else if (a.isCString(base + i, OVERFLOW) && more >= 1) {
                    i += 1;
                } else {
                    readonly = false;
                    break;
                }
            }
            out.add(1, readonly ? RO | ACCESS : RW | ACCESS | UPDATE);
        }

        private static int cLength(Args a, int i) {
            int n = 0, len = a.length(i);
            while (n < len && a.byteAt(i, n) != 0) n++;
            return n;
        }
    }
}

package io.basalt.keyspace.type;


import io.basalt.util.Ascii;
import io.basalt.util.DigestMix;
import io.basalt.util.Doubles;
import io.basalt.util.Hashing;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The sorted-set type API (t_zset.c's zset* layer). Entries are ordered by score, then by
 * member bytes (memcmp), with -0.0 and 0.0 equal as in C. Two encodings, as in Redis 7.0:
 * <ul>
 * <li>"listpack": one sorted run of parallel arrays ({@link ZSetLeaf}), searched linearly
 * where Redis walks its listpack, so even ill-defined lex queries on mixed scores answer as
 * Redis does. Like the listpack, it cannot hold -0.0 (stored as the integer 0).
 * <li>"skiplist": an order-statistic B+tree ({@link ZSetTree}) for ranks and ranges plus a
 * hashed member → score index ({@link ZSetIndex}), the roles of Redis's skiplist and dict.
 * </ul>
 * Conversion to the large form happens where zsetAdd does it (an entry beyond
 * zset-max-listpack-entries or a member longer than zset-max-listpack-value); only the
 * STORE commands convert back ({@link #compactIfFits}).
 */
public final class ZSetValue implements CollectionValue, ScoredSet {
    public static final String LISTPACK = "listpack";
    public static final String SKIPLIST = "skiplist";

    /** {@link #add} flags (Redis's ZADD_IN_*). */
    public static final int NX = 1, XX = 2, GT = 4, LT = 8, INCR = 16;
    /** {@link #add} outcome bits (Redis's ZADD_OUT_*). */
    public static final int ADDED = 1, UPDATED = 2, NOP = 4, NAN = 8;

    /** sizeof(zset), sizeof(zskiplist), sizeof(dict) and the 32-level skiplist header's allocation in Redis 7.0. */
    private static final int ZSET_STRUCT = 16, SKIPLIST_STRUCT = 32, DICT_STRUCT = 56, SKIPLIST_HEADER = 640;
    /** A one-level skiplist node (ele, score, backward, one forward/span pair), the most common size. */
    private static final int SKIPLIST_NODE = 40;
    /** Integral scores within ±2^62 are stored in a listpack as integers (Redis's double2ll). */
    private static final double LISTPACK_INTEGER_LIMIT = 4611686018427387904.0;

    /** The compact encoding: the whole set in one sorted run; null in the large encoding. */
    private ZSetLeaf compact;
    private ZSetTree tree;
    private ZSetIndex index;

    private ZSetValue() {}

    /** An empty set in the compact encoding. */
    public static ZSetValue compact() {
        ZSetValue v = new ZSetValue();
        v.compact = new ZSetLeaf(4);
        return v;
    }

    /** An empty set in the large encoding. */
    public static ZSetValue large() {
        ZSetValue v = new ZSetValue();
        v.tree = new ZSetTree();
        v.index = new ZSetIndex();
        return v;
    }

    /**
     * The set ZADD creates for a missing key: large straight away when listpacks are
     * disabled or the first member given is already too long for one.
     */
    public static ZSetValue forFirstAdd(int firstMemberLength, EncodingLimits limits) {
        return limits.zsetMaxListpackEntries == 0 || limits.zsetMaxListpackValue < firstMemberLength ? large() : compact();
    }

    /** The set ZRANGESTORE fills with {@code entries} entries (-1: unknown): large when that many exceed a listpack. */
    public static ZSetValue forEntries(long entries, EncodingLimits limits) {
        return entries > limits.zsetMaxListpackEntries ? large() : compact();
    }

    // ---- CollectionValue -------------------------------------------------------------------

    @Override
    public String typeName() {
        return TypeNames.ZSET;
    }

    @Override
    public String encoding() {
        return compact != null ? LISTPACK : SKIPLIST;
    }

    @Override
    public long size() {
        return compact != null ? compact.n : tree.size();
    }

    /** Member bytes are never modified in place, so copies share them. */
    @Override
    public ZSetValue duplicate() {
        if (compact != null) {
            ZSetValue v = compact();
            v.compact.members = Arrays.copyOf(compact.members, Math.max(4, compact.n));
            v.compact.scores = Arrays.copyOf(compact.scores, Math.max(4, compact.n));
            v.compact.n = compact.n;
            return v;
        }
        ZSetValue v = large();
        for (ZSetLeaf l = tree.head; l != null; l = l.next) {
            for (int i = 0; i < l.n; i++) v.insertLarge(l.members[i], l.scores[i]);
        }
        return v;
    }

    @Override
    public int redisType() {
        return 3;
    }

    /** debug.c: per entry, mix(member) then mix("%.17g" of the score) into a fresh digest, xor-ed in. */
    @Override
    public void digest(byte[] digest) {
        byte[] entry = new byte[20];
        byte[] text = new byte[Doubles.MAX_FORMAT_LENGTH];
        Cursor c = new Cursor();
        for (seek(0, c); c.valid(); c.next()) {
            Arrays.fill(entry, (byte) 0);
            DigestMix.mix(entry, c.member());
            DigestMix.mix(entry, text, 0, Doubles.format(c.score(), text, 0));
            DigestMix.xor(digest, entry);
        }
    }

    /** objectComputeSize: the listpack's allocation, or the skiplist and dict estimated from the first {@code samples} entries. */
    @Override
    public long memoryUsage(long samples) {
        if (compact != null) return RedisAllocation.ROBJ + RedisAllocation.jemallocSize(listpackBytes());
        long size = tree.size();
        long asize = RedisAllocation.ROBJ + ZSET_STRUCT + SKIPLIST_STRUCT + DICT_STRUCT
                + RedisAllocation.POINTER * RedisAllocation.dictSlots(size) + SKIPLIST_HEADER;
        long elesize = 0, sampled = 0;
        for (ZSetLeaf l = tree.head; l != null && sampled < samples; l = l.next) {
            for (int i = 0; i < l.n && sampled < samples; i++, sampled++) {
                int len = l.members[i].length;
                elesize += RedisAllocation.sdsAllocSize(len, len) + RedisAllocation.DICT_ENTRY + RedisAllocation.jemallocSize(SKIPLIST_NODE);
            }
        }
        if (sampled == 0) return asize;
        return (long) (asize + (double) elesize / sampled * size);
    }

    /** The bytes Redis's listpack would take for this content (member and score entries). */
    private long listpackBytes() {
        long bytes = Listpack.EMPTY;
        byte[] text = new byte[Doubles.MAX_FORMAT_LENGTH];
        for (int i = 0; i < compact.n; i++) {
            byte[] m = compact.members[i];
            bytes += Listpack.entrySize(m, 0, m.length);
            double s = compact.scores[i];
            if (isListpackInteger(s)) bytes += Listpack.entrySize((long) s);
            else bytes += Listpack.entrySize(text, 0, Doubles.format(s, text, 0));
        }
        return bytes;
    }

    private static boolean isListpackInteger(double s) {
        return s >= -LISTPACK_INTEGER_LIMIT && s <= LISTPACK_INTEGER_LIMIT && s == Math.rint(s);
    }

    // ---- members and scores ----------------------------------------------------------------

    /** The member's score, or NaN when absent. */
    @Override
    public double score(byte[] b, int off, int len) {
        if (compact != null) {
            int i = compact.indexOf(b, off, len);
            return i < 0 ? Double.NaN : compact.scores[i];
        }
        int ref = index.find(b, off, len, Hashing.hash(b, off, len));
        return ref < 0 ? Double.NaN : index.scoreAt(ref);
    }

    /**
     * Redis's zsetAdd: adds the member or updates its score as the {@link #NX}, {@link #XX},
     * {@link #GT}, {@link #LT} and {@link #INCR} flags say, converting to the large encoding
     * when the new entry would not fit a listpack. Returns {@link #ADDED}, {@link #UPDATED},
     * {@link #NOP} (refused by a flag), 0 (same score) or {@link #NAN} (a NaN score or
     * increment result; nothing changes). Unless NOP or NAN, {@code newScore[0]} (if given)
     * receives the resulting score as computed, before the listpack turns -0 into 0.
     */
    public int add(byte[] b, int off, int len, double score, int flags, EncodingLimits limits, double[] newScore) {
        if (Double.isNaN(score)) return NAN;
        boolean nx = (flags & NX) != 0, xx = (flags & XX) != 0, gt = (flags & GT) != 0, lt = (flags & LT) != 0;
        boolean incr = (flags & INCR) != 0;
        if (compact != null) {
            int i = compact.indexOf(b, off, len);
            if (i >= 0) {
                if (nx) return NOP;
                double cur = compact.scores[i];
                if (incr) {
                    score += cur;
                    if (Double.isNaN(score)) return NAN;
                }
                if ((lt && score >= cur) || (gt && score <= cur)) return NOP;
                if (newScore != null) newScore[0] = score;
                if (score == cur) return 0;
                byte[] m = compact.members[i];
                compact.removeAt(i);
                insertCompact(m, score);
                return UPDATED;
            }
            if (xx) return NOP;
            if (compact.n + 1 <= limits.zsetMaxListpackEntries && len <= limits.zsetMaxListpackValue) {
                insertCompact(Arrays.copyOfRange(b, off, off + len), score);
                if (newScore != null) newScore[0] = score;
                return ADDED;
            }
            convertToLarge();
        }
        long hash = Hashing.hash(b, off, len);
        int ref = index.find(b, off, len, hash);
        if (ref >= 0) {
            if (nx) return NOP;
            double cur = index.scoreAt(ref);
            if (incr) {
                score += cur;
                if (Double.isNaN(score)) return NAN;
            }
            if ((lt && score >= cur) || (gt && score <= cur)) return NOP;
            if (newScore != null) newScore[0] = score;
            if (score == cur) return 0;
            byte[] m = index.keyAt(ref);
            index.setScoreAt(ref, score);
            tree.updateScore(m, cur, score);
            return UPDATED;
        }
        if (xx) return NOP;
        byte[] m = Arrays.copyOfRange(b, off, off + len);
        index.setScoreAt(index.insertAbsent(m, hash), score);
        tree.insert(m, score);
        if (newScore != null) newScore[0] = score;
        return ADDED;
    }

    /** zzlInsert: before the first entry ordered after it; -0 is stored as 0, as the listpack's integer encoding does. */
    private void insertCompact(byte[] m, double score) {
        if (score == 0) score = 0.0;
        compact.insertAt(compact.lowerBound(score, m, 0, m.length), m, score);
    }

    private void insertLarge(byte[] m, double score) {
        index.setScoreAt(index.insertAbsent(m, Hashing.hash(m)), score);
        tree.insert(m, score);
    }

    /** SORT's zsetConvert: the large encoding from now on, even for a set small enough to be compact. */
    public void convertToSkiplist() {
        if (compact != null) convertToLarge();
    }

    private void convertToLarge() {
        ZSetLeaf run = compact;
        compact = null;
        tree = new ZSetTree();
        index = new ZSetIndex();
        for (int i = 0; i < run.n; i++) insertLarge(run.members[i], run.scores[i]);
    }

    /**
     * zsetConvertToListpackIfNeeded, for the result of a STORE command: back to the compact
     * encoding when the entries and the longest member fit the listpack limits.
     */
    public void compactIfFits(EncodingLimits limits) {
        if (compact != null || tree.size() > limits.zsetMaxListpackEntries) return;
        for (ZSetLeaf l = tree.head; l != null; l = l.next) {
            for (int i = 0; i < l.n; i++) {
                if (l.members[i].length > limits.zsetMaxListpackValue) return;
            }
        }
        ZSetLeaf run = new ZSetLeaf(Math.max(4, tree.size()));
        for (ZSetLeaf l = tree.head; l != null; l = l.next) {
            for (int i = 0; i < l.n; i++) {
                double s = l.scores[i];
                run.insertAt(run.n, l.members[i], s == 0 ? 0.0 : s);
            }
        }
        compact = run;
        tree = null;
        index = null;
    }

    /** Removes the member; false if it was absent. */
    public boolean remove(byte[] b, int off, int len) {
        if (compact != null) {
            int i = compact.indexOf(b, off, len);
            if (i < 0) return false;
            compact.removeAt(i);
            return true;
        }
        int ref = index.find(b, off, len, Hashing.hash(b, off, len));
        if (ref < 0) return false;
        double s = index.scoreAt(ref);
        byte[] m = index.keyAt(ref);
        index.removeAt(ref);
        tree.delete(s, m, 0, m.length);
        return true;
    }

    /** Removes the {@code count} entries from rank {@code from} on (a valid range). */
    public void removeRange(long from, long count) {
        if (compact != null) {
            compact.removeRange((int) from, (int) count);
            return;
        }
        Cursor c = new Cursor();
        for (long k = 0; k < count; k++) {
            tree.seek(from, c);
            byte[] m = c.member();
            double s = c.score();
            tree.delete(s, m, 0, m.length);
            index.removeAt(index.find(m, Hashing.hash(m)));
        }
    }

    // ---- ranks -----------------------------------------------------------------------------

    /** 0-based rank of the member, counted from the highest score if {@code reverse}; -1 when absent. */
    public long rank(byte[] b, int off, int len, boolean reverse) {
        long rank;
        if (compact != null) {
            rank = compact.indexOf(b, off, len);
            if (rank < 0) return -1;
        } else {
            int ref = index.find(b, off, len, Hashing.hash(b, off, len));
            if (ref < 0) return -1;
            rank = tree.rank(index.scoreAt(ref), b, off, len);
        }
        return reverse ? size() - 1 - rank : rank;
    }

    /** Points {@code c} at the entry of rank {@code rank} ({@code 0 <= rank < size}), or makes it invalid when empty. */
    public void seek(long rank, Cursor c) {
        if (size() == 0) c.at(null, 0);
        else if (compact != null) c.at(compact, (int) rank);
        else tree.seek(rank, c);
    }

    /** A uniformly chosen rank of a non-empty set. */
    public long randomRank(RandomGenerator random) {
        return random.nextLong(size());
    }

    /** A position in the set, moved entry by entry in order; invalid once it walks off either end or the set changes. */
    public static final class Cursor {
        private ZSetLeaf leaf;
        private int index;

        void at(ZSetLeaf l, int i) {
            leaf = l;
            index = i;
        }

        public boolean valid() {
            return leaf != null;
        }

        public byte[] member() {
            return leaf.members[index];
        }

        public double score() {
            return leaf.scores[index];
        }

        public void next() {
            if (++index == leaf.n) {
                leaf = leaf.next;
                index = 0;
            }
        }

        public void prev() {
            if (--index < 0) {
                leaf = leaf.prev;
                index = leaf == null ? 0 : leaf.n - 1;
            }
        }
    }

    private double scoreAtRank(long rank) {
        if (compact != null) return compact.scores[(int) rank];
        Cursor c = new Cursor();
        tree.seek(rank, c);
        return c.score();
    }

    private byte[] memberAtRank(long rank) {
        if (compact != null) return compact.members[(int) rank];
        Cursor c = new Cursor();
        tree.seek(rank, c);
        return c.member();
    }

    // ---- score ranges ----------------------------------------------------------------------

    private long countScoreBelow(double s, boolean inclusive) {
        return compact != null ? compact.countScoreBelow(s, inclusive) : tree.countScoreBelow(s, inclusive);
    }

    /** Rank of the lowest entry whose score is in the range, or -1 (zslFirstInRange). */
    public long firstInRange(ScoreRange r) {
        if (r.isEmpty() || size() == 0) return -1;
        long first = countScoreBelow(r.min(), r.minExclusive());
        if (first == size()) return -1;
        return r.lteMax(scoreAtRank(first)) ? first : -1;
    }

    /** Rank of the highest entry whose score is in the range, or -1 (zslLastInRange). */
    public long lastInRange(ScoreRange r) {
        if (r.isEmpty() || size() == 0) return -1;
        long last = countScoreBelow(r.max(), !r.maxExclusive()) - 1;
        if (last < 0) return -1;
        return r.gteMin(scoreAtRank(last)) ? last : -1;
    }

    /** ZCOUNT: the number of entries whose score is in the range. */
    public long countInRange(ScoreRange r) {
        long first = firstInRange(r);
        if (first < 0) return 0;
        return lastInRange(r) - first + 1;
    }

    /** ZREMRANGEBYSCORE: removes the entries in the range; returns how many. */
    public long removeInRange(ScoreRange r) {
        long n = countInRange(r);
        if (n > 0) removeRange(firstInRange(r), n);
        return n;
    }

    // ---- lex ranges ------------------------------------------------------------------------
    // Meaningful when all scores are equal. The compact encoding walks its entries exactly as
    // Redis walks a listpack, so mixed scores give Redis's answers there too.

    private boolean mayIntersect(LexRange r) {
        return !r.isEmpty() && size() > 0 && r.gteMin(memberAtRank(size() - 1)) && r.lteMax(memberAtRank(0));
    }

    /** Rank of the first entry in the lex range, or -1 (zzlFirstInLexRange / zslFirstInLexRange). */
    public long firstInLexRange(LexRange r) {
        if (!mayIntersect(r)) return -1;
        if (compact != null) {
            for (int i = 0; i < compact.n; i++) {
                byte[] m = compact.members[i];
                if (r.gteMin(m)) return r.lteMax(m) ? i : -1;
            }
            return -1;
        }
        long first = memberBound(r.min(), r.minExclusive());
        if (first == size()) return -1;
        return r.lteMax(memberAtRank(first)) ? first : -1;
    }

    /** Rank of the last entry in the lex range, or -1 (zzlLastInLexRange / zslLastInLexRange). */
    public long lastInLexRange(LexRange r) {
        if (!mayIntersect(r)) return -1;
        if (compact != null) {
            for (int i = compact.n - 1; i >= 0; i--) {
                byte[] m = compact.members[i];
                if (r.lteMax(m)) return r.gteMin(m) ? i : -1;
            }
            return -1;
        }
        long last = memberBound(r.max(), !r.maxExclusive()) - 1;
        if (last < 0) return -1;
        return r.gteMin(memberAtRank(last)) ? last : -1;
    }

    /** Entries of the large encoding whose member is below the bound (or at most it), as a B+tree descent. */
    private long memberBound(byte[] bound, boolean inclusive) {
        if (bound == LexRange.MINUS_INFINITY) return 0;
        if (bound == LexRange.PLUS_INFINITY) return size();
        return tree.countMemberBelow(bound, inclusive);
    }

    /** ZLEXCOUNT. */
    public long lexCount(LexRange r) {
        long first = firstInLexRange(r);
        if (first < 0) return 0;
        if (compact != null) return countForwardInLex(first, r);
        long last = lastInLexRange(r);
        return last < 0 ? size() - first : last - first + 1;
    }

    /** ZREMRANGEBYLEX: from the first entry in range, removes entries while they stay at most max. */
    public long removeInLexRange(LexRange r) {
        long first = firstInLexRange(r);
        if (first < 0) return 0;
        long n = countForwardInLex(first, r);
        removeRange(first, n);
        return n;
    }

    private long countForwardInLex(long first, LexRange r) {
        long n = 0;
        Cursor c = new Cursor();
        for (seek(first, c); c.valid() && r.lteMax(c.member()); c.next()) n++;
        return n;
    }

    // ---- iteration -------------------------------------------------------------------------

    @Override
    public void forEachScored(ScoredSet.Visitor visitor) {
        Cursor c = new Cursor();
        for (seek(0, c); c.valid(); c.next()) {
            byte[] m = c.member();
            visitor.visit(m, 0, m.length, c.score());
        }
    }

    /** Receives ZSCAN's entries: a member and its score as Redis's scan prints it. */
    @FunctionalInterface
    public interface ScanVisitor {
        void visit(byte[] member, byte[] score);
    }

    /**
     * One step of ZSCAN from {@code cursor}; returns the next cursor. The compact encoding
     * hands out everything at once with listpack score text (integers as integers) and
     * returns 0; the large one walks its index as dictScan does, scores as "%.17g".
     */
    public long scan(long cursor, ScanVisitor visitor) {
        if (compact != null) {
            for (int i = 0; i < compact.n; i++) {
                double s = compact.scores[i];
                visitor.visit(compact.members[i], isListpackInteger(s) ? Ascii.bytes((long) s) : Doubles.format(s));
            }
            return 0;
        }
        return index.scan(cursor, ref -> visitor.visit(index.keyAt(ref), Doubles.format(index.scoreAt(ref))));
    }

    /** Leaves of the large encoding (for tests of its shape); 1 for the compact one. */
    int leafCount() {
        return compact != null ? 1 : tree.leafCount();
    }
}

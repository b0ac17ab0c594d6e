package io.basalt.keyspace.type;

import java.util.Arrays;

/**
 * The ordered half of the large sorted-set encoding: a counted B+tree over (score, member)
 * with fat leaves of parallel arrays ({@link ZSetLeaf}, linked in order). Inner nodes keep
 * each child's entry count, so rank lookups, element-at-rank and score/lex bounds are all
 * O(log n), as Redis's skiplist spans make them; per member it costs a reference and a
 * double in a mostly full leaf instead of a skiplist node.
 * <p>
 * Child {@code i > 0} of an inner node carries a separator: a key no greater than any key in
 * that child and greater than every key in the children before it. A separator may be a key
 * deleted since; it remains a valid bound.
 */
final class ZSetTree {
    static final int LEAF_MAX = 64;
    static final int INNER_MAX = 64;
    private static final int LEAF_MIN = LEAF_MAX / 4;
    private static final int INNER_MIN = INNER_MAX / 4;

    static final class Inner {
        final Object[] children = new Object[INNER_MAX];
        final int[] counts = new int[INNER_MAX];
        final double[] sepScores = new double[INNER_MAX];
        final byte[][] sepMembers = new byte[INNER_MAX][];
        int n;
    }

    /** A {@link ZSetLeaf} or an {@link Inner}; an empty leaf when the tree is empty. */
    private Object root;
    ZSetLeaf head;
    ZSetLeaf tail;
    private int size;

    ZSetTree() {
        ZSetLeaf leaf = new ZSetLeaf(LEAF_MAX);
        root = leaf;
        head = leaf;
        tail = leaf;
    }

    int size() {
        return size;
    }

    private static int sizeOf(Object node) {
        if (node instanceof ZSetLeaf l) return l.n;
        Inner in = (Inner) node;
        int total = 0;
        for (int i = 0; i < in.n; i++) total += in.counts[i];
        return total;
    }

    private static int width(Object node) {
        return node instanceof ZSetLeaf l ? l.n : ((Inner) node).n;
    }

    /** The child of {@code in} whose key range holds (s, member): the last child whose separator is not above it. */
    private static int childFor(Inner in, double s, byte[] b, int off, int len) {
        int lo = 1, hi = in.n - 1, found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ZSetLeaf.compare(in.sepScores[mid], in.sepMembers[mid], s, b, off, len) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    // ---- insertion -------------------------------------------------------------------------

    /** Adds a member known to be absent; {@code m} becomes owned by the tree. */
    void insert(byte[] m, double s) {
        Object split = insertInto(root, m, s);
        if (split != null) {
            Inner r = new Inner();
            r.children[0] = root;
            r.counts[0] = sizeOf(root);
            r.children[1] = split;
            r.counts[1] = sizeOf(split);
            setSeparator(r, 1, split);
            r.n = 2;
            root = r;
        }
        size++;
    }

    /** Inserts below {@code node}; returns a new right sibling if {@code node} split. */
    private Object insertInto(Object node, byte[] m, double s) {
        if (node instanceof ZSetLeaf leaf) return insertIntoLeaf(leaf, m, s);
        Inner in = (Inner) node;
        int i = childFor(in, s, m, 0, m.length);
        Object split = insertInto(in.children[i], m, s);
        if (split == null) {
            in.counts[i]++;
            return null;
        }
        in.counts[i] = sizeOf(in.children[i]);
        int at = i + 1;
        shiftRight(in, at);
        in.children[at] = split;
        in.counts[at] = sizeOf(split);
        setSeparator(in, at, split);
        in.n++;
        return in.n == INNER_MAX ? splitInner(in) : null;
    }

    /**
     * The separator for {@code child} at index {@code at}: its first entry for a leaf; for an
     * inner node produced by {@link #splitInner}, the separator it was split at (kept in its
     * slot 0, which no lookup reads).
     */
    private static void setSeparator(Inner in, int at, Object child) {
        if (child instanceof ZSetLeaf l) {
            in.sepScores[at] = l.scores[0];
            in.sepMembers[at] = l.members[0];
        } else {
            Inner c = (Inner) child;
            in.sepScores[at] = c.sepScores[0];
            in.sepMembers[at] = c.sepMembers[0];
        }
    }

    private static void shiftRight(Inner in, int at) {
        int k = in.n - at;
        System.arraycopy(in.children, at, in.children, at + 1, k);
        System.arraycopy(in.counts, at, in.counts, at + 1, k);
        System.arraycopy(in.sepScores, at, in.sepScores, at + 1, k);
        System.arraycopy(in.sepMembers, at, in.sepMembers, at + 1, k);
    }

    private Object insertIntoLeaf(ZSetLeaf leaf, byte[] m, double s) {
        int pos = leaf.lowerBound(s, m, 0, m.length);
        if (leaf.n < LEAF_MAX) {
            leaf.insertAt(pos, m, s);
            return null;
        }
        // Appending at either end of the set keeps the full leaf full (ordered loads fill
        // leaves completely); otherwise split in half.
        int k;
        if (pos == leaf.n && leaf.next == null) k = leaf.n;
        else if (pos == 0 && leaf.prev == null) k = 0;
        else k = leaf.n / 2;
        ZSetLeaf right = new ZSetLeaf(LEAF_MAX);
        leaf.moveTail(k, right);
        right.prev = leaf;
        right.next = leaf.next;
        if (leaf.next != null) leaf.next.prev = right;
        else tail = right;
        leaf.next = right;
        if (pos < k || k == 0) leaf.insertAt(pos, m, s);
        else right.insertAt(pos - k, m, s);
        return right;
    }

    private static Inner splitInner(Inner in) {
        int k = in.n / 2;
        int moved = in.n - k;
        Inner right = new Inner();
        System.arraycopy(in.children, k, right.children, 0, moved);
        System.arraycopy(in.counts, k, right.counts, 0, moved);
        System.arraycopy(in.sepScores, k, right.sepScores, 0, moved);
        System.arraycopy(in.sepMembers, k, right.sepMembers, 0, moved);
        Arrays.fill(in.children, k, in.n, null);
        Arrays.fill(in.sepMembers, k, in.n, null);
        right.n = moved;
        in.n = k;
        return right;
    }

    /**
     * Changes the score of member {@code m} (present with {@code oldScore}) in place when its
     * neighbours in the same leaf still bound it (Redis's zslUpdateScore shortcut: ZINCRBY
     * by small steps); otherwise removes and reinserts it.
     */
    void updateScore(byte[] m, double oldScore, double newScore) {
        Object node = root;
        while (node instanceof Inner in) node = in.children[childFor(in, oldScore, m, 0, m.length)];
        ZSetLeaf leaf = (ZSetLeaf) node;
        int i = leaf.lowerBound(oldScore, m, 0, m.length);
        if (i > 0 && i < leaf.n - 1
                && ZSetLeaf.compare(leaf.scores[i - 1], leaf.members[i - 1], newScore, m, 0, m.length) < 0
                && ZSetLeaf.compare(leaf.scores[i + 1], leaf.members[i + 1], newScore, m, 0, m.length) > 0) {
            leaf.scores[i] = newScore;
            return;
        }
        delete(oldScore, m, 0, m.length);
        insert(m, newScore);
    }

    // ---- deletion --------------------------------------------------------------------------

    /** Removes the entry (s, member), which must be present. */
    void delete(double s, byte[] b, int off, int len) {
        deleteFrom(root, s, b, off, len);
        size--;
        while (root instanceof Inner in && in.n == 1) root = in.children[0];
    }

    private void deleteFrom(Object node, double s, byte[] b, int off, int len) {
        if (node instanceof ZSetLeaf leaf) {
            leaf.removeAt(leaf.lowerBound(s, b, off, len));
            return;
        }
        Inner in = (Inner) node;
        int i = childFor(in, s, b, off, len);
        deleteFrom(in.children[i], s, b, off, len);
        in.counts[i]--;
        rebalance(in, i);
    }

    /** Drops an emptied child and merges an underfull one into a sibling when both fit in one node. */
    private void rebalance(Inner in, int i) {
        Object child = in.children[i];
        int w = width(child);
        boolean leaf = child instanceof ZSetLeaf;
        if (w == 0) {
            if (leaf) unlink((ZSetLeaf) child);
            removeChild(in, i);
            return;
        }
        if (w >= (leaf ? LEAF_MIN : INNER_MIN) || in.n == 1) return;
        int max = leaf ? LEAF_MAX : INNER_MAX;
        int left;
        if (i > 0 && width(in.children[i - 1]) + w <= max) left = i - 1;
        else if (i + 1 < in.n && width(in.children[i + 1]) + w <= max) left = i;
        else return;
        int right = left + 1;
        Object l = in.children[left], r = in.children[right];
        if (leaf) {
            ((ZSetLeaf) l).append((ZSetLeaf) r);
            unlink((ZSetLeaf) r);
        } else {
            Inner li = (Inner) l, ri = (Inner) r;
            int at = li.n;
            System.arraycopy(ri.children, 0, li.children, at, ri.n);
            System.arraycopy(ri.counts, 0, li.counts, at, ri.n);
            System.arraycopy(ri.sepScores, 0, li.sepScores, at, ri.n);
            System.arraycopy(ri.sepMembers, 0, li.sepMembers, at, ri.n);
            // The right node's first child is bounded by the separator the parent kept for it.
            li.sepScores[at] = in.sepScores[right];
            li.sepMembers[at] = in.sepMembers[right];
            li.n += ri.n;
        }
        in.counts[left] += in.counts[right];
        removeChild(in, right);
    }

    private static void removeChild(Inner in, int at) {
        int k = in.n - at - 1;
        System.arraycopy(in.children, at + 1, in.children, at, k);
        System.arraycopy(in.counts, at + 1, in.counts, at, k);
        System.arraycopy(in.sepScores, at + 1, in.sepScores, at, k);
        System.arraycopy(in.sepMembers, at + 1, in.sepMembers, at, k);
        in.n--;
        in.children[in.n] = null;
        in.sepMembers[in.n] = null;
    }

    private void unlink(ZSetLeaf leaf) {
        if (leaf.prev == null && leaf.next == null) return;
        if (leaf.prev != null) leaf.prev.next = leaf.next;
        else head = leaf.next;
        if (leaf.next != null) leaf.next.prev = leaf.prev;
        else tail = leaf.prev;
        leaf.prev = null;
        leaf.next = null;
    }

    // ---- order statistics ------------------------------------------------------------------

    /** 0-based rank of the entry (s, member), which must be present. */
    long rank(double s, byte[] b, int off, int len) {
        long rank = 0;
        Object node = root;
        while (node instanceof Inner in) {
            int i = childFor(in, s, b, off, len);
            for (int j = 0; j < i; j++) rank += in.counts[j];
            node = in.children[i];
        }
        return rank + ((ZSetLeaf) node).lowerBound(s, b, off, len);
    }

    /** Points {@code c} at the entry of the given rank ({@code 0 <= rank < size}). */
    void seek(long rank, ZSetValue.Cursor c) {
        if (rank == 0) {
            c.at(head, 0);
            return;
        }
        if (rank == size - 1) {
            c.at(tail, tail.n - 1);
            return;
        }
        Object node = root;
        long r = rank;
        while (node instanceof Inner in) {
            int i = 0;
            while (r >= in.counts[i]) r -= in.counts[i++];
            node = in.children[i];
        }
        c.at((ZSetLeaf) node, (int) r);
    }

    /** Number of entries whose score is below {@code s} (at most {@code s} if inclusive). */
    long countScoreBelow(double s, boolean inclusive) {
        long count = 0;
        Object node = root;
        while (node instanceof Inner in) {
            int i = 0;
            for (int j = 1; j < in.n; j++) {
                double sep = in.sepScores[j];
                if (inclusive ? sep <= s : sep < s) i = j;
                else break;
            }
            for (int j = 0; j < i; j++) count += in.counts[j];
            node = in.children[i];
        }
        return count + ((ZSetLeaf) node).countScoreBelow(s, inclusive);
    }

    /** Number of entries whose member is below {@code m} (at most {@code m} if inclusive), members assumed in order. */
    long countMemberBelow(byte[] m, boolean inclusive) {
        long count = 0;
        Object node = root;
        while (node instanceof Inner in) {
            int i = 0;
            for (int j = 1; j < in.n; j++) {
                int c = Arrays.compareUnsigned(in.sepMembers[j], m);
                if (inclusive ? c <= 0 : c < 0) i = j;
                else break;
            }
            for (int j = 0; j < i; j++) count += in.counts[j];
            node = in.children[i];
        }
        return count + ((ZSetLeaf) node).countMemberBelow(m, inclusive);
    }

    /** Leaves in use (tests check the tree's shape). */
    int leafCount() {
        int n = 0;
        for (ZSetLeaf l = head; l != null; l = l.next) n++;
        return n;
    }
}

package io.basalt.keyspace.type;

import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.DigestMix;

import java.util.Arrays;

/**
 * The list type, stored as Redis 7.0 stores every list: a quicklist (quicklist.c), a doubly
 * linked list of nodes each holding a {@link Listpack}. A 16-byte element costs 18 bytes
 * of listpack plus its share of a node of up to 8 KB, with no object per element.
 *
 * <p>Nodes fill, split and merge at exactly Redis's points (the fill factor from
 * list-max-listpack-size, fixed when the list is created: a positive number caps entries
 * per node, -1..-5 cap node bytes at 4..64 KB; the 8-byte insert estimate, the 8 KB safety
 * limit, the merge around a split node), so a list's node layout, and with it MEMORY
 * USAGE, is the one Redis builds from the same commands. Two Redis features change no
 * reply and are left out: list-compress-depth (nodes are never LZF-compressed; the depth is
 * accepted and ignored) and "plain" nodes for elements of 1 GB or more (such an element
 * gets a packed node of its own).
 *
 * <p>A node's array may have spare capacity beyond its listpack (pushes append in place);
 * a node that stops growing because a neighbour was opened next to it is trimmed.
 */
public final class ListValue implements CollectionValue {
    /** Node byte limits for fill -1..-5 (quicklist.c's optimization_level). */
    private static final int[] SIZE_LIMITS = {4096, 8192, 16384, 32768, 65536};
    /** Largest multi-entry node when the fill counts entries. */
    private static final int SIZE_SAFETY_LIMIT = 8192;
    /** What an insert is assumed to add beyond the value's length. */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    /** The header and terminator bytes two merged listpacks are assumed to share. */
    private static final int MERGE_OVERLAP = 11;
    private static final int FILL_MAX = (1 << 15) - 1;
    private static final int MIN_CAPACITY = 32;
    /** sizeof(robj) + sizeof(quicklist), and sizeof(quicklistNode), in Redis 7.0. */
    private static final int QUICKLIST_BYTES = 16 + 40, NODE_BYTES = 40;

    private static final class Node {
        byte[] lp;
        /** Bytes of the listpack (Redis's node->sz); {@code lp} may be longer. */
        int sz;
        int count;
        Node prev, next;

        Node(byte[] lp, int sz, int count) {
            this.lp = lp;
            this.sz = sz;
            this.count = count;
        }
    }

    private final int fill;
    private Node head, tail;
    private long count;
    private int nodes;
    /** The in-node index of the entry the last {@link #seek} found. */
    private int seekOffset;

    /** An empty list with the given fill factor (list-max-listpack-size), clamped as Redis does. */
    public ListValue(int fill) {
        this.fill = Math.max(-5, Math.min(fill, FILL_MAX));
    }

    /** A new list as LPUSH creates it, with the server's current fill. */
    public static ListValue create(EncodingLimits limits) {
        return new ListValue(limits.listMaxListpackSize);
    }

    @Override
    public String typeName() {
        return TypeNames.LIST;
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long size() {
        return count;
    }

    /** Receives the quicklist's nodes from head to tail: each node's listpack is {@code lp[0, size)}. */
    @FunctionalInterface
    public interface NodeVisitor {
        void node(byte[] lp, int size);
    }

    /** quicklist's len (nodes), fill and the bytes of all nodes' listpacks (DEBUG OBJECT). */
    public int nodeCount() {
        return nodes;
    }

    public int fill() {
        return fill;
    }

    public long listpackBytes() {
        long total = 0;
        for (Node n = head; n != null; n = n.next) total += n.sz;
        return total;
    }

    public void forEachNode(NodeVisitor visitor) {
        for (Node n = head; n != null; n = n.next) visitor.node(n.lp, n.sz);
    }

    /**
     * Appends a whole node made of a listpack already validated (RDB loading keeps the saved
     * node boundaries, as quicklistAppendListpack does). {@code lp} becomes owned by the list.
     */
    public void appendNode(byte[] lp, int entries) {
        linkAfter(tail, new Node(lp, lp.length, entries));
        count += entries;
    }

    @Override
    public int redisType() {
        return 1;
    }

    // ---- the fill rules (quicklist.c) --------------------------------------------------

    private boolean meetsSizeLimit(long bytes) {
        return fill < 0 && bytes <= SIZE_LIMITS[-fill - 1];
    }

    /** _quicklistNodeAllowInsert: may a value of {@code len} bytes join node {@code n}? */
    private boolean allowInsert(Node n, int len) {
        if (n == null) return false;
        long bytes = (long) n.sz + len + SIZE_ESTIMATE_OVERHEAD;
        if (meetsSizeLimit(bytes)) return true;
        if (bytes > SIZE_SAFETY_LIMIT) return false;
        return n.count < fill;
    }

    /** _quicklistNodeAllowMerge. */
    private boolean allowMerge(Node a, Node b) {
        if (a == null || b == null) return false;
        long bytes = (long) a.sz + b.sz - MERGE_OVERLAP;
        if (meetsSizeLimit(bytes)) return true;
        if (bytes > SIZE_SAFETY_LIMIT) return false;
        return a.count + b.count <= fill;
    }

    /** How far a node's array grows ahead of its listpack. */
    private int growthLimit() {
        return fill < 0 ? SIZE_LIMITS[-fill - 1] : SIZE_SAFETY_LIMIT;
    }

    // ---- node storage ------------------------------------------------------------------

    /** Makes room for {@code size} bytes at {@code p}, growing the array when needed. */
    private void open(Node n, int p, int size) {
        int need = n.sz + size;
        byte[] src = n.lp, dst = src;
        if (need > src.length) {
            dst = new byte[Math.max(need, Math.min(Math.max(src.length * 2, MIN_CAPACITY), growthLimit()))];
            System.arraycopy(src, 0, dst, 0, p);
        }
        System.arraycopy(src, p, dst, p + size, n.sz - p);
        n.lp = dst;
        n.sz = need;
    }

    /** Removes bytes [from, to), holding {@code entries} entries, from a node. */
    private static void cut(Node n, int from, int to, int entries) {
        System.arraycopy(n.lp, to, n.lp, from, n.sz - to);
        n.sz -= to - from;
        n.count -= entries;
        // Shrink lazily: a queue popping a node empty should not copy it at every halving.
        if (n.lp.length > MIN_CAPACITY && n.sz <= n.lp.length / 8) n.lp = Arrays.copyOf(n.lp, n.sz * 2);
        Listpack.header(n.lp, n.sz, n.count);
    }

    private void insertEntry(Node n, int p, byte[] v, int off, int len) {
        open(n, p, Listpack.entrySize(v, off, len));
        Listpack.write(n.lp, p, v, off, len);
        n.count++;
        Listpack.header(n.lp, n.sz, n.count);
    }

    /** A node holding just this value. */
    private static Node nodeOf(byte[] v, int off, int len) {
        int bytes = Listpack.EMPTY + Listpack.entrySize(v, off, len);
        byte[] lp = new byte[bytes];
        Listpack.write(lp, Listpack.HEADER, v, off, len);
        lp[bytes - 1] = (byte) Listpack.EOF;
        Listpack.header(lp, bytes, 1);
        return new Node(lp, bytes, 1);
    }

    /** A node holding a copy of the entries in {@code lp[from, to)}. */
    private static Node nodeOf(byte[] lp, int from, int to, int entries) {
        int bytes = Listpack.EMPTY + to - from;
        byte[] b = new byte[bytes];
        System.arraycopy(lp, from, b, Listpack.HEADER, to - from);
        b[bytes - 1] = (byte) Listpack.EOF;
        Listpack.header(b, bytes, entries);
        return new Node(b, bytes, entries);
    }

    /** Drops notable spare capacity from a node that will not grow at its end any more. */
    private static void fit(Node n) {
        if (n.lp.length - n.sz > n.lp.length / 8) n.lp = Arrays.copyOf(n.lp, n.sz);
    }

    private void linkAfter(Node at, Node n) {
        n.prev = at;
        if (at == null) {
            head = n;
        } else {
            n.next = at.next;
            if (at.next != null) at.next.prev = n;
            at.next = n;
        }
        if (tail == at) tail = n;
        nodes++;
    }

    private void linkBefore(Node at, Node n) {
        n.next = at;
        if (at == null) {
            tail = n;
        } else {
            n.prev = at.prev;
            if (at.prev != null) at.prev.next = n;
            at.prev = n;
        }
        if (head == at) head = n;
        nodes++;
    }

    private void unlink(Node n) {
        if (n.next != null) n.next.prev = n.prev;
        if (n.prev != null) n.prev.next = n.next;
        if (n == tail) tail = n.prev;
        if (n == head) head = n.next;
        nodes--;
    }

    /** Removes the entry at {@code p} of node {@code n}, and the node if it empties. */
    private void removeEntry(Node n, int p) {
        if (n.count == 1) unlink(n);
        else cut(n, p, Listpack.next(n.lp, p), 1);
        count--;
    }

    // ---- positions ---------------------------------------------------------------------

    /**
     * The node holding element {@code index} (negative counts from the tail), walking from
     * the nearer end; its in-node index goes to {@link #seekOffset}. Null when out of range.
     */
    private Node seek(long index) {
        long i = index >= 0 ? index : -(index + 1);
        if (i >= count) return null;
        long fromHead = index >= 0 ? i : count - 1 - i;
        Node n;
        if (fromHead <= (count - 1) / 2) {
            long first = 0;
            n = head;
            while (first + n.count <= fromHead) {
                first += n.count;
                n = n.next;
            }
            seekOffset = (int) (fromHead - first);
        } else {
            long end = count;
            n = tail;
            while (end - n.count > fromHead) {
                end -= n.count;
                n = n.prev;
            }
            seekOffset = (int) (fromHead - (end - n.count));
        }
        return n;
    }

    /** Byte offset of the entry with in-node index {@code offset}, walking from the nearer end. */
    private static int position(Node n, int offset) {
        int p;
        if (offset <= n.count / 2) {
            p = Listpack.HEADER;
            for (int i = 0; i < offset; i++) p = Listpack.next(n.lp, p);
        } else {
            p = n.sz - 1;
            for (int i = n.count; i > offset; i--) p = Listpack.prev(n.lp, p);
        }
        return p;
    }

    private static void write(ReplyWriter r, byte[] lp, int p) {
        if (Listpack.isString(lp, p)) r.bulk(lp, Listpack.stringOffset(lp, p), Listpack.stringSize(lp, p));
        else r.bulkLong(Listpack.intValue(lp, p));
    }

    // ---- the type API ------------------------------------------------------------------

    /** LPUSH/RPUSH of one element (quicklistPushHead/Tail). */
    public void push(boolean left, byte[] v, int off, int len) {
        Node end = left ? head : tail;
        if (allowInsert(end, len)) {
            insertEntry(end, left ? Listpack.HEADER : end.sz - 1, v, off, len);
        } else {
            Node n = nodeOf(v, off, len);
            if (left) linkBefore(end, n);
            else linkAfter(end, n);
            if (end != null) fit(end);
        }
        count++;
    }

    /** Removes the first ({@code left}) or last element, writing it as a bulk reply (LPOP/RPOP). */
    public void pop(ReplyWriter r, boolean left) {
        Node n = left ? head : tail;
        int p = left ? Listpack.HEADER : Listpack.prev(n.lp, n.sz - 1);
        write(r, n.lp, p);
        removeEntry(n, p);
    }

    /** Removes the first ({@code left}) or last element and returns it (for LMOVE). */
    public byte[] pop(boolean left) {
        Node n = left ? head : tail;
        int p = left ? Listpack.HEADER : Listpack.prev(n.lp, n.sz - 1);
        byte[] v = Listpack.value(n.lp, p);
        removeEntry(n, p);
        return v;
    }

    /** Writes element {@code index} (negative from the tail) as a bulk reply; false if out of range. */
    public boolean writeAt(ReplyWriter r, long index) {
        Node n = seek(index);
        if (n == null) return false;
        write(r, n.lp, position(n, seekOffset));
        return true;
    }

    /**
     * Writes {@code n} (at least one) elements as bulk replies, starting at the valid index
     * {@code first} and walking towards the tail, or towards the head when {@code reverse}.
     */
    public void writeRange(ReplyWriter r, long first, long n, boolean reverse) {
        Node node = seek(first);
        int p = position(node, seekOffset);
        while (true) {
            write(r, node.lp, p);
            if (--n == 0) return;
            if (!reverse) {
                p = Listpack.next(node.lp, p);
                if (Listpack.isEnd(node.lp, p)) {
                    node = node.next;
                    p = Listpack.HEADER;
                }
            } else if (p == Listpack.HEADER) {
                node = node.prev;
                p = Listpack.prev(node.lp, node.sz - 1);
            } else {
                p = Listpack.prev(node.lp, p);
            }
        }
    }

    /**
     * Copies {@code n} elements (none when {@code n <= 0}) from the valid index {@code first}
     * on, walking towards the tail, or towards the head when {@code reverse} (SORT's input).
     */
    public byte[][] copyRange(long first, int n, boolean reverse) {
        byte[][] out = new byte[Math.max(n, 0)][];
        if (n <= 0) return out;
        Node node = seek(first);
        int p = position(node, seekOffset);
        for (int i = 0; ; ) {
            out[i] = Listpack.value(node.lp, p);
            if (++i == n) return out;
            if (!reverse) {
                p = Listpack.next(node.lp, p);
                if (Listpack.isEnd(node.lp, p)) {
                    node = node.next;
                    p = Listpack.HEADER;
                }
            } else if (p == Listpack.HEADER) {
                node = node.prev;
                p = Listpack.prev(node.lp, node.sz - 1);
            } else {
                p = Listpack.prev(node.lp, p);
            }
        }
    }

    /**
     * Deletes {@code n} elements from index {@code start} (negative from the tail), fewer if
     * the list ends first (quicklistDelRange: whole nodes dropped, no merging).
     */
    public void deleteRange(long start, long n) {
        if (n <= 0) return;
        Node node = seek(start);
        if (node == null) return;
        long extent = n;
        if (start >= 0 && extent > count - start) extent = count - start;
        else if (start < 0 && extent > -start) extent = -start;
        int offset = seekOffset;
        while (extent > 0) {
            Node next = node.next;
            int del;
            if (offset == 0 && extent >= node.count) {
                del = node.count;
                unlink(node);
            } else {
                del = (int) Math.min(node.count - offset, extent);
                int from = position(node, offset), to = from;
                for (int i = 0; i < del; i++) to = Listpack.next(node.lp, to);
                cut(node, from, to, del);
            }
            count -= del;
            extent -= del;
            node = next;
            offset = 0;
        }
    }

    /** LSET: replaces element {@code index} in place; false if out of range. */
    public boolean set(long index, byte[] v, int off, int len) {
        Node n = seek(index);
        if (n == null) return false;
        int p = position(n, seekOffset);
        int old = Listpack.next(n.lp, p) - p;
        int size = Listpack.entrySize(v, off, len);
        if (size > old) open(n, p + old, size - old);
        else if (size < old) cut(n, p + size, p + old, 0);
        Listpack.write(n.lp, p, v, off, len);
        Listpack.header(n.lp, n.sz, n.count);
        return true;
    }

    /**
     * LINSERT: inserts the value before or after the first element equal to the pivot,
     * searching from the head; false if there is none.
     */
    public boolean insert(boolean after, byte[] pivot, int pOff, int pLen, byte[] v, int off, int len) {
        boolean isInt = Ascii.isLong(pivot, pOff, pLen);
        long intValue = isInt ? Listpack.valueOf(pivot, pOff, pLen) : 0;
        for (Node n = head; n != null; n = n.next) {
            int p = Listpack.HEADER;
            for (int i = 0; i < n.count; i++) {
                if (Listpack.matches(n.lp, p, pivot, pOff, pLen, isInt, intValue)) {
                    insertAt(n, p, i, after, v, off, len);
                    count++;
                    return true;
                }
                p = Listpack.next(n.lp, p);
            }
        }
        return false;
    }

    /** _quicklistInsert: next to the entry at {@code p} (in-node index {@code offset}). */
    private void insertAt(Node node, int p, int offset, boolean after, byte[] v, int off, int len) {
        boolean full = !allowInsert(node, len);
        boolean atTail = after && offset == node.count - 1;
        boolean atHead = !after && offset == 0;
        if (!full) {
            insertEntry(node, after ? Listpack.next(node.lp, p) : p, v, off, len);
        } else if (atTail && allowInsert(node.next, len)) {
            insertEntry(node.next, Listpack.HEADER, v, off, len);
        } else if (atHead && allowInsert(node.prev, len)) {
            insertEntry(node.prev, node.prev.sz - 1, v, off, len);
        } else if (atTail || atHead) {
            Node n = nodeOf(v, off, len);
            if (after) linkAfter(node, n);
            else linkBefore(node, n);
        } else {
            Node n = split(node, p, offset, after);
            if (after) {
                insertEntry(n, Listpack.HEADER, v, off, len);
                linkAfter(node, n);
            } else {
                insertEntry(n, n.sz - 1, v, off, len);
                linkBefore(node, n);
            }
            mergeAround(node);
        }
    }

    /**
     * _quicklistSplitNode: moves the entries after {@code offset} (when {@code after}) or
     * before it into a new, unlinked node.
     */
    private static Node split(Node node, int p, int offset, boolean after) {
        if (after) {
            int from = Listpack.next(node.lp, p), to = node.sz - 1;
            int moved = node.count - offset - 1;
            Node n = nodeOf(node.lp, from, to, moved);
            cut(node, from, to, moved);
            return n;
        }
        Node n = nodeOf(node.lp, Listpack.HEADER, p, offset);
        cut(node, Listpack.HEADER, p, offset);
        return n;
    }

    /** _quicklistMergeNodes: joins the neighbours of a split node where the fill allows. */
    private void mergeAround(Node center) {
        Node prev = center.prev, prevPrev = prev == null ? null : prev.prev;
        Node next = center.next, nextNext = next == null ? null : next.next;
        if (allowMerge(prev, prevPrev)) merge(prevPrev, prev);
        if (allowMerge(next, nextNext)) merge(next, nextNext);
        Node target = allowMerge(center, center.prev) ? merge(center.prev, center) : center;
        if (allowMerge(target, target.next)) merge(target, target.next);
    }

    /** Appends {@code b}'s entries to its predecessor {@code a} and drops {@code b}'s node. */
    private Node merge(Node a, Node b) {
        int bytes = a.sz + b.sz - Listpack.EMPTY;
        if (a.lp.length < bytes) a.lp = Arrays.copyOf(a.lp, bytes);
        System.arraycopy(b.lp, Listpack.HEADER, a.lp, a.sz - 1, b.sz - Listpack.HEADER);
        a.sz = bytes;
        a.count += b.count;
        Listpack.header(a.lp, a.sz, a.count);
        unlink(b);
        return a;
    }

    /**
     * LREM: removes up to {@code limit} elements equal to the value (all when 0), from the
     * head, or from the tail when {@code fromTail}; returns how many.
     */
    public long remove(byte[] v, int off, int len, long limit, boolean fromTail) {
        boolean isInt = Ascii.isLong(v, off, len);
        long intValue = isInt ? Listpack.valueOf(v, off, len) : 0;
        long removed = 0;
        Node n = fromTail ? tail : head;
        while (n != null) {
            Node following = fromTail ? n.prev : n.next;
            if (fromTail) {
                int p = Listpack.prev(n.lp, n.sz - 1);
                while (true) {
                    int before = p == Listpack.HEADER ? -1 : Listpack.prev(n.lp, p);
                    if (Listpack.matches(n.lp, p, v, off, len, isInt, intValue)) {
                        boolean last = n.count == 1;
                        removeEntry(n, p);
                        if (++removed == limit) return removed;
                        if (last) break;
                    }
                    if (before < 0) break;
                    p = before;
                }
            } else {
                int p = Listpack.HEADER;
                while (!Listpack.isEnd(n.lp, p)) {
                    if (Listpack.matches(n.lp, p, v, off, len, isInt, intValue)) {
                        boolean last = n.count == 1;
                        removeEntry(n, p);
                        if (++removed == limit) return removed;
                        if (last) break;
                    } else {
                        p = Listpack.next(n.lp, p);
                    }
                }
            }
            n = following;
        }
        return removed;
    }

    /**
     * LPOS: the indexes of the elements equal to the value, as lposCommand finds them.
     * {@code rank} (never 0) skips matches, a negative one searching from the tail;
     * {@code count} caps the matches returned (0: all; -1: no COUNT option, the first
     * qualifying match only); {@code maxlen} caps the elements compared (0: all).
     */
    public long[] positions(byte[] v, int off, int len, long rank, long count, long maxlen) {
        boolean isInt = Ascii.isLong(v, off, len);
        long intValue = isInt ? Listpack.valueOf(v, off, len) : 0;
        boolean fromTail = rank < 0;
        if (fromTail) rank = -rank;
        long[] found = new long[count > 0 && count < 16 ? (int) count : 16];
        int n = 0;
        long index = 0, matches = 0;
        Node node = fromTail ? tail : head;
        scan:
        while (node != null) {
            int p = fromTail ? Listpack.prev(node.lp, node.sz - 1) : Listpack.HEADER;
            for (int i = 0; i < node.count; i++) {
                if (maxlen != 0 && index >= maxlen) break scan;
                if (Listpack.matches(node.lp, p, v, off, len, isInt, intValue)) {
                    matches++;
                    if (matches >= rank) {
                        if (n == found.length) found = Arrays.copyOf(found, n * 2);
                        found[n++] = fromTail ? this.count - index - 1 : index;
                        if (count == -1 || (count != 0 && matches - rank + 1 >= count)) break scan;
                    }
                }
                index++;
                if (i + 1 < node.count) p = fromTail ? Listpack.prev(node.lp, p) : Listpack.next(node.lp, p);
            }
            node = fromTail ? node.prev : node.next;
        }
        return n == found.length ? found : Arrays.copyOf(found, n);
    }

    // ---- CollectionValue ---------------------------------------------------------------

    @Override
    public ListValue duplicate() {
        ListValue copy = new ListValue(fill);
        for (Node n = head; n != null; n = n.next) {
            copy.linkAfter(copy.tail, new Node(Arrays.copyOf(n.lp, n.sz), n.sz, n.count));
        }
        copy.count = count;
        return copy;
    }

    /** debug.c: each element, head to tail, mixed in as its string form. */
    @Override
    public void digest(byte[] digest) {
        byte[] text = new byte[20];
        for (Node n = head; n != null; n = n.next) {
            for (int p = Listpack.HEADER; !Listpack.isEnd(n.lp, p); p = Listpack.next(n.lp, p)) {
                if (Listpack.isString(n.lp, p)) {
                    DigestMix.mix(digest, n.lp, Listpack.stringOffset(n.lp, p), Listpack.stringSize(n.lp, p));
                } else {
                    DigestMix.mix(digest, text, 0, Ascii.format(Listpack.intValue(n.lp, p), text, 0));
                }
            }
        }
    }

    /** objectComputeSize: the quicklist, plus sampled nodes (header and listpack) scaled to all. */
    @Override
    public long memoryUsage(long samples) {
        // A list is measured when its key is created, before its first element arrives.
        if (head == null) return QUICKLIST_BYTES;
        long bytes = 0, sampled = 0;
        Node n = head;
        do {
            bytes += NODE_BYTES + RedisAllocation.jemallocSize(n.sz);
            sampled++;
        } while ((n = n.next) != null && sampled < samples);
        return (long) (QUICKLIST_BYTES + (double) bytes / sampled * nodes);
    }

    // ---- introspection for tests -------------------------------------------------------

    /** Entries per node, head to tail. */
    int[] nodeCounts() {
        int[] out = new int[nodes];
        int i = 0;
        for (Node n = head; n != null; n = n.next) out[i++] = n.count;
        return out;
    }

    /** Listpack bytes per node, head to tail. */
    int[] nodeBytes() {
        int[] out = new int[nodes];
        int i = 0;
        for (Node n = head; n != null; n = n.next) out[i++] = n.sz;
        return out;
    }
}

package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.CollectionValue;
import io.basalt.keyspace.type.HashValue;
import io.basalt.keyspace.type.ListValue;
import io.basalt.keyspace.type.SetValue;
import io.basalt.keyspace.type.StringValue;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Doubles;
import io.basalt.util.IndexSort;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SORT and SORT_RO (sort.c): the elements of a list, set or sorted set, ordered by their
 * own value or by keys and hash fields a pattern names, numerically or by bytes (ALPHA),
 * cut by LIMIT, projected through GET patterns, replied or stored as a list.
 *
 * <p>Redis's tie rules are kept because they show in replies: equal numeric weights fall
 * back to the elements' bytes; equal ALPHA weights stay in input order (glibc's qsort is a
 * merge sort), except under BY with a LIMIT, where Redis's partial quicksort places them.
 * Without STORE, ALPHA compares as strcoll in the C locale: byte order up to the first NUL.
 */
public final class SortCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("sort", SortCommands::sort);
        b.bind("sort_ro", SortCommands::sortRo);
    }

    private static final byte[] ASC = ascii("ASC"), DESC = ascii("DESC"), ALPHA = ascii("ALPHA"),
            LIMIT = ascii("LIMIT"), STORE = ascii("STORE"), BY = ascii("BY"), GET = ascii("GET");
    private static final byte[] EMPTY = new byte[0];
    /** createQuicklistObject's fill: the stored list ignores list-max-listpack-size. */
    private static final int STORED_LIST_FILL = -2;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void sort(Client c) {
        sort(c, false);
    }

    static void sortRo(Client c) {
        sort(c, true);
    }

    private static void sort(Client c, boolean readonly) {
        Args a = c.args();
        boolean desc = false, alpha = false, dontSort = false;
        long limitStart = 0, limitCount = -1;
        int storeArg = -1, byArg = -1, getCount = 0;
        int[] getArgs = new int[a.count()];
        // Option names are compared as C strings, as Redis's strcasecmp does.
        for (int j = 2; j < a.count(); j++) {
            int left = a.count() - j - 1;
            if (a.isCString(j, ASC)) {
                desc = false;
            } else if (a.isCString(j, DESC)) {
                desc = true;
            } else if (a.isCString(j, ALPHA)) {
                alpha = true;
            } else if (a.isCString(j, LIMIT) && left >= 2) {
                limitStart = Arguments.longArg(a, j + 1);
                limitCount = Arguments.longArg(a, j + 2);
                j += 2;
            } else if (!readonly && a.isCString(j, STORE) && left >= 1) {
                storeArg = ++j;
            } else if (a.isCString(j, BY) && left >= 1) {
                byArg = ++j;
                // A pattern without '*' weighs every element the same: nothing to sort.
                if (Pattern.star(a, j) < 0) dontSort = true;
            } else if (a.isCString(j, GET) && left >= 1) {
                getArgs[getCount++] = ++j;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }

        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findRead(db, a.buffer(), a.offset(1), a.length(1));
        Object value = slot < 0 ? null : db.valueAt(slot);
        if (value != null && !(value instanceof ListValue || value instanceof SetValue || value instanceof ZSetValue)) {
            throw new CommandError(Errors.WRONGTYPE);
        }
        // A set has no order of its own, so what STORE writes (and replicas replay) is sorted.
        if (dontSort && value instanceof SetValue && storeArg >= 0) {
            dontSort = false;
            alpha = true;
            byArg = -1;
        }
        if (value instanceof ZSetValue z) z.convertToSkiplist();

        long size = value == null ? 0 : ((CollectionValue) value).size();
        long start = Math.min(Math.max(limitStart, 0), size);
        long count = Math.min(Math.max(limitCount, -1), size);
        long end = count < 0 ? size - 1 : start + count - 1;
        if (start >= size) {
            start = size - 1;
            end = size - 2;
        }
        if (end >= size) end = size - 1;

        byte[][] elements;
        if (dontSort && !(value instanceof SetValue)) {
            // Lists and sorted sets keep their own order (DESC reverses it): load just the range.
            elements = nativeRange(value, start, end, desc);
            end = elements.length - 1;
            start = 0;
        } else {
            elements = all(value);
        }

        Vector v = new Vector(elements, alpha, desc, storeArg >= 0);
        Pattern by = byArg >= 0 ? new Pattern(a, byArg) : null;
        boolean notDouble = !dontSort && v.weigh(ks, db, by);
        int[] order = new int[elements.length];
        for (int j = 0; j < order.length; j++) order[j] = j;
        if (!dontSort && !notDouble && end >= start) {
            if (by != null && (start != 0 || end != elements.length - 1)) IndexSort.partial(order, v, (int) start, (int) end);
            else IndexSort.stable(order, v);
        }
        if (notDouble) throw new CommandError(Errors.SORT_SCORE_NOT_DOUBLE);

        Pattern[] gets = new Pattern[getCount];
        for (int j = 0; j < getCount; j++) gets[j] = new Pattern(a, getArgs[j]);
        long rows = end - start + 1;
        long outputLength = getCount > 0 ? getCount * rows : rows;
        if (storeArg < 0) {
            ReplyWriter r = c.reply();
            r.array(outputLength);
            for (long k = start; k <= end; k++) {
                byte[] e = elements[order[(int) k]];
                if (getCount == 0) r.bulk(e);
                for (Pattern g : gets) {
                    Object found = g.lookup(ks, db, e);
                    if (found == null) r.nullBulk();
                    else StringCommands.replyValue(r, found);
                }
            }
            return;
        }
        ListValue list = new ListValue(STORED_LIST_FILL);
        for (long k = start; k <= end; k++) {
            byte[] e = elements[order[(int) k]];
            if (getCount == 0) list.push(false, e, 0, e.length);
            for (Pattern g : gets) {
                Object found = g.lookup(ks, db, e);
                if (found == null) found = EMPTY;
                list.push(false, StringValue.view(found), 0, StringValue.length(found));
            }
        }
        store(c, storeArg, list, outputLength);
    }

    /** Elements {@code start..end} of a list or sorted set in its order, from the other end if {@code desc}. */
    private static byte[][] nativeRange(Object value, long start, long end, boolean desc) {
        int n = (int) Math.max(end - start + 1, 0);
        if (value instanceof ListValue l) return l.copyRange(desc ? l.size() - start - 1 : start, n, desc);
        byte[][] out = new byte[n][];
        if (n == 0) return out;
        ZSetValue z = (ZSetValue) value;
        ZSetValue.Cursor cursor = new ZSetValue.Cursor();
        z.seek(desc ? z.size() - 1 - start : start, cursor);
        for (int i = 0; i < n; i++) {
            out[i] = cursor.member();
            if (desc) cursor.prev();
            else cursor.next();
        }
        return out;
    }

    /** Every element, in the collection's iteration order (none for a missing key). */
    private static byte[][] all(Object value) {
        if (value == null) return new byte[0][];
        if (value instanceof ListValue l) return l.copyRange(0, (int) l.size(), false);
        if (value instanceof SetValue s) {
            byte[][] out = new byte[(int) s.size()][];
            SetValue.Member m = new SetValue.Member();
            for (int i = 0; s.next(m); i++) out[i] = m.toBytes();
            return out;
        }
        return nativeRange(value, 0, ((ZSetValue) value).size() - 1, false);
    }

    /** Stores the non-empty result as a list (setKey), or deletes the destination for an empty one. */
    private static void store(Client c, int storeArg, ListValue list, long outputLength) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        if (outputLength > 0) {
            int slot = ks.findWrite(db, a.buffer(), a.offset(storeArg), a.length(storeArg));
            ks.setKey(db, slot, a.buffer(), a.offset(storeArg), a.length(storeArg), list, false);
            c.modified(storeArg);
            c.notify(KeyEvents.LIST, "sortstore", storeArg);
            // Redis counts every stored element as a change; modified() counted one.
            c.engine().stats().dirty += outputLength - 1;
        } else {
            // dbDelete: the entry goes even if it has logically expired.
            int slot = db.slotOf(a.buffer(), a.offset(storeArg), a.length(storeArg));
            if (slot >= 0) {
                ks.delete(db, slot);
                c.modified(storeArg);
                c.notify(KeyEvents.GENERIC, "del", storeArg);
            }
        }
        c.reply().integer(outputLength);
    }

    /** The elements with what they sort by, and sortCompare's order over them. */
    private static final class Vector implements IndexSort.Order {
        private final byte[][] elements;
        private final boolean alpha, desc;
        /** With STORE, ALPHA compares whole strings by bytes instead of collating them. */
        private final boolean binary;
        /** Numeric weights, 0 where a BY lookup found nothing. */
        private final double[] scores;
        /** ALPHA BY weights, null where the lookup found nothing; null without BY. */
        private byte[][] weights;

        Vector(byte[][] elements, boolean alpha, boolean desc, boolean binary) {
            this.elements = elements;
            this.alpha = alpha;
            this.desc = desc;
            this.binary = binary;
            this.scores = alpha ? null : new double[elements.length];
        }

        /**
         * Loads the weights: the elements themselves or what {@code by} finds for them.
         * Returns true if a numeric weight is not a double (every lookup still happens).
         */
        boolean weigh(Keyspace ks, Database db, Pattern by) {
            if (alpha && by == null) return false;
            if (alpha) weights = new byte[elements.length][];
            boolean notDouble = false;
            for (int j = 0; j < elements.length; j++) {
                Object w = by == null ? elements[j] : by.lookup(ks, db, elements[j]);
                if (w == null) continue;
                if (alpha) {
                    weights[j] = StringValue.bytes(w);
                } else {
                    double s = w instanceof Long l ? l : Doubles.parseInRange(StringValue.view(w), 0, StringValue.length(w));
                    if (s != s) notDouble = true;
                    scores[j] = s;
                }
            }
            return notDouble;
        }

        @Override
        public int compare(int x, int y) {
            int cmp;
            if (!alpha) {
                double p = scores[x], q = scores[y];
                cmp = p > q ? 1 : p < q ? -1 : Integer.signum(Arrays.compareUnsigned(elements[x], elements[y]));
            } else if (weights != null) {
                byte[] p = weights[x], q = weights[y];
                if (p == null || q == null) cmp = p == q ? 0 : p == null ? -1 : 1;
                else cmp = compareText(p, q);
            } else {
                cmp = compareText(elements[x], elements[y]);
            }
            return desc ? -cmp : cmp;
        }

        private int compareText(byte[] p, byte[] q) {
            return binary ? Integer.signum(Arrays.compareUnsigned(p, q)) : compareCStrings(p, q);
        }

        /** strcmp (strcoll in the C locale): unsigned bytes, each string ending at its first NUL. */
        private static int compareCStrings(byte[] p, byte[] q) {
            for (int i = 0; ; i++) {
                int x = i < p.length ? p[i] & 0xff : 0;
                int y = i < q.length ? q[i] & 0xff : 0;
                if (x != y) return x < y ? -1 : 1;
                if (x == 0) return 0;
            }
        }
    }

    /**
     * A BY or GET pattern (lookupKeyByPattern), read as a C string where Redis does: "#" is
     * the element itself; otherwise the first '*' takes the element, and "->field" after it
     * reads that field of a hash instead of a string. No '*': nothing is looked up.
     */
    private static final class Pattern {
        private final boolean element;
        /** Before and after the '*'; null when there is no '*'. */
        private final byte[] prefix, suffix;
        /** The hash field, or null for a string key. */
        private final byte[] field;
        private byte[] key = EMPTY;

        Pattern(Args a, int i) {
            byte[] b = a.buffer();
            int off = a.offset(i), len = a.length(i);
            element = len > 0 && b[off] == '#' && (len == 1 || b[off + 1] == 0);
            int star = element ? -1 : star(a, i);
            if (star < 0) {
                prefix = suffix = field = null;
                return;
            }
            int cEnd = cEnd(b, off, len);
            int arrow = -1;
            for (int p = star + 1; p + 1 < cEnd; p++) {
                if (b[p] == '-' && b[p + 1] == '>') {
                    arrow = p;
                    break;
                }
            }
            if (arrow >= 0 && arrow + 2 >= cEnd) arrow = -1;
            prefix = Arrays.copyOfRange(b, off, star);
            suffix = Arrays.copyOfRange(b, star + 1, arrow >= 0 ? arrow : off + len);
            field = arrow >= 0 ? Arrays.copyOfRange(b, arrow + 2, off + len) : null;
        }

        /** Buffer position of the first '*' before any NUL in argument {@code i}, or -1. */
        static int star(Args a, int i) {
            byte[] b = a.buffer();
            int off = a.offset(i);
            int cEnd = cEnd(b, off, a.length(i));
            for (int p = off; p < cEnd; p++) {
                if (b[p] == '*') return p;
            }
            return -1;
        }

        private static int cEnd(byte[] b, int off, int len) {
            int p = off;
            while (p < off + len && b[p] != 0) p++;
            return p;
        }

        /**
         * What the pattern names for {@code subst}: the element, a string value (as stored)
         * or a copy of a hash field's value; null when missing or of another type.
         */
        Object lookup(Keyspace ks, Database db, byte[] subst) {
            if (element) return subst;
            if (prefix == null) return null;
            int n = prefix.length + subst.length + suffix.length;
            if (key.length < n) key = new byte[n];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            System.arraycopy(subst, 0, key, prefix.length, subst.length);
            System.arraycopy(suffix, 0, key, prefix.length + subst.length, suffix.length);
            int slot = ks.findRead(db, key, 0, n);
            if (slot < 0) return null;
            Object v = db.valueAt(slot);
            if (field == null) return StringValue.isString(v) ? v : null;
            if (!(v instanceof HashValue h)) return null;
            int e = h.find(field, 0, field.length);
            if (e < 0) return null;
            return Arrays.copyOfRange(h.valueBuffer(e), h.valueOffset(e), h.valueOffset(e) + h.valueLength(e));
        }
    }
}

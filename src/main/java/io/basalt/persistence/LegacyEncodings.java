package io.basalt.persistence;

import io.basalt.keyspace.type.Listpack;

import java.util.Objects;

/**
 * Decoders for the compact blob encodings that Redis 7.0 no longer writes but still loads
 * from old RDB files and RESTORE payloads: ziplist (lists, hashes and sorted sets before
 * 7.0, and the nodes of RDB_TYPE_LIST_QUICKLIST), intset (small integer sets) and zipmap
 * (hashes before 2.6).
 *
 * <p>Every check is Redis's deep integrity check (ziplistValidateIntegrity, intsetValidateIntegrity,
 * zipmapValidateIntegrity): a blob Redis rejects throws {@link IllegalArgumentException}
 * here, whatever the damage, and a blob it accepts yields the entries Redis reads from it.
 * Entries reach a visitor as slices of the blob, so nothing is copied; a visitor may have
 * seen the first entries of a blob that later turns out corrupt (the caller drops what it
 * built, as Redis does).
 */
public final class LegacyEncodings {
    private LegacyEncodings() {}

    /** Receives zipmap field/value pairs in order, as slices of the blob. */
    public interface PairVisitor {
        void pair(byte[] b, int fieldOff, int fieldLen, int valueOff, int valueLen);
    }

    private static final int END = 0xff;

    // ---- ziplist -----------------------------------------------------------------------

    /** zlbytes (u32), zltail (u32), zllen (u16), all little-endian. */
    private static final int ZIPLIST_HEADER = 10;
    private static final int PREVLEN_5 = 0xfe;
    private static final int COUNT_UNKNOWN = 0xffff;
    private static final int INT_16 = 0xc0, INT_32 = 0xd0, INT_64 = 0xe0, INT_24 = 0xf0, INT_8 = 0xfe;
    private static final int IMMEDIATE_MIN = 0xf1, IMMEDIATE_MAX = 0xfd;

    /**
     * Walks the ziplist in {@code blob[off, off+len)}, passing each entry to {@code v}:
     * integer encodings as {@link Listpack.EntryVisitor#integer}, string encodings as
     * {@link Listpack.EntryVisitor#string} (Redis stores integer-looking strings of up to 31 bytes as
     * integers, so a decimal value usually arrives as an integer). Returns the number of
     * entries, which may be 0: Redis accepts an empty ziplist and then treats the key as empty.
     *
     * @throws IllegalArgumentException if the blob is not a valid ziplist
     */
    public static int ziplistEntries(byte[] blob, int off, int len, Listpack.EntryVisitor v) {
        Objects.checkFromIndexSize(off, len, blob.length);
        if (len < ZIPLIST_HEADER + 1) throw malformed("ziplist", "shorter than its header");
        long bytes = u32(blob, off);
        if (bytes != len) throw malformed("ziplist", "header says " + bytes + " bytes, blob has " + len);
        int last = off + len - 1;
        if ((blob[last] & 0xff) != END) throw malformed("ziplist", "no terminator");
        long tail = u32(blob, off + 4);
        if (tail > len - 1) throw malformed("ziplist", "tail offset past the end");
        int headerCount = u16(blob, off + 8);

        int count = 0;
        int p = off + ZIPLIST_HEADER;
        int previous = -1;
        int previousSize = 0;
        // Invariant: p <= last, and entries end at or before the terminator.
        while ((blob[p] & 0xff) != END) {
            int q = p;
            long prevlen = blob[q++] & 0xff;
            if (prevlen == PREVLEN_5) {
                if (last - q < 4) throw malformed("ziplist", "entry header past the end");
                prevlen = u32(blob, q);
                q += 4;
            }
            if (prevlen != previousSize) throw malformed("ziplist", "previous-entry length does not match");
            int e = blob[q] & 0xff;
            if (e < 0xc0) {
                long n;
                switch (e >>> 6) {
                    case 0 -> {
                        n = e & 0x3f;
                        q += 1;
                    }
                    case 1 -> {
                        if (last - q < 2) throw malformed("ziplist", "entry header past the end");
                        n = ((e & 0x3f) << 8) | (blob[q + 1] & 0xff);
                        q += 2;
                    }
                    default -> {
                        if (last - q < 5) throw malformed("ziplist", "entry header past the end");
                        n = u32be(blob, q + 1);
                        q += 5;
                    }
                }
                if (n > last - q) throw malformed("ziplist", "entry past the end");
                v.string(blob, q, (int) n);
                q += (int) n;
            } else {
                int n = intSize(e);
                if (last - q - 1 < n) throw malformed("ziplist", "entry past the end");
                v.integer(intValue(blob, q + 1, e));
                q += 1 + n;
            }
            previous = p;
            previousSize = q - p;
            p = q;
            count++;
        }
        if (p != last) throw malformed("ziplist", "terminator before the end");
        if (previous >= 0 && previous - off != tail) throw malformed("ziplist", "tail offset is not the last entry");
        if (headerCount != COUNT_UNKNOWN && headerCount != count) {
            throw malformed("ziplist", "header says " + headerCount + " entries, found " + count);
        }
        return count;
    }

    /** Data bytes after an integer encoding byte; throws on an encoding ziplists do not have. */
    private static int intSize(int e) {
        return switch (e) {
            case INT_8 -> 1;
            case INT_16 -> 2;
            case INT_24 -> 3;
            case INT_32 -> 4;
            case INT_64 -> 8;
            default -> {
                if (e >= IMMEDIATE_MIN && e <= IMMEDIATE_MAX) yield 0;
                throw malformed("ziplist", "unknown entry encoding 0x" + Integer.toHexString(e));
            }
        };
    }

    private static long intValue(byte[] b, int p, int e) {
        return switch (e) {
            case INT_8 -> b[p];
            case INT_16 -> (short) ((b[p] & 0xff) | (b[p + 1] << 8));
            case INT_24 -> (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] << 16);
            case INT_32 -> (int) u32(b, p);
            case INT_64 -> u32(b, p) | (u32(b, p + 4) << 32);
            default -> (e & 0x0f) - 1;
        };
    }

    // ---- intset ------------------------------------------------------------------------

    /**
     * The members of the intset in {@code blob[off, off+len)}: a little-endian u32 width
     * (2, 4 or 8 bytes a member), a u32 count, then the members, little-endian, strictly
     * ascending.
     *
     * @throws IllegalArgumentException if the blob is not a valid, non-empty intset
     */
    public static long[] intset(byte[] blob, int off, int len) {
        Objects.checkFromIndexSize(off, len, blob.length);
        if (len < 8) throw malformed("intset", "shorter than its header");
        long width = u32(blob, off);
        if (width != 2 && width != 4 && width != 8) throw malformed("intset", "unknown encoding " + width);
        long count = u32(blob, off + 4);
        if (8 + count * width != len) throw malformed("intset", "length does not match " + count + " members");
        if (count == 0) throw malformed("intset", "empty");
        long[] members = new long[(int) count];
        int p = off + 8;
        for (int i = 0; i < members.length; i++) {
            long m = switch ((int) width) {
                case 2 -> (short) ((blob[p] & 0xff) | (blob[p + 1] << 8));
                case 4 -> (int) u32(blob, p);
                default -> u32(blob, p) | (u32(blob, p + 4) << 32);
            };
            if (i > 0 && m <= members[i - 1]) throw malformed("intset", "members not in ascending order");
            members[i] = m;
            p += (int) width;
        }
        return members;
    }

    // ---- zipmap ------------------------------------------------------------------------

    /** A length byte at or above this is followed by the length as a little-endian u32. */
    private static final int ZIPMAP_BIGLEN = 254;

    /**
     * Walks the zipmap in {@code blob[off, off+len)}: a count byte (254: unknown), then
     * field/value pairs until an 0xFF byte where a field would start. A length is one byte
     * (0..253) or 254 followed by a u32; a value's length is followed by a "free" byte
     * counting unused bytes after the value. Returns the number of pairs.
     *
     * <p>As in Redis, the blob's last byte must be 0xFF, bytes between the first terminator and
     * it are ignored, and a value's length byte 255 reads like 254. A 5-byte length below
     * 254 is rejected: Redis's validator and its iterator would disagree on where it ends.
     *
     * @throws IllegalArgumentException if the blob is not a valid, non-empty zipmap
     */
    public static int zipmapPairs(byte[] blob, int off, int len, PairVisitor v) {
        Objects.checkFromIndexSize(off, len, blob.length);
        if (len < 2) throw malformed("zipmap", "shorter than its header");
        int last = off + len - 1;
        if ((blob[last] & 0xff) != END) throw malformed("zipmap", "no terminator");
        int count = 0;
        int p = off + 1;
        // Invariant: p <= last.
        while ((blob[p] & 0xff) != END) {
            long fieldLen = zipmapLength(blob, p, last);
            p += (blob[p] & 0xff) < ZIPMAP_BIGLEN ? 1 : 5;
            if (fieldLen > last - p) throw malformed("zipmap", "field past the end");
            int field = p;
            p += (int) fieldLen;
            long valueLen = zipmapLength(blob, p, last);
            p += (blob[p] & 0xff) < ZIPMAP_BIGLEN ? 1 : 5;
            int free = blob[p++] & 0xff;
            if (valueLen + free > last - p) throw malformed("zipmap", "value past the end");
            v.pair(blob, field, (int) fieldLen, p, (int) valueLen);
            p += (int) valueLen + free;
            count++;
        }
        if (count == 0) throw malformed("zipmap", "empty");
        int headerCount = blob[off] & 0xff;
        if (headerCount != ZIPMAP_BIGLEN && headerCount != count) {
            throw malformed("zipmap", "header says " + headerCount + " pairs, found " + count);
        }
        return count;
    }

    /**
     * The length encoded at {@code p} (at most {@code last}), which must end before {@code last}.
     * A one-byte length always does: the byte at {@code last} is 0xFF, a 5-byte form.
     */
    private static long zipmapLength(byte[] b, int p, int last) {
        int first = b[p] & 0xff;
        if (first < ZIPMAP_BIGLEN) return first;
        if (last - p < 5) throw malformed("zipmap", "length past the end");
        long n = u32(b, p + 1);
        if (n < ZIPMAP_BIGLEN) throw malformed("zipmap", "5-byte length " + n + " below 254");
        return n;
    }

    // ---- helpers -----------------------------------------------------------------------

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    private static long u32be(byte[] b, int p) {
        return (b[p] & 0xffL) << 24 | (b[p + 1] & 0xffL) << 16 | (b[p + 2] & 0xffL) << 8 | (b[p + 3] & 0xffL);
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    private static IllegalArgumentException malformed(String kind, String why) {
        return new IllegalArgumentException("malformed " + kind + ": " + why);
    }
}

package io.basalt.protocol;

import io.basalt.util.Ascii;

import java.util.Arrays;

/**
 * The arguments of one request as slices of the connection's query buffer. Valid until the
 * command finishes: a handler copies ({@link #copy}) only what it stores.
 */
public final class Args {
    private byte[] buf = new byte[0];
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int count;
    /** A one-slot result holder so numbers parse without allocating (see Ascii.parse). */
    private final long[] scratch = new long[1];

    /** Arguments over a standalone array, e.g. for tests and internally issued commands. */
    public static Args of(byte[]... values) {
        Args a = new Args();
        int total = 0;
        for (byte[] v : values) total += v.length;
        byte[] joined = new byte[total];
        int p = 0;
        for (byte[] v : values) {
            System.arraycopy(v, 0, joined, p, v.length);
            a.add(joined, p, v.length);
            p += v.length;
        }
        return a;
    }

    public static Args of(String... values) {
        byte[][] b = new byte[values.length][];
        for (int i = 0; i < values.length; i++) b[i] = Ascii.bytes(values[i]);
        return of(b);
    }

    void clear() {
        count = 0;
    }

    void add(byte[] buffer, int off, int len) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        buf = buffer;
        offsets[count] = off;
        lengths[count] = len;
        count++;
    }

    /**
     * Makes this vector the {@code count} slices of {@code buffer} starting at index
     * {@code from} of {@code offs}/{@code lens}: a view of an argument vector built elsewhere
     * (the propagated form of a command), without copying its bytes.
     */
    public void assign(byte[] buffer, int[] offs, int[] lens, int from, int count) {
        if (offsets.length < count) {
            offsets = new int[count];
            lengths = new int[count];
        }
        System.arraycopy(offs, from, offsets, 0, count);
        System.arraycopy(lens, from, lengths, 0, count);
        buf = buffer;
        this.count = count;
    }

    /** Re-points every slice at a buffer whose content was moved by {@code shift} bytes. */
    void rebase(byte[] buffer, int shift) {
        buf = buffer;
        for (int i = 0; i < count; i++) offsets[i] -= shift;
    }

    public long[] scratch() {
        return scratch;
    }

    public int count() {
        return count;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return lengths[i];
    }

    public byte[] copy(int i) {
        return Arrays.copyOfRange(buf, offsets[i], offsets[i] + lengths[i]);
    }

    public String string(int i) {
        return Ascii.string(buf, offsets[i], lengths[i]);
    }

    public byte byteAt(int i, int pos) {
        return buf[offsets[i] + pos];
    }

    /** Case-insensitive match against an upper-case ASCII token such as {@code "EX"}. */
    public boolean is(int i, byte[] upperToken) {
        return Ascii.equalsIgnoreCase(buf, offsets[i], lengths[i], upperToken);
    }

    /**
     * strcasecmp of the argument read as a C string (up to its first NUL) with {@code token}
     * in any case: how Redis matches option names it compares as C strings (SORT, key finders).
     */
    public boolean isCString(int i, byte[] token) {
        int off = offsets[i], len = lengths[i];
        int n = 0;
        while (n < len && buf[off + n] != 0) n++;
        if (n != token.length) return false;
        for (int k = 0; k < n; k++) {
            if (Ascii.toLower(buf[off + k]) != Ascii.toLower(token[k])) return false;
        }
        return true;
    }

    public boolean equals(int i, byte[] value) {
        return Arrays.equals(buf, offsets[i], offsets[i] + lengths[i], value, 0, value.length);
    }

    /** All arguments copied, for callers that keep them past the command (MULTI, slowlog). */
    public byte[][] copyAll() {
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) out[i] = copy(i);
        return out;
    }

    /** A slice of this argument vector, copied, e.g. the sub-arguments a command forwards. */
    public Args copyRange(int from, int to) {
        byte[][] out = new byte[to - from][];
        for (int i = from; i < to; i++) out[i - from] = copy(i);
        return of(out);
    }
}

package io.basalt.keyspace.type;

import java.util.Arrays;

/**
 * A string value that has been modified in place (APPEND, SETRANGE, SETBIT): a buffer with
 * spare room grown like Redis's sds (double below 1 MB, +1 MB above), so repeated appends
 * stay linear. Redis reports these as "raw".
 */
public final class RawString {
    private static final int MAX_PREALLOC = 1024 * 1024;
    /** Longest string a Java array can hold; longer results fail like proto-max-bulk-len. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

    byte[] buf;
    int len;

    public RawString(byte[] initial, int length) {
        this.buf = initial;
        this.len = length;
    }

    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return len;
    }

    /** Grows to hold at least {@code newLen} bytes (new bytes are zero), keeping content. */
    public void ensureLength(int newLen) {
        if (newLen <= len) return;
        if (newLen > buf.length) {
            long cap = newLen < MAX_PREALLOC ? (long) newLen * 2 : (long) newLen + MAX_PREALLOC;
            buf = Arrays.copyOf(buf, (int) Math.min(cap, MAX_LENGTH));
        }
        len = newLen;
    }

    public void append(byte[] src, int off, int n) {
        int at = len;
        ensureLength(len + n);
        System.arraycopy(src, off, buf, at, n);
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }
}

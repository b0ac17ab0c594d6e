package io.basalt.keyspace.type;

import io.basalt.util.Ascii;

/**
 * The string type API: creation with Redis's encoding choice (tryObjectEncoding), length,
 * bytes, and the encoding name OBJECT ENCODING reports.
 */
public final class StringValue {
    private StringValue() {}

    /** Longest string Redis stores as embstr. */
    public static final int EMBSTR_LIMIT = 44;
    public static final int SHARED_INTEGERS = 10000;
    private static final Long[] SHARED = new Long[SHARED_INTEGERS];

    // Autoboxing would hand out Long.valueOf's cached -128..127 objects for unshared values
    // too, making them indistinguishable from the shared ones; hence explicit construction.
    @SuppressWarnings("removal")
    private static Long fresh(long v) {
        return new Long(v);
    }

    static {
        for (int i = 0; i < SHARED_INTEGERS; i++) SHARED[i] = fresh(i);
    }

    public static boolean isString(Object v) {
        return v instanceof byte[] || v instanceof Long || v instanceof RawString;
    }

    /**
     * The stored form of a value written by SET and friends, as Redis's tryObjectEncoding
     * chooses it: an integer when the bytes are a canonical integer of at most 20
     * characters, else a copy of the bytes. Parsed from the request buffer, so only a value
     * kept as bytes is copied.
     */
    public static Object of(byte[] b, int off, int len, long[] scratch, boolean shareIntegers) {
        if (len <= 20 && len > 0 && Ascii.parse(b, off, len, scratch)) return ofLong(scratch[0], shareIntegers);
        return java.util.Arrays.copyOfRange(b, off, off + len);
    }

    /** An integer-encoded value, shared for 0..9999 as Redis's shared integers. */
    public static Object ofLong(long v, boolean shareIntegers) {
        if (shareIntegers && v >= 0 && v < SHARED_INTEGERS) return SHARED[(int) v];
        return fresh(v);
    }

    /** True for the shared integer objects (OBJECT REFCOUNT reports INT_MAX for them). */
    public static boolean isShared(Object v) {
        return v instanceof Long l && l >= 0 && l < SHARED_INTEGERS && SHARED[(int) (long) l] == v;
    }

    public static int length(Object v) {
        if (v instanceof byte[] b) return b.length;
        if (v instanceof Long l) return Ascii.digits(l);
        return ((RawString) v).len;
    }

    /** The value's bytes; for {@code byte[]} values the stored array itself (never mutate it). */
    public static byte[] bytes(Object v) {
        if (v instanceof byte[] b) return b;
        if (v instanceof Long l) return Ascii.bytes(l);
        return ((RawString) v).toBytes();
    }

    /** A buffer whose first {@link #length} bytes are the value, without copying when possible. */
    public static byte[] view(Object v) {
        if (v instanceof byte[] b) return b;
        if (v instanceof RawString r) return r.buf;
        return Ascii.bytes((Long) v);
    }

    /** A mutable copy for in-place edits (APPEND, SETRANGE, SETBIT), reported as "raw". */
    public static RawString toRaw(Object v) {
        if (v instanceof RawString r) return r;
        byte[] b = bytes(v);
        return new RawString(b.clone(), b.length);
    }

    public static String encoding(Object v) {
        if (v instanceof Long) return "int";
        if (v instanceof byte[] b) return b.length <= EMBSTR_LIMIT ? "embstr" : "raw";
        return "raw";
    }
}

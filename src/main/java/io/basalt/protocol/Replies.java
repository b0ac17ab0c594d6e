package io.basalt.protocol;

import java.nio.charset.StandardCharsets;

/** Pre-encoded constant replies, so common answers are a single array copy. */
public final class Replies {
    private Replies() {}

    public static final byte[] OK = ascii("+OK\r\n");
    public static final byte[] PONG = ascii("+PONG\r\n");
    public static final byte[] QUEUED = ascii("+QUEUED\r\n");
    public static final byte[] NULL_BULK = ascii("$-1\r\n");
    public static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    public static final byte[] NULL3 = ascii("_\r\n");
    public static final byte[] EMPTY_ARRAY = ascii("*0\r\n");
    public static final byte[] EMPTY_BULK = ascii("$0\r\n\r\n");
    /** HSCAN, SSCAN and ZSCAN of a missing key: cursor 0, no elements. */
    public static final byte[] EMPTY_SCAN = ascii("*2\r\n$1\r\n0\r\n*0\r\n");
    public static final byte[] TRUE3 = ascii("#t\r\n");
    public static final byte[] FALSE3 = ascii("#f\r\n");

    static final int SHARED_INTEGERS = 10000;
    private static final byte[][] INTEGERS = new byte[SHARED_INTEGERS][];

    static {
        for (int i = 0; i < SHARED_INTEGERS; i++) INTEGERS[i] = ascii(":" + i + "\r\n");
    }

    static byte[] integer(int v) {
        return INTEGERS[v];
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

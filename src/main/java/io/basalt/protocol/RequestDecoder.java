package io.basalt.protocol;

import io.basalt.util.ArgSplitter;
import io.basalt.util.Ascii;

import java.util.Arrays;

/**
 * Resumable decoder of RESP multibulk and inline requests over one connection's query
 * buffer, mirroring Redis's {@code processMultibulkBuffer} / {@code processInlineBuffer}:
 * same limits, same messages, same tolerance (e.g. Redis never checks the byte after '\r').
 * <p>
 * Declared lengths are never used to size the buffer: it grows only as bytes arrive.
 */
public final class RequestDecoder {
    /** Longest inline request and longest header line, as Redis's PROTO_INLINE_MAX_SIZE. */
    public static final int INLINE_MAX_SIZE = 64 * 1024;
    private static final int INITIAL_SIZE = 1024;
    private static final int SHRINK_ABOVE = 32 * 1024;
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long UNAUTH_MAX_ARGS = 10;
    private static final long UNAUTH_MAX_BULK = 16384;

    private byte[] q = new byte[INITIAL_SIZE];
    private int len;
    /** Next unparsed byte. */
    private int pos;
    /** Start of the command being parsed: earlier bytes may be discarded. */
    private int commandStart;
    private boolean multibulk;
    private boolean inCommand;
    private long multibulkRemaining;
    private long bulkLen = -1;
    private final long[] number = new long[1];
    /** The argument vector being filled, re-pointed when compaction moves the buffer. */
    private Args lastArgs = new Args();
    /** Adds inline tokens to {@link #lastArgs}: made once, where {@code args::add} would allocate per request. */
    private final ArgSplitter.TokenSink addToLastArgs = (b, off, n) -> lastArgs.add(b, off, n);

    /** Makes room for {@code n} more bytes and returns the buffer to write them at {@link #writeIndex}. */
    public byte[] ensureWritable(int n) {
        if (len + n > q.length) {
            compact();
            if (len + n > q.length) {
                int cap = q.length;
                while (cap < len + n) cap = cap >= (1 << 29) ? Integer.MAX_VALUE - 16 : cap * 2;
                q = Arrays.copyOf(q, cap);
            }
        }
        return q;
    }

    public int writeIndex() {
        return len;
    }

    public void commitWrite(int n) {
        len += n;
    }

    /** Convenience for tests and internal callers. */
    public void append(byte[] src, int off, int n) {
        ensureWritable(n);
        System.arraycopy(src, off, q, len, n);
        len += n;
    }

    /** Bytes received and not yet consumed by a complete command (Redis's qbuf). */
    public int pendingBytes() {
        return len - pos;
    }

    public int capacity() {
        return q.length;
    }

    public boolean hasUnparsed() {
        return pos < len;
    }

    /**
     * Parses the next complete command into {@code args}.
     *
     * @return true when {@code args} holds a command with at least one argument; false when
     * more bytes are needed
     * @throws ProtocolException on malformed input; the connection must reply and close
     */
    public boolean next(Args args, boolean authRequired, long maxBulkLen) throws ProtocolException {
        while (pos < len) {
            if (!inCommand) {
                args.clear();
                commandStart = pos;
                multibulk = q[pos] == '*';
                inCommand = true;
            }
            boolean done = multibulk ? parseMultibulk(args, authRequired, maxBulkLen) : parseInline(args);
            if (!done) return false;
            inCommand = false;
            if (args.count() > 0) return true;
        }
        return false;
    }

    /** The buffer the parsed arguments point into (valid until the next write or compaction). */
    public byte[] buffer() {
        return q;
    }

    /** Where the first command not yet returned by {@link #next} starts (it may be partly parsed). */
    public int commandStartOrPosition() {
        return inCommand ? commandStart : pos;
    }

    /** Where the next command starts: right after {@link #next} returned true, the end of that command. */
    public int position() {
        return pos;
    }

    /** Drops consumed bytes; called once the commands read so far have run. */
    public void compact() {
        int keepFrom = inCommand ? commandStart : pos;
        if (keepFrom == 0) return;
        int remaining = len - keepFrom;
        if (remaining == 0 && q.length > SHRINK_ABOVE) {
            q = new byte[INITIAL_SIZE];
        } else {
            System.arraycopy(q, keepFrom, q, 0, remaining);
        }
        len = remaining;
        pos -= keepFrom;
        commandStart -= keepFrom;
        lastArgs.rebase(q, keepFrom);
    }

    private boolean parseMultibulk(Args args, boolean authRequired, long maxBulkLen) throws ProtocolException {
        lastArgs = args;
        if (multibulkRemaining == 0) {
            int nl = findUntilNul(pos, (byte) '\r');
            if (nl < 0) {
                if (len - pos > INLINE_MAX_SIZE) throw new ProtocolException("Protocol error: too big mbulk count string");
                return false;
            }
            if (nl + 2 > len) return false;
            if (!Ascii.parse(q, pos + 1, nl - pos - 1, number) || number[0] > INT_MAX) {
                throw new ProtocolException("Protocol error: invalid multibulk length");
            }
            if (number[0] > UNAUTH_MAX_ARGS && authRequired) {
                throw new ProtocolException("Protocol error: unauthenticated multibulk length");
            }
            pos = nl + 2;
            if (number[0] <= 0) return true;
            multibulkRemaining = number[0];
        }
        while (multibulkRemaining > 0) {
            if (bulkLen == -1) {
                int nl = findUntilNul(pos, (byte) '\r');
                if (nl < 0) {
                    if (len - pos > INLINE_MAX_SIZE) throw new ProtocolException("Protocol error: too big bulk count string");
                    return false;
                }
                if (nl + 2 > len) return false;
                if (q[pos] != '$') {
                    throw new ProtocolException("Protocol error: expected '$', got '" + (char) (q[pos] & 0xFF) + "'");
                }
                if (!Ascii.parse(q, pos + 1, nl - pos - 1, number) || number[0] < 0 || number[0] > maxBulkLen) {
                    throw new ProtocolException("Protocol error: invalid bulk length");
                }
                if (number[0] > UNAUTH_MAX_BULK && authRequired) {
                    throw new ProtocolException("Protocol error: unauthenticated bulk length");
                }
                pos = nl + 2;
                bulkLen = number[0];
            }
            if (len - pos < bulkLen + 2) return false;
            args.add(q, pos, (int) bulkLen);
            pos += (int) bulkLen + 2;
            bulkLen = -1;
            multibulkRemaining--;
        }
        return true;
    }

    private boolean parseInline(Args args) throws ProtocolException {
        lastArgs = args;
        int nl = findUntilNul(pos, (byte) '\n');
        if (nl < 0) {
            if (len - pos > INLINE_MAX_SIZE) throw new ProtocolException("Protocol error: too big inline request");
            return false;
        }
        int lineEnd = (nl != pos && q[nl - 1] == '\r') ? nl - 1 : nl;
        if (!ArgSplitter.split(q, pos, lineEnd, addToLastArgs)) {
            throw new ProtocolException("Protocol error: unbalanced quotes in request");
        }
        pos = nl + 1;
        return true;
    }

    /** Like C's strchr on the NUL-terminated query buffer: a NUL byte ends the search. */
    private int findUntilNul(int from, byte target) {
        for (int i = from; i < len; i++) {
            byte b = q[i];
            if (b == target) return i;
            if (b == 0) return -1;
        }
        return -1;
    }
}

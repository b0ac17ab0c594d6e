package io.basalt.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * liblzf's compressed format, the one Redis writes for RDB strings (lzf_c.c, lzf_d.c).
 * A stream is a sequence of tokens:
 * <pre>
 * 000LLLLL + L+1 bytes        literal run of 1..32 bytes
 * LLLooooo oooooooo           copy L+2 (3..8) bytes from o+1 (1..8192) bytes back
 * 111ooooo LLLLLLLL oooooooo  copy L+9 (9..264) bytes from o+1 bytes back
 * </pre>
 * A copy may overlap the bytes it produces (a run of one byte is a copy from 1 back).
 * The stream carries no length: the reader is told the original size and must produce
 * exactly that many bytes.
 */
public final class Lzf {
    private Lzf() {}

    private static final int MAX_LITERAL = 32;
    private static final int MAX_DISTANCE = 1 << 13;
    private static final int MIN_MATCH = 3;
    /** A long copy's length byte adds up to 255 to 7 + 2. */
    private static final int MAX_MATCH = 7 + 255 + 2;
    private static final int HASH_BITS = 14;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Where each 3-byte sequence (by hash) was last seen. Slots hold {@code stamp + position}
     * with a stamp that grows by each input's length, so the slots of earlier calls read as
     * positions before the current input and the table never needs clearing between calls.
     */
    private static final class Table {
        final int[] slots = new int[1 << HASH_BITS];
        int next = 1;
    }

    private static final ThreadLocal<Table> TABLES = ThreadLocal.withInitial(Table::new);

    /**
     * Compresses {@code in[off, off+len)} into {@code out} from {@code outOff}, writing at
     * most {@code outMax} bytes. Returns the compressed length, or 0 when the result would
     * not fit in {@code outMax} bytes (and for empty input): Redis asks for at most
     * {@code len - 4} bytes and stores the string raw on 0.
     */
    public static int compress(byte[] in, int off, int len, byte[] out, int outOff, int outMax) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, outMax, out.length);
        if (len == 0) return 0;
        Table table = TABLES.get();
        int[] slots = table.slots;
        if (len > Integer.MAX_VALUE - table.next) {
            Arrays.fill(slots, 0);
            table.next = 1;
        }
        // A slot's value minus stamp is an index into in[]; below off for earlier calls.
        int stamp = table.next - off;
        table.next += len;

        int end = off + len;
        int hashEnd = end - (MIN_MATCH - 1);
        int outEnd = outOff + outMax;
        int op = outOff;
        int literal = off;
        int ip = off;
        while (ip < hashEnd) {
            int h = hash(in, ip);
            int ref = slots[h] - stamp;
            slots[h] = ip + stamp;
            if (ref >= off && ip - ref <= MAX_DISTANCE
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int n = MIN_MATCH + commonLength(in, ref + MIN_MATCH, ip + MIN_MATCH,
                        Math.min(MAX_MATCH, end - ip) - MIN_MATCH);
                op = literals(in, literal, ip, out, op, outEnd);
                if (op < 0) return 0;
                int distance = ip - ref - 1;
                int l = n - 2;
                if (l < 7) {
                    if (outEnd - op < 2) return 0;
                    out[op++] = (byte) ((l << 5) | (distance >>> 8));
                } else {
                    if (outEnd - op < 3) return 0;
                    out[op++] = (byte) ((7 << 5) | (distance >>> 8));
                    out[op++] = (byte) (l - 7);
                }
                out[op++] = (byte) distance;
                ip += n;
                literal = ip;
                // Index the match's last two positions so what follows can refer into it.
                if (ip < hashEnd) {
                    slots[hash(in, ip - 2)] = ip - 2 + stamp;
                    slots[hash(in, ip - 1)] = ip - 1 + stamp;
                }
            } else {
                ip++;
                // Pending literals already need more room than is left: give up early.
                if (ip - literal >= outEnd - op) return 0;
            }
        }
        op = literals(in, literal, end, out, op, outEnd);
        return op < 0 ? 0 : op - outOff;
    }

    private static int hash(byte[] b, int p) {
        int v = ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /** How many of the {@code max} bytes from {@code a} and {@code b} are equal, 8 at a time. */
    private static int commonLength(byte[] in, int a, int b, int max) {
        int n = 0;
        while (n + 8 <= max) {
            long x = (long) LONG_LE.get(in, a + n) ^ (long) LONG_LE.get(in, b + n);
            if (x != 0) return n + (Long.numberOfTrailingZeros(x) >>> 3);
            n += 8;
        }
        while (n < max && in[a + n] == in[b + n]) n++;
        return n;
    }

    /** Writes {@code in[from, to)} as literal runs; returns the new output offset, or -1 if they do not fit. */
    private static int literals(byte[] in, int from, int to, byte[] out, int op, int outEnd) {
        int n = to - from;
        if (n == 0) return op;
        if (n + (n + MAX_LITERAL - 1) / MAX_LITERAL > outEnd - op) return -1;
        while (from < to) {
            int run = Math.min(MAX_LITERAL, to - from);
            out[op++] = (byte) (run - 1);
            System.arraycopy(in, from, out, op, run);
            op += run;
            from += run;
        }
        return op;
    }

    /**
     * Decompresses {@code in[off, off+len)} into {@code out[outOff, outOff+outLen)}, which it
     * must fill exactly. Returns {@code outLen}.
     *
     * @throws IllegalArgumentException on a corrupt stream: a token running past the input
     *         or the output, a copy from before the output's start, or a stream that ends
     *         before producing {@code outLen} bytes
     */
    public static int decompress(byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, outLen, out.length);
        int ip = off;
        int end = off + len;
        int op = outOff;
        int outEnd = outOff + outLen;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < MAX_LITERAL) {
                int n = ctrl + 1;
                if (n > end - ip) throw corrupt("literal run past the end of the input");
                if (n > outEnd - op) throw corrupt("literal run past the end of the output");
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int n = ctrl >>> 5;
                if (n == 7) {
                    if (ip >= end) throw corrupt("back reference cut short");
                    n += in[ip++] & 0xff;
                }
                if (ip >= end) throw corrupt("back reference cut short");
                int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
                n += 2;
                if (n > outEnd - op) throw corrupt("back reference past the end of the output");
                if (ref < outOff) throw corrupt("back reference before the start of the output");
                if (op - ref >= n) {
                    System.arraycopy(out, ref, out, op, n);
                    op += n;
                } else {
                    // Overlapping: the copy reads bytes it has just written.
                    for (int stop = op + n; op < stop; ) out[op++] = out[ref++];
                }
            }
        }
        if (op != outEnd) throw corrupt("stream ends after " + (op - outOff) + " of " + outLen + " bytes");
        return outLen;
    }

    private static IllegalArgumentException corrupt(String why) {
        return new IllegalArgumentException("corrupt LZF data: " + why);
    }
}

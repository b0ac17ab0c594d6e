package io.basalt.util;

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
    /** A long copy's length byte adds up to 255 to 7 + 2 (liblzf's MAX_REF). */
    private static final int MAX_MATCH = (1 << 8) + (1 << 3);
    /** liblzf's HLOG as Redis builds it (lzfP.h). */
    private static final int HASH_BITS = 16;

    /**
     * Where each 3-byte sequence (by hash) was last seen. Slots hold {@code stamp + position}
     * with a stamp that grows by each input's length, so the slots of earlier calls read as
     * empty and the table never needs clearing between calls.
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
     * <p>
     * Step for step liblzf's lzf_compress as Redis builds it (HLOG 16, VERY_FAST, its hash
     * and its rule that a match never starts at the first input byte), so the output, and
     * with it DUMP payloads and RDB files, equals Redis's. One difference is deliberate:
     * Redis leaves the hash table uninitialised, so stale slots from earlier calls can
     * occasionally offer it an older (equally valid) match; here each call starts empty.
     */
    public static int compress(byte[] in, int off, int len, byte[] out, int outOff, int outMax) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, outMax, out.length);
        if (len == 0 || outMax == 0) return 0;
        Table table = TABLES.get();
        int[] slots = table.slots;
        if (len + 1 > Integer.MAX_VALUE - table.next) {
            Arrays.fill(slots, 0);
            table.next = 1;
        }
        // A slot minus stamp is a position in the input; <= 0 means empty (liblzf's NULL, or position 0).
        int stamp = table.next;
        table.next += len + 1;

        int end = len;
        int outEnd = outOff + outMax;
        int op = outOff;
        int ip = 0;
        int lit = 0;
        op++; // start a literal run
        int hval = len >= 2 ? first(in, off) : 0;
        while (ip < end - 2) {
            hval = next(hval, in, off + ip);
            int slot = index(hval);
            int ref = slots[slot] - stamp;
            slots[slot] = ip + stamp;
            int distance = ip - ref - 1;
            if (ref > 0 && distance >= 0 && distance < MAX_DISTANCE
                    && in[off + ref + 2] == in[off + ip + 2] && in[off + ref] == in[off + ip] && in[off + ref + 1] == in[off + ip + 1]) {
                int maxlen = Math.min(end - ip - 2, MAX_MATCH);
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
                out[op - lit - 1] = (byte) (lit - 1); // stop the run
                if (lit == 0) op--;                    // or undo it if empty
                int n = 2;
                do {
                    n++;
                } while (n < maxlen && in[off + ref + n] == in[off + ip + n]);
                n -= 2; // octets - 1, as liblzf encodes it
                ip++;
                if (n < 7) {
                    out[op++] = (byte) ((distance >>> 8) + (n << 5));
                } else {
                    out[op++] = (byte) ((distance >>> 8) + (7 << 5));
                    out[op++] = (byte) (n - 7);
                }
                out[op++] = (byte) distance;
                lit = 0;
                op++; // start a literal run
                ip += n + 1;
                if (ip >= end - 2) break;
                // VERY_FAST: index the match's last two positions only.
                ip -= 2;
                hval = next(first(in, off + ip), in, off + ip);
                slots[index(hval)] = ip + stamp;
                ip++;
                hval = next(hval, in, off + ip);
                slots[index(hval)] = ip + stamp;
                ip++;
            } else {
                if (op >= outEnd) return 0;
                lit++;
                out[op++] = in[off + ip++];
                if (lit == MAX_LITERAL) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd) return 0;
        while (ip < end) {
            lit++;
            out[op++] = in[off + ip++];
            if (lit == MAX_LITERAL) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        if (lit == 0) op--;
        return op - outOff;
    }

    /** liblzf's FRST, NEXT and IDX (VERY_FAST), in 32-bit unsigned arithmetic. */
    private static int first(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static int next(int v, byte[] b, int p) {
        return (v << 8) | (b[p + 2] & 0xff);
    }

    private static int index(int h) {
        return ((h >>> (3 * 8 - HASH_BITS)) - h * 5) & ((1 << HASH_BITS) - 1);
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

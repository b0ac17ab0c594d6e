package io.basalt.keyspace.type;

import java.util.random.RandomGenerator;

/**
 * The HyperLogLog type API (hyperloglog.c) over a string value holding Redis's exact
 * representation, so GET, DUMP and RDB carry it unchanged between Basalt and Redis:
 * <pre>
 * "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | cached cardinality, 8 bytes LE
 *        (top bit of the last byte set: cache invalid) | registers
 * </pre>
 * Dense: 16384 registers of 6 bits, packed from the least significant bit of each byte.
 * Sparse: run-length opcodes ZERO {@code 00xxxxxx} (1..64 zero registers), XZERO
 * {@code 01xxxxxx yyyyyyyy} (1..16384 zero registers) and VAL {@code 1vvvvvxx} (1..4
 * registers of value 1..32). A sparse value turns dense when a register needs more than 32
 * or the opcodes would grow past {@code hll-sparse-max-bytes}.
 * <p>
 * Values are validated as Redis's isHLLObjectOrReply does (header and dense length only);
 * sparse opcodes are checked as they are walked: a walk that does not cover exactly 16384
 * registers, or an opcode that would run past them, reports corruption. The latter is the
 * CVE-2025-32023 fix, which Debian's 7.0.15 carries: Basalt answers as that build does.
 */
public final class HyperLogLog {
    private HyperLogLog() {}

    public static final int HEADER_SIZE = 16;
    public static final int REGISTERS = 1 << 14;
    private static final int P = 14;
    private static final int Q = 64 - P;
    private static final int BITS = 6;
    private static final int REGISTER_MAX = (1 << BITS) - 1;
    public static final int DENSE_SIZE = HEADER_SIZE + (REGISTERS * BITS + 7) / 8;
    public static final int DENSE = 0;
    public static final int SPARSE = 1;
    private static final int ENCODING_OFFSET = 4;
    private static final int CARD_OFFSET = 8;

    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    /** Room a sparse update may need: an XZERO split into XZERO VAL XZERO grows by 3 bytes. */
    private static final int SPARSE_SLACK = 3;
    /** 0.5 / ln(2), the estimator's alpha for an infinite number of registers. */
    private static final double ALPHA_INF = 0.721347520444481703680;
    private static final long SEED = 0xadc83b19L;

    // ---- the value as a whole ------------------------------------------------------------

    /** Redis's isHLLObjectOrReply: a string (not int-encoded) with the magic, a known encoding and, if dense, the exact length. */
    public static boolean isValid(Object value) {
        if (value instanceof Long) return false;
        byte[] s = StringValue.view(value);
        int len = StringValue.length(value);
        if (len < HEADER_SIZE) return false;
        if (s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') return false;
        int encoding = s[ENCODING_OFFSET] & 0xff;
        if (encoding > SPARSE) return false;
        return encoding != DENSE || len == DENSE_SIZE;
    }

    /** The encoding byte of a valid value: {@link #DENSE} or {@link #SPARSE}. */
    public static int encoding(byte[] s) {
        return s[ENCODING_OFFSET] & 0xff;
    }

    /** An empty HLL as Redis creates it: sparse, one XZERO opcode covering every register. */
    public static RawString create() {
        int len = HEADER_SIZE + ((REGISTERS + XZERO_MAX_LEN - 1) / XZERO_MAX_LEN) * 2;
        byte[] s = new byte[len];
        s[0] = 'H';
        s[1] = 'Y';
        s[2] = 'L';
        s[3] = 'L';
        s[ENCODING_OFFSET] = SPARSE;
        int p = HEADER_SIZE;
        for (int left = REGISTERS; left > 0; ) {
            int run = Math.min(left, XZERO_MAX_LEN);
            setXZero(s, p, run);
            p += 2;
            left -= run;
        }
        return new RawString(s, len);
    }

    public static boolean isCacheValid(byte[] s) {
        return (s[CARD_OFFSET + 7] & 0x80) == 0;
    }

    public static long cachedCardinality(byte[] s) {
        long card = 0;
        for (int i = 7; i >= 0; i--) card = card << 8 | (s[CARD_OFFSET + i] & 0xff);
        return card;
    }

    public static void setCachedCardinality(byte[] s, long card) {
        for (int i = 0; i < 8; i++) s[CARD_OFFSET + i] = (byte) (card >>> (8 * i));
    }

    public static void invalidateCache(byte[] s) {
        s[CARD_OFFSET + 7] |= (byte) 0x80;
    }

    // ---- hashing -------------------------------------------------------------------------

    /** MurmurHash2, 64-bit version (MurmurHash64A), reading blocks little-endian as Redis does on every platform. */
    static long murmurHash64A(byte[] b, int off, int len, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        long h = seed ^ (len * m);
        int end = off + (len & ~7);
        for (int i = off; i < end; i += 8) {
            long k = (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int tail = len & 7;
        if (tail > 0) {
            for (int i = tail - 1; i >= 0; i--) h ^= (b[end + i] & 0xffL) << (8 * i);
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /**
     * Redis's hllPatLen: the element's register index in the low 32 bits and, above them,
     * the length of the "000..1" pattern in the remaining hash bits (1..Q+1).
     */
    static long patternOf(byte[] b, int off, int len) {
        long hash = murmurHash64A(b, off, len, SEED);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q; // the loop ends by Q+1 at the latest
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return (long) count << 32 | index;
    }

    // ---- dense registers -----------------------------------------------------------------

    /** Register {@code index} of the dense registers starting at {@code base}. */
    static int denseRegister(byte[] s, int base, int index) {
        int bit = index * BITS;
        int at = base + (bit >>> 3);
        int shift = bit & 7;
        int b0 = s[at] & 0xff;
        // A register starting at bit 0 or 2 lies within one byte; the last one always does.
        int b1 = shift > 8 - BITS ? s[at + 1] & 0xff : 0;
        return ((b0 >>> shift) | (b1 << (8 - shift))) & REGISTER_MAX;
    }

    static void setDenseRegister(byte[] s, int base, int index, int value) {
        int bit = index * BITS;
        int at = base + (bit >>> 3);
        int shift = bit & 7;
        s[at] = (byte) ((s[at] & ~(REGISTER_MAX << shift)) | (value << shift));
        if (shift > 8 - BITS) {
            int high = 8 - shift;
            s[at + 1] = (byte) ((s[at + 1] & ~(REGISTER_MAX >>> high)) | (value >>> high));
        }
    }

    /** Register {@code index} of a dense value (PFDEBUG GETREG). */
    public static int register(byte[] s, int index) {
        return denseRegister(s, HEADER_SIZE, index);
    }

    /** Raises a dense register to {@code count}; 1 if it changed, else 0. */
    private static int denseSet(byte[] s, int index, int count) {
        if (count <= denseRegister(s, HEADER_SIZE, index)) return 0;
        setDenseRegister(s, HEADER_SIZE, index, count);
        return 1;
    }

    // ---- sparse opcodes ------------------------------------------------------------------

    /** The byte at {@code i}, or 0 past the end (Redis reads the sds terminator there). */
    private static int byteAt(byte[] s, int i, int end) {
        return i < end ? s[i] & 0xff : 0;
    }

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXZero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    private static int xzeroLen(byte[] s, int p, int end) {
        return (((s[p] & 0x3f) << 8) | byteAt(s, p + 1, end)) + 1;
    }

    private static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    private static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    private static byte val(int value, int len) {
        return (byte) (((value - 1) << 2 | (len - 1)) | 0x80);
    }

    private static void setXZero(byte[] s, int p, int len) {
        int l = len - 1;
        s[p] = (byte) ((l >>> 8) | 0x40);
        s[p + 1] = (byte) l;
    }

    private static int zerosLength(int len) {
        return len > ZERO_MAX_LEN ? 2 : 1;
    }

    private static int putVal(byte[] s, int p, int value, int len) {
        s[p] = val(value, len);
        return p + 1;
    }

    /** Writes a ZERO or, for a longer run, an XZERO opcode at {@code p}; returns the next position. */
    private static int putZeros(byte[] s, int p, int len) {
        if (len > ZERO_MAX_LEN) {
            setXZero(s, p, len);
            return p + 2;
        }
        s[p] = (byte) (len - 1);
        return p + 1;
    }

    /**
     * Redis's hllSparseToDense: rewrites a sparse value as dense in place (a dense value is
     * left alone). The header, cached cardinality included, is kept. False if the opcodes
     * are corrupt; the value is then unchanged.
     */
    public static boolean toDense(RawString h) {
        byte[] s = h.buf;
        if (encoding(s) == DENSE) return true;
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(s, 0, dense, 0, HEADER_SIZE);
        dense[ENCODING_OFFSET] = DENSE;
        int end = h.len, idx = 0, p = HEADER_SIZE;
        while (p < end) {
            int op = s[p] & 0xff;
            int run = isZero(op) ? zeroLen(op) : isXZero(op) ? xzeroLen(s, p, end) : valLen(op);
            if (run + idx > REGISTERS) return false;
            if (isVal(op)) {
                int value = valValue(op);
                while (run-- > 0) setDenseRegister(dense, HEADER_SIZE, idx++, value);
            } else {
                idx += run;
            }
            p += isXZero(op) ? 2 : 1;
        }
        if (idx != REGISTERS) return false;
        h.buf = dense;
        h.len = DENSE_SIZE;
        return true;
    }

    /**
     * Redis's hllSparseSet: raises register {@code index} of a sparse value to {@code count}
     * by splitting the opcode that covers it, then merging equal neighbouring VALs; promotes
     * to dense when the count exceeds a VAL's range or the value would grow past
     * {@code sparseMaxBytes}. Returns 1 if the register changed, 0 if not, -1 if corrupt.
     */
    private static int sparseSet(RawString h, int index, int count, long sparseMaxBytes) {
        if (count > VAL_MAX_VALUE) return promote(h, index, count);
        int room = h.len + SPARSE_SLACK;
        if (h.buf.length < room) h.buf = java.util.Arrays.copyOf(h.buf, Math.max(room, h.len * 2));
        byte[] s = h.buf;
        int end = h.len;
        int p = HEADER_SIZE, first = 0, prev = -1, span = 0;
        while (p < end) {
            int op = s[p] & 0xff, oplen = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(s, p, end);
                oplen = 2;
            }
            if (index <= first + span - 1) break;
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) return -1;

        int op = s[p] & 0xff;
        int next = isXZero(op) ? p + 2 : p + 1;
        if (next >= end) next = -1;
        boolean zero = isZero(op), xzero = isXZero(op);
        int runlen = zero ? zeroLen(op) : xzero ? xzeroLen(s, p, end) : valLen(op);

        boolean inPlace = false;
        if (!zero && !xzero) {
            if (valValue(op) >= count) return 0;
            if (runlen == 1) inPlace = true; // a VAL of just this register
        } else if (zero && runlen == 1) {
            inPlace = true; // a ZERO of just this register
        }
        if (inPlace) {
            s[p] = val(count, 1);
        } else {
            // Split the opcode into at most three (before, this register, after), sized
            // first so the tail moves once and the new opcodes are written in place.
            int last = first + span - 1;
            boolean zeros = zero || xzero;
            int n = 1;
            if (index != first) n += zeros ? zerosLength(index - first) : 1;
            if (index != last) n += zeros ? zerosLength(last - index) : 1;
            int delta = n - (xzero ? 2 : 1);
            if (delta > 0 && (long) h.len + delta > sparseMaxBytes) return promote(h, index, count);
            if (delta != 0 && next >= 0) System.arraycopy(s, next, s, next + delta, end - next);
            h.len += delta;
            end += delta;
            int current = zeros ? 0 : valValue(op);
            int at = p;
            if (index != first) at = zeros ? putZeros(s, at, index - first) : putVal(s, at, current, index - first);
            at = putVal(s, at, count, 1);
            if (index != last) {
                if (zeros) putZeros(s, at, last - index);
                else putVal(s, at, current, last - index);
            }
        }

        // Merge adjacent VALs of equal value, scanning up to five opcodes from the previous one.
        p = prev >= 0 ? prev : HEADER_SIZE;
        int scan = 5;
        while (p < end && scan-- > 0) {
            int o = s[p] & 0xff;
            if (isXZero(o)) {
                p += 2;
                continue;
            }
            if (isZero(o)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(s[p + 1] & 0xff)) {
                int v1 = valValue(o), v2 = valValue(s[p + 1] & 0xff);
                if (v1 == v2) {
                    int len = valLen(o) + valLen(s[p + 1] & 0xff);
                    if (len <= VAL_MAX_LEN) {
                        s[p + 1] = val(v1, len);
                        System.arraycopy(s, p + 1, s, p, end - p - 1);
                        h.len--;
                        end--;
                        continue; // try to merge the result with its right neighbour too
                    }
                }
            }
            p++;
        }
        invalidateCache(s);
        return 1;
    }

    /** Converts to dense, then raises the register there (which always changes it). */
    private static int promote(RawString h, int index, int count) {
        if (!toDense(h)) return -1;
        return denseSet(h.buf, index, count);
    }

    /** Redis's hllAdd: 1 if a register grew, 0 if not, -1 if the value is corrupt. */
    public static int add(RawString h, byte[] b, int off, int len, long sparseMaxBytes) {
        long pattern = patternOf(b, off, len);
        return set(h, (int) pattern, (int) (pattern >>> 32), sparseMaxBytes);
    }

    private static int set(RawString h, int index, int count, long sparseMaxBytes) {
        return switch (encoding(h.buf)) {
            case DENSE -> denseSet(h.buf, index, count);
            case SPARSE -> sparseSet(h, index, count, sparseMaxBytes);
            default -> -1;
        };
    }

    // ---- counting and merging ------------------------------------------------------------

    /**
     * Redis's hllCount on a stored value: the estimated cardinality, or -1 if the sparse
     * opcodes do not cover exactly the registers.
     */
    public static long count(byte[] s, int len) {
        int[] histogram = new int[64];
        if (encoding(s) == DENSE) {
            for (int i = 0; i < REGISTERS; i++) histogram[denseRegister(s, HEADER_SIZE, i)]++;
        } else if (!sparseHistogram(s, len, histogram)) {
            return -1;
        }
        return estimate(histogram);
    }

    /** Fills the histogram of register values; false if the opcodes do not cover exactly the registers. */
    private static boolean sparseHistogram(byte[] s, int end, int[] histogram) {
        int idx = 0, p = HEADER_SIZE;
        while (p < end) {
            int op = s[p] & 0xff;
            int run = isZero(op) ? zeroLen(op) : isXZero(op) ? xzeroLen(s, p, end) : valLen(op);
            if (run + idx > REGISTERS) return false;
            idx += run;
            histogram[isVal(op) ? valValue(op) : 0] += run;
            p += isXZero(op) ? 2 : 1;
        }
        return idx == REGISTERS;
    }

    /** The cardinality of registers kept one per byte (PFCOUNT of several keys). */
    public static long countRegisters(byte[] registers) {
        int[] histogram = new int[64];
        for (int i = 0; i < REGISTERS; i++) histogram[registers[i]]++;
        return estimate(histogram);
    }

    /**
     * The estimator of Otmar Ertl, "New cardinality estimation algorithms for HyperLogLog
     * sketches" (arXiv:1702.01284), in Redis's order of floating point operations.
     */
    private static long estimate(int[] histogram) {
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.) return Double.POSITIVE_INFINITY;
        double y = 1, z = x, previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (previous != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0. || x == 1.) return 0.;
        double y = 1.0, z = 1 - x, previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y; // Redis's pow(1 - x, 2), which the compiler turns into this product
        } while (previous != z);
        return z / 3;
    }

    /**
     * Redis's hllMerge: raises each of {@code max}'s one-byte registers to the value's.
     * False if the value's sparse opcodes are corrupt ({@code max} may then be partly raised).
     */
    public static boolean mergeInto(byte[] max, byte[] s, int len) {
        if (encoding(s) == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseRegister(s, HEADER_SIZE, i);
                if (v > max[i]) max[i] = (byte) v;
            }
            return true;
        }
        int i = 0, p = HEADER_SIZE;
        while (p < len) {
            int op = s[p] & 0xff;
            int run = isZero(op) ? zeroLen(op) : isXZero(op) ? xzeroLen(s, p, len) : valLen(op);
            if (run + i > REGISTERS) return false;
            if (isVal(op)) {
                int value = valValue(op);
                while (run-- > 0) {
                    if (value > max[i]) max[i] = (byte) value;
                    i++;
                }
            } else {
                i += run;
            }
            p += isXZero(op) ? 2 : 1;
        }
        return i == REGISTERS;
    }

    /**
     * PFMERGE's write-back: turns the destination dense first if {@code dense} (a source was
     * dense), raises its registers to {@code max} and invalidates its cache. False if the
     * destination is corrupt and could not turn dense.
     */
    public static boolean store(RawString h, byte[] max, boolean dense, long sparseMaxBytes) {
        if (dense && !toDense(h)) return false;
        for (int i = 0; i < REGISTERS; i++) {
            if (max[i] != 0) set(h, i, max[i], sparseMaxBytes);
        }
        invalidateCache(h.buf);
        return true;
    }

    /** PFDEBUG DECODE: the sparse opcodes as "z:len", "Z:len" and "v:value,len", space separated. */
    public static byte[] decode(byte[] s, int len) {
        StringBuilder out = new StringBuilder();
        int p = HEADER_SIZE;
        while (p < len) {
            int op = s[p] & 0xff;
            if (out.length() > 0) out.append(' ');
            if (isZero(op)) {
                out.append("z:").append(zeroLen(op));
                p++;
            } else if (isXZero(op)) {
                out.append("Z:").append(xzeroLen(s, p, len));
                p += 2;
            } else {
                out.append("v:").append(valValue(op)).append(',').append(valLen(op));
                p++;
            }
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---- self test -----------------------------------------------------------------------

    /**
     * PFSELFTEST: register access on random values, then ten million distinct elements
     * added to a dense and a sparse HLL whose estimates must agree and stay within six
     * standard errors. Returns null on success, else Redis's failure message.
     */
    public static String selfTest(RandomGenerator random, long sparseMaxBytes) {
        byte[] dense = new byte[DENSE_SIZE];
        dense[0] = 'H';
        dense[1] = 'Y';
        dense[2] = 'L';
        dense[3] = 'L';
        byte[] expected = new byte[REGISTERS];
        for (int cycle = 0; cycle < 1000; cycle++) {
            for (int i = 0; i < REGISTERS; i++) {
                int r = random.nextInt(REGISTER_MAX + 1);
                expected[i] = (byte) r;
                setDenseRegister(dense, HEADER_SIZE, i, r);
            }
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseRegister(dense, HEADER_SIZE, i);
                if (v != expected[i]) {
                    return "TESTFAILED Register " + i + " should be " + expected[i] + " but is " + v;
                }
            }
        }

        java.util.Arrays.fill(dense, HEADER_SIZE, DENSE_SIZE, (byte) 0);
        RawString sparse = create();
        double relativeError = 1.04 / Math.sqrt(REGISTERS);
        long checkpoint = 1;
        long seed = random.nextLong();
        byte[] element = new byte[8];
        for (long j = 1; j <= 10_000_000; j++) {
            long e = j ^ seed;
            for (int i = 0; i < 8; i++) element[i] = (byte) (e >>> (8 * i));
            long pattern = patternOf(element, 0, 8);
            denseSet(dense, (int) pattern, (int) (pattern >>> 32));
            set(sparse, (int) pattern, (int) (pattern >>> 32), sparseMaxBytes);
            if (j != checkpoint) continue;
            if (j < sparseMaxBytes / 2 && encoding(sparse.buf) != SPARSE) return "TESTFAILED sparse encoding not used";
            long card = count(dense, DENSE_SIZE);
            if (card != count(sparse.buf, sparse.len)) return "TESTFAILED dense/sparse disagree";
            long absoluteError = Math.abs(checkpoint - card);
            long maxError = j == 10 ? 1 : (long) Math.ceil(relativeError * 6 * checkpoint);
            if (absoluteError > maxError) {
                return "TESTFAILED Too big error. card:" + checkpoint + " abserr:" + absoluteError;
            }
            checkpoint *= 10;
        }
        return null;
    }
}

package io.basalt.util;

/**
 * The CRC-64 Redis stamps on RDB files and DUMP payloads: the "Jones" polynomial
 * (0xad93d23594c935a9), reflected, initial value 0, no final xor. Computed eight bytes per
 * step with sliced tables, so checksumming a snapshot costs little next to writing it.
 */
public final class Crc64 {
    /** The reflected Jones polynomial. */
    private static final long POLY = 0x95ac9329ac4bc9b5L;
    private static final long[][] TABLES = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            TABLES[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            long crc = TABLES[0][n];
            for (int t = 1; t < 8; t++) {
                crc = TABLES[0][(int) crc & 0xff] ^ (crc >>> 8);
                TABLES[t][n] = crc;
            }
        }
    }

    private Crc64() {}

    /** Continues {@code crc} over {@code b[off, off+len)}; start with 0. */
    public static long update(long crc, byte[] b, int off, int len) {
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        int end = off + len;
        while (end - off >= 8) {
            crc ^= (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24
                    | (b[off + 4] & 0xffL) << 32 | (b[off + 5] & 0xffL) << 40 | (b[off + 6] & 0xffL) << 48 | (b[off + 7] & 0xffL) << 56;
            crc = t7[(int) crc & 0xff] ^ t6[(int) (crc >>> 8) & 0xff] ^ t5[(int) (crc >>> 16) & 0xff] ^ t4[(int) (crc >>> 24) & 0xff]
                    ^ t3[(int) (crc >>> 32) & 0xff] ^ t2[(int) (crc >>> 40) & 0xff] ^ t1[(int) (crc >>> 48) & 0xff] ^ t0[(int) (crc >>> 56)];
            off += 8;
        }
        while (off < end) crc = t0[(int) (crc ^ b[off++]) & 0xff] ^ (crc >>> 8);
        return crc;
    }
}

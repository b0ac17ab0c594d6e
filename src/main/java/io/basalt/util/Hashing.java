package io.basalt.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Seeded 64-bit hashing of byte slices for the keyspace tables. The seed is random per
 * process, as Redis seeds SipHash, so crafted keys cannot force collisions.
 */
public final class Hashing {
    private Hashing() {}

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = new SecureRandom().nextLong();
    private static final long M1 = 0xa0761d6478bd642fL;
    private static final long M2 = 0xe7037ed1a0b428dbL;

    public static long hash(byte[] b) {
        return hash(b, 0, b.length);
    }

    public static long hash(byte[] b, int off, int len) {
        long h = SEED ^ (len * M1);
        int p = off, end = off + len;
        while (end - p >= 8) {
            long w = (long) LONGS.get(b, p);
            h = mix(h ^ w, M2);
            p += 8;
        }
        long tail = 0;
        for (int shift = 0; p < end; p++, shift += 8) {
            tail |= (b[p] & 0xFFL) << shift;
        }
        h = mix(h ^ tail, M1);
        return mix(h, M2);
    }

    private static long mix(long a, long m) {
        long hi = Math.multiplyHigh(a, m);
        long lo = a * m;
        return hi ^ lo;
    }
}

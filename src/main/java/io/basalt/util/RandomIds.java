package io.basalt.util;

import java.security.SecureRandom;

/** Redis's getRandomHexChars: run ids, replication ids and the diskless-sync EOF mark. */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    /** 40 random hex characters. */
    public static String hex40() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder(40);
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        return sb.toString();
    }
}

package io.basalt.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The two SHA-1 accumulators of Redis's DEBUG DIGEST (debug.c's xorDigest and mixDigest),
 * used by the dataset digest and by every value type's part of it.
 */
public final class DigestMix {
    private DigestMix() {}

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** digest ^= SHA1(data): order-independent accumulation. */
    public static void xor(byte[] digest, byte[] b, int off, int len) {
        MessageDigest sha = SHA1.get();
        sha.reset();
        sha.update(b, off, len);
        byte[] h = sha.digest();
        for (int j = 0; j < 20; j++) digest[j] ^= h[j];
    }

    /** digest = SHA1(digest ^ SHA1(data)): order-dependent accumulation. */
    public static void mix(byte[] digest, byte[] b, int off, int len) {
        xor(digest, b, off, len);
        MessageDigest sha = SHA1.get();
        sha.reset();
        sha.update(digest, 0, 20);
        System.arraycopy(sha.digest(), 0, digest, 0, 20);
    }

    public static void mix(byte[] digest, byte[] b) {
        mix(digest, b, 0, b.length);
    }

    public static void xor(byte[] digest, byte[] b) {
        xor(digest, b, 0, b.length);
    }
}

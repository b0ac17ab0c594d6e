package io.basalt.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc64Test {
    @Test
    void matchesRedisTestVectors() {
        // crc64.c's own self-test values.
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.update(0, digits, 0, digits.length));
        // The lorem ipsum vector is taken with sizeof(), so it includes the terminating NUL.
        byte[] text = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et"
                + " dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea"
                + " commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla"
                + " pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est"
                + " laborum.\0").getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xc7794709e69683b3L, Crc64.update(0, text, 0, text.length));
    }

    @Test
    void slicedStepsEqualByteAtATimeForAnySplit() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] data = new byte[1000];
        r.nextBytes(data);
        long whole = Crc64.update(0, data, 0, data.length);
        for (int split = 0; split <= data.length; split += 37) {
            long crc = Crc64.update(0, data, 0, split);
            assertEquals(whole, Crc64.update(crc, data, split, data.length - split));
        }
        long bytewise = 0;
        for (byte b : data) bytewise = Crc64.update(bytewise, new byte[] {b}, 0, 1);
        assertEquals(whole, bytewise);
    }
}

package io.basalt.util;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LzfTest {
    /** The same input is compressed by liblzf in Redis 7.0.15 into {@link #REDIS_COMPRESSED}. */
    private static byte[] redisInput() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("abcabcabcabcabcabcabcabc hello hello hello world, world, world! ".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 300; i++) b.write('a');
        b.writeBytes(" 0123456789 0123456789".getBytes(StandardCharsets.US_ASCII));
        for (int r = 0; r < 3; r++) for (int i = 0; i < 256; i++) b.write(i);
        return b.toByteArray();
    }

    /** The LZF data of Redis's DUMP of {@link #redisInput()} (rdbcompression yes, as SET stores it). */
    private static final byte[] REDIS_COMPRESSED = HexFormat.of().parseHex(
            "0361626361e00b02052068656c6c6fe0040505776f726c642ce0040602212061e0ff00e01a000a2030313233343536"
            + "373839e0020a1f000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0f20212223242526"
            + "2728292a2b2c2d2e2fe001441f3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758590"
            + "65a5b5c5d5e5f6021df1f6465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182831f8485"
            + "868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a31fa4a5a6a7a8a9aaabacadaeafb0b1b2"
            + "b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c31fc4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0"
            + "e1e2e31be4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeffe0ffffe1edff01feff");

    private static byte[] compress(byte[] in) {
        byte[] out = new byte[in.length + in.length / 16 + 64];
        int n = Lzf.compress(in, 0, in.length, out, 0, out.length);
        assertThat(n).as("compressed length").isPositive();
        return Arrays.copyOf(out, n);
    }

    private static byte[] decompress(byte[] c, int len) {
        byte[] out = new byte[len];
        assertThat(Lzf.decompress(c, 0, c.length, out, 0, len)).isEqualTo(len);
        return out;
    }

    private static void roundTrip(byte[] in) {
        assertThat(decompress(compress(in), in.length)).isEqualTo(in);
    }

    @Test
    void decompressesWhatRedisCompressed() {
        byte[] in = redisInput();
        assertThat(in.length).isEqualTo(1154);
        assertThat(REDIS_COMPRESSED.length).isEqualTo(319);
        assertThat(decompress(REDIS_COMPRESSED, in.length)).isEqualTo(in);
    }

    @Test
    void compressesExactlyAsLiblzfInRedis() {
        byte[] in = redisInput();
        assertThat(compress(in)).isEqualTo(REDIS_COMPRESSED);
        // DUMP of SET s <100 x 'a'> in Redis 7.0.15: a 9-byte LZF body.
        byte[] run = "a".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertThat(compress(run)).hasSize(9);
    }

    @Test
    void roundTripsEverySmallSize() {
        Random r = new Random(1);
        for (int len = 1; len <= 600; len++) {
            byte[] text = new byte[len];
            for (int i = 0; i < len; i++) text[i] = (byte) "abcab abc ".charAt(r.nextInt(10));
            roundTrip(text);
            byte[] random = new byte[len];
            r.nextBytes(random);
            roundTrip(random);
            byte[] same = new byte[len];
            Arrays.fill(same, (byte) 'x');
            roundTrip(same);
        }
    }

    @Test
    void longRunsUseMaximalCopies() {
        byte[] in = new byte[100_000];
        Arrays.fill(in, (byte) 7);
        byte[] c = compress(in);
        // A literal and then copies of 264 bytes, 3 bytes each.
        assertThat(c.length).isLessThan(100_000 / 264 * 3 + 16);
        assertThat(decompress(c, in.length)).isEqualTo(in);
    }

    @Test
    void referencesReachExactly8192BytesBack() {
        Random r = new Random(2);
        for (int gap : new int[] {8190, 8191, 8192, 8193, 8194}) {
            byte[] block = new byte[gap];
            r.nextBytes(block);
            byte[] in = new byte[gap + 64];
            System.arraycopy(block, 0, in, 0, gap);
            System.arraycopy(block, 0, in, gap, 64);
            byte[] c = compress(in);
            assertThat(decompress(c, in.length)).isEqualTo(in);
            // Within reach the repeat costs one copy token; beyond it, 64 more literal bytes.
            int literalOnly = in.length + (in.length + 31) / 32;
            if (gap <= 8192) assertThat(c.length).as("gap %d", gap).isLessThan(literalOnly - 50);
            else assertThat(c.length).as("gap %d", gap).isGreaterThanOrEqualTo(literalOnly - 8);
        }
    }

    @Test
    void mixedDataRoundTripsWithOffsets() {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            int len = 1 + r.nextInt(20_000);
            byte[] in = new byte[len + 10];
            int p = 5;
            while (p < len + 5) {
                if (p > 5 && r.nextBoolean()) {
                    int from = 5 + r.nextInt(p - 5);
                    int n = Math.min(1 + r.nextInt(300), len + 5 - p);
                    for (int i = 0; i < n; i++) in[p + i] = in[from + i];
                    p += n;
                } else {
                    in[p++] = (byte) r.nextInt(r.nextBoolean() ? 4 : 256);
                }
            }
            byte[] out = new byte[len * 2 + 64];
            int n = Lzf.compress(in, 5, len, out, 3, out.length - 3);
            assertThat(n).isPositive();
            byte[] back = new byte[len + 7];
            assertThat(Lzf.decompress(out, 3, n, back, 7, len)).isEqualTo(len);
            assertThat(Arrays.copyOfRange(back, 7, 7 + len)).isEqualTo(Arrays.copyOfRange(in, 5, 5 + len));
        }
    }

    @Test
    void returnsZeroWhenTheOutputDoesNotFitAndNeverWritesPastIt() {
        // liblzf's room checks are conservative by up to 4 bytes (it gives up when a match or
        // the tail might not fit): Redis stores such a string raw, and so must we, so "fits"
        // means the same as there.
        Random r = new Random(4);
        for (int round = 0; round < 50; round++) {
            byte[] in = new byte[1 + r.nextInt(2000)];
            for (int i = 0; i < in.length; i++) in[i] = (byte) r.nextInt(1 + round % 8 * 32);
            byte[] full = compress(in);
            byte[] out = new byte[full.length + 8];
            for (int max = 0; max < full.length; max++) {
                Arrays.fill(out, (byte) 0x55);
                assertThat(Lzf.compress(in, 0, in.length, out, 0, max)).as("outMax %d", max).isZero();
                assertThat(out[max]).as("nothing written past outMax %d", max).isEqualTo((byte) 0x55);
            }
            assertThat(Lzf.compress(in, 0, in.length, out, 0, full.length + 4)).isEqualTo(full.length);
            assertThat(Arrays.copyOf(out, full.length)).isEqualTo(full);
        }
    }

    @Test
    void emptyInputAndIncompressibleInputGiveZero() {
        byte[] out = new byte[100];
        assertThat(Lzf.compress(new byte[0], 0, 0, out, 0, 100)).isZero();
        byte[] random = new byte[1000];
        new Random(5).nextBytes(random);
        byte[] big = new byte[2000];
        // What Redis asks for: at most len - 4 bytes.
        assertThat(Lzf.compress(random, 0, random.length, big, 0, random.length - 4)).isZero();
    }

    @Test
    void earlierCallsDoNotLeakIntoLaterOnes() {
        byte[] a = "the quick brown fox jumps over the lazy dog".repeat(50).getBytes(StandardCharsets.US_ASCII);
        byte[] b = "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG".repeat(50).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) {
            roundTrip(a);
            roundTrip(b);
            roundTrip(Arrays.copyOf(a, 1 + i));
        }
    }

    @Test
    void decompressRejectsCorruptStreams() {
        byte[] out = new byte[10];
        assertCorrupt(new byte[] {0x05, 'a', 'b'}, 6, "literal run past the end of the input");
        assertCorrupt(new byte[] {0x02, 'a', 'b', 'c'}, 2, "literal run past the end of the output");
        // A copy of 3 bytes from 1 back with nothing produced yet.
        assertCorrupt(new byte[] {0x20, 0x00}, 3, "back reference before the start of the output");
        assertCorrupt(new byte[] {0x00, 'a', 0x20, 0x01}, 4, "back reference before the start of the output");
        assertCorrupt(new byte[] {0x00, 'a', 0x20}, 4, "back reference cut short");
        assertCorrupt(new byte[] {0x00, 'a', (byte) 0xe0}, 20, "back reference cut short");
        assertCorrupt(new byte[] {0x00, 'a', (byte) 0xe0, 0x01}, 20, "back reference cut short");
        assertCorrupt(new byte[] {0x00, 'a', 0x20, 0x00}, 3, "back reference past the end of the output");
        assertCorrupt(new byte[] {0x00, 'a', 0x20, 0x00}, 5, "stream ends after 4 of 5 bytes");
        assertCorrupt(new byte[0], 1, "stream ends after 0 of 1 bytes");
        assertThat(Lzf.decompress(new byte[0], 0, 0, out, 0, 0)).isZero();
        assertThat(decompress(new byte[] {0x00, 'a', 0x20, 0x00}, 4)).isEqualTo("aaaa".getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertCorrupt(byte[] c, int outLen, String message) {
        assertThatThrownBy(() -> Lzf.decompress(c, 0, c.length, new byte[outLen + 5], 2, outLen))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("corrupt LZF data: " + message);
    }

    @Test
    void decompressSurvivesRandomCorruption() {
        Random r = new Random(6);
        byte[] in = redisInput();
        byte[] valid = compress(in);
        byte[] out = new byte[in.length + 40];
        int accepted = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] c = valid.clone();
            int len = c.length;
            switch (round % 4) {
                case 0 -> c[r.nextInt(len)] = (byte) r.nextInt(256);
                case 1 -> len = r.nextInt(len);
                case 2 -> {
                    for (int k = 0; k < 4; k++) c[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                }
                default -> r.nextBytes(c);
            }
            int outLen = round % 7 == 0 ? in.length - 1 + r.nextInt(3) : in.length;
            try {
                assertThat(Lzf.decompress(c, 0, len, out, 20, outLen)).isEqualTo(outLen);
                accepted++;
            } catch (IllegalArgumentException expected) {
                // the only failure allowed
            }
        }
        assertThat(accepted).isLessThan(20_000);
    }
}

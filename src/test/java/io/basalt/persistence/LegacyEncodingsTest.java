package io.basalt.persistence;

import io.basalt.keyspace.type.Listpack;
import io.basalt.testing.LegacyBlobs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegacyEncodingsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Collects entries as Strings (ISO-8859-1, byte for byte) and Longs. */
    static final class Entries implements Listpack.EntryVisitor, LegacyEncodings.PairVisitor {
        final List<Object> items = new ArrayList<>();

        @Override
        public void string(byte[] b, int off, int len) {
            items.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void integer(long v) {
            items.add(v);
        }

        @Override
        public void pair(byte[] b, int fieldOff, int fieldLen, int valueOff, int valueLen) {
            items.add(new String(b, fieldOff, fieldLen, StandardCharsets.ISO_8859_1));
            items.add(new String(b, valueOff, valueLen, StandardCharsets.ISO_8859_1));
        }
    }

    static List<Object> ziplist(byte[] blob) {
        Entries e = new Entries();
        int n = LegacyEncodings.ziplistEntries(blob, 0, blob.length, e);
        assertThat(n).isEqualTo(e.items.size());
        return e.items;
    }

    static List<Object> zipmap(byte[] blob) {
        Entries e = new Entries();
        int n = LegacyEncodings.zipmapPairs(blob, 0, blob.length, e);
        assertThat(n * 2).isEqualTo(e.items.size());
        return e.items;
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- ziplist -----------------------------------------------------------------------

    @Test
    void ziplistOfTheFormatDescription() {
        // ziplist.c's own example: "2" and "5" as 4-bit immediates.
        byte[] blob = HEX.parseHex("0f0000000c000000020000f302f6ff");
        assertThat(ziplist(blob)).containsExactly(2L, 5L);
        assertThat(LegacyBlobs.ziplist("2", "5")).isEqualTo(blob);
        byte[] hello = LegacyBlobs.ziplist("2", "5", "Hello World");
        assertThat(Arrays.copyOfRange(hello, 14, 27)).isEqualTo(HEX.parseHex("020b48656c6c6f20576f726c64"));
        assertThat(ziplist(hello)).containsExactly(2L, 5L, "Hello World");
    }

    @Test
    void ziplistStringLengthEncodingsAtTheirBoundaries() {
        int[] lengths = {0, 1, 63, 64, 16383, 16384, 70_000};
        String[] headers = {"00", "01", "3f", "4040", "7fff", "8000004000", "8000011170"};
        for (int i = 0; i < lengths.length; i++) {
            String s = repeat('x', lengths[i]);
            byte[] blob = LegacyBlobs.ziplist(s, "tail");
            byte[] header = HEX.parseHex(headers[i]);
            assertThat(Arrays.copyOfRange(blob, 11, 11 + header.length)).as("header of %d bytes", lengths[i]).isEqualTo(header);
            assertThat(ziplist(blob)).containsExactly(s, "tail");
        }
    }

    @Test
    void ziplistIntegerEncodingsAtTheirBoundaries() {
        long[] values = {0, 12, 13, -1, 127, 128, -128, -129, 32767, 32768, -32768, -32769, 8388607, 8388608,
            -8388608, -8388609, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L,
            Long.MAX_VALUE, Long.MIN_VALUE};
        int[] encodings = {0xf1, 0xfd, 0xfe, 0xfe, 0xfe, 0xc0, 0xfe, 0xc0, 0xc0, 0xf0, 0xc0, 0xf0, 0xf0, 0xd0,
            0xf0, 0xd0, 0xd0, 0xe0, 0xd0, 0xe0, 0xe0, 0xe0};
        List<Object> all = new ArrayList<>();
        LegacyBlobs.Ziplist together = LegacyBlobs.ziplist();
        for (int i = 0; i < values.length; i++) {
            byte[] blob = LegacyBlobs.ziplist(Long.toString(values[i]));
            assertThat(blob[11] & 0xff).as("encoding of %d", values[i]).isEqualTo(encodings[i]);
            assertThat(ziplist(blob)).containsExactly(values[i]);
            together.addInt(values[i]);
            all.add(values[i]);
        }
        assertThat(ziplist(together.build())).isEqualTo(all);
    }

    @Test
    void ziplistIntegerLookingStringsAreIntegersOnlyWhenRedisWouldStoreThemSo() {
        String long31 = "1" + repeat('0', 30);
        byte[] blob = LegacyBlobs.ziplist("12", "007", "-0", "+1", "1 ", "9223372036854775807", "9223372036854775808",
                long31, "-9223372036854775808");
        assertThat(ziplist(blob)).containsExactly(12L, "007", "-0", "+1", "1 ", Long.MAX_VALUE, "9223372036854775808",
                long31, Long.MIN_VALUE);
        // A string entry that looks like a number stays a string: Redis reads it back as one.
        byte[] forced = LegacyBlobs.ziplist().addString(latin1("42")).build();
        assertThat(ziplist(forced)).containsExactly("42");
    }

    @Test
    void ziplistPreviousLengthTakesFiveBytesFrom254() {
        // First entry: 1-byte prevlen + 2-byte string header + data.
        byte[] small = LegacyBlobs.ziplist(repeat('a', 250), "b");
        assertThat(small[10 + 253] & 0xff).as("prevlen of a 253-byte entry").isEqualTo(253);
        assertThat(ziplist(small)).containsExactly(repeat('a', 250), "b");

        byte[] big = LegacyBlobs.ziplist(repeat('a', 251), "b", "c");
        assertThat(Arrays.copyOfRange(big, 10 + 254, 10 + 259)).isEqualTo(HEX.parseHex("fefe000000"));
        assertThat(big[10 + 254 + 7] & 0xff).as("prevlen after the 5-byte-prevlen entry").isEqualTo(7);
        assertThat(ziplist(big)).containsExactly(repeat('a', 251), "b", "c");

        byte[] chain = LegacyBlobs.ziplist(repeat('a', 300), repeat('b', 300), "c");
        assertThat(ziplist(chain)).containsExactly(repeat('a', 300), repeat('b', 300), "c");
    }

    @Test
    void ziplistCountsPast65534AreUnknownInTheHeader() {
        LegacyBlobs.Ziplist z = LegacyBlobs.ziplist();
        for (int i = 0; i < 70_000; i++) z.addInt(i);
        byte[] blob = z.build();
        assertThat(blob[8] & 0xff).isEqualTo(0xff);
        assertThat(blob[9] & 0xff).isEqualTo(0xff);
        int[] seen = {0};
        assertThat(LegacyEncodings.ziplistEntries(blob, 0, blob.length, new Listpack.EntryVisitor() {
            @Override
            public void string(byte[] b, int off, int len) {
                throw new AssertionError();
            }

            @Override
            public void integer(long v) {
                assertThat(v).isEqualTo(seen[0]++);
            }
        })).isEqualTo(70_000);
        assertThat(ziplist(LegacyBlobs.ziplist().add("x").countUnknown().build())).containsExactly("x");
    }

    @Test
    void emptyZiplistHasNoEntries() {
        byte[] blob = LegacyBlobs.ziplist().build();
        assertThat(blob).isEqualTo(HEX.parseHex("0b0000000a0000000000ff"));
        assertThat(ziplist(blob)).isEmpty();
    }

    @Test
    void ziplistInsideALargerArray() {
        byte[] blob = LegacyBlobs.ziplist("a", "17", repeat('z', 100));
        byte[] padded = new byte[blob.length + 9];
        Arrays.fill(padded, (byte) 0xff);
        System.arraycopy(blob, 0, padded, 4, blob.length);
        Entries e = new Entries();
        assertThat(LegacyEncodings.ziplistEntries(padded, 4, blob.length, e)).isEqualTo(3);
        assertThat(e.items).containsExactly("a", 17L, repeat('z', 100));
    }

    @Test
    void malformedZiplistsAreRejected() {
        byte[] ok = LegacyBlobs.ziplist("a", "1000", "bc");
        assertZiplistRejected(Arrays.copyOf(ok, 10), "shorter than its header");
        assertZiplistRejected(with(ok, b -> b[0]++), "header says 23 bytes, blob has 22");
        assertZiplistRejected(with(ok, b -> b[b.length - 1] = 0), "no terminator");
        assertZiplistRejected(with(ok, b -> b[4] = (byte) b.length), "tail offset past the end");
        assertZiplistRejected(with(ok, b -> b[4]--), "tail offset is not the last entry");
        assertZiplistRejected(with(ok, b -> b[8] = 4), "header says 4 entries, found 3");
        // Second entry's prevlen (first entry "a" is 3 bytes).
        assertZiplistRejected(with(ok, b -> b[13] = 4), "previous-entry length does not match");
        // First entry claims 20 string bytes.
        assertZiplistRejected(with(ok, b -> b[11] = 20), "entry past the end");
        // The terminator where the third entry starts, then padding.
        byte[] early = LegacyBlobs.concat(Arrays.copyOf(ok, 17), new byte[] {(byte) 0xff, 0, 0, 0, 0, (byte) 0xff});
        early[0] = (byte) early.length;
        assertZiplistRejected(early, "terminator before the end");
        // A 5-byte prevlen running into the terminator.
        byte[] cut = HEX.parseHex("0f0000000a00000001 00fe000000ff".replace(" ", ""));
        assertZiplistRejected(cut, "entry header past the end");
        // A 14-bit and a 32-bit string header cut by the terminator.
        assertZiplistRejected(HEX.parseHex("0d0000000a000000010000 40ff".replace(" ", "")), "entry header past the end");
        assertZiplistRejected(HEX.parseHex("100000000a000000010000 80000000ff".replace(" ", "")), "entry header past the end");
        // An int64 entry whose data runs into the terminator.
        assertZiplistRejected(HEX.parseHex("100000000a000000010000 e0000000ff".replace(" ", "")), "entry past the end");
        // A 32-bit string length near 2^32.
        assertZiplistRejected(HEX.parseHex("110000000a000000010000 80ffffffff ff".replace(" ", "")), "entry past the end");
        for (int e = 0xc0; e < 0xff; e++) {
            boolean valid = e == 0xc0 || e == 0xd0 || e == 0xe0 || e == 0xf0 || e == 0xfe || (e >= 0xf1 && e <= 0xfd);
            byte[] blob = HEX.parseHex("180000000a000000010000" + HEX.toHexDigits((byte) e) + "0000000000000000" + "00" + "ff");
            blob[0] = (byte) blob.length;
            if (valid) {
                // Pad the data so the entry ends right at the terminator.
                int size = switch (e) {
                    case 0xc0 -> 2;
                    case 0xd0 -> 4;
                    case 0xe0 -> 8;
                    case 0xf0 -> 3;
                    case 0xfe -> 1;
                    default -> 0;
                };
                byte[] exact = LegacyBlobs.concat(Arrays.copyOf(blob, 12 + size), new byte[] {(byte) 0xff});
                exact[0] = (byte) exact.length;
                assertThat(ziplist(exact)).hasSize(1);
            } else {
                assertZiplistRejected(blob, "unknown entry encoding 0x" + Integer.toHexString(e));
            }
        }
    }

    private static byte[] with(byte[] b, Consumer<byte[]> change) {
        byte[] c = b.clone();
        change.accept(c);
        return c;
    }

    private static void assertZiplistRejected(byte[] blob, String message) {
        assertThatThrownBy(() -> LegacyEncodings.ziplistEntries(blob, 0, blob.length, new Entries()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("malformed ziplist: " + message);
    }

    // ---- intset ------------------------------------------------------------------------

    @Test
    void intsetWidths() {
        assertThat(LegacyBlobs.intset(3L, 1, 2)).isEqualTo(HEX.parseHex("0200000003000000010002000300"));
        assertThat(LegacyEncodings.intset(HEX.parseHex("0200000003000000010002000300"), 0, 14)).containsExactly(1, 2, 3);
        long[][] sets = {
            {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE},
            {Short.MIN_VALUE - 1, Short.MAX_VALUE + 1},
            {Integer.MIN_VALUE, 7, Integer.MAX_VALUE},
            {Integer.MIN_VALUE - 1L, Integer.MAX_VALUE + 1L},
            {Long.MIN_VALUE, 0, Long.MAX_VALUE},
            {42}};
        int[] widths = {2, 4, 4, 8, 8, 2};
        for (int i = 0; i < sets.length; i++) {
            byte[] blob = LegacyBlobs.intset(sets[i]);
            assertThat(blob[0]).isEqualTo((byte) widths[i]);
            assertThat(LegacyEncodings.intset(blob, 0, blob.length)).containsExactly(sets[i]);
        }
        byte[] padded = LegacyBlobs.concat(new byte[3], LegacyBlobs.intsetOfWidth(8, -5, 5), new byte[2]);
        assertThat(LegacyEncodings.intset(padded, 3, padded.length - 5)).containsExactly(-5, 5);
    }

    @Test
    void malformedIntsetsAreRejected() {
        assertIntsetRejected(new byte[7], "shorter than its header");
        assertIntsetRejected(LegacyBlobs.intsetOfWidth(3, 1, 2), "unknown encoding 3");
        assertIntsetRejected(LegacyBlobs.intsetOfWidth(0), "unknown encoding 0");
        assertIntsetRejected(Arrays.copyOf(LegacyBlobs.intsetOfWidth(4, 1, 2), 15), "length does not match 2 members");
        assertIntsetRejected(LegacyBlobs.concat(LegacyBlobs.intsetOfWidth(2, 1), new byte[1]), "length does not match 1 members");
        assertIntsetRejected(with(LegacyBlobs.intsetOfWidth(2, 1), b -> b[7] = (byte) 0x80), "length does not match 2147483649 members");
        assertIntsetRejected(LegacyBlobs.intsetOfWidth(2), "empty");
        assertIntsetRejected(LegacyBlobs.intsetOfWidth(2, 2, 1), "members not in ascending order");
        assertIntsetRejected(LegacyBlobs.intsetOfWidth(8, 1, 1), "members not in ascending order");
    }

    private static void assertIntsetRejected(byte[] blob, String message) {
        assertThatThrownBy(() -> LegacyEncodings.intset(blob, 0, blob.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("malformed intset: " + message);
    }

    // ---- zipmap ------------------------------------------------------------------------

    @Test
    void zipmapPairsWithShortAndLongLengthsAndFreeBytes() {
        byte[] blob = LegacyBlobs.zipmap().put("foo", "bar").put("hello", "world").build();
        assertThat(blob).isEqualTo(HEX.parseHex("0203666f6f0300626172 0568656c6c6f0500776f726c64 ff".replace(" ", "")));
        assertThat(zipmap(blob)).containsExactly("foo", "bar", "hello", "world");

        String f253 = repeat('f', 253), f254 = repeat('g', 254), v70k = repeat('v', 70_000);
        byte[] big = LegacyBlobs.zipmap().put(latin1(f253), latin1("x"), 4).put(latin1(f254), latin1(v70k), 0)
                .put(latin1(""), latin1(""), 2).build();
        assertThat(big[1] & 0xff).isEqualTo(253);
        assertThat(zipmap(big)).containsExactly(f253, "x", f254, v70k, "", "");
    }

    @Test
    void zipmapCountByte254MeansUnknown() {
        LegacyBlobs.Zipmap z = LegacyBlobs.zipmap();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            z.put("f" + i, "v" + i);
            expected.add("f" + i);
            expected.add("v" + i);
        }
        byte[] blob = z.build();
        assertThat(blob[0] & 0xff).isEqualTo(254);
        assertThat(zipmap(blob)).isEqualTo(expected);
    }

    @Test
    void zipmapQuirksRedisAccepts() {
        // A value length byte of 255 reads like 254: a u32 length follows.
        byte[] v300 = latin1(repeat('v', 300));
        byte[] ff = LegacyBlobs.concat(HEX.parseHex("0101" + "61" + "ff2c010000" + "00"), v300, new byte[] {(byte) 0xff});
        assertThat(zipmap(ff)).containsExactly("a", repeat('v', 300));
        // Bytes between the first terminator and the last byte are ignored.
        byte[] trailing = HEX.parseHex("010161010062ff0102ff");
        assertThat(zipmap(trailing)).containsExactly("a", "b");
    }

    @Test
    void malformedZipmapsAreRejected() {
        byte[] ok = LegacyBlobs.zipmap().put("foo", "bar").put("hello", "world").build();
        assertZipmapRejected(new byte[] {(byte) 0xff}, "shorter than its header");
        assertZipmapRejected(with(ok, b -> b[b.length - 1] = 0), "no terminator");
        assertZipmapRejected(HEX.parseHex("00ff"), "empty");
        assertZipmapRejected(with(ok, b -> b[0] = 3), "header says 3 pairs, found 2");
        assertZipmapRejected(with(ok, b -> b[1] = 30), "field past the end");
        assertZipmapRejected(with(ok, b -> b[5] = 30), "value past the end");
        assertZipmapRejected(with(ok, b -> b[6] = 30), "value past the end");
        // A value length whose free byte is the terminator.
        assertZipmapRejected(HEX.parseHex("01016103ff"), "value past the end");
        assertZipmapRejected(HEX.parseHex("010161fe0100ff"), "length past the end");
        assertZipmapRejected(HEX.parseHex("01fe03000000616263" + "0100" + "78ff"), "5-byte length 3 below 254");
    }

    private static void assertZipmapRejected(byte[] blob, String message) {
        assertThatThrownBy(() -> LegacyEncodings.zipmapPairs(blob, 0, blob.length, new Entries()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("malformed zipmap: " + message);
    }

    // ---- fuzzing: only success or IllegalArgumentException -----------------------------

    private static byte[] randomValue(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> latin1(Long.toString(r.nextLong() >> r.nextInt(64)));
            case 1 -> latin1(Integer.toString(r.nextInt(20) - 5));
            case 2 -> latin1(repeat('s', r.nextInt(r.nextInt(10) == 0 ? 20_000 : 300)));
            default -> {
                byte[] b = new byte[r.nextInt(70)];
                r.nextBytes(b);
                yield b;
            }
        };
    }

    private static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        switch (r.nextInt(7)) {
            case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            case 1 -> {
                for (int k = 0; k < 3; k++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 3 -> {
                // Truncate but keep the header's size and the terminator right, to get deeper.
                int n = Math.max(2, r.nextInt(b.length));
                b = Arrays.copyOf(b, n);
                b[n - 1] = (byte) 0xff;
                if (n >= 4) {
                    b[0] = (byte) n;
                    b[1] = (byte) (n >>> 8);
                    b[2] = (byte) (n >>> 16);
                    b[3] = 0;
                }
            }
            case 4 -> {
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) r.nextInt(256);
                System.arraycopy(b, at, c, at + 1, b.length - at);
                b = c;
            }
            case 5 -> b[r.nextInt(Math.min(b.length, 12))] = (byte) (r.nextBoolean() ? 0xff : 0xfe);
            default -> {
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                b = c;
            }
        }
        return b;
    }

    @FunctionalInterface
    interface Decoder {
        void decode(byte[] blob);
    }

    private static void fuzz(long seed, Function<Random, byte[]> valid, Decoder decoder) {
        Random r = new Random(seed);
        int accepted = 0, rejected = 0;
        for (int round = 0; round < 6_000; round++) {
            byte[] blob = valid.apply(r);
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations && blob.length > 0; m++) blob = mutate(blob, r);
            try {
                decoder.decode(blob);
                accepted++;
            } catch (IllegalArgumentException expected) {
                rejected++;
            }
        }
        assertThat(rejected).isPositive();
        assertThat(accepted + rejected).isEqualTo(6_000);
    }

    @Test
    void fuzzedZiplistsFailOnlyWithIllegalArgument() {
        fuzz(11, r -> {
            LegacyBlobs.Ziplist z = LegacyBlobs.ziplist();
            int n = r.nextInt(12);
            for (int i = 0; i < n; i++) z.add(randomValue(r));
            return z.build();
        }, blob -> LegacyEncodings.ziplistEntries(blob, 0, blob.length, new Entries()));
    }

    @Test
    void fuzzedIntsetsFailOnlyWithIllegalArgument() {
        fuzz(12, r -> {
            long[] m = new long[1 + r.nextInt(20)];
            int shift = r.nextInt(64);
            for (int i = 0; i < m.length; i++) m[i] = r.nextLong() >> shift;
            return LegacyBlobs.intset(Arrays.stream(m).distinct().toArray());
        }, blob -> LegacyEncodings.intset(blob, 0, blob.length));
    }

    @Test
    void fuzzedZipmapsFailOnlyWithIllegalArgument() {
        fuzz(13, r -> {
            LegacyBlobs.Zipmap z = LegacyBlobs.zipmap();
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) z.put(randomValue(r), randomValue(r), r.nextInt(5));
            return z.build();
        }, blob -> LegacyEncodings.zipmapPairs(blob, 0, blob.length, new Entries()));
    }

    @Test
    void randomBytesFailOnlyWithIllegalArgument() {
        Random r = new Random(14);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length >= 4 && r.nextBoolean()) {
                b[0] = (byte) b.length;
                b[1] = b[2] = b[3] = 0;
            }
            for (Decoder d : new Decoder[] {
                blob -> LegacyEncodings.ziplistEntries(blob, 0, blob.length, new Entries()),
                blob -> LegacyEncodings.intset(blob, 0, blob.length),
                blob -> LegacyEncodings.zipmapPairs(blob, 0, blob.length, new Entries())}) {
                try {
                    d.decode(b);
                } catch (IllegalArgumentException expected) {
                    // the only failure allowed
                }
            }
        }
    }
}

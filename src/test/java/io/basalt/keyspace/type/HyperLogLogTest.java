package io.basalt.keyspace.type;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HyperLogLogTest {
    private static final long LIMIT = 3000;

    private static int add(RawString h, String element, long limit) {
        byte[] b = element.getBytes(StandardCharsets.UTF_8);
        return HyperLogLog.add(h, b, 0, b.length, limit);
    }

    private static String decode(RawString h) {
        return new String(HyperLogLog.decode(h.buffer(), h.length()), StandardCharsets.US_ASCII);
    }

    private static byte[] sparse(int... opcodes) {
        byte[] s = new byte[HyperLogLog.HEADER_SIZE + opcodes.length];
        System.arraycopy("HYLL".getBytes(StandardCharsets.US_ASCII), 0, s, 0, 4);
        s[4] = HyperLogLog.SPARSE;
        s[15] = (byte) 0x80;
        for (int i = 0; i < opcodes.length; i++) s[HyperLogLog.HEADER_SIZE + i] = (byte) opcodes[i];
        return s;
    }

    @Test
    void anEmptyHllIsSparseWithOneXZeroAndAnInvalidCacheAfterTheFirstChange() {
        RawString h = HyperLogLog.create();
        byte[] expected = {'H', 'Y', 'L', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, (byte) 0xff};
        assertThat(h.toBytes()).isEqualTo(expected);
        assertThat(HyperLogLog.isValid(h)).isTrue();
        assertThat(HyperLogLog.isCacheValid(h.buffer())).isTrue();
        assertThat(decode(h)).isEqualTo("Z:16384");
        assertThat(HyperLogLog.count(h.buffer(), h.length())).isZero();
    }

    @Test
    void elementsLandInTheRegistersRedisChooses() {
        // Opcodes Redis 7.0.15 shows (PFDEBUG DECODE) after PFADD h a b c.
        RawString h = HyperLogLog.create();
        assertThat(add(h, "a", LIMIT)).isEqualTo(1);
        assertThat(add(h, "b", LIMIT)).isEqualTo(1);
        assertThat(add(h, "c", LIMIT)).isEqualTo(1);
        assertThat(add(h, "a", LIMIT)).isZero();
        assertThat(decode(h)).isEqualTo("Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603");
        assertThat(HyperLogLog.isCacheValid(h.buffer())).isFalse();
        assertThat(HyperLogLog.count(h.buffer(), h.length())).isEqualTo(3);
    }

    @Test
    void denseRegistersArePackedFromTheLeastSignificantBit() {
        byte[] s = new byte[HyperLogLog.DENSE_SIZE];
        HyperLogLog.setDenseRegister(s, HyperLogLog.HEADER_SIZE, 1, 63);
        assertThat(s[16] & 0xff).isEqualTo(0xc0);
        assertThat(s[17] & 0xff).isEqualTo(0x0f);
        HyperLogLog.setDenseRegister(s, HyperLogLog.HEADER_SIZE, 3, 63);
        assertThat(s[18] & 0xff).isEqualTo(0xfc);
        HyperLogLog.setDenseRegister(s, HyperLogLog.HEADER_SIZE, HyperLogLog.REGISTERS - 1, 51);
        assertThat(HyperLogLog.register(s, HyperLogLog.REGISTERS - 1)).isEqualTo(51);
        assertThat(HyperLogLog.register(s, 0)).isZero();
        assertThat(HyperLogLog.register(s, 2)).isZero();

        SplittableRandom random = new SplittableRandom(1);
        int[] values = new int[HyperLogLog.REGISTERS];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(64);
            HyperLogLog.setDenseRegister(s, HyperLogLog.HEADER_SIZE, i, values[i]);
        }
        for (int i = 0; i < values.length; i++) assertThat(HyperLogLog.register(s, i)).isEqualTo(values[i]);
    }

    @Test
    void aSparseHllTurnsDenseWhenAnUpdateWouldGrowItPastTheLimit() {
        // Splitting the XZERO in the middle grows 18 bytes to 21: allowed at 21, not at 20.
        RawString kept = HyperLogLog.create();
        add(kept, "a", 21);
        assertThat(HyperLogLog.encoding(kept.buffer())).isEqualTo(HyperLogLog.SPARSE);
        assertThat(kept.length()).isEqualTo(21);
        RawString promoted = HyperLogLog.create();
        assertThat(add(promoted, "a", 20)).isEqualTo(1);
        assertThat(HyperLogLog.encoding(promoted.buffer())).isEqualTo(HyperLogLog.DENSE);
        assertThat(promoted.length()).isEqualTo(HyperLogLog.DENSE_SIZE);
        assertThat(HyperLogLog.count(promoted.buffer(), promoted.length())).isEqualTo(1);

        RawString h = HyperLogLog.create();
        int i = 0;
        while (HyperLogLog.encoding(h.buffer()) == HyperLogLog.SPARSE) {
            int before = h.length();
            add(h, "e" + i++, 300);
            if (HyperLogLog.encoding(h.buffer()) == HyperLogLog.SPARSE) {
                assertThat(h.length()).isLessThanOrEqualTo(300);
            } else {
                assertThat(before + 3).isGreaterThan(300); // only an update that grows promotes
            }
        }
        assertThat(i).isGreaterThan(50);
    }

    @Test
    void sparseAndDenseAgreeOnEveryRegisterAndTheCount() {
        RawString sparse = HyperLogLog.create();
        for (int i = 0; i < 1000; i++) add(sparse, "x" + i, 100_000);
        assertThat(HyperLogLog.encoding(sparse.buffer())).isEqualTo(HyperLogLog.SPARSE);
        RawString dense = new RawString(sparse.toBytes(), sparse.length());
        assertThat(HyperLogLog.toDense(dense)).isTrue();
        assertThat(HyperLogLog.encoding(dense.buffer())).isEqualTo(HyperLogLog.DENSE);
        long count = HyperLogLog.count(dense.buffer(), dense.length());
        assertThat(HyperLogLog.count(sparse.buffer(), sparse.length())).isEqualTo(count);
        assertThat(count).isBetween(950L, 1050L);
        byte[] max = new byte[HyperLogLog.REGISTERS];
        assertThat(HyperLogLog.mergeInto(max, sparse.buffer(), sparse.length())).isTrue();
        for (int i = 0; i < HyperLogLog.REGISTERS; i++) assertThat(max[i]).isEqualTo((byte) HyperLogLog.register(dense.buffer(), i));
        assertThat(HyperLogLog.countRegisters(max)).isEqualTo(count);
    }

    @Test
    void mergingASparseAndADenseHllKeepsTheLargerRegister() {
        RawString a = HyperLogLog.create();
        RawString b = HyperLogLog.create();
        for (int i = 0; i < 200; i++) add(a, "a" + i, LIMIT);
        for (int i = 0; i < 300; i++) add(b, "b" + i, LIMIT);
        assertThat(HyperLogLog.toDense(b)).isTrue();
        byte[] max = new byte[HyperLogLog.REGISTERS];
        assertThat(HyperLogLog.mergeInto(max, a.buffer(), a.length())).isTrue();
        assertThat(HyperLogLog.mergeInto(max, b.buffer(), b.length())).isTrue();

        RawString sparseTarget = HyperLogLog.create();
        assertThat(HyperLogLog.store(sparseTarget, max, false, 100_000)).isTrue();
        assertThat(HyperLogLog.encoding(sparseTarget.buffer())).isEqualTo(HyperLogLog.SPARSE);
        RawString denseTarget = HyperLogLog.create();
        assertThat(HyperLogLog.store(denseTarget, max, true, 100_000)).isTrue();
        assertThat(HyperLogLog.encoding(denseTarget.buffer())).isEqualTo(HyperLogLog.DENSE);
        assertThat(HyperLogLog.isCacheValid(denseTarget.buffer())).isFalse();

        RawString check = new RawString(sparseTarget.toBytes(), sparseTarget.length());
        assertThat(HyperLogLog.toDense(check)).isTrue();
        assertThat(check.toBytes()).isEqualTo(denseTarget.toBytes());
        for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
            int expected = Math.max(HyperLogLog.register(b.buffer(), i), max[i]);
            assertThat(HyperLogLog.register(denseTarget.buffer(), i)).isEqualTo(expected);
        }
        assertThat(HyperLogLog.count(denseTarget.buffer(), denseTarget.length())).isEqualTo(HyperLogLog.countRegisters(max));
    }

    @Test
    void aRegisterAboveThirtyTwoForcesTheDenseForm() {
        byte[] max = new byte[HyperLogLog.REGISTERS];
        max[7] = 40;
        RawString h = HyperLogLog.create();
        assertThat(HyperLogLog.store(h, max, false, LIMIT)).isTrue();
        assertThat(HyperLogLog.encoding(h.buffer())).isEqualTo(HyperLogLog.DENSE);
        assertThat(HyperLogLog.register(h.buffer(), 7)).isEqualTo(40);
        max[7] = 32;
        RawString s = HyperLogLog.create();
        HyperLogLog.store(s, max, false, LIMIT);
        assertThat(decode(s)).isEqualTo("z:7 v:32,1 Z:16376");
    }

    @Test
    void corruptSparseOpcodesAreReportedAndLeaveTheValueAlone() {
        RawString tooFew = new RawString(sparse(0x7f, 0xfe), 18); // 16383 registers
        assertThat(HyperLogLog.count(tooFew.buffer(), tooFew.length())).isEqualTo(-1);
        assertThat(HyperLogLog.toDense(tooFew)).isFalse();
        assertThat(tooFew.length()).isEqualTo(18);
        assertThat(HyperLogLog.mergeInto(new byte[HyperLogLog.REGISTERS], tooFew.buffer(), 18)).isFalse();

        RawString pastTheEnd = new RawString(sparse(0x7f, 0xfe, 0x80, 0x83), 20); // a VAL runs past 16384
        assertThat(HyperLogLog.count(pastTheEnd.buffer(), 20)).isEqualTo(-1);
        assertThat(HyperLogLog.toDense(pastTheEnd)).isFalse();
        assertThat(HyperLogLog.mergeInto(new byte[HyperLogLog.REGISTERS], pastTheEnd.buffer(), 20)).isFalse();

        RawString empty = new RawString(sparse(), 16);
        assertThat(add(empty, "a", LIMIT)).isEqualTo(-1);
        assertThat(empty.length()).isEqualTo(16);
    }

    @Test
    void validityIsJudgedOnTheHeaderAndTheDenseLength() {
        assertThat(HyperLogLog.isValid(sparse(0x7f, 0xff))).isTrue();
        assertThat(HyperLogLog.isValid(sparse())).isTrue();
        assertThat(HyperLogLog.isValid("HYLL".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(HyperLogLog.isValid(12345678901234567L)).isFalse();
        byte[] badEncoding = sparse(0x7f, 0xff);
        badEncoding[4] = 2;
        assertThat(HyperLogLog.isValid(badEncoding)).isFalse();
        byte[] badMagic = sparse(0x7f, 0xff);
        badMagic[3] = 'X';
        assertThat(HyperLogLog.isValid(badMagic)).isFalse();
        byte[] dense = new byte[HyperLogLog.DENSE_SIZE];
        System.arraycopy(sparse(), 0, dense, 0, 16);
        dense[4] = HyperLogLog.DENSE;
        assertThat(HyperLogLog.isValid(dense)).isTrue();
        assertThat(HyperLogLog.isValid(java.util.Arrays.copyOf(dense, dense.length - 1))).isFalse();
    }

    @Test
    void theCachedCardinalityIsLittleEndianWithAnInvalidBit() {
        byte[] s = HyperLogLog.create().toBytes();
        HyperLogLog.setCachedCardinality(s, 0x0102030405L);
        assertThat(s[8]).isEqualTo((byte) 5);
        assertThat(s[12]).isEqualTo((byte) 1);
        assertThat(HyperLogLog.isCacheValid(s)).isTrue();
        assertThat(HyperLogLog.cachedCardinality(s)).isEqualTo(0x0102030405L);
        HyperLogLog.invalidateCache(s);
        assertThat(HyperLogLog.isCacheValid(s)).isFalse();
    }

    @Test
    void theSelfTestPasses() {
        assertThat(HyperLogLog.selfTest(new SplittableRandom(3), LIMIT)).isNull();
    }
}

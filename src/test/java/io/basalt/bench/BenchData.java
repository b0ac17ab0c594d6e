package io.basalt.bench;

import io.basalt.util.Ascii;

import java.util.Arrays;
import java.util.Locale;

/** The inputs the benchmarks share, shaped like redis-benchmark's (12-digit keys, 'x' values). */
final class BenchData {
    static final int VALUE_SIZE = 100;

    private BenchData() {}

    static byte[] key(int n) {
        return Ascii.bytes(String.format(Locale.ROOT, "key:%012d", n));
    }

    static byte[] value() {
        byte[] v = new byte[VALUE_SIZE];
        Arrays.fill(v, (byte) 'x');
        return v;
    }
}

package io.basalt.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DoublesTest {
    /**
     * Bit pattern and C's "%.17g" of it, printed by Python's '%.17g' and checked against
     * the replies of Redis 7.0.15's ZSCORE for every row (specials, integers around 2^53 and
     * 10^17, subnormals, extremes, random bit patterns and random fractions).
     */
    private static final String PRINTF_TABLE = """
            0x3ff199999999999aL 1.1000000000000001
            0x3fb999999999999aL 0.10000000000000001
            0x4415af1d78b58c40L 1e+20
            0x4376345785d8a000L 1e+17
            0x4341c37937e08000L 10000000000000000
            0x4376345785d8a000L 1e+17
            0x437b69b4ba630f35L 1.2345678901234568e+17
            0x3ee4f8b588e368f1L 1.0000000000000001e-05
            0x3f1a36e2eb1c432dL 0.0001
            0x3f202c9dedbc309dL 0.00012339999999999999
            0x01a56e1fc2f8f359L 1e-300
            0x0000000000000001L 4.9406564584124654e-324
            0x0010000000000000L 2.2250738585072014e-308
            0x7fefffffffffffffL 1.7976931348623157e+308
            0xc004000000000000L -2.5
            0x4008000000000000L 3
            0x3ff8000000000000L 1.5
            0x3fe0000000000000L 0.5
            0x3fd5555555555555L 0.33333333333333331
            0x3fe5555555555555L 0.66666666666666663
            0xbfd5555555555555L -0.33333333333333331
            0x4059000000000000L 100
            0x430c6bf526340000L 1000000000000000
            0x4341c37937e08001L 10000000000000002
            0x4340000000000000L 9007199254740992
            0x4340000000000001L 9007199254740994
            0x43d0000000000000L 4.6116860184273879e+18
            0x43e0000000000000L 9.2233720368547758e+18
            0x43f0000000000000L 1.8446744073709552e+19
            0xc3e0000000000000L -9.2233720368547758e+18
            0x405edd2f1a9fbe77L 123.456
            0x3fd3333333333333L 0.29999999999999999
            0x3fe6666666666666L 0.69999999999999996
            0x42a674e79c5fe520L 12345678901234.562
            0x4376345785d89fffL 99999999999999984
            0x4376345785d8a000L 1e+17
            0x444b1ae4d6e2ef50L 1e+21
            0x4480f0cf064dd592L 1e+22
            0x54b249ad2594c37dL 1e+100
            0x400921f9f01b866eL 3.1415899999999999
            0x4005bf0a8b145769L 2.7182818284590451
            0x3e7ad7f29abcaf48L 9.9999999999999995e-08
            0x3ee4f8b588e368f1L 1.0000000000000001e-05
            0x3f202e85be111841L 0.000123456789
            0xf2a74de452e6b438L -1.989032661366619e+244
            0x6513270e269e0d37L 7.761117632285041e+178
            0x0c5c7fd0a6a3a450L 3.980498358697587e-249
            0xd23f0824128b2f33L -1.5432835417340557e+88
            0x1818e811892f902bL 1.3647584518757569e-192
            0x9531985d5d9dc9f8L -1.3701135617873088e-206
            0xe8e25d940ed90475L -1.7160537630466207e+197
            0x36f675cc81e74ef5L 6.2946752411953861e-44
            0x1600a35a099950d8L 1.0613447212142254e-202
            0x6b0d549b6f03675aL 4.7083251603875462e+207
            0x3d9c172411e20b8fL 6.3870161585135632e-12
            0x8d116ece1738f7d9L -9.9731303785687331e-246
            0x0f21ddb66cad4a26L 8.7797532256802712e-236
            0x90c192cfd3ac94afL -5.7955032484989932e-228
            0xf28c105d1fb17c23L -5.9881801593860111e+243
            0xa170b33839263059L -1.3060523885277959e-147
            0x953f48f1a09f76b5L -2.4361176994848409e-206
            0x0fd630f1f29d0da9L 2.2333869991501741e-232
            0x95e60af593bd04cfL -3.5152797062666699e-203
            0x0cb1e29c658cda14L 1.5987381841032883e-247
            0x3898d190f9ebdaccL 4.6678633181812096e-36
            0x8e81973e0becd7b0L -8.4418727921054556e-239
            0x2217beaddbc496cbL 1.9015657400796622e-144
            0x6b4cb2424a23d596L 7.370437700706684e+208
            0x8a6a63ec24ede6a4L -1.7163996725272777e-258
            0x922766581e27a1c0L -3.2367190832119987e-221
            0x8f6d05584ef8aa38L -2.2818334634712625e-234
            0xae97ba94d0eda82fL -3.0536383926309363e-84
            0x1a61dbe22e44158bL 1.3449551894627777e-181
            0x923a736994e3bf91L -7.3174959760626057e-221
            0x301850c5a38fd547L 5.2498223088143036e-77
            0x18f135d25f557203L 1.5450754142984396e-188
            0xb64ce4228c38fb29L -3.9536256982247919e-47
            0x907a70c31012f037L -2.7249126747649799e-229
            0x9e7769b10f4205b4L -6.5051418615487723e-162
            0x7f15052434b9b5dfL 1.4414848395559941e+304
            0x881ed162ae2eb154L -1.4583679262758548e-269
            0xc6f877186d76b07eL -7.9394166688077208e+33
            0x7731af10506bf2efL 1.4255183989699612e+266
            0xec66a78795e761d1L -1.5253157012324029e+214
            0xc05768665ae6aeb0L -93.631247258449321
            0xc36b199d3d0c1d93L -61023899967614104
            0x408266125b378892L 588.75896304498224
            0x4379517cb93ef9d3L 1.1402352869556971e+17
            0xc07ffce96258947bL -511.80697855569423
            0xc36384e79738672aL -43953238134962512
            0x4049324e12e3b920L 50.393007622902815
            0xc35a6436a28c6479L -29714140850393572
            0x407cae3fcfa35634L 458.89057887843524
            0x4369a404352f2f09L 57737699175004232
            0x408e02cc2ce266d8L 960.34969498516421
            0x4356e4f01fac32d2L 25776677849189192
            0xc0647823b0184da0L -163.75435642954562
            0xc35ace8f5a7c001bL -30181857952792684
            0xc085c03f589575a8L -696.03093067899044
            0xc32c0bc1c2eb3b92L -3947113087344073
            0xc08cccaf133bf63cL -921.58548590512464
            0xc37a0b1406d308b2L -1.1728848057955408e+17
            0x40808922449c26c8L 529.14173242562629
            0x4379fef636ac1f9bL 1.1707532560682027e+17
            0x408777a51e04b4e8L 750.95562366177637
            0xc35b5f5f431c1482L -30818748494533128
            0x40786973a3f8b6a8L 390.59073254731857
            0x43526e2311bde122L 20750585925436552
            0x4063f94b06e722c0L 159.79040856498432
            0xc37ab0ee82bcce01L -1.2020620538549864e+17
            0x40853f7c076b3124L 679.93556102508273
            0xc367f3fb7a1961bdL -53937487001357800
            0xc049e6d35bdea770L -51.803325160711097
            0xc37af76442432047L -1.2144574999940414e+17
            0xc08b754a0649ae6cL -878.66114480556053
            0xc36226722d7f2016L -40870571297800368
            0x4072641f9387c8ecL 294.2577090553375
            0x43721b62be7d5a5eL 81546567958767072
            0x40841ecbed0b4812L 643.84957321942989
            0x4374b20f584c7e4aL 93204456157996192
            0xc06c8d5901c7ad7cL -228.41711510657831
            0xc3595bdab6b8d3e3L -28551477377322892
            0xc08dd6fe3f26b3f0L -954.8741438888228
            0xc356e24d140af0cdL -25765080657019700
            """;

    private static String format(double d) {
        return new String(Doubles.format(d), StandardCharsets.US_ASCII);
    }

    private static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Doubles.parse(b, 0, b.length);
    }

    private static double bound(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Doubles.parseBound(b, 0, b.length);
    }

    private static double inRange(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Doubles.parseInRange(b, 0, b.length);
    }

    @Test
    void formatsAsPrintfSeventeenDigits() {
        int rows = 0;
        for (String line : PRINTF_TABLE.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            long bits = Long.parseUnsignedLong(f[0].substring(2, f[0].length() - 1), 16);
            assertThat(format(Double.longBitsToDouble(bits))).as(f[0]).isEqualTo(f[1]);
            rows++;
        }
        assertThat(rows).isGreaterThan(100);
    }

    @Test
    void formatsSpecialValues() {
        assertThat(format(0.0)).isEqualTo("0");
        assertThat(format(-0.0)).isEqualTo("-0");
        assertThat(format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(format(-7)).isEqualTo("-7");
        assertThat(format(1e16)).isEqualTo("10000000000000000");
        assertThat(format(99999999999999984.0)).isEqualTo("99999999999999984");
        assertThat(format(1e17)).isEqualTo("1e+17");
        assertThat(format(1e-5)).isEqualTo("1.0000000000000001e-05");
        assertThat(format(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(format(-Double.MIN_VALUE)).isEqualTo("-4.9406564584124654e-324");
        byte[] buf = new byte[Doubles.MAX_FORMAT_LENGTH];
        assertThat(Doubles.format(-Double.MIN_NORMAL, buf, 0)).isLessThanOrEqualTo(Doubles.MAX_FORMAT_LENGTH);
    }

    @Test
    void parsesLikeString2d() {
        assertThat(parse("1.5")).isEqualTo(1.5);
        assertThat(parse("-0")).isEqualTo(-0.0);
        assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(parse("+5")).isEqualTo(5);
        assertThat(parse(".5")).isEqualTo(0.5);
        assertThat(parse("5.")).isEqualTo(5);
        assertThat(parse("1.5e+3")).isEqualTo(1500);
        assertThat(parse("0x10")).isEqualTo(16);
        assertThat(parse("0x1p3")).isEqualTo(8);
        assertThat(parse("0x1.8p1")).isEqualTo(3);
        assertThat(parse("0X.8")).isEqualTo(0.5);
        assertThat(parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("-INFINITY")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("4.9e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(parse("1e-310")).isEqualTo(1e-310);
        assertThat(parse("0e-400")).isEqualTo(0);
        assertThat(parse("0.1")).isEqualTo(0.1);
        assertThat(parse("123456789012345678901234567890")).isEqualTo(1.2345678901234568e29);
        assertThat(parse("0.000000000000000000001")).isEqualTo(1e-21);
        for (String bad : new String[] {"", " 1", "1 ", "nan", "-nan", "NaN(123)", "1e400", "-1e400", "1e-400",
                "0x1p-2000", "0x", "1e", "1e+", "--5", "1_0", "abc", ".", "infin", "1\u00002", "+", "0x.p1"}) {
            assertThat(parse(bad)).as(bad).isNaN();
        }
    }

    @Test
    void parsesRangeBoundsLikeStrtod() {
        assertThat(bound("")).isEqualTo(0);
        assertThat(bound(" 2")).isEqualTo(2);
        assertThat(bound("\t-2.5")).isEqualTo(-2.5);
        assertThat(bound("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(bound("1e-400")).isEqualTo(0);
        assertThat(bound("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(bound("0x2")).isEqualTo(2);
        assertThat(bound("3\u0000junk")).isEqualTo(3);
        for (String bad : new String[] {" ", "2 ", "(2", "[2", "-", "+", "nan", "nan(x)", "1e", "x"}) {
            assertThat(bound(bad)).as(bad).isNaN();
        }
    }

    @Test
    void parsesSortWeightsLikeStrtodWithErrno() {
        assertThat(inRange("")).isEqualTo(0);
        assertThat(inRange("\u0000junk")).isEqualTo(0);
        assertThat(inRange("  5")).isEqualTo(5);
        assertThat(inRange("1\u0000junk")).isEqualTo(1);
        assertThat(inRange("+.5")).isEqualTo(0.5);
        assertThat(inRange("0X1P3")).isEqualTo(8);
        assertThat(inRange(" -infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(inRange("0e-400")).isEqualTo(0);
        assertThat(inRange("1.7976931348623157e308")).isEqualTo(Double.MAX_VALUE);
        // Not tiny after rounding, or tiny but exact: no ERANGE.
        assertThat(inRange("2.2250738585072014e-308")).isEqualTo(Double.MIN_NORMAL);
        assertThat(inRange("0x1p-1074")).isEqualTo(Double.MIN_VALUE);
        assertThat(inRange("0x0.0000000000001p-1022")).isEqualTo(Double.MIN_VALUE);
        assertThat(inRange("-0x1.8p-1073")).isEqualTo(-3 * Double.MIN_VALUE);
        // Checked against redis-server 7.0.15 (SORT's "One or more scores can't be converted").
        for (String bad : new String[] {"5 ", "   ", "nan", "nan(123)", "infx", "1e", "0x", "1e+", "1e400", "-1e400",
                "1.7976931348623159e308", "1e-310", "-1e-400", "1e-400", "4.9406564584124654e-324",
                "2.2250738585072011e-308", "2.2250738585072012e-308", "0x1.fffffffffffffp-1023",
                "0x1.00000000000001p-1074", "0x1p-1075", "1e-320"}) {
            assertThat(inRange(bad)).as(bad).isNaN();
        }
    }
}

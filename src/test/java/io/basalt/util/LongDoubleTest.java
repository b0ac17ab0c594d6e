package io.basalt.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every expectation is the reply of real Redis 7.0.15 to SET k stored; INCRBYFLOAT k increment. */
class LongDoubleTest {
    private static final String NOT_FLOAT = "-ERR value is not a valid float";
    private static final String NAN_INF = "-ERR increment would produce NaN or Infinity";

    /** INCRBYFLOAT's arithmetic: stored value (null = missing key) plus increment, as Redis replies. */
    private static String incrByFloat(String stored, String increment) {
        LongDouble v = stored == null ? LongDouble.of(0) : LongDouble.parse(bytes(stored));
        if (v == null) return NOT_FLOAT;
        LongDouble inc = LongDouble.parse(bytes(increment));
        if (inc == null) return NOT_FLOAT;
        LongDouble sum = v.add(inc);
        if (sum == null || sum.isInfinite()) return NAN_INF;
        return new String(sum.toHumanString(), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String[][] CASES = {
            {"10.5", "0.1", "10.6"},
            {null, "5.0e3", "5000"},
            {null, "-0.1", "-0.1"},
            {null, "3.0000000000000000001", "3"},
            {"1.1", "1.1", "2.2"},
            {null, "1", "1"},
            {"0", "0", "0"},
            {null, "1.5e-5", "0.000015"},
            {null, "0x10", "16"},
            {null, "0x1.8p1", "3"},
            {null, "0X.8", "0.5"},
            {null, "0x1p-2", "0.25"},
            {null, "0xffffffffffffffffff", "4722366482869645213696"},
            {null, "+5", "5"},
            {null, " 5", NOT_FLOAT},
            {"5 ", "1", NOT_FLOAT},
            {null, "5 ", NOT_FLOAT},
            {null, "", NOT_FLOAT},
            {null, "inf", NAN_INF},
            {null, "-inf", NAN_INF},
            {"inf", "1", NAN_INF},
            {"inf", "abc", NOT_FLOAT},
            {null, "nan", NOT_FLOAT},
            {null, "-nan", NOT_FLOAT},
            {null, "nan(1)", NOT_FLOAT},
            {null, "infinit", NOT_FLOAT},
            {null, "1e5000", NOT_FLOAT},
            {null, "1e-5000", NOT_FLOAT},
            {null, "3e-4951", "0"},
            {"abc", "1", NOT_FLOAT},
            {"1e4932", "1e4932", NAN_INF},
            {null, ".5", "0.5"},
            {null, "5.", "5"},
            {null, ".", NOT_FLOAT},
            {null, "-", NOT_FLOAT},
            {null, "1e", NOT_FLOAT},
            {null, "1e+", NOT_FLOAT},
            {null, "0x", NOT_FLOAT},
            {null, "0x1p", NOT_FLOAT},
            {null, "-0", "0"},
            {"-0.1", "0.1", "0"},
            {null, "0.000003814697265625", "0.00000381469726562"},
            {null, "1.000000000000000005", "1"},
            {null, "1.000000000000000015", "1.00000000000000001"},
            {null, "123456789012345678901234567890", "123456789012345678899921813504"},
            {"9223372036854775807", "1", "9223372036854775808"},
            {"-9223372036854775808", "-1", "-9223372036854775809"},
            {null, "1e-18", "0"},
            {null, "-1e-18", "0"},
            {null, "2.5e-17", "0.00000000000000002"},
            {null, "0.000000000000000005", "0"},
            {null, "0.000000000000000015", "0.00000000000000002"},
            {null, "0.000000000000000025", "0.00000000000000002"},
            {null, "INFINITY", NAN_INF},
            {null, "1E3", "1000"},
            {null, "1e+3", "1000"},
            {null, "00012.5", "12.5"},
            {null, "3.3621031431120935063e-4932", "0"},
            {"1e-4940", "0", "0"},
            {null, "-.5e1", "-5"},
            {null, "1_0", NOT_FLOAT},
            {"3.0000000000000000001", "0", "3"},
            {null, "1e20", "100000000000000000000"},
            {null, "1e19", "10000000000000000000"},
            {null, "0.1e-3", "0.0001"},
            {"1.5", "-1.5", "0"},
            {"1e300", "-1e300", "0"},
            {null, "12345678901234567.89", "12345678901234567.8896484375"},
            {null, "0.12345678901234567891", "0.12345678901234568"},
            {"5", "0e99999999999", "5"},
            {null, "1e0000000000000000000000000003", "1000"},
            {"0.3", "-0.1", "0.2"},
            {null, "1.23456789012345678e-10", "0.00000000012345679"},
            {"100", "1e-20", "100"},
            {"-5", "0.5", "-4.5"},
            {null, "9999999999999999999.5", "10000000000000000000"},
            {null, "0.5e-4950", "0"},
    };

    @Test
    void matchesRedis() {
        for (String[] c : CASES) {
            assertThat(incrByFloat(c[0], c[1])).as("%s + %s", c[0], c[1]).isEqualTo(c[2]);
        }
    }

    @Test
    void hugeValuesPrintEveryDigit() {
        assertThat(incrByFloat(null, "1e300")).isEqualTo("1000000000000000000008997324079559193870523944273290747938260"
                + "0823212656465961809357558491520837504971903503725086142748359035925561846729839130962605207486462873"
                + "2713564184365329408425510760601678972665293237003055138294762099454029477278188962060617926761162709"
                + "7410650567187386105690089424915104006144");
        assertThat(incrByFloat(null, "1.7976931348623157e308")).isEqualTo("17976931348623156999592104677410443404838644"
                + "6944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897"
                + "2780264776170734989776862883948356181632940455944349295374472906274806694173846488791227762183335989"
                + "53852832103282504751611691208117720159985926376802466863339536384");
        assertThat(incrByFloat(null, "1e4932")).hasSize(4933).startsWith("100000000000000000000601894938796389132");
        assertThat(incrByFloat(null, "1.18e4932")).hasSize(4933).endsWith("8785152");
    }

    @Test
    void repeatedIncrementsStayDecimal() {
        List<String> out = new ArrayList<>();
        String v = null;
        for (int i = 0; i < 30; i++) out.add(v = incrByFloat(v, "1.1"));
        assertThat(out).containsExactly("1.1", "2.2", "3.3", "4.4", "5.5", "6.6", "7.7", "8.8", "9.9", "11", "12.1",
                "13.2", "14.3", "15.4", "16.5", "17.6", "18.7", "19.8", "20.9", "22", "23.1", "24.2", "25.3", "26.4",
                "27.5", "28.6", "29.7", "30.8", "31.9", "33");
        out.clear();
        v = "0";
        for (int i = 0; i < 20; i++) out.add(v = incrByFloat(v, "0.1"));
        assertThat(out).containsExactly("0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1", "1.1",
                "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "2");
    }

    @Test
    void parseRefusesWhatString2ldRefuses() {
        assertThat(LongDouble.parse(bytes("1\u00002"))).isNull();
        assertThat(LongDouble.parse(bytes("\t1"))).isNull();
        assertThat(LongDouble.parse(bytes("1".repeat(LongDouble.MAX_CHARS)))).isNull();
        assertThat(LongDouble.parse(bytes("0." + "1".repeat(LongDouble.MAX_CHARS - 3)))).isNotNull();
        assertThat(LongDouble.parse(bytes("1".repeat(4934)))).isNull();
    }

    /** A double widened exactly, printed as addReplyHumanLongDouble prints GEOPOS coordinates. */
    @Test
    void doublesWidenExactly() {
        assertThat(LongDouble.of(0.1).toString()).isEqualTo("0.10000000000000001");
        assertThat(LongDouble.of(-85.05112878).toString()).isEqualTo("-85.0511287799999991");
        assertThat(LongDouble.of(180.0).toString()).isEqualTo("180");
        assertThat(LongDouble.of(-0.0).toString()).isEqualTo("0");
        assertThat(LongDouble.of(-1e-18).toString()).isEqualTo("0");
        assertThat(LongDouble.of(Double.MIN_VALUE).toString()).isEqualTo("0");
        assertThat(LongDouble.of(Double.NEGATIVE_INFINITY).toString()).isEqualTo("-inf");
    }
}

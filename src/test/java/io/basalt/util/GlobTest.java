package io.basalt.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {
    private static boolean m(String pattern, String s) {
        return Glob.match(pattern.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static boolean mi(String pattern, String s) {
        return Glob.match(pattern.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    @Test
    void wildcards() {
        assertThat(m("*", "anything")).isTrue();
        assertThat(m("h?llo", "hello")).isTrue();
        assertThat(m("h?llo", "hllo")).isFalse();
        assertThat(m("h*llo", "hllo")).isTrue();
        assertThat(m("h*llo", "heeeello")).isTrue();
        assertThat(m("h*llo", "heeeellox")).isFalse();
        assertThat(m("a*", "a")).isTrue();
        assertThat(m("a**", "a")).isTrue();
        assertThat(m("*a", "a")).isTrue();
        assertThat(m("a*b*c", "aXbYc")).isTrue();
        assertThat(m("a*b*c", "aXbYcZ")).isFalse();
        assertThat(m("abc", "abc")).isTrue();
        assertThat(m("abc", "abd")).isFalse();
        assertThat(m("abc", "ab")).isFalse();
        assertThat(m("ab", "abc")).isFalse();
    }

    @Test
    void emptyStringMatchesOnlyTheEmptyPattern() {
        assertThat(m("", "")).isTrue();
        assertThat(m("*", "")).isFalse();
        assertThat(m("**", "")).isFalse();
        assertThat(m("", "a")).isFalse();
    }

    @Test
    void classes() {
        assertThat(m("h[ae]llo", "hello")).isTrue();
        assertThat(m("h[ae]llo", "hallo")).isTrue();
        assertThat(m("h[ae]llo", "hillo")).isFalse();
        assertThat(m("h[^e]llo", "hallo")).isTrue();
        assertThat(m("h[^e]llo", "hello")).isFalse();
        assertThat(m("h[a-b]llo", "hbllo")).isTrue();
        assertThat(m("h[b-a]llo", "hallo")).isTrue();
        assertThat(m("h[a-b]llo", "hcllo")).isFalse();
        assertThat(m("[a-]", "]")).isTrue();
        assertThat(m("[a-]", "^")).isTrue();
        assertThat(m("[a-]", "b")).isFalse();
        assertThat(m("[]", "a")).isFalse();
        assertThat(m("[^]", "a")).isTrue();
        assertThat(m("[\\]]", "]")).isTrue();
        assertThat(m("[abc", "b")).isTrue();
        assertThat(m("[abc", "bc")).isFalse();
        assertThat(m("a[", "a")).isFalse();
        assertThat(m("a[", "ab")).isFalse();
        assertThat(m("a[^", "ab")).isTrue();
    }

    @Test
    void escapes() {
        assertThat(m("\\*", "*")).isTrue();
        assertThat(m("\\*", "a")).isFalse();
        assertThat(m("\\?", "?")).isTrue();
        assertThat(m("a\\", "a\\")).isTrue();
        assertThat(m("\\[a]", "[a]")).isTrue();
    }

    @Test
    void signedBytesInRanges() {
        // C compares signed chars: [a-\xff] is the range -1..'a' (checked against Redis's KEYS).
        assertThat(m("[a-\u00ff]", "\u00ff")).isTrue();
        assertThat(m("[a-\u00ff]", "a")).isTrue();
        assertThat(m("[a-\u00ff]", "\u0080")).isFalse();
        assertThat(m("[a-\u00ff]", "b")).isFalse();
    }

    @Test
    void nocase() {
        assertThat(mi("HeLLo", "hello")).isTrue();
        assertThat(mi("h[A-C]llo", "hbllo")).isTrue();
        assertThat(mi("h[^E]llo", "hello")).isFalse();
        assertThat(m("HeLLo", "hello")).isFalse();
        // Escapes inside a class stay case-sensitive, as in Redis.
        assertThat(mi("[\\A]", "a")).isFalse();
    }

    @Test
    void offsetsAreRespected() {
        byte[] p = "xxa*cyy".getBytes(StandardCharsets.US_ASCII);
        byte[] s = "__abc__".getBytes(StandardCharsets.US_ASCII);
        assertThat(Glob.match(p, 2, 3, s, 2, 3, false)).isTrue();
        assertThat(Glob.match(p, 2, 3, s, 2, 4, false)).isFalse();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.SECONDS)
    void craftedPatternsDoNotBlowUp() {
        String s = "a".repeat(20_000);
        assertThat(m("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", s)).isFalse();
        assertThat(m("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", s)).isFalse();
        assertThat(m("*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?b", s)).isFalse();
        assertThat(m("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", s)).isTrue();
        String stars = "a*".repeat(50_000) + "b";
        assertThat(m(stars, "a".repeat(60_000))).isFalse();
    }

    /**
     * Cases recorded from real Redis 7.0.15 by tools/gen-glob-cases.py: for each pattern,
     * which keys KEYS returned.
     */
    @Test
    void agreesWithRedisKeys() throws IOException {
        List<String> lines;
        try (InputStream in = GlobTest.class.getResourceAsStream("/glob/redis-keys-cases.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        List<byte[]> keys = new ArrayList<>();
        for (String k : lines.get(0).split(" ")) keys.add(hex(k));
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(" ");
            byte[] pattern = hex(parts[0]);
            TreeSet<Integer> expected = new TreeSet<>();
            if (!parts[1].equals("-")) for (String i : parts[1].split(",")) expected.add(Integer.parseInt(i));
            TreeSet<Integer> got = new TreeSet<>();
            for (int i = 0; i < keys.size(); i++) if (Glob.match(pattern, keys.get(i), false)) got.add(i);
            assertThat(got).as("pattern %s", parts[0]).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThan(1000);
    }

    private static byte[] hex(String s) {
        return s.equals("-") ? new byte[0] : HexFormat.of().parseHex(s);
    }
}

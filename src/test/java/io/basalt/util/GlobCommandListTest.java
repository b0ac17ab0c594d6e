package io.basalt.util;

import io.basalt.testing.RealRedis;
import io.basalt.testing.Resp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GlobCommandListTest {
    private static boolean match(String pattern, String s, boolean nocase) {
        return Glob.match(pattern.getBytes(StandardCharsets.UTF_8), s.getBytes(StandardCharsets.UTF_8), nocase);
    }

    @Test
    void basics() {
        // stringmatchlen never enters its loop for an empty string: "*" does not match "" (KEYS special-cases "*").
        assertThat(match("*", "", false)).isFalse();
        assertThat(match("h?llo", "hello", false)).isTrue();
        assertThat(match("h?llo", "hllo", false)).isFalse();
        assertThat(match("h*llo", "hllo", false)).isTrue();
        assertThat(match("h[ae]llo", "hallo", false)).isTrue();
        assertThat(match("h[^e]llo", "hello", false)).isFalse();
        assertThat(match("h[a-b]llo", "hbllo", false)).isTrue();
        assertThat(match("h[b-a]llo", "hbllo", false)).isTrue();
        assertThat(match("h\\*llo", "h*llo", false)).isTrue();
        assertThat(match("h\\*llo", "hello", false)).isFalse();
        assertThat(match("HELLO", "hello", false)).isFalse();
        assertThat(match("HELLO", "hello", true)).isTrue();
        assertThat(match("a[", "a", false)).isFalse();
        assertThat(match("a*", "a", false)).isTrue();
        assertThat(match("a**b", "axxb", false)).isTrue();
    }

    /** Redis's COMMAND LIST FILTERBY PATTERN matches command names case-insensitively with the same glob. */
    @Test
    @SuppressWarnings("unchecked")
    void matchesLikeRedisOverItsCommandNames() throws IOException {
        String[] patterns = {"*", "g*", "*|*", "c[a-l]*", "[^a-m]*", "?et", "*GET*", "x[a\\-]*", "[z-x]*", "*\\|h*",
                "CONFIG|*", "[", "a[", "*[", "[]", "s?", "\\g*", "[\\]]*", "*e", "z*[!]", "??", "*[^a-z|]*", "[a-c-e]*"};
        try (RealRedis redis = RealRedis.start()) {
            List<String> names = (List<String>) Resp.parse(redis.call("COMMAND", "LIST"));
            for (String p : patterns) {
                List<String> expected = (List<String>) Resp.parse(redis.call("COMMAND", "LIST", "FILTERBY", "PATTERN", p));
                List<String> ours = new ArrayList<>();
                for (String n : names) if (match(p, n, true)) ours.add(n);
                assertThat(ours).as(p).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }
}

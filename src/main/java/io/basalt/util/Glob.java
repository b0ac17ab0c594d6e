package io.basalt.util;

/**
 * Glob-style matching with the semantics of Redis's {@code stringmatchlen} (KEYS, SCAN
 * MATCH, PSUBSCRIBE, CONFIG GET): {@code *}, {@code ?}, {@code [abc]}, {@code [^a]},
 * {@code [a-z]} (reversed ranges allowed), {@code \} escapes, and its edge cases — an
 * unterminated class runs to the end of the pattern, {@code [a-]} is the range a..']',
 * a lone trailing {@code [} matches nothing, and an empty string matches only the empty
 * pattern. Bytes compare as C's signed {@code char}; the case-insensitive variant folds
 * ASCII letters only, like {@code tolower} in the C locale.
 * <p>
 * Every token other than {@code *} matches exactly one byte, so the language is that of a
 * wildcard pattern and the classic matcher applies: on a mismatch, retry from the most
 * recent star one byte further on. Earlier stars never need revisiting (a longer match for
 * them would only push the rest later, which the latest star already covers), which is
 * also why Redis 7.0.9+ can stop early. The cost is O(pattern × string) at worst, with no
 * recursion, so crafted patterns like {@code a*a*a*a*b} cannot blow up.
 */
public final class Glob {
    private Glob() {}

    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    public static boolean match(byte[] p, int poff, int plen, byte[] s, int soff, int slen, boolean nocase) {
        // Redis's loop never runs on an empty string, so only the empty pattern matches it.
        if (slen == 0) return plen == 0;
        int pi = 0, si = 0;
        int starP = -1, starS = 0;
        while (si < slen) {
            if (pi < plen && p[poff + pi] == '*') {
                while (pi < plen && p[poff + pi] == '*') pi++;
                if (pi == plen) return true;
                starP = pi;
                starS = si;
                continue;
            }
            if (pi < plen) {
                int next = step(p, poff, plen, pi, s[soff + si], nocase);
                if (next >= 0) {
                    pi = next;
                    si++;
                    continue;
                }
            }
            if (starP < 0) return false;
            pi = starP;
            si = ++starS;
        }
        while (pi < plen && p[poff + pi] == '*') pi++;
        return pi == plen;
    }

    /**
     * Matches the single-byte token at {@code pi} (anything but '*') against {@code c}:
     * the index just past the token, or -1 when it does not match.
     */
    private static int step(byte[] p, int poff, int plen, int pi, byte c, boolean nocase) {
        byte t = p[poff + pi];
        if (t == '?') return pi + 1;
        if (t == '[') return stepClass(p, poff, plen, pi + 1, c, nocase);
        if (t == '\\' && plen - pi >= 2) t = p[poff + ++pi];
        return same(t, c, nocase) ? pi + 1 : -1;
    }

    /** A character class whose body starts at {@code pi} (just after '['). */
    private static int stepClass(byte[] p, int poff, int plen, int pi, byte c, boolean nocase) {
        boolean not = pi < plen && p[poff + pi] == '^';
        if (not) pi++;
        boolean match = false;
        while (true) {
            if (pi >= plen) {
                // Unterminated: the class ends with the pattern.
                pi = plen;
                break;
            }
            byte t = p[poff + pi];
            if (t == '\\' && plen - pi >= 2) {
                pi++;
                if (p[poff + pi] == c) match = true;
            } else if (t == ']') {
                pi++;
                break;
            } else if (plen - pi >= 3 && p[poff + pi + 1] == '-') {
                int start = t, end = p[poff + pi + 2], ch = c;
                if (start > end) {
                    int x = start;
                    start = end;
                    end = x;
                }
                if (nocase) {
                    start = lower(start);
                    end = lower(end);
                    ch = lower(ch);
                }
                pi += 2;
                if (ch >= start && ch <= end) match = true;
            } else if (same(t, c, nocase)) {
                match = true;
            }
            pi++;
        }
        return match != not ? pi : -1;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && lower(a) == lower(b));
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}

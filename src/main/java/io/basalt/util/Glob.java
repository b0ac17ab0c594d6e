package io.basalt.util;

/**
 * Redis's glob-style matching (stringmatchlen): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]} and backslash escapes, optionally ignoring ASCII case. Allocates nothing.
 */
public final class Glob {
    private Glob() {}

    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    public static boolean match(byte[] p, int pOff, int pLen, byte[] s, int sOff, int sLen, boolean nocase) {
        int pi = pOff, pEnd = pOff + pLen, si = sOff, sEnd = sOff + sLen;
        while (pi < pEnd && si < sEnd) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < pEnd && p[pi + 1] == '*') pi++;
                    if (pi + 1 == pEnd) return true;
                    for (int k = si; k < sEnd; k++) {
                        if (match(p, pi + 1, pEnd - pi - 1, s, k, sEnd - k, nocase)) return true;
                    }
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < pEnd && p[pi] == '^';
                    if (not) pi++;
                    boolean matched = false;
                    byte sc = s[si];
                    while (true) {
                        if (pi < pEnd && p[pi] == '\\' && pEnd - pi >= 2) {
                            pi++;
                            if (p[pi] == sc) matched = true;
                        } else if (pi < pEnd && p[pi] == ']') {
                            break;
                        } else if (pi >= pEnd) {
                            pi--;
                            break;
                        } else if (pEnd - pi >= 3 && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff, end = p[pi + 2] & 0xff, ch = sc & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = Ascii.toLower((byte) start) & 0xff;
                                end = Ascii.toLower((byte) end) & 0xff;
                                ch = Ascii.toLower((byte) ch) & 0xff;
                            }
                            pi += 2;
                            if (ch >= start && ch <= end) matched = true;
                        } else if (same(p[pi], sc, nocase)) {
                            matched = true;
                        }
                        pi++;
                    }
                    if (not) matched = !matched;
                    if (!matched) return false;
                    si++;
                }
                case '\\' -> {
                    if (pEnd - pi >= 2) pi++;
                    if (!same(p[pi], s[si], nocase)) return false;
                    si++;
                }
                default -> {
                    if (!same(c, s[si], nocase)) return false;
                    si++;
                }
            }
            pi++;
        }
        if (si == sEnd) {
            while (pi < pEnd && p[pi] == '*') pi++;
        }
        return pi == pEnd && si == sEnd;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return nocase ? Ascii.toLower(a) == Ascii.toLower(b) : a == b;
    }
}

package io.basalt.scripting;

import io.basalt.util.ArgSplitter;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Script flags (script.c scripts_flags_def) and the {@code #!lua flags=...} shebang of EVAL
 * bodies (eval.c evalExtractShebangFlags). A body without a shebang runs in compatibility
 * mode, with the EVAL command's own flags.
 */
final class ScriptFlags {
    private ScriptFlags() {}

    static final int NO_WRITES = 1;
    static final int ALLOW_OOM = 1 << 1;
    static final int ALLOW_STALE = 1 << 2;
    static final int NO_CLUSTER = 1 << 3;
    static final int ALLOW_CROSS_SLOT = 1 << 4;
    /** No shebang: the script declared nothing (Redis's SCRIPT_FLAG_EVAL_COMPAT_MODE). */
    static final int EVAL_COMPAT = 1 << 5;

    private static final String[] NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};

    /** The flag named {@code name}, or 0. */
    static int parse(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) return 1 << i;
        }
        return 0;
    }

    /** Names of the flags set, in Redis's order (FUNCTION LIST). */
    static List<String> names(int flags) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) out.add(NAMES[i]);
        }
        return out;
    }

    /** The outcome of reading a body's shebang: its flags and length, or an error text. */
    record Shebang(int flags, int length, String error) {}

    static Shebang read(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') return new Shebang(EVAL_COMPAT, 0, null);
        int end = 0;
        while (end < body.length && body[end] != '\n') end++;
        if (end == body.length) return new Shebang(0, 0, "ERR Invalid script shebang");
        String line = new String(body, 0, end, StandardCharsets.ISO_8859_1);
        List<String> parts = ArgSplitter.split(line);
        if (parts == null || parts.isEmpty()) return new Shebang(0, 0, "ERR Invalid engine in script shebang");
        if (!parts.get(0).equals("#!lua")) {
            return new Shebang(0, 0, "ERR Unexpected engine in script shebang: " + parts.get(0));
        }
        int flags = 0;
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i);
            if (!p.startsWith("flags=")) return new Shebang(0, 0, "ERR Unknown lua shebang option: " + p);
            String list = p.substring(6);
            if (list.isEmpty()) continue;
            for (String f : list.split(",", -1)) {
                int flag = parse(f);
                if (flag == 0) return new Shebang(0, 0, "ERR Unexpected flag in script shebang: " + f);
                flags |= flag;
            }
        }
        return new Shebang(flags, end, null);
    }
}

package io.basalt.config;

import io.basalt.util.Ascii;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The value types of Redis 7.0's config table (bool, string, enum, numeric), with its exact error texts. */
public final class Types {
    private Types() {}

    /** A value check run after parsing (Redis's is_valid_fn); returns an error text or null. */
    @FunctionalInterface
    public interface Check {
        String check(Object value);
    }

    public static final ValueType BOOL = new ValueType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            String v = args.get(0);
            if (v.equalsIgnoreCase("yes")) return Boolean.TRUE;
            if (v.equalsIgnoreCase("no")) return Boolean.FALSE;
            throw new ConfigException("argument must be 'yes' or 'no'");
        }

        @Override
        public String format(Object value) {
            return (Boolean) value ? "yes" : "no";
        }
    };

    /** A string that may be empty and has a non-null default (Redis's ALLOW_EMPTY_STRING). */
    public static final ValueType STRING = string(false);

    /**
     * A string; with {@code emptyIsNull} an empty value means "unset" (Redis's EMPTY_STRING_IS_NULL):
     * CONFIG REWRITE then leaves the directive out of the file.
     */
    public static ValueType string(boolean emptyIsNull) {
        return new ValueType() {
            @Override
            public Object parse(List<String> args) {
                return args.get(0);
            }

            @Override
            public String format(Object value) {
                return (String) value;
            }

            @Override
            public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
                String v = (String) value;
                if (emptyIsNull && v.isEmpty()) {
                    state.markProcessed(name);
                    return;
                }
                boolean force = emptyIsNull || !v.equals(defaultValue);
                state.rewriteLine(name, name + " " + repr(v), force);
            }
        };
    }

    /** Adds a validity check to a type (Redis's is_valid_fn). */
    public static ValueType checked(ValueType base, Check check) {
        return new ValueType() {
            @Override
            public Object parse(List<String> args) throws ConfigException {
                return parse(args, null);
            }

            @Override
            public Object parse(List<String> args, Object current) throws ConfigException {
                Object v = base.parse(args, current);
                String err = check.check(v);
                if (err != null) throw new ConfigException(err);
                return v;
            }

            @Override
            public String format(Object value) {
                return base.format(value);
            }

            @Override
            public boolean singleArgument() {
                return base.singleArgument();
            }

            @Override
            public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
                base.rewrite(name, value, defaultValue, state);
            }
        };
    }

    // ---- enums ---------------------------------------------------------------------------

    /** One of fixed names, case-insensitive; stored and printed as the canonical name. */
    public static ValueType oneOf(String... names) {
        int[] values = new int[names.length];
        for (int i = 0; i < names.length; i++) values[i] = i;
        return new EnumType(names, values, false);
    }

    /** An enum whose names map to values, several names possibly to one value (printed as the first). */
    public static ValueType enumOf(String[] names, int[] values) {
        return new EnumType(names, values, false);
    }

    /** Several flag names at once (shutdown-on-sigint "save now"), printed in table order. */
    public static ValueType flagsOf(String[] names, int[] values) {
        return new EnumType(names, values, true);
    }

    private static final class EnumType implements ValueType {
        private final String[] names;
        private final int[] values;
        private final boolean bitflags;

        EnumType(String[] names, int[] values, boolean bitflags) {
            this.names = names;
            this.values = values;
            this.bitflags = bitflags;
        }

        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.isEmpty() || (!bitflags && args.size() != 1)) throw error();
            int v = 0;
            for (String a : args) {
                boolean matched = false;
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equalsIgnoreCase(a)) {
                        v |= values[i];
                        matched = true;
                    }
                }
                if (!matched) throw error();
            }
            return nameOf(v);
        }

        /** Redis's configEnumGetName. */
        String nameOf(int v) {
            StringBuilder b = null;
            int unmatched = v;
            for (int i = 0; i < names.length; i++) {
                if (v == values[i]) return names[i];
                if (bitflags && values[i] != 0 && values[i] == (unmatched & values[i])) {
                    if (b == null) b = new StringBuilder(names[i]);
                    else b.append(' ').append(names[i]);
                    unmatched &= ~values[i];
                }
            }
            return b == null || unmatched != 0 ? "unknown" : b.toString();
        }

        private ConfigException error() {
            return new ConfigException("argument(s) must be one of the following: " + String.join(", ", names));
        }

        @Override
        public String format(Object value) {
            return (String) value;
        }

        @Override
        public boolean singleArgument() {
            return !bitflags;
        }
    }

    // ---- numbers -------------------------------------------------------------------------

    /** Numeric flags: memory units accepted (1gb), a percentage (stored negative), octal. */
    public static final int MEMORY = 1;
    public static final int PERCENT = 2;
    public static final int OCTAL = 4;

    /** A signed integer in [min, max] (C int, long, long long, ssize_t, time_t, off_t). */
    public static ValueType number(long min, long max, boolean memory) {
        return numeric(min, max, memory ? MEMORY : 0, false);
    }

    /** A number as Redis's numeric configs parse, check and print it. */
    public static ValueType numeric(long min, long max, int flags, boolean unsigned) {
        return new NumericType(min, max, flags, unsigned);
    }

    private static final class NumericType implements ValueType {
        private final long min;
        private final long max;
        private final int flags;
        private final boolean unsigned;

        NumericType(long min, long max, int flags, boolean unsigned) {
            this.min = min;
            this.max = max;
            this.flags = flags;
            this.unsigned = unsigned;
        }

        @Override
        public Object parse(List<String> args) throws ConfigException {
            long v = parseNumber(args.get(0));
            if (unsigned) {
                if (Long.compareUnsigned(v, max) > 0 || Long.compareUnsigned(v, min) < 0) {
                    throw new ConfigException((flags & OCTAL) != 0
                            ? "argument must be between " + Long.toOctalString(min) + " and " + Long.toOctalString(max) + " inclusive"
                            : "argument must be between " + Long.toUnsignedString(min) + " and " + Long.toUnsignedString(max) + " inclusive");
                }
            } else if ((flags & PERCENT) != 0 && v < 0) {
                if (v < min) throw new ConfigException("percentage argument must be less or equal to " + (-min));
            } else if (v > max || v < min) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            return v;
        }

        private long parseNumber(String s) throws ConfigException {
            if ((flags & MEMORY) != 0) {
                Long m = Units.memtoull(s);
                if (m != null) return m;
            }
            if ((flags & PERCENT) != 0 && s.length() > 1 && s.endsWith("%")) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                long[] out = new long[1];
                if (Ascii.parse(b, 0, b.length - 1, out) && out[0] >= 0) return -out[0];
            }
            if ((flags & OCTAL) != 0) {
                Long o = Units.strtoll(s, 8, true);
                if (o != null) return o;
            }
            if (flags == 0) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                long[] out = new long[1];
                if (Ascii.parse(b, 0, b.length, out)) return out[0];
            }
            if ((flags & MEMORY) != 0 && (flags & PERCENT) != 0) {
                throw new ConfigException("argument must be a memory or percent value");
            } else if ((flags & MEMORY) != 0) {
                throw new ConfigException("argument must be a memory value");
            } else if ((flags & OCTAL) != 0) {
                throw new ConfigException("argument couldn't be parsed as an octal number");
            }
            throw new ConfigException("argument couldn't be parsed into an integer");
        }

        @Override
        public String format(Object value) {
            long v = (Long) value;
            if ((flags & PERCENT) != 0 && v < 0) return (-v) + "%";
            if ((flags & MEMORY) != 0) return Long.toUnsignedString(v);
            if ((flags & OCTAL) != 0) return Long.toOctalString(v);
            return Long.toString(v);
        }

        @Override
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            long v = (Long) value;
            boolean force = !value.equals(defaultValue);
            String text;
            if ((flags & PERCENT) != 0 && v < 0) text = (-v) + "%";
            else if ((flags & MEMORY) != 0) text = Units.formatMemory(v);
            else if ((flags & OCTAL) != 0) text = Long.toOctalString(v);
            else text = Long.toString(v);
            state.rewriteLine(name, name + " " + text, force);
        }
    }

    /** A list of words kept as given, printed space-separated. */
    public static final ValueType WORDS = new ValueType() {
        @Override
        public Object parse(List<String> args) {
            return List.copyOf(args);
        }

        @Override
        @SuppressWarnings("unchecked")
        public String format(Object value) {
            return String.join(" ", (List<String>) value);
        }

        @Override
        public boolean singleArgument() {
            return false;
        }
    };

    /** Redis's sdscatrepr: a double-quoted string with C escapes, as CONFIG REWRITE writes strings. */
    public static String repr(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length + 2).append('"');
        for (byte x : bytes) {
            int c = x & 0xff;
            switch (c) {
                case '\\', '"' -> b.append('\\').append((char) c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) b.append((char) c);
                    else b.append(String.format(Locale.ROOT, "\\x%02x", c));
                }
            }
        }
        return b.append('"').toString();
    }

    /** Splits a CONFIG SET value of a multi-argument directive on single spaces (sdssplitlen). */
    public static List<String> splitSpaces(String value) {
        List<String> out = new ArrayList<>();
        if (value.isEmpty()) return out;
        int start = 0;
        while (true) {
            int sp = value.indexOf(' ', start);
            if (sp < 0) {
                out.add(value.substring(start));
                return out;
            }
            out.add(value.substring(start, sp));
            start = sp + 1;
        }
    }
}

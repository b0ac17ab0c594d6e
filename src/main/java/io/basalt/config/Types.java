package io.basalt.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The value types Redis 7.0's config table uses, with its exact error texts. */
public final class Types {
    private Types() {}

    public static final ValueType BOOL = new ValueType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            String v = args.get(0).toLowerCase(Locale.ROOT);
            if (v.equals("yes")) return Boolean.TRUE;
            if (v.equals("no")) return Boolean.FALSE;
            throw new ConfigException("argument must be 'yes' or 'no'");
        }

        @Override
        public String format(Object value) {
            return (Boolean) value ? "yes" : "no";
        }
    };

    public static final ValueType STRING = new ValueType() {
        @Override
        public Object parse(List<String> args) {
            return args.get(0);
        }

        @Override
        public String format(Object value) {
            return (String) value;
        }
    };

    /** An integer in [min, max]; {@code memory} accepts units (1k, 5gb...) like Redis's memtoull. */
    public static ValueType number(long min, long max, boolean memory) {
        return new ValueType() {
            @Override
            public Object parse(List<String> args) throws ConfigException {
                String s = args.get(0);
                long v;
                if (memory) {
                    v = Units.parseMemory(s);
                } else {
                    try {
                        v = Long.parseLong(s);
                    } catch (NumberFormatException e) {
                        throw new ConfigException("argument couldn't be parsed into an integer");
                    }
                }
                if (v < min || v > max) {
                    throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
                }
                return v;
            }

            @Override
            public String format(Object value) {
                return Long.toString((Long) value);
            }
        };
    }

    /** One of fixed names, case-insensitive; printed in lower case. */
    public static ValueType oneOf(String... names) {
        return new ValueType() {
            @Override
            public Object parse(List<String> args) throws ConfigException {
                String v = args.get(0).toLowerCase(Locale.ROOT);
                for (String n : names) if (n.equals(v)) return n;
                throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", names));
            }

            @Override
            public String format(Object value) {
                return (String) value;
            }
        };
    }

    /** A list of words kept as given, printed space-separated (bind, save, ...). */
    public static final ValueType WORDS = new ValueType() {
        @Override
        public Object parse(List<String> args) {
            List<String> out = new ArrayList<>();
            for (String a : args) {
                for (String w : a.trim().split("\\s+")) if (!w.isEmpty()) out.add(w);
            }
            return List.copyOf(out);
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
}

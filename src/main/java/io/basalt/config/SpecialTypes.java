package io.basalt.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The directives Redis 7.0 handles with their own parser ("special configs"): save, bind,
 * dir, client-output-buffer-limit, oom-score-adj-values, notify-keyspace-events, replicaof
 * and latency-tracking-info-percentiles. Values are immutable lists of words or strings.
 */
final class SpecialTypes {
    private SpecialTypes() {}

    /** Base for multi-argument directives whose value is a list of words. */
    private abstract static class Words implements ValueType {
        @Override
        @SuppressWarnings("unchecked")
        public String format(Object value) {
            return String.join(" ", (List<String>) value);
        }

        @Override
        public boolean singleArgument() {
            return false;
        }
    }

    /** {@code save <seconds> <changes> [...]}; {@code save ""} clears. Accumulation across lines is the loader's. */
    static final ValueType SAVE = new Words() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() == 1 && args.get(0).isEmpty()) return List.of();
            if ((args.size() & 1) != 0) throw new ConfigException("Invalid save parameters");
            List<String> out = new ArrayList<>(args.size());
            for (int j = 0; j < args.size(); j++) {
                Long v = Units.strtoll(args.get(j), 10, true);
                if (v == null || ((j & 1) == 0 && v < 1) || ((j & 1) == 1 && v < 0)) {
                    throw new ConfigException("Invalid save parameters");
                }
                // seconds is a time_t, changes a C int.
                out.add((j & 1) == 0 ? Long.toString(v) : Integer.toString((int) (long) v));
            }
            return List.copyOf(out);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            List<String> v = (List<String>) value;
            if (v.isEmpty()) {
                state.rewriteLine(name, "save \"\"", true);
            } else {
                for (int j = 0; j < v.size(); j += 2) state.rewriteLine(name, "save " + v.get(j) + " " + v.get(j + 1), true);
            }
            state.markProcessed(name);
        }
    };

    static final int BIND_MAX = 16;

    /** {@code bind addr ...}; a single empty argument binds nothing. */
    static final ValueType BIND = new Words() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() > BIND_MAX) throw new ConfigException("Too many bind addresses specified.");
            if (args.size() == 1 && args.get(0).isEmpty()) return List.of();
            return List.copyOf(args);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            if (value.equals(defaultValue)) {
                state.markProcessed(name);
                return;
            }
            List<String> v = (List<String>) value;
            state.rewriteLine(name, name + " " + (v.isEmpty() ? "\"\"" : String.join(" ", v)), true);
        }
    };

    /** {@code dir}: must name an existing directory; relative to the current one, as chdir() is. */
    static final ValueType DIR = new ValueType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            return parse(args, "");
        }

        @Override
        public Object parse(List<String> args, Object current) throws ConfigException {
            if (args.size() != 1) throw new ConfigException("wrong number of arguments");
            String base = current == null || ((String) current).isEmpty() ? System.getProperty("user.dir") : (String) current;
            Path p = Path.of(base).resolve(args.get(0));
            try {
                Path real = p.toRealPath();
                if (!Files.isDirectory(real)) throw new ConfigException("Not a directory");
                if (!Files.isExecutable(real)) throw new ConfigException("Permission denied");
                return real.toString();
            } catch (NoSuchFileException e) {
                throw new ConfigException("No such file or directory");
            } catch (AccessDeniedException e) {
                throw new ConfigException("Permission denied");
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("No such file or directory");
            }
        }

        @Override
        public String format(Object value) {
            return (String) value;
        }

        @Override
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            state.rewriteLine(name, name + " " + Types.repr((String) value), true);
        }
    };

    private static final String[] OBUF_CLASSES = {"normal", "slave", "pubsub"};
    static final List<String> OBUF_DEFAULT =
            List.of("normal", "0", "0", "0", "slave", "268435456", "67108864", "60", "pubsub", "33554432", "8388608", "60");

    /** {@code client-output-buffer-limit <class> <hard> <soft> <seconds> [...]}: classes not named keep their limits. */
    static final ValueType CLIENT_OUTPUT_BUFFER_LIMIT = new Words() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            return parse(args, OBUF_DEFAULT);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object parse(List<String> args, Object current) throws ConfigException {
            if (args.size() % 4 != 0) throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
            List<String> out = new ArrayList<>(current == null ? OBUF_DEFAULT : (List<String>) current);
            for (int j = 0; j < args.size(); j += 4) {
                int cls = switch (args.get(j).toLowerCase(Locale.ROOT)) {
                    case "normal" -> 0;
                    case "slave", "replica" -> 1;
                    case "pubsub" -> 2;
                    default -> -1;
                };
                if (cls < 0) throw new ConfigException("Invalid client class specified in buffer limit configuration.");
                Long hard = Units.memtoull(args.get(j + 1));
                Long soft = Units.memtoull(args.get(j + 2));
                Long secs = Units.strtoll(args.get(j + 3), 10, true);
                if (hard == null || soft == null || secs == null || (int) (long) secs < 0) {
                    throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                out.set(cls * 4, OBUF_CLASSES[cls]);
                out.set(cls * 4 + 1, Long.toUnsignedString(hard));
                out.set(cls * 4 + 2, Long.toUnsignedString(soft));
                out.set(cls * 4 + 3, Integer.toString((int) (long) secs));
            }
            return List.copyOf(out);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            List<String> v = (List<String>) value;
            List<String> d = (List<String>) defaultValue;
            for (int j = 0; j < 3; j++) {
                boolean force = !v.subList(j * 4, j * 4 + 4).equals(d.subList(j * 4, j * 4 + 4));
                String cls = j == 1 ? "replica" : OBUF_CLASSES[j];
                state.rewriteLine(name, name + " " + cls + " " + Units.formatMemory(Long.parseUnsignedLong(v.get(j * 4 + 1)))
                        + " " + Units.formatMemory(Long.parseUnsignedLong(v.get(j * 4 + 2))) + " " + v.get(j * 4 + 3), force);
            }
        }
    };

    /** {@code oom-score-adj-values <master> <replica> <bgchild>}, each in [-2000, 2000]. */
    static final ValueType OOM_SCORE_ADJ_VALUES = new Words() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() != 3) throw new ConfigException("wrong number of arguments");
            List<String> out = new ArrayList<>(3);
            for (String a : args) {
                Long v = Units.strtoll(a, 10, true);
                if (v == null || v < -2000 || v > 2000) {
                    throw new ConfigException("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
                }
                out.add(Long.toString(v));
            }
            return List.copyOf(out);
        }
    };

    /** Redis's NOTIFY_* bits, in the order of {@link #EVENT_CHARS}. */
    private static final String EVENT_CHARS = "g$lshzxeKEtmdn";
    private static final int[] EVENT_BITS = {1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8, 1 << 9,
            1, 1 << 1, 1 << 10, 1 << 11, 1 << 13, 1 << 14};
    /** 'A': every class but key-miss ('m') and new-key ('n'). */
    static final int NOTIFY_ALL = (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9)
            | (1 << 10) | (1 << 13);

    /**
     * {@code notify-keyspace-events <classes>}; the value is Redis's NOTIFY_* bit set (a Long),
     * printed in Redis's canonical order ("AKE", "g$xE"...).
     */
    static final ValueType NOTIFY_KEYSPACE_EVENTS = new ValueType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() != 1) throw new ConfigException("wrong number of arguments");
            String s = args.get(0);
            long flags = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                int at = EVENT_CHARS.indexOf(c);
                if (c == 'A') flags |= NOTIFY_ALL;
                else if (at >= 0) flags |= EVENT_BITS[at];
                else throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
            return flags;
        }

        @Override
        public String format(Object value) {
            long flags = (Long) value;
            StringBuilder b = new StringBuilder();
            if ((flags & NOTIFY_ALL) == NOTIFY_ALL) {
                b.append('A');
            } else {
                for (char c : "g$lshzxetdn".toCharArray()) if ((flags & EVENT_BITS[EVENT_CHARS.indexOf(c)]) != 0) b.append(c);
            }
            for (char c : "KEm".toCharArray()) if ((flags & EVENT_BITS[EVENT_CHARS.indexOf(c)]) != 0) b.append(c);
            return b.toString();
        }

        @Override
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            state.rewriteLine(name, name + " " + Types.repr(format(value)), (Long) value != 0);
        }
    };

    /** {@code replicaof <host> <port>} or {@code replicaof no one}; value: [host, port] or empty. */
    static final ValueType REPLICAOF = new Words() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() != 2) throw new ConfigException("wrong number of arguments");
            if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) return List.of();
            Long port = Units.strtoll(args.get(1), 10, true);
            if (port == null || port < 0 || port > 65535) throw new ConfigException("Invalid master port");
            return List.of(args.get(0), Long.toString(port));
        }

        @Override
        @SuppressWarnings("unchecked")
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            List<String> v = (List<String>) value;
            if (v.isEmpty()) {
                state.markProcessed(name);
                return;
            }
            state.rewriteLine(name, name + " " + v.get(0) + " " + v.get(1), true);
        }
    };

    /** {@code latency-tracking-info-percentiles <p> ...}, each in [0, 100], printed like %f trimmed. */
    static final ValueType LATENCY_PERCENTILES = new Words() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() == 1 && args.get(0).isEmpty()) return List.of();
            List<String> out = new ArrayList<>(args.size());
            for (String a : args) {
                double d;
                try {
                    if (a.isEmpty() || Character.isWhitespace(a.charAt(0)) || a.endsWith("d") || a.endsWith("f")
                            || a.endsWith("D") || a.endsWith("F")) {
                        throw new NumberFormatException();
                    }
                    d = Double.parseDouble(a);
                } catch (NumberFormatException e) {
                    throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
                }
                if (Double.isNaN(d)) throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
                if (d > 100.0 || d < 0.0) {
                    throw new ConfigException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                }
                out.add(trimDouble(String.format(Locale.ROOT, "%f", d)));
            }
            return List.copyOf(out);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void rewrite(String name, Object value, Object defaultValue, ConfigRewriter.State state) {
            List<String> v = (List<String>) value;
            state.rewriteLine(name, name + " " + (v.isEmpty() ? "\"\"" : String.join(" ", v)), true);
        }
    };

    /** Redis's trimDoubleString: drop trailing zeros after the point, and the point itself. */
    private static String trimDouble(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }
}

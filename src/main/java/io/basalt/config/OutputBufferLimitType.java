package io.basalt.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * client-output-buffer-limit: groups of {@code <class> <hard> <soft> <soft-seconds>}, validated
 * as a whole with Redis's messages. Classes print as Redis prints them ("replica" becomes
 * "slave") and sizes as plain byte counts, so CONFIG GET shows what Redis shows.
 */
public final class OutputBufferLimitType implements ValueType {
    public static final OutputBufferLimitType INSTANCE = new OutputBufferLimitType();

    private OutputBufferLimitType() {}

    @Override
    public Object parse(List<String> args) throws ConfigException {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            for (String w : a.trim().split("\\s+")) if (!w.isEmpty()) words.add(w);
        }
        if (words.size() % 4 != 0) {
            throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        }
        List<String> out = new ArrayList<>(words.size());
        for (int j = 0; j < words.size(); j++) {
            String w = words.get(j);
            if (j % 4 == 0) {
                String cls = className(w);
                if (cls == null) throw new ConfigException("Invalid client class specified in buffer limit configuration.");
                out.add(cls);
            } else {
                long v;
                try {
                    v = Units.parseMemory(w);
                } catch (ConfigException e) {
                    v = -1;
                }
                if (v < 0) {
                    throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                out.add(Long.toString(v));
            }
        }
        return List.copyOf(out);
    }

    /** The canonical class name, or null for an unknown class or "master" (not limitable). */
    public static String className(String w) {
        return switch (w.toLowerCase(Locale.ROOT)) {
            case "normal" -> "normal";
            case "slave", "replica" -> "slave";
            case "pubsub" -> "pubsub";
            default -> null;
        };
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
}

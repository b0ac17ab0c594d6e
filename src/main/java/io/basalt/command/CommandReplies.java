package io.basalt.command;

import io.basalt.protocol.ReplyWriter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link CommandSpec} as COMMAND INFO and COMMAND DOCS do, from the facts
 * captured in commands.json. The JSON keeps the reply's structure; RESP types it cannot
 * carry follow the rules of tools/capture-commands.py: lists under "flags", "doc_flags"
 * and "acl_categories" are sets of status strings, lists under "history" sets of arrays,
 * every other list an array.
 */
public final class CommandReplies {
    private CommandReplies() {}

    private static final Set<String> STATUS_SETS = Set.of("flags", "doc_flags", "acl_categories");
    private static final Set<String> SETS = Set.of("history");

    /** One COMMAND INFO entry: ten fields, subcommands last. */
    public static void info(ReplyWriter r, CommandSpec c) {
        r.array(10);
        r.bulk(c.fullName());
        r.integer(c.arity());
        statusSet(r, c.flagNames());
        r.integer(c.firstKey());
        r.integer(c.lastKey());
        r.integer(c.keyStep());
        statusSet(r, c.aclCategories());
        r.set(c.tips().size());
        for (String tip : c.tips()) r.bulk(tip);
        r.set(c.keySpecs().size());
        for (Map<String, Object> spec : c.keySpecs()) value(r, null, spec);
        if (c.isContainer()) {
            r.array(c.subcommands().size());
            for (CommandSpec sub : c.subcommands()) info(r, sub);
        } else {
            r.set(0);
        }
    }

    /** One COMMAND DOCS value (the map that follows the command's name). */
    public static void docs(ReplyWriter r, CommandSpec c) {
        Map<String, Object> d = c.docs();
        r.map(d.size() + (c.isContainer() ? 1 : 0));
        for (Map.Entry<String, Object> e : d.entrySet()) {
            r.bulk(e.getKey());
            value(r, e.getKey(), e.getValue());
        }
        if (c.isContainer()) {
            r.bulk("subcommands");
            r.map(c.subcommands().size());
            for (CommandSpec sub : c.subcommands()) {
                r.bulk(sub.fullName());
                docs(r, sub);
            }
        }
    }

    private static void statusSet(ReplyWriter r, List<String> values) {
        r.set(values.size());
        for (String v : values) r.simple(v);
    }

    @SuppressWarnings("unchecked")
    private static void value(ReplyWriter r, String key, Object v) {
        switch (v) {
            case String s -> r.bulk(s);
            case Long n -> r.integer(n);
            case Map<?, ?> m -> {
                r.map(m.size());
                for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                    r.bulk(e.getKey());
                    value(r, e.getKey(), e.getValue());
                }
            }
            case List<?> l when key != null && STATUS_SETS.contains(key) -> statusSet(r, (List<String>) l);
            case List<?> l -> {
                if (key != null && SETS.contains(key)) r.set(l.size());
                else r.array(l.size());
                for (Object e : l) value(r, null, e);
            }
            default -> throw new IllegalStateException("unexpected value in commands.json: " + v);
        }
    }
}

package io.basalt.command;

import io.basalt.util.Ascii;
import io.basalt.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The command table, loaded from {@code commands.json} (captured from Redis 7.0 by
 * {@code tools/capture-commands.py}) and bound to handlers by the command families.
 * Construction fails when a declared command has no handler or a handler has no declaration.
 */
public final class CommandTable {
    private static final String RESOURCE = "/io/basalt/command/commands.json";
    /** CMD_PROTECTED in Redis, which COMMAND INFO does not show: gated by enable-debug-command. */
    private static final java.util.Set<String> PROTECTED_COMMANDS = java.util.Set.of("debug");

    private final List<CommandSpec> commands;
    private final Map<String, CommandSpec> byName;
    private final NameIndex index;

    public CommandTable(List<CommandFamily> families) {
        this(loadDeclarations(), families);
    }

    CommandTable(List<Map<String, Object>> declarations, List<CommandFamily> families) {
        List<CommandSpec> list = new ArrayList<>();
        Map<String, CommandSpec> map = new LinkedHashMap<>();
        for (Map<String, Object> d : declarations) {
            CommandSpec spec = build(d, null);
            list.add(spec);
            map.put(spec.fullName(), spec);
        }
        this.commands = Collections.unmodifiableList(list);
        this.byName = map;
        List<String> problems = new ArrayList<>();
        for (CommandFamily f : families) {
            f.register((fullName, handler) -> {
                CommandSpec spec = find(fullName);
                if (spec == null) problems.add("handler without declaration: " + fullName);
                else if (spec.handler() != null) problems.add("handler bound twice: " + fullName);
                else spec.bind(handler);
            });
        }
        for (CommandSpec spec : list) requireHandlers(spec, problems);
        if (!problems.isEmpty()) throw new IllegalStateException("command table: " + String.join("; ", problems));
        this.index = new NameIndex(list);
    }

    private static void requireHandlers(CommandSpec spec, List<String> problems) {
        if (spec.isContainer()) {
            for (CommandSpec sub : spec.subcommands()) requireHandlers(sub, problems);
        } else if (spec.handler() == null) {
            problems.add("declaration without handler: " + spec.fullName());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadDeclarations() {
        try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + RESOURCE);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (List<Map<String, Object>>) Json.parse(text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** One declaration as a spec, unbound; for tests that load Redis's whole table. */
    static CommandSpec spec(Map<String, Object> declaration) {
        return build(declaration, null);
    }

    @SuppressWarnings("unchecked")
    private static CommandSpec build(Map<String, Object> d, CommandSpec parent) {
        List<String> flagNames = (List<String>) d.get("flags");
        long flags = 0;
        for (String f : flagNames) flags |= CommandFlag.of(f).bit;
        if (parent == null && PROTECTED_COMMANDS.contains((String) d.get("name"))) flags |= CommandFlag.PROTECTED.bit;
        CommandSpec spec = new CommandSpec((String) d.get("name"), parent, num(d, "arity"), flags, List.copyOf(flagNames),
                num(d, "first_key"), num(d, "last_key"), num(d, "key_step"),
                List.copyOf((List<String>) d.get("acl_categories")), List.copyOf((List<String>) d.get("tips")),
                (List<Map<String, Object>>) d.get("key_specs"), (Map<String, Object>) d.get("docs"));
        List<Map<String, Object>> subs = (List<Map<String, Object>>) d.get("subcommands");
        if (!subs.isEmpty()) {
            List<CommandSpec> ordered = new ArrayList<>();
            Map<String, CommandSpec> byName = new LinkedHashMap<>();
            for (Map<String, Object> s : subs) {
                CommandSpec sub = build(s, spec);
                ordered.add(sub);
                byName.put(sub.name(), sub);
            }
            spec.setSubcommands(List.copyOf(ordered), byName);
        }
        return spec;
    }

    private static int num(Map<String, Object> d, String key) {
        return ((Long) d.get(key)).intValue();
    }

    /** Top-level commands in declaration order. */
    public List<CommandSpec> all() {
        return commands;
    }

    /** A command or subcommand by its lower-case full name ("get", "config|get"). */
    public CommandSpec find(String fullName) {
        String lower = Ascii.lower(fullName);
        int bar = lower.indexOf('|');
        if (bar < 0) return byName.get(lower);
        CommandSpec parent = byName.get(lower.substring(0, bar));
        return parent == null ? null : parent.subcommand(lower.substring(bar + 1));
    }

    /** A top-level command by name as it arrived on the wire, case-insensitively, without allocating. */
    public CommandSpec lookup(byte[] b, int off, int len) {
        return index.get(b, off, len);
    }

    /** Every full name, sorted; for tests and documentation. */
    public TreeSet<String> fullNames() {
        TreeSet<String> out = new TreeSet<>();
        for (CommandSpec c : commands) {
            out.add(c.fullName());
            for (CommandSpec s : c.subcommands()) out.add(s.fullName());
        }
        return out;
    }

    /** Open-addressing index over lower-case names, probed with a case-folding hash of the raw bytes. */
    private static final class NameIndex {
        private final byte[][] names;
        private final CommandSpec[] specs;
        private final int mask;

        NameIndex(List<CommandSpec> commands) {
            int cap = Integer.highestOneBit(Math.max(4, commands.size() * 4) - 1) << 1;
            names = new byte[cap][];
            specs = new CommandSpec[cap];
            mask = cap - 1;
            for (CommandSpec c : commands) {
                byte[] n = c.name().getBytes(StandardCharsets.US_ASCII);
                int i = hash(n, 0, n.length) & mask;
                while (names[i] != null) i = (i + 1) & mask;
                names[i] = n;
                specs[i] = c;
            }
        }

        CommandSpec get(byte[] b, int off, int len) {
            int i = hash(b, off, len) & mask;
            while (true) {
                byte[] n = names[i];
                if (n == null) return null;
                if (n.length == len && equalsFolded(n, b, off)) return specs[i];
                i = (i + 1) & mask;
            }
        }

        private static boolean equalsFolded(byte[] lower, byte[] b, int off) {
            for (int i = 0; i < lower.length; i++) {
                byte c = b[off + i];
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lower[i]) return false;
            }
            return true;
        }

        private static int hash(byte[] b, int off, int len) {
            int h = 0x811c9dc5;
            for (int i = 0; i < len; i++) {
                int c = b[off + i];
                if (c >= 'A' && c <= 'Z') c += 32;
                h = (h ^ c) * 0x01000193;
            }
            return h ^ (h >>> 16);
        }
    }
}

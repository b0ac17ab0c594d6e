package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Help;
import io.basalt.command.spi.ServerControl;
import io.basalt.config.Config;
import io.basalt.config.ConfigException;
import io.basalt.config.ConfigRewriter;
import io.basalt.config.Directive;
import io.basalt.config.Directives;
import io.basalt.config.Types;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Glob;
import io.basalt.util.Log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CONFIG GET / SET / RESETSTAT / REWRITE / HELP over the directive table. */
public final class ConfigCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("config|get", ConfigCommands::get);
        b.bind("config|set", ConfigCommands::set);
        b.bind("config|resetstat", ConfigCommands::resetStat);
        b.bind("config|rewrite", ConfigCommands::rewrite);
        b.bind("config|help", ConfigCommands::help);
    }

    private static final String[] HELP = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    };

    /**
     * Exact names are looked up directly (hidden directives included) and reported as typed;
     * patterns match every name and alias except hidden ones. Duplicates are dropped
     * case-insensitively. Redis's order is its hash table's (random per process); Basalt's is
     * the table order.
     */
    static void get(Client c) {
        Args a = c.args();
        Config config = c.engine().config();
        Map<String, Map.Entry<String, Directive>> matches = new LinkedHashMap<>();
        for (int i = 2; i < a.count(); i++) {
            String p = a.string(i);
            if (p.indexOf('[') < 0 && p.indexOf('*') < 0 && p.indexOf('?') < 0) {
                String key = p.toLowerCase(Locale.ROOT);
                if (matches.containsKey(key)) continue;
                Directive d = Directives.lookup(p);
                if (d != null) matches.put(key, Map.entry(p, d));
                continue;
            }
            for (Directive d : Directives.all()) {
                if (d.is(Directive.HIDDEN)) continue;
                addIfMatches(matches, p, d.name(), d);
                if (d.alias() != null) addIfMatches(matches, p, d.alias(), d);
            }
        }
        ReplyWriter r = c.reply();
        r.map(matches.size());
        for (Map.Entry<String, Directive> e : matches.values()) {
            r.bulk(e.getKey());
            r.bulk(config.format(e.getValue()));
        }
    }

    private static void addIfMatches(Map<String, Map.Entry<String, Directive>> matches, String pattern, String name, Directive d) {
        if (!matches.containsKey(name) && Glob.match(pattern.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.UTF_8), true)) matches.put(name, Map.entry(name, d));
    }

    /** Atomic multi-set: every name and value is checked before anything changes. */
    static void set(Client c) {
        Args a = c.args();
        if ((a.count() & 1) != 0) throw new CommandError(Errors.SYNTAX);
        Config config = c.engine().config();
        int n = (a.count() - 2) / 2;
        List<Directive> directives = new ArrayList<>(n);
        List<String> names = new ArrayList<>(n);
        String unknown = null;
        String errArg = null;
        String errText = null;
        for (int i = 0; i < n; i++) {
            String name = a.string(2 + i * 2);
            Directive d = Directives.lookup(name);
            if (d == null) {
                if (unknown == null && errText == null) unknown = name;
                continue;
            }
            if (unknown != null || errText != null) continue;
            if (d.is(Directive.IMMUTABLE) || (d.is(Directive.PROTECTED) && !protectedAllowed(c))) {
                errText = d.is(Directive.IMMUTABLE) ? "can't set immutable config" : "can't set protected config";
                errArg = name;
                continue;
            }
            if (directives.contains(d)) {
                errText = "duplicate parameter";
                errArg = name;
                continue;
            }
            directives.add(d);
            names.add(entryName(d, name));
        }
        if (unknown != null) throw new CommandError(Errors.configSetUnknownOption(unknown));
        if (errText != null) throw setFailed(errArg, errText);
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Directive d = directives.get(i);
            String value = a.string(3 + i * 2);
            List<String> args = d.type().singleArgument() ? List.of(value) : Types.splitSpaces(value);
            try {
                values.add(d.type().parse(args, config.get(d)));
            } catch (ConfigException e) {
                throw setFailed(names.get(i), e.getMessage());
            }
        }
        try {
            config.setAll(directives, values);
        } catch (Config.Refused e) {
            String name = names.get(directives.indexOf(e.directive()));
            Log.warning("Failed applying new configuration. Possibly related to new " + name
                    + " setting. Restoring previous settings.");
            throw setFailed(name, e.getMessage());
        }
        c.reply().ok();
    }

    /** The name Redis reports for a directive reached through {@code typed}: the alias if that was used. */
    private static String entryName(Directive d, String typed) {
        String lower = typed.toLowerCase(Locale.ROOT);
        return lower.equals(d.alias()) ? d.alias() : d.name();
    }

    private static CommandError setFailed(String name, String reason) {
        return new CommandError(Errors.configSetFailed(name, reason));
    }

    private static boolean protectedAllowed(Client c) {
        String mode = c.engine().config().getString(Directives.ENABLE_PROTECTED_CONFIGS);
        return mode.equals("yes") || (mode.equals("local") && c.connection().isLocal());
    }

    static void resetStat(Client c) {
        c.engine().resetStats();
        c.reply().ok();
    }

    static void rewrite(Client c) {
        ServerControl control = c.engine().control();
        String file = control == null ? "" : control.configFile();
        if (file == null || file.isEmpty()) throw new CommandError(Errors.NO_CONFIG_FILE);
        try {
            ConfigRewriter.rewriteFile(c.engine().config(), Path.of(file));
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException ? "Permission denied"
                    : e instanceof NoSuchFileException ? "No such file or directory" : String.valueOf(e.getMessage());
            Log.warning("CONFIG REWRITE failed: " + reason);
            throw new CommandError(Errors.configRewriteFailed(reason));
        }
        Log.warning("CONFIG REWRITE executed with success.");
        c.reply().ok();
    }

    static void help(Client c) {
        Help.reply(c, "CONFIG", HELP);
    }
}

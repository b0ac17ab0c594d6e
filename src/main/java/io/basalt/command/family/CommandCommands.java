package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.CommandFlag;
import io.basalt.command.CommandReplies;
import io.basalt.command.CommandSpec;
import io.basalt.command.CommandTable;
import io.basalt.command.Help;
import io.basalt.command.KeyRefs;
import io.basalt.command.KeySpecs;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** COMMAND and its subcommands: the command table as data, and key extraction. */
public final class CommandCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("command", CommandCommands::all);
        b.bind("command|count", CommandCommands::count);
        b.bind("command|info", CommandCommands::info);
        b.bind("command|docs", CommandCommands::docs);
        b.bind("command|list", CommandCommands::list);
        b.bind("command|getkeys", c -> getKeys(c, false));
        b.bind("command|getkeysandflags", c -> getKeys(c, true));
        b.bind("command|help", CommandCommands::help);
    }

    private static final byte[] FILTERBY = ascii("FILTERBY"), MODULE = ascii("MODULE"), ACLCAT = ascii("ACLCAT"),
            PATTERN = ascii("PATTERN");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void all(Client c) {
        List<CommandSpec> commands = c.engine().commands().all();
        ReplyWriter r = c.reply();
        r.array(commands.size());
        for (CommandSpec spec : commands) CommandReplies.info(r, spec);
    }

    static void count(Client c) {
        c.reply().integer(c.engine().commands().all().size());
    }

    static void info(Client c) {
        Args a = c.args();
        if (a.count() == 2) {
            all(c);
            return;
        }
        CommandTable table = c.engine().commands();
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        for (int i = 2; i < a.count(); i++) {
            CommandSpec spec = table.find(a.string(i));
            if (spec == null) r.nullBulk();
            else CommandReplies.info(r, spec);
        }
    }

    static void docs(Client c) {
        Args a = c.args();
        CommandTable table = c.engine().commands();
        List<CommandSpec> found;
        if (a.count() == 2) {
            found = table.all();
        } else {
            found = new ArrayList<>();
            for (int i = 2; i < a.count(); i++) {
                CommandSpec spec = table.find(a.string(i));
                if (spec != null) found.add(spec);
            }
        }
        ReplyWriter r = c.reply();
        r.map(found.size());
        for (CommandSpec spec : found) {
            r.bulk(spec.fullName());
            CommandReplies.docs(r, spec);
        }
    }

    static void list(Client c) {
        Args a = c.args();
        int filter = -1;
        String filterArg = null;
        for (int i = 2; i < a.count(); i++) {
            int more = a.count() - 1 - i;
            if (!a.is(i, FILTERBY) || more != 2) throw new CommandError(Errors.SYNTAX);
            if (a.is(i + 1, MODULE)) filter = 0;
            else if (a.is(i + 1, ACLCAT)) filter = 1;
            else if (a.is(i + 1, PATTERN)) filter = 2;
            else throw new CommandError(Errors.SYNTAX);
            filterArg = a.string(i + 2);
            i += 2;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : c.engine().commands().all()) {
            if (matches(spec, filter, filterArg)) names.add(spec.fullName());
            for (CommandSpec sub : spec.subcommands()) {
                if (matches(sub, filter, filterArg)) names.add(sub.fullName());
            }
        }
        ReplyWriter r = c.reply();
        r.array(names.size());
        for (String n : names) r.bulk(n);
    }

    /** Filter 0 (MODULE) matches nothing: Basalt loads no modules. */
    private static boolean matches(CommandSpec spec, int filter, String arg) {
        return switch (filter) {
            case -1 -> true;
            case 0 -> false;
            case 1 -> {
                for (String cat : spec.aclCategories()) {
                    if (cat.substring(1).equalsIgnoreCase(arg)) yield true;
                }
                yield false;
            }
            default -> Glob.match(arg.getBytes(StandardCharsets.UTF_8), spec.fullName().getBytes(StandardCharsets.UTF_8),
                    true);
        };
    }

    static void getKeys(Client c, boolean withFlags) {
        Args a = c.args();
        int argc = a.count() - 2;
        CommandTable table = c.engine().commands();
        CommandSpec spec = table.lookup(a.buffer(), a.offset(2), a.length(2));
        if (spec != null && spec.isContainer() && argc > 1) spec = table.find(spec.name() + "|" + a.string(3));
        if (spec == null) throw new CommandError(Errors.GETKEYS_INVALID_COMMAND);
        KeySpecs keys = spec.keys();
        if (!keys.hasKeys()) throw new CommandError(Errors.GETKEYS_NO_KEYS);
        if ((spec.arity() > 0 && spec.arity() != argc) || argc < -spec.arity()) {
            throw new CommandError(Errors.GETKEYS_INVALID_ARGUMENT_COUNT);
        }
        KeyRefs refs = new KeyRefs();
        int n = keys.find(a, 2, argc, refs);
        ReplyWriter r = c.reply();
        if (n == 0) {
            if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) r.array(0);
            else r.error(Errors.GETKEYS_INVALID_ARGUMENTS);
            return;
        }
        r.array(n);
        for (int j = 0; j < n; j++) {
            int p = 2 + refs.position(j);
            if (withFlags) r.array(2);
            r.bulk(a.buffer(), a.offset(p), a.length(p));
            if (withFlags) {
                int f = refs.flags(j);
                r.set(KeySpecs.flagCount(f));
                for (int bit = 0; bit < KeySpecs.flagBits(); bit++) {
                    if ((f & (1 << bit)) != 0) r.simple(KeySpecs.flagName(bit));
                }
            }
        }
    }

    private static final String[] HELP = {
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command.",
    };

    static void help(Client c) {
        Help.reply(c, "COMMAND", HELP);
    }
}

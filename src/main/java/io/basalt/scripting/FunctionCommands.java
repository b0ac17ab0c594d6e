package io.basalt.scripting;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Help;
import io.basalt.config.Directives;
import io.basalt.persistence.FunctionsPayload;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.Glob;

import java.util.ArrayList;
import java.util.List;

/** FCALL, FCALL_RO and FUNCTION (functions.c); the state is {@link Functions}. */
public final class FunctionCommands implements CommandFamily {
    private static final byte[] REPLACE = Ascii.bytes("REPLACE");
    private static final byte[] WITHCODE = Ascii.bytes("WITHCODE");
    private static final byte[] LIBRARYNAME = Ascii.bytes("LIBRARYNAME");
    private static final byte[] SYNC = Ascii.bytes("SYNC");
    private static final byte[] ASYNC = Ascii.bytes("ASYNC");
    private static final byte[] APPEND = Ascii.bytes("APPEND");
    private static final byte[] FLUSH = Ascii.bytes("FLUSH");
    private static final byte[] LUA = Ascii.bytes("LUA");
    private static final String[] HELP = {
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
    };

    @Override
    public void register(Binder b) {
        b.bind("fcall", c -> fcall(c, false));
        b.bind("fcall_ro", c -> fcall(c, true));
        b.bind("function|load", FunctionCommands::load);
        b.bind("function|list", FunctionCommands::list);
        b.bind("function|delete", FunctionCommands::delete);
        b.bind("function|flush", FunctionCommands::flush);
        b.bind("function|dump", FunctionCommands::dump);
        b.bind("function|restore", FunctionCommands::restore);
        b.bind("function|kill", c -> ScriptingCommands.scripting(c).kill(c, false));
        b.bind("function|stats", FunctionCommands::stats);
        b.bind("function|help", c -> Help.reply(c, "FUNCTION", HELP));
    }

    private static Functions functions(Client c) {
        return ScriptingCommands.scripting(c).functions();
    }

    /** FCALL function numkeys [key ...] [arg ...] (fcallCommandGeneric). */
    private static void fcall(Client c, boolean ro) {
        Args a = c.args();
        Scripting s = ScriptingCommands.scripting(c);
        Functions.Function f = s.functions().function(a.string(1));
        if (f == null) throw new CommandError(Errors.FUNCTION_NOT_FOUND);
        int numkeys = ScriptingCommands.numkeys(a, Errors.FCALL_BAD_NUMKEYS);
        s.run(c, () -> {
            ScriptRun run = s.prepare(c, f.name(), f.flags(), ro, false);
            if (run != null) s.call(s.functions().vm(), run, f.ref(), a, 3, numkeys);
        });
    }

    /** FUNCTION LOAD [REPLACE] code. */
    private static void load(Client c) {
        Args a = c.args();
        boolean replace = false;
        int i = 2;
        for (; i < a.count() - 1; i++) {
            if (!a.is(i, REPLACE)) throw new CommandError("ERR Unknown option given: " + a.string(i));
            replace = true;
        }
        byte[] code = a.copy(i);
        boolean timeout = !c.has(Client.MASTER) && c.id() >= 0;
        Scripting s = ScriptingCommands.scripting(c);
        Functions f = s.functions();
        String[] outcome = new String[2];
        boolean finalReplace = replace;
        s.onScriptThread(() -> {
            try {
                outcome[0] = f.create(code, finalReplace, f.current(), timeout).name;
            } catch (Functions.LibraryError e) {
                outcome[1] = e.getMessage();
            }
        });
        if (outcome[1] != null) throw new CommandError("ERR " + outcome[1]);
        c.engine().stats().dirty++;
        c.reply().bulk(Ascii.bytes(outcome[0]));
    }

    /** FUNCTION LIST [WITHCODE] [LIBRARYNAME pattern]. */
    private static void list(Client c) {
        Args a = c.args();
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < a.count(); i++) {
            if (!withCode && a.is(i, WITHCODE)) {
                withCode = true;
                continue;
            }
            if (pattern == null && a.is(i, LIBRARYNAME)) {
                if (i >= a.count() - 1) throw new CommandError(Errors.LIBRARY_NAME_MISSING);
                pattern = a.copy(++i);
                continue;
            }
            throw new CommandError("ERR Unknown argument " + a.string(i));
        }
        List<Functions.Library> libs = new ArrayList<>();
        for (Functions.Library lib : functions(c).current().libraries.values()) {
            if (pattern == null || Glob.match(pattern, Ascii.bytes(lib.name), true)) libs.add(lib);
        }
        ReplyWriter r = c.reply();
        r.array(libs.size());
        for (Functions.Library lib : libs) {
            r.map(withCode ? 4 : 3);
            r.bulk("library_name");
            r.bulk(lib.name);
            r.bulk("engine");
            r.bulk(LUA);
            r.bulk("functions");
            r.array(lib.functions.size());
            for (Functions.Function f : lib.functions.values()) {
                r.map(3);
                r.bulk("name");
                r.bulk(f.name());
                r.bulk("description");
                if (f.description() == null) r.nullBulk();
                else r.bulk(f.description());
                r.bulk("flags");
                List<String> flags = ScriptFlags.names(f.flags());
                r.set(flags.size());
                for (String flag : flags) r.simple(flag);
            }
            if (withCode) {
                r.bulk("library_code");
                r.bulk(lib.code);
            }
        }
    }

    private static void delete(Client c) {
        if (!functions(c).delete(c.args().string(2))) throw new CommandError(Errors.LIBRARY_NOT_FOUND);
        c.engine().stats().dirty++;
        c.reply().ok();
    }

    /** FUNCTION FLUSH [ASYNC|SYNC]: both free at once (Redis's ASYNC only moves the freeing to a thread). */
    private static void flush(Client c) {
        Args a = c.args();
        if (a.count() > 3) throw new CommandError(Errors.subcommandSyntax(a.string(1), "FUNCTION"));
        if (a.count() == 3 && !a.is(2, SYNC) && !a.is(2, ASYNC)) {
            throw new CommandError(Errors.FUNCTION_FLUSH_MODE);
        }
        functions(c).flush();
        c.engine().stats().dirty++;
        c.reply().ok();
    }

    private static void dump(Client c) {
        boolean compress = c.engine().config().getBool(Directives.RDBCOMPRESSION);
        c.reply().bulk(FunctionsPayload.dump(functions(c).codes(), compress));
    }

    /** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]. */
    private static void restore(Client c) {
        Args a = c.args();
        if (a.count() > 4) throw new CommandError(Errors.subcommandSyntax(a.string(1), "FUNCTION"));
        boolean flush = false, replace = false;
        if (a.count() == 4) {
            if (a.is(3, FLUSH)) flush = true;
            else if (a.is(3, REPLACE)) replace = true;
            else if (!a.is(3, APPEND)) {
                throw new CommandError(Errors.FUNCTION_RESTORE_POLICY);
            }
        }
        List<byte[]> codes;
        try {
            codes = FunctionsPayload.read(a.copy(2));
        } catch (IllegalArgumentException e) {
            throw new CommandError("ERR " + e.getMessage());
        }
        String error = functions(c).load(codes, flush, replace);
        if (error != null) throw new CommandError("ERR " + error);
        c.engine().stats().dirty++;
        c.reply().ok();
    }

    /** FUNCTION STATS: the running function, if any, and the engine's counts. */
    private static void stats(Client c) {
        Scripting s = ScriptingCommands.scripting(c);
        ScriptRun run = s.current();
        if (run != null && run.eval) throw new CommandError(Errors.BUSY_SCRIPT);
        ReplyWriter r = c.reply();
        r.map(2);
        r.bulk("running_script");
        if (run == null) {
            r.nullBulk();
        } else {
            r.map(3);
            r.bulk("name");
            r.bulk(run.name);
            r.bulk("command");
            Args a = run.caller.args();
            r.array(a.count());
            for (int i = 0; i < a.count(); i++) r.bulk(a.buffer(), a.offset(i), a.length(i));
            r.bulk("duration_ms");
            r.integer((System.nanoTime() - run.startNanos) / 1_000_000);
        }
        Functions.LibrarySet set = s.functions().current();
        r.bulk("engines");
        r.map(1);
        r.bulk(LUA);
        r.map(2);
        r.bulk("libraries_count");
        r.integer(set.libraries.size());
        r.bulk("functions_count");
        r.integer(set.functions.size());
    }
}

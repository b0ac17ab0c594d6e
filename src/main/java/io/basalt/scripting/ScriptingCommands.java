package io.basalt.scripting;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Engine;
import io.basalt.command.Help;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;

/** EVAL, EVALSHA, their _RO forms and SCRIPT (eval.c). */
public final class ScriptingCommands implements CommandFamily {
    private static final byte[] SYNC = Ascii.bytes("SYNC");
    private static final byte[] ASYNC = Ascii.bytes("ASYNC");
    private static final String[] HELP = {
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
    };

    @Override
    public void register(Binder b) {
        b.bind("eval", c -> eval(c, false, false));
        b.bind("evalsha", c -> eval(c, true, false));
        b.bind("eval_ro", c -> eval(c, false, true));
        b.bind("evalsha_ro", c -> eval(c, true, true));
        b.bind("script|load", ScriptingCommands::load);
        b.bind("script|exists", ScriptingCommands::exists);
        b.bind("script|flush", ScriptingCommands::flush);
        b.bind("script|kill", c -> scripting(c).kill(c, true));
        b.bind("script|help", c -> Help.reply(c, "SCRIPT", HELP));
    }

    @Override
    public void attach(Engine engine) {
        engine.provide(Scripting.class, new Scripting(engine));
    }

    static Scripting scripting(Client c) {
        return c.engine().service(Scripting.class);
    }

    /** EVAL script numkeys [key ...] [arg ...] and its relatives (evalGenericCommand). */
    private static void eval(Client c, boolean bySha, boolean ro) {
        Args a = c.args();
        if (bySha && a.length(1) != 40) throw new CommandError(Scripting.NOSCRIPT);
        int numkeys = numkeys(a, Errors.NOT_INTEGER);
        Scripting s = scripting(c);
        String sha = bySha ? Ascii.lower(a.string(1)) : null;
        if (bySha && !s.exists(sha)) throw new CommandError(Scripting.NOSCRIPT);
        s.run(c, () -> {
            Scripting.Script script = bySha ? s.script(sha) : s.create(c, a.buffer(), a.offset(1), a.length(1));
            if (script == null) return;
            ScriptRun run = s.prepare(c, script.sha(), script.flags(), ro, true);
            if (run == null) return;
            s.call(s.vm(), run, script.ref(), a, 3, numkeys);
        });
    }

    /** EVAL's and FCALL's numkeys (argument 2), checked against the arguments after it. */
    static int numkeys(Args a, String notANumber) {
        long numkeys = Arguments.longArg(a, 2, notANumber);
        if (numkeys > a.count() - 3) throw new CommandError(Errors.NUMKEYS_EXCEED_ARGS);
        if (numkeys < 0) throw new CommandError(Errors.NUMKEYS_NEGATIVE);
        return (int) numkeys;
    }

    private static void load(Client c) {
        Args a = c.args();
        Scripting s = scripting(c);
        String[] sha = new String[1];
        s.onScriptThread(() -> {
            Scripting.Script script = s.create(c, a.buffer(), a.offset(2), a.length(2));
            if (script != null) sha[0] = script.sha();
        });
        if (sha[0] != null) c.reply().bulk(Ascii.bytes(sha[0]));
    }

    private static void exists(Client c) {
        Args a = c.args();
        Scripting s = scripting(c);
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        for (int i = 2; i < a.count(); i++) r.integer(s.exists(Ascii.lower(a.string(i))) ? 1 : 0);
    }

    private static void flush(Client c) {
        Args a = c.args();
        if (a.count() > 3 || (a.count() == 3 && !a.is(2, SYNC) && !a.is(2, ASYNC))) {
            throw new CommandError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        scripting(c).flush();
        c.reply().ok();
    }
}

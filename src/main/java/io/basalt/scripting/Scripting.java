package io.basalt.scripting;

import io.basalt.command.BusyScript;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.Engine;
import io.basalt.command.ReplicationGate;
import io.basalt.command.spi.DetachedConnection;
import io.basalt.config.Directives;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * A server's scripting state (eval.c, script.c): the script cache by SHA1, the interpreter and
 * the thread it runs on, the client scripts run their commands as, and the running script.
 * The event loop calls in from command handlers; everything that touches Lua runs on the
 * script thread while the event loop waits (see {@link ScriptThread}).
 */
public final class Scripting {
    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    /** Redis steps the Lua collector every 50 scripts (LUA_GC_CYCLE_PERIOD). */
    private static final int GC_PERIOD = 50;

    /** A cached script: its body (for SCRIPT EXISTS, memory), shebang flags and compiled function. */
    record Script(String sha, byte[] body, int flags, int ref) {}

    private final Engine engine;
    private final Map<String, Script> scripts = new HashMap<>();
    private long scriptsBodyBytes;
    private final CaptureSink sink = new CaptureSink();
    /** The client scripts run their commands as (Redis's lua_client), made with the interpreter. */
    Client scriptClient;
    final Rand48 rand = new Rand48();
    private ScriptThread thread;
    private LuaVm vm;
    private final Functions functions;
    private volatile ScriptRun current;
    private volatile long busyThreshold;
    private int gcCount;

    Scripting(Engine engine) {
        this.engine = engine;
        engine.config().watch(Directives.BUSY_REPLY_THRESHOLD, v -> busyThreshold = (Long) v);
        functions = new Functions(this);
    }

    Functions functions() {
        return functions;
    }

    Engine engine() {
        return engine;
    }

    /** Script thread: EVAL's interpreter, made on first use. */
    LuaVm vm() {
        if (vm == null) vm = newVm();
        return vm;
    }

    ScriptRun current() {
        return current;
    }

    CaptureSink sink() {
        return sink;
    }

    long busyThreshold() {
        return busyThreshold;
    }

    ScriptThread thread() {
        return thread;
    }

    /** Runs {@code work} on the script thread, creating the thread on first use; true unless it went busy. */
    boolean onScriptThread(Runnable work) {
        if (thread == null) {
            thread = new ScriptThread("basalt-lua");
            engine.busyScript().setScriptThread(thread.thread());
        }
        return thread.run(work);
    }

    /**
     * Script thread: a new interpreter with the redis API (EVAL's, or the one function
     * libraries live in: Redis keeps them apart, so SCRIPT FLUSH leaves functions alone).
     */
    LuaVm newVm() {
        if (scriptClient == null) {
            ReplyWriter w = new ReplyWriter(sink);
            w.setErrorObserver(engine.stats()::countError);
            scriptClient = new Client(engine.clients().newId(), engine, new DetachedConnection(), w);
            scriptClient.set(Client.DENY_BLOCKING);
        }
        return new LuaVm(new RedisApi(this));
    }

    // ---- the cache ------------------------------------------------------------------------

    static String sha1hex(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(b, off, len);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Script script(String sha) {
        return scripts.get(sha);
    }

    boolean exists(String sha) {
        return scripts.containsKey(sha);
    }

    int scriptCount() {
        return scripts.size();
    }

    long scriptsMemory() {
        return scriptsBodyBytes + scripts.size() * 120L;
    }

    /**
     * Script thread: Redis's luaCreateFunction. Returns the cached script, compiling the body
     * first if needed; on a shebang or compile error replies to {@code c} and returns null.
     */
    Script create(Client c, byte[] body, int off, int len) {
        String sha = sha1hex(body, off, len);
        Script s = scripts.get(sha);
        if (s != null) return s;
        byte[] copy = java.util.Arrays.copyOfRange(body, off, off + len);
        ScriptFlags.Shebang shebang = ScriptFlags.read(copy);
        if (shebang.error() != null) {
            c.reply().error(shebang.error());
            return null;
        }
        // The shebang line goes, its newline stays: line numbers match the body the user sent.
        LuaVm vm = vm();
        if (vm.load(copy, shebang.length(), copy.length - shebang.length(), "@user_script") != 0) {
            String msg = vm.text(-1);
            vm.c.lua_settop(vm.p, 0);
            c.reply().error("ERR Error compiling script (new function): " + msg);
            return null;
        }
        vm.setScriptEnvironment();
        int ref = vm.c.luaL_ref(vm.p, vm.registry);
        s = new Script(sha, copy, shebang.flags(), ref);
        scripts.put(sha, s);
        scriptsBodyBytes += copy.length;
        return s;
    }

    /** SCRIPT FLUSH: Redis drops the whole interpreter with the cache; a new one is made on next use. */
    void flush() {
        scripts.clear();
        scriptsBodyBytes = 0;
        if (vm != null) {
            onScriptThread(() -> {
                vm.close();
                vm = null;
            });
        }
    }

    // ---- running --------------------------------------------------------------------------

    /**
     * Redis's scriptPrepareForRun: the checks a script's declared flags call for; replies
     * the error and returns null when it may not run.
     */
    ScriptRun prepare(Client caller, String name, int flags, boolean ro, boolean eval) {
        ReplicationGate gate = engine.replicationGate();
        boolean obey = caller.has(Client.MASTER) || caller.id() < 0;
        boolean compat = (flags & ScriptFlags.EVAL_COMPAT) != 0;
        ReplyWriter r = caller.reply();
        boolean maxmemory = engine.memoryLimit().limited();
        if (!compat) {
            if (gate.staleDenied && (flags & ScriptFlags.ALLOW_STALE) == 0) {
                r.error("MASTERDOWN Link with MASTER is down, replica-serve-stale-data is set to 'no' "
                        + "and 'allow-stale' flag is not set on the script.");
                return null;
            }
            if ((flags & ScriptFlags.NO_WRITES) == 0) {
                if (gate.readOnlyReplica && !obey) {
                    r.error("READONLY Can not run script with write flag on readonly replica");
                    return null;
                }
                String denial = engine.diskErrors().writeDenial();
                if (denial != null && !obey) {
                    r.error(denial.equals(Errors.MISCONF_RDB)
                            ? "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
                                    + "to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts."
                            : "MISCONF Redis is configured to persist data to AOF, but it's currently unable to persist "
                                    + "to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts. "
                                    + "AOF error: " + denial.substring(denial.indexOf(':') + 2));
                    return null;
                }
                if (ro) {
                    r.error("ERR Can not execute a script with write flag using *_ro command.");
                    return null;
                }
                if (gate.lacksGoodReplicas) {
                    r.error(Errors.NOREPLICAS);
                    return null;
                }
            }
            if (engine.memoryLimit().outOfMemory() && maxmemory && (flags & (ScriptFlags.ALLOW_OOM | ScriptFlags.NO_WRITES)) == 0) {
                r.error("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
                return null;
            }
        } else if (gate.staleDenied) {
            r.error(Errors.MASTERDOWN);
            return null;
        }
        boolean readOnly = ro || (!compat && (flags & ScriptFlags.NO_WRITES) != 0);
        boolean allowOom = !compat && (flags & ScriptFlags.ALLOW_OOM) != 0;
        return new ScriptRun(caller, name, eval, readOnly, allowOom, engine.memoryLimit().outOfMemory() && maxmemory,
                System.nanoTime(), engine.keyspace().now());
    }

    /**
     * Script thread: calls the function in registry slot {@code ref} (Redis's luaCallFunction):
     * an EVAL body with KEYS and ARGV as globals, a function with them as its two arguments;
     * the result or error becomes the caller's reply.
     */
    void call(LuaVm vm, ScriptRun run, int ref, Args a, int keysFrom, int numkeys) {
        var c = vm.c;
        long p = vm.p;
        Client caller = run.caller;
        int argsFrom = keysFrom + numkeys, nargs = a.count() - argsFrom;
        c.lua_settop(p, 0);
        scriptClient.select(caller.db().id());
        scriptClient.reply().setProtocol(2);
        current = run;
        c.lua_rawgeti(p, vm.registry, vm.handlerRef);
        c.lua_rawgeti(p, vm.registry, ref);
        int status;
        if (run.eval) {
            vm.setGlobalArray("KEYS", a, keysFrom, numkeys);
            vm.setGlobalArray("ARGV", a, argsFrom, nargs);
            status = c.lua_pcall(p, 0, 1, 1);
        } else {
            vm.pushArray(a, keysFrom, numkeys);
            vm.pushArray(a, argsFrom, nargs);
            status = c.lua_pcall(p, 2, 1, 1);
        }
        if (++gcCount == GC_PERIOD) {
            vm.gcStep(GC_PERIOD);
            gcCount = 0;
        }
        if (status != 0) {
            errorReply(vm, caller.reply(), -1, run.name);
            c.lua_settop(p, -2);
        } else {
            vm.replies.reply(caller.reply(), run.resp);
        }
        c.lua_settop(p, 0);
        if (run.killed) vm.countHook();
        current = null;
    }

    /**
     * Runs a prepared script on the script thread and waits. If it outlives
     * busy-reply-threshold, the caller's call is suspended and finishes later on its event
     * loop (see {@code command.BusyScript}); in every case the script's writes propagate as
     * the commands it ran (the script command itself never propagates).
     */
    void run(Client caller, Runnable work) {
        boolean done = onScriptThread(() -> {
            work.run();
            ScriptRun busy = busyRun;
            if (busy != null) {
                busyRun = null;
                BusyScript b = engine.busyScript();
                b.scriptReturned();
                thread.busyJobDone();
                caller.connection().runThenResume(() -> {
                    caller.preventPropagation();
                    engine.dispatcher().finishBusyScript(caller);
                });
            }
        });
        if (done) {
            caller.preventPropagation();
        } else {
            engine.dispatcher().suspendForBusyScript(caller);
        }
    }

    /** Script thread: the run that went busy, whose call ends on its event loop. */
    private ScriptRun busyRun;

    /** Script thread, at the instruction-count hook: BUSY detection, turns with the event loop, SCRIPT KILL. */
    boolean interrupt() {
        ScriptRun run = current;
        if (run == null) return false;
        BusyScript busy = engine.busyScript();
        if (busyRun != null) {
            busy.yieldTurn();
            engine.keyspace().freezeTimeAt(run.snapshotMillis);
        } else {
            long threshold = busyThreshold;
            long elapsed = (System.nanoTime() - run.startNanos) / 1_000_000;
            if (threshold > 0 && elapsed >= threshold) {
                Log.warning("Slow script detected: still in execution after " + elapsed + " milliseconds. "
                        + "You can try killing the script using the " + (run.eval ? "SCRIPT KILL" : "FUNCTION KILL")
                        + " command. Script name is: " + run.name + ".");
                busy.begin(run.eval);
                busyRun = run;
                thread.wentBusy();
            }
        }
        return run.killed;
    }

    /** SCRIPT KILL / FUNCTION KILL (scriptKill), on the event loop while a script is busy. */
    void kill(Client c, boolean eval) {
        ScriptRun run = current;
        if (run == null) throw new CommandError("NOTBUSY No scripts in execution right now.");
        if (run.callerMustBeObeyed()) {
            throw new CommandError("UNKILLABLE The busy script was sent by a master instance in the context of "
                    + "replication and cannot be killed.");
        }
        if (run.writeDirty) {
            throw new CommandError("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the "
                    + "SHUTDOWN NOSAVE command.");
        }
        if (eval && !run.eval) throw new CommandError(Errors.BUSY_FUNCTION);
        if (!eval && run.eval) throw new CommandError(Errors.BUSY_SCRIPT);
        run.killed = true;
        c.reply().ok();
    }

    /**
     * Redis's reply for a script error (luaExtractErrorInformation and luaCallFunction): the
     * error table's message, with " script: NAME, on SOURCE:LINE." when {@code script} is
     * given and the handler recorded where; an error a command already counted is not
     * counted again.
     */
    static void errorReply(LuaVm vm, ReplyWriter out, int idx, String script) {
        var c = vm.c;
        long p = vm.p;
        int abs = idx < 0 ? c.lua_gettop(p) + idx + 1 : idx;
        if (vm.type(abs) != LuaVm.TTABLE) {
            String msg = vm.text(abs);
            if (msg == null) msg = "execution failure";
            if (msg.length() > 100) msg = msg.substring(0, 100);
            out.error(("ERR Error running script " + script + ", " + msg + "\n").getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        String err = field(vm, abs, "err"), source = field(vm, abs, "source"), line = field(vm, abs, "line");
        c.lua_getfield(p, abs, "ignore_error_stats_update");
        boolean counted = vm.type(-1) == LuaVm.TBOOLEAN && c.lua_toboolean(p, -1) != 0;
        c.lua_settop(p, -2);
        String msg = err == null ? "" : err;
        if (script != null && source != null && line != null) msg += " script: " + script + ", on " + source + ":" + line + ".";
        byte[] bytes = msg.getBytes(StandardCharsets.ISO_8859_1);
        if (counted) out.errorUncounted(bytes);
        else out.error(bytes);
    }

    private static String field(LuaVm vm, int idx, String name) {
        vm.c.lua_getfield(vm.p, idx, name);
        String s = vm.type(-1) == LuaVm.TSTRING || vm.type(-1) == LuaVm.TNUMBER ? vm.text(-1) : null;
        vm.c.lua_settop(vm.p, -2);
        return s;
    }

    /** Collects what the script client's writer hands over, so a command's whole reply can be read back. */
    static final class CaptureSink implements io.basalt.protocol.ReplySink {
        byte[] buf = new byte[1024];
        int len;

        @Override
        public void write(byte[] b, int n) {
            if (len + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            System.arraycopy(b, 0, buf, len, n);
            len += n;
        }
    }
}

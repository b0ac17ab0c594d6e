package io.basalt.scripting;

import io.basalt.command.Client;
import io.basalt.command.CommandFlag;
import io.basalt.command.CommandSpec;
import io.basalt.command.Engine;
import io.basalt.command.ReplicationGate;
import io.basalt.config.ServerVersion;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.util.Doubles;
import io.basalt.util.Log;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.lua51.Lua51Natives;

import java.nio.charset.StandardCharsets;

/**
 * The functions scripts reach Redis through (script_lua.c): redis.call/pcall (with
 * scriptCall's checks), error_reply, status_reply, sha1hex, log, setresp, set_repl,
 * math.random/randomseed, and the instruction-count hook. Each runs on the script thread as
 * a luajava {@link party.iroiro.luajava.JFunction}: a Lua error is raised by pushing the
 * error value and returning -1.
 */
final class RedisApi {
    private static final int RAISE = -1;

    private final Scripting scripting;
    private final Engine engine;
    private LuaVm vm;

    RedisApi(Scripting scripting) {
        this.scripting = scripting;
        this.engine = scripting.engine();
    }

    /** Fills the table on top of the stack with the functions, for the sandbox to place. */
    void register(LuaVm vm) {
        this.vm = vm;
        vm.setFunction("call", L -> command(true));
        vm.setFunction("pcall", L -> command(false));
        vm.setFunction("error_reply", L -> errorReply());
        vm.setFunction("status_reply", L -> statusReply());
        vm.setFunction("sha1hex", L -> sha1hex());
        vm.setFunction("log", L -> log());
        vm.setFunction("setresp", L -> setResp());
        vm.setFunction("set_repl", L -> setRepl());
        vm.setFunction("random", L -> random());
        vm.setFunction("randomseed", L -> randomSeed());
        vm.setFunction("hook", L -> hook());
        vm.setFunction("rawset", L -> rawset());
        vm.setFunction("register_function", L -> registerFunction());
        vm.push(ServerVersion.REDIS_VERSION);
        vm.c.lua_setfield(vm.p, -2, "REDIS_VERSION");
        vm.c.lua_pushnumber(vm.p, versionNumber(ServerVersion.REDIS_VERSION));
        vm.c.lua_setfield(vm.p, -2, "REDIS_VERSION_NUM");
    }

    /** REDIS_VERSION_NUM: 0x00MMmmpp. */
    private static int versionNumber(String version) {
        String[] parts = version.split("\\.");
        return (Integer.parseInt(parts[0]) << 16) | (Integer.parseInt(parts[1]) << 8) | Integer.parseInt(parts[2]);
    }

    private Lua51Natives c() {
        return vm.c;
    }

    private int top() {
        return vm.c.lua_gettop(vm.p);
    }

    private int raise(String error) {
        vm.pushError(error);
        return RAISE;
    }

    /** A string error as luaL_error raises it from a C function: prefixed with the calling script's position. */
    private int raisePlain(String message) {
        vm.c.luaL_where(vm.p, 1);
        vm.push(message);
        vm.c.lua_concat(vm.p, 2);
        return RAISE;
    }

    /** A string error without position, as the patched Redis VM raises "readonly table" from rawset. */
    private int raiseBare(String message) {
        vm.push(message);
        return RAISE;
    }

    // ---- redis.call / redis.pcall ----------------------------------------------------------

    private int command(boolean raise) {
        ScriptRun run = scripting.current();
        if (run == null) return raise("redis.call/pcall can only be called inside a script invocation");
        Lua51Natives c = c();
        long p = vm.p;
        int argc = top();
        if (argc == 0) {
            vm.pushError("Please specify at least one argument for this redis lib call");
            return raise ? RAISE : 1;
        }
        byte[][] argv = new byte[argc][];
        int j = 0;
        for (; j < argc; j++) {
            int t = vm.type(j + 1);
            if (t == LuaVm.TNUMBER) argv[j] = Doubles.format(c.lua_tonumber(p, j + 1));
            else if (t == LuaVm.TSTRING) argv[j] = vm.bytes(j + 1);
            else break;
        }
        c.lua_settop(p, 0);
        if (j != argc) {
            vm.pushError("Lua redis lib command arguments must be strings or integers");
            return raise ? RAISE : 1;
        }
        Client sc = scripting.scriptClient;
        Args a = Args.of(argv);
        sc.setArgs(a);
        String denied = check(run, a);
        if (denied != null) {
            engine.stats().countError(errorCode(denied));
            vm.pushError(denied);
            c.lua_pushboolean(p, 1);
            c.lua_setfield(p, -2, "ignore_error_stats_update");
            return raise ? RAISE : 1;
        }
        sc.reply().drain();
        Scripting.CaptureSink sink = scripting.sink();
        boolean error = sink.len > 0 && sink.buf[0] == '-';
        vm.replies.pushReply(sink.buf, sink.len);
        sink.len = 0;
        return raise && error ? RAISE : 1;
    }

    private static byte[] errorCode(String error) {
        String e = error.startsWith("-") ? error.substring(1) : "ERR " + error;
        return e.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Redis's scriptCall: the checks a command run by a script passes, then the call; the refusal, or null. */
    private String check(ScriptRun run, Args a) {
        CommandSpec spec = engine.dispatcher().lookupCommand(a);
        if (spec == null) return "Unknown Redis command called from script";
        if ((spec.arity() > 0 && spec.arity() != a.count()) || a.count() < -spec.arity()) {
            return "Wrong number of args calling Redis command from script";
        }
        if (spec.has(CommandFlag.NOSCRIPT)) return "This Redis command is not allowed from script";
        ReplicationGate gate = engine.replicationGate();
        if (gate.staleDenied && !spec.has(CommandFlag.STALE)) return "Can not execute the command on a stale replica";
        boolean write = spec.has(CommandFlag.WRITE);
        if (run.readOnly && (write || spec.has(CommandFlag.MAY_REPLICATE))) {
            return "Write commands are not allowed from read-only scripts.";
        }
        boolean obey = run.callerMustBeObeyed();
        if (write && !run.writeDirty) {
            if (gate.readOnlyReplica && !obey) return "-" + Errors.READONLY;
            String denial = engine.diskErrors().writeDenial();
            if (denial != null) return "-" + denial;
            if (gate.lacksGoodReplicas) return "-" + Errors.NOREPLICAS;
        }
        if (!run.allowOom && run.oomAtStart && !obey && !run.writeDirty && spec.has(CommandFlag.DENYOOM)) {
            return "-" + Errors.OOM;
        }
        if (write) run.writeDirty = true;
        engine.dispatcher().callNested(scripting.scriptClient, spec);
        return null;
    }

    // ---- helpers ---------------------------------------------------------------------------

    private int errorReply() {
        if (top() != 1 || vm.type(-1) != LuaVm.TSTRING) {
            vm.pushError("wrong number or type of arguments");
            return 1;
        }
        String err = vm.text(-1);
        vm.pushError(err.startsWith("-") ? err : "-" + err);
        return 1;
    }

    private int statusReply() {
        if (top() != 1 || vm.type(-1) != LuaVm.TSTRING) {
            vm.pushError("wrong number or type of arguments");
            return 1;
        }
        c().lua_createtable(vm.p, 0, 1);
        c().lua_pushvalue(vm.p, -2);
        c().lua_setfield(vm.p, -2, "ok");
        return 1;
    }

    private int sha1hex() {
        if (top() != 1) return raise("wrong number of arguments");
        byte[] b = vm.bytes(1);
        if (b == null) b = new byte[0];
        vm.push(Scripting.sha1hex(b, 0, b.length));
        return 1;
    }

    private int log() {
        int argc = top();
        if (argc < 2) return raise("redis.log() requires two arguments or more.");
        if (c().lua_isnumber(vm.p, 1) == 0) return raise("First argument must be a number (log level).");
        int level = (int) c().lua_tonumber(vm.p, 1);
        if (level < 0 || level > 3) return raise("Invalid debug level.");
        Log.Level l = Log.Level.values()[level];
        if (!Log.enabled(l)) return 0;
        StringBuilder msg = new StringBuilder();
        for (int j = 2; j <= argc; j++) {
            String s = vm.text(j);
            if (s == null) continue;
            if (j != 2) msg.append(' ');
            msg.append(s);
        }
        Log.log(l, msg.toString());
        return 0;
    }

    private int setResp() {
        ScriptRun run = scripting.current();
        if (run == null) return raise("redis.setresp can only be called inside a script invocation");
        if (top() != 1) return raise("redis.setresp() requires one argument.");
        int resp = (int) c().lua_tonumber(vm.p, 1);
        if (resp != 2 && resp != 3) return raise("RESP version must be 2 or 3.");
        run.resp = resp;
        scripting.scriptClient.reply().setProtocol(resp);
        return 0;
    }

    /** Accepted and checked; Redis 7.0 replicates effects only and Basalt always propagates them all. */
    private int setRepl() {
        if (scripting.current() == null) return raise("redis.set_repl can only be called inside a script invocation");
        if (top() != 1) return raise("redis.set_repl() requires two arguments.");
        int flags = (int) c().lua_tonumber(vm.p, 1);
        if ((flags & ~3) != 0) return raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        return 0;
    }

    // ---- math.random (Redis's redis_math_random over redisLrand48) --------------------------

    private int random() {
        if (scripting.current() == null) return raisePlain("math.random can only be called inside a script invocation");
        double r = (double) (scripting.rand.next() % Rand48.MAX) / Rand48.MAX;
        long p = vm.p;
        switch (top()) {
            case 0 -> c().lua_pushnumber(p, r);
            case 1 -> {
                if (c().lua_isnumber(p, 1) == 0) return raisePlain(argError(1, "number expected, got " + typeName(1)));
                int u = (int) c().lua_tointeger(p, 1);
                if (u < 1) return raisePlain(argError(1, "interval is empty"));
                c().lua_pushnumber(p, Math.floor(r * u) + 1);
            }
            case 2 -> {
                if (c().lua_isnumber(p, 1) == 0) return raisePlain(argError(1, "number expected, got " + typeName(1)));
                if (c().lua_isnumber(p, 2) == 0) return raisePlain(argError(2, "number expected, got " + typeName(2)));
                int l = (int) c().lua_tointeger(p, 1);
                int u = (int) c().lua_tointeger(p, 2);
                if (l > u) return raisePlain(argError(2, "interval is empty"));
                c().lua_pushnumber(p, Math.floor(r * (u - l + 1)) + l);
            }
            default -> {
                return raisePlain("wrong number of arguments");
            }
        }
        return 1;
    }

    private int randomSeed() {
        if (scripting.current() == null) return raisePlain("math.randomseed can only be called inside a script invocation");
        if (c().lua_isnumber(vm.p, 1) == 0) return raisePlain("bad argument #1 to 'randomseed' (number expected, got " + typeName(1) + ")");
        scripting.rand.seed((int) c().lua_tointeger(vm.p, 1));
        return 0;
    }

    private static String argError(int n, String what) {
        return "bad argument #" + n + " to 'random' (" + what + ")";
    }

    private String typeName(int idx) {
        return vm.type(idx) == -1 ? "no value" : c().lua_typename(vm.p, vm.type(idx));
    }

    /**
     * rawset, refusing the sandbox's read-only tables (a C function like Redis's, so an error
     * names the script's line even in a tail call).
     */
    private int rawset() {
        Lua51Natives c = c();
        long p = vm.p;
        if (vm.type(1) != LuaVm.TTABLE) return raisePlain("bad argument #1 to 'rawset' (table expected, got " + typeName(1) + ")");
        if (top() < 2) return raisePlain("bad argument #2 to 'rawset' (value expected)");
        if (top() < 3) return raisePlain("bad argument #3 to 'rawset' (value expected)");
        if (c.lua_getmetatable(p, 1) != 0) {
            vm.rawField(-1, "__readonly");
            boolean readonly = c.lua_toboolean(p, -1) != 0;
            c.lua_settop(p, -3);
            if (readonly) return raiseBare("Attempt to modify a readonly table");
        }
        c.lua_settop(p, 3);
        c.lua_rawset(p, 1);
        return 1;
    }

    // ---- function libraries -----------------------------------------------------------------

    /**
     * redis.register_function (function_lua.c luaRegisterFunction): the sandbox's
     * readRegistration checks the arguments and leaves (name, description or nil, flags,
     * callback); an error it raises is raised again from here.
     */
    private int registerFunction() {
        Functions.Library lib = scripting.functions().loading();
        if (lib == null) return raise("redis.register_function can only be called on FUNCTION LOAD command");
        int argc = top();
        c().lua_rawgeti(vm.p, vm.registry, vm.readRegistrationRef);
        c().lua_insert(vm.p, 1);
        if (c().lua_pcall(vm.p, argc, 4, 0) != 0) return RAISE;
        String name = vm.text(1);
        byte[] description = vm.type(2) == LuaVm.TNIL ? null : vm.bytes(2);
        int flags = (int) c().lua_tonumber(vm.p, 3);
        if (!Functions.validName(name)) return raise(Functions.INVALID_NAME);
        if (lib.functions.containsKey(name)) return raise("Function already exists in the library");
        c().lua_settop(vm.p, 4);
        lib.add(name, description, flags, c().luaL_ref(vm.p, vm.registry));
        return 0;
    }

    // ---- the hook --------------------------------------------------------------------------

    /** Redis's luaMaskCountHook, every 100,000 instructions (every line once killed). */
    private int hook() {
        if (scripting.functions().loadTimedOut()) {
            vm.lineHook();
            return raise("FUNCTION LOAD timeout");
        }
        if (!scripting.interrupt()) return 0;
        Log.warning("Lua script killed by user with SCRIPT KILL.");
        vm.lineHook();
        return raise("Script killed by user with SCRIPT KILL...");
    }
}

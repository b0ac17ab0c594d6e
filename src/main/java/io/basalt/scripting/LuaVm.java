package io.basalt.scripting;

import io.basalt.scripting.lib.RedisLuaLibraries;
import party.iroiro.luajava.JFunction;
import party.iroiro.luajava.LuaException;
import party.iroiro.luajava.lua51.Lua51Natives;
import party.iroiro.luajava.lua51.Lua51;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One PUC Lua 5.1 interpreter (luajava's {@code lua51} over JNI) set up as Redis 7.0's
 * scripting sandbox, and the primitives the rest of the package builds on. Only the script
 * thread touches it.
 * <p>
 * The sandbox. Redis locks its globals with a patched Lua (read-only tables); stock Lua 5.1
 * gets the same visible behaviour from proxies: scripts run with an environment that is an
 * empty table whose reads go to the real globals and whose writes fail with "Attempt to
 * modify a readonly table", and whose missing names fail with "Script attempted to access
 * nonexistent global variable". The library tables (string, math, table, coroutine, redis)
 * are read-only proxies the same way. The interpreter's own globals table, which luajava
 * uses and which holds {@code io}, {@code os} and the Java bridge, is never reachable from
 * a script: loadstring/load give the functions they build the script environment, and
 * getfenv/setfenv/debug are not exposed (as in 7.0.15).
 * <p>
 * Strings cross the boundary as bytes: Lua strings are read through direct buffers, and
 * strings that are not plain ASCII are pushed by loading a tiny precompiled chunk that
 * returns them as a constant (luajava's own push goes through modified UTF-8).
 */
final class LuaVm {
    static final int TNIL = 0, TBOOLEAN = 1, TNUMBER = 3, TSTRING = 4, TTABLE = 5;

    /** Chunk name of the sandbox's own functions; the error handler skips their frames. */
    private static final String SANDBOX = "=[sandbox]";

    private final Lua51 lua;
    final Lua51Natives c;
    final long p;
    final int registry;
    private ByteBuffer chunk = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    /**
     * Registry references: the error handler, the script environment and its backing globals,
     * the hook switches, the runner of a function library's body and the reader of
     * register_function's arguments (loadLibrary and readRegistration below).
     */
    final int handlerRef, envRef, globalsRef, lineHookRef, countHookRef, loadLibraryRef, readRegistrationRef;
    /** Conversions between this interpreter's values and replies. */
    final LuaReplies replies;

    LuaVm(RedisApi api) {
        lua = new Lua51();
        c = (Lua51Natives) lua.getLuaNatives();
        p = lua.getPointer();
        registry = c.getRegistryIndex();
        lua.openLibraries();
        // Redis's cjson, cmsgpack, bit and struct, registered before the sandbox copies and locks the globals.
        try {
            RedisLuaLibraries.install(lua);
        } catch (LuaException e) {
            throw new IllegalStateException("Lua libraries failed to load: " + e.getMessage(), e);
        }
        c.lua_newtable(p);
        api.register(this);
        loadSource(SETUP, SANDBOX);
        c.lua_insert(p, -2);
        if (c.lua_pcall(p, 1, 7, 0) != 0) throw new IllegalStateException("sandbox set-up failed: " + c.lua_tostring(p, -1));
        readRegistrationRef = c.luaL_ref(p, registry);
        loadLibraryRef = c.luaL_ref(p, registry);
        countHookRef = c.luaL_ref(p, registry);
        lineHookRef = c.luaL_ref(p, registry);
        handlerRef = c.luaL_ref(p, registry);
        globalsRef = c.luaL_ref(p, registry);
        envRef = c.luaL_ref(p, registry);
        replies = new LuaReplies(this);
    }

    void close() {
        lua.close();
    }

    /** Adds {@code f} as field {@code name} of the table on top of the stack. */
    void setFunction(String name, JFunction f) {
        lua.push(f);
        c.lua_setfield(p, -2, name);
    }

    private void loadSource(String source, String name) {
        byte[] b = source.getBytes(StandardCharsets.UTF_8);
        if (load(b, 0, b.length, name) != 0) throw new IllegalStateException(c.lua_tostring(p, -1));
    }

    /** luaL_loadbuffer: the compiled function, or the error message, on top of the stack; returns the status. */
    int load(byte[] b, int off, int len, String name) {
        ByteBuffer buf = direct(len);
        buf.put(b, off, len).flip();
        return c.luaJ_loadbuffer(p, buf, len, name);
    }

    /** Gives the function on top of the stack the script environment. */
    void setScriptEnvironment() {
        c.lua_rawgeti(p, registry, envRef);
        c.lua_setfenv(p, -2);
    }

    private ByteBuffer direct(int n) {
        if (chunk.capacity() < n) {
            chunk = ByteBuffer.allocateDirect(Math.max(n, chunk.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        chunk.clear();
        return chunk;
    }

    // ---- strings ------------------------------------------------------------------------

    void push(String ascii) {
        c.luaJ_pushstring(p, ascii);
    }

    /** Pushes {@code len} bytes as a Lua string, whatever they hold. */
    void push(byte[] b, int off, int len) {
        boolean plain = true;
        for (int i = off; i < off + len; i++) {
            if (b[i] <= 0) {
                plain = false;
                break;
            }
        }
        if (plain) {
            c.luaJ_pushstring(p, new String(b, off, len, StandardCharsets.ISO_8859_1));
        } else {
            pushConstant(b, off, len);
        }
    }

    /**
     * A Lua 5.1 binary chunk (x86-64 layout: 4-byte int, 8-byte size_t and number) of one
     * function returning its only constant, the string: LOADK 0 0; RETURN 0 2; RETURN 0 1.
     */
    private void pushConstant(byte[] b, int off, int len) {
        ByteBuffer buf = direct(len + 80);
        buf.put(new byte[] {0x1B, 'L', 'u', 'a', 0x51, 0, 1, 4, 8, 4, 8, 0});
        buf.putLong(0);
        buf.putInt(0).putInt(0);
        buf.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 2);
        buf.putInt(3).putInt(1).putInt(30 | (2 << 23)).putInt(30 | (1 << 23));
        buf.putInt(1).put((byte) TSTRING).putLong(len + 1L).put(b, off, len).put((byte) 0);
        buf.putInt(0);
        buf.putInt(0).putInt(0).putInt(0);
        int size = buf.position();
        if (c.luaJ_loadbuffer(p, buf, size, "=bytes") != 0 || c.lua_pcall(p, 0, 1, 0) != 0) {
            throw new IllegalStateException("pushing a string failed: " + c.lua_tostring(p, -1));
        }
    }

    /** The string (or number, converted as Lua converts it) at {@code idx}, as bytes; null if neither. */
    byte[] bytes(int idx) {
        ByteBuffer b = (ByteBuffer) c.luaJ_todirectbuffer(p, idx);
        if (b == null) return null;
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** A string for messages (Latin-1, byte for byte); null if not a string or number. */
    String text(int idx) {
        byte[] b = bytes(idx);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    int type(int idx) {
        return c.lua_type(p, idx);
    }

    /** Pushes {@code t[key]} without metamethods, for the table at {@code idx}. */
    void rawField(int idx, String key) {
        int abs = idx < 0 ? c.lua_gettop(p) + idx + 1 : idx;
        c.luaJ_pushstring(p, key);
        c.lua_rawget(p, abs);
    }

    /**
     * The table Redis's luaPushError builds: {@code {err = "CODE message"}}, from "-CODE
     * message" (the code taken up to the first space) or a bare message ("ERR" prepended),
     * trailing CR/LF trimmed.
     */
    void pushError(String error) {
        String code = "ERR", msg = error;
        if (error.startsWith("-")) {
            int space = error.indexOf(' ');
            if (space < 0) {
                msg = error.substring(1);
            } else {
                code = error.substring(1, space);
                msg = error.substring(space + 1);
            }
        }
        int from = 0, to = msg.length();
        while (from < to && (msg.charAt(from) == '\r' || msg.charAt(from) == '\n')) from++;
        while (to > from && (msg.charAt(to - 1) == '\r' || msg.charAt(to - 1) == '\n')) to--;
        byte[] text = (code + " " + msg.substring(from, to)).getBytes(StandardCharsets.ISO_8859_1);
        c.lua_createtable(p, 0, 1);
        push(text, 0, text.length);
        c.lua_setfield(p, -2, "err");
    }

    /** Sets {@code KEYS}/{@code ARGV}-like array global {@code name} to the given values, bypassing the lock. */
    void setGlobalArray(String name, io.basalt.protocol.Args a, int from, int count) {
        c.lua_rawgeti(p, registry, globalsRef);
        c.luaJ_pushstring(p, name);
        pushArray(a, from, count);
        c.lua_rawset(p, -3);
        c.lua_settop(p, -2);
    }

    void pushArray(io.basalt.protocol.Args a, int from, int count) {
        c.lua_createtable(p, count, 0);
        for (int i = 0; i < count; i++) {
            push(a.buffer(), a.offset(from + i), a.length(from + i));
            c.lua_rawseti(p, -2, i + 1);
        }
    }

    void countHook() {
        callRef(countHookRef);
    }

    void lineHook() {
        callRef(lineHookRef);
    }

    private void callRef(int ref) {
        c.lua_rawgeti(p, registry, ref);
        c.lua_pcall(p, 0, 0, 0);
    }

    /** Memory the interpreter holds (used_memory_lua), in bytes. */
    long memory() {
        return c.lua_gc(p, 3, 0) * 1024L + c.lua_gc(p, 4, 0);
    }

    void gcStep(int steps) {
        c.lua_gc(p, 5, steps);
    }

    /**
     * The sandbox, run once with the table of Java functions: locks the globals as described
     * above and returns the script environment, its backing globals, the error handler
     * (Redis's __redis__err__handler, which also skips the sandbox's own frames) and the
     * functions switching the instruction hook to every line (after SCRIPT KILL, so pcall
     * cannot swallow the kill) and back.
     */
    private static final String SETUP = """
            local api = ...
            local error, type, tostring, setmetatable, next, pairs, byte, concat, setfenv, loadstring, load =
                error, type, tostring, setmetatable, next, pairs, string.byte, table.concat, setfenv, loadstring, load
            local pcall0, getinfo, sethook = pcall, debug.getinfo, debug.sethook
            local backing = setmetatable({}, {__mode = 'k'})
            local function readonlyError() error('Attempt to modify a readonly table', 2) end
            local function protect(t)
              local proxy = setmetatable({}, {__index = t, __newindex = readonlyError, __metatable = false, __readonly = true})
              backing[proxy] = t
              return proxy
            end
            math.random = api.random
            math.randomseed = api.randomseed
            local G = {}
            for _, name in ipairs({'assert', 'collectgarbage', 'error', 'gcinfo', 'getmetatable', 'ipairs', 'next',
                'rawequal', 'rawget', 'select', 'setmetatable', 'tonumber', 'tostring', 'type', 'unpack', 'xpcall',
                '_VERSION'}) do
              G[name] = _G[name]
            end
            local env = setmetatable({}, {__index = G, __newindex = readonlyError, __metatable = false, __readonly = true})
            backing[env] = G
            G._G = env
            G.string = protect(string)
            G.math = protect(math)
            G.table = protect(table)
            G.coroutine = protect(coroutine)
            for _, lib in ipairs({'bit', 'cjson', 'cmsgpack', 'struct'}) do
              if _G[lib] then G[lib] = protect(_G[lib]) end
            end
            local smt = getmetatable('')
            smt.__index = G.string
            smt.__metatable = protect(smt)
            G.rawset = api.rawset
            G.pairs = function(t)
              local real = backing[t]
              if real then return next, real, nil end
              return pairs(t)
            end
            G.loadstring = function(s, name)
              if type(s) == 'string' and byte(s, 1) == 27 then return nil, 'binary chunks are not allowed' end
              local f, e = loadstring(s, name)
              if f then setfenv(f, env) end
              return f, e
            end
            G.load = function(reader, name)
              local parts = {}
              while true do
                local piece = reader()
                if piece == nil or piece == '' then break end
                parts[#parts + 1] = piece
              end
              return G.loadstring(concat(parts), name)
            end
            local function unpackError(ok, ...)
              if ok then return true, ... end
              local e = ...
              if type(e) == 'table' then
                local m = e.err
                if type(m) == 'string' or type(m) == 'number' then e = m end
              end
              return false, e
            end
            G.pcall = function(f, ...) return unpackError(pcall0(f, ...)) end
            local redis = {}
            for name, f in pairs(api) do
              if name ~= 'random' and name ~= 'randomseed' and name ~= 'hook' and name ~= 'rawset'
                  and name ~= 'register_function' then redis[name] = f end
            end
            redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
            redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
            redis.breakpoint = function() return false end
            redis.debug = function() end
            redis.replicate_commands = function() return true end
            G.redis = protect(redis)
            local sandbox = '=[sandbox]'
            local function handler(err)
              local level = 2
              local i = getinfo(level, 'nSl')
              if i and i.what == 'C' then level = 3; i = getinfo(level, 'nSl') end
              while i and (i.source == sandbox or i.what == 'tail') do level = level + 1; i = getinfo(level, 'nSl') end
              if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end
              if i then
                err['source'] = i.source
                err['line'] = i.currentline
              end
              return err
            end
            G.__redis__err__handler = handler
            setmetatable(G, {__index = function(_, k)
              error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
            end, __metatable = false})
            local hook = api.hook
            local function countHook() sethook(hook, '', 100000) end
            countHook()
            -- Function libraries (function_lua.c). A library's body runs in an environment that
            -- sees only redis.register_function, redis.log and the version and log constants;
            -- the functions it registers keep that environment, which reads the full globals
            -- once the body has run.
            local function missing(_, k)
              error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
            end
            local flagBits = {['no-writes'] = 1, ['allow-oom'] = 2, ['allow-stale'] = 4, ['no-cluster'] = 8,
                ['allow-cross-slot-keys'] = 16}
            local lower, select, tostring = string.lower, select, tostring
            local function fail(msg) error({err = 'ERR ' .. msg}) end
            local function isString(v) local t = type(v) return t == 'string' or t == 'number' end
            local function readFlags(t)
              local set = {}
              for _, f in next, t do
                local b = isString(f) and flagBits[lower(tostring(f))]
                if not b then fail('unknown flag given') end
                set[b] = true
              end
              local flags = 0
              for b in next, set do flags = flags + b end
              return flags
            end
            -- redis.register_function's arguments (luaRegisterFunctionReadArgs): name,
            -- description, flags and callback, or an error. register_function itself is a Java
            -- function, as Redis's is a C one: a tail call to it keeps the caller's frame, which
            -- names the line in a runtime error.
            local function readRegistration(...)
              local n = select('#', ...)
              if n < 1 or n > 2 then fail('wrong number of arguments to redis.register_function') end
              local name, callback, desc, flags = nil, nil, nil, 0
              if n == 2 then
                local a, b = ...
                if not isString(a) then fail('first argument to redis.register_function must be a string') end
                if type(b) ~= 'function' then fail('second argument to redis.register_function must be a function') end
                name, callback = tostring(a), b
              else
                local t = ...
                if type(t) ~= 'table' then
                  fail('calling redis.register_function with a single argument is only applicable to Lua table '
                      .. '(representing named arguments).')
                end
                for k, v in next, t do
                  if not isString(k) then fail('named argument key given to redis.register_function is not a string') end
                  local key = lower(tostring(k))
                  if key == 'function_name' then
                    if not isString(v) then fail('function_name argument given to redis.register_function must be a string') end
                    name = tostring(v)
                  elseif key == 'description' then
                    if not isString(v) then fail('description argument given to redis.register_function must be a string') end
                    desc = tostring(v)
                  elseif key == 'callback' then
                    if type(v) ~= 'function' then fail('callback argument given to redis.register_function must be a function') end
                    callback = v
                  elseif key == 'flags' then
                    if type(v) ~= 'table' then
                      fail('flags argument to redis.register_function must be a table representing function flags')
                    end
                    flags = readFlags(v)
                  else
                    fail('unknown argument given to redis.register_function')
                  end
                end
                if not name then fail('redis.register_function must get a function name argument') end
                if not callback then fail('redis.register_function must get a callback argument') end
              end
              return name, desc, flags, callback
            end
            local libRedis = setmetatable({register_function = api.register_function, log = redis.log,
                LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3,
                REDIS_VERSION = redis.REDIS_VERSION, REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM}, {__index = missing})
            local libApi = setmetatable({redis = protect(libRedis)}, {__index = missing})
            local libScope = {__index = G, __newindex = readonlyError, __metatable = false, __readonly = true}
            local libEnv = setmetatable({}, libScope)
            backing[libEnv] = G
            local function loadLibrary(body)
              setfenv(body, libEnv)
              libScope.__index = libApi
              local ok, err = xpcall(body, handler)
              libScope.__index = G
              if ok then return nil end
              return err
            end
            return env, G, handler, function() sethook(hook, 'l') end, countHook, loadLibrary, readRegistration
            """;
}

package io.basalt.scripting.lib;

import party.iroiro.luajava.JFunction;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.LuaException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Installs Redis 7.0's script libraries as the globals {@code cjson}, {@code cmsgpack},
 * {@code struct} and {@code bit}: plain tables of functions, left for the caller to lock.
 *
 * <p>They are written in Lua, so a call costs no JNI crossing. Each function is a
 * {@code coroutine.wrap} closure, a C function to scripts: errors carry the caller's
 * position and argument errors the caller's name for the function, as Redis's C
 * libraries do, also after {@code return cjson.decode(x)} (a tail call to a Lua function
 * would lose the caller's frame).
 */
public final class RedisLuaLibraries {
    private static final String[] LIBRARIES = {"cjson", "cmsgpack", "struct", "bit"};
    private static final byte[] SUPPORT = resource("support");
    private static final byte[][] SOURCES = new byte[LIBRARIES.length][];

    static {
        for (int i = 0; i < LIBRARIES.length; i++) SOURCES[i] = resource(LIBRARIES[i]);
    }

    /**
     * set_c_upvalue(f, v) for support.lua: swaps a fresh coroutine into a library function
     * whose coroutine died with an error. It runs on that dying coroutine, for which luajava
     * registered a handle on entry; closing the handle releases it (the coroutine lives on).
     */
    private static final JFunction SET_C_UPVALUE = l -> {
        l.getLuaNatives().lua_setupvalue(l.getPointer(), 1, 1);
        if (l != l.getMainState()) l.close();
        return 0;
    };

    private RedisLuaLibraries() {
    }

    /**
     * Installs the four libraries into {@code lua}, whose standard libraries must be open
     * ({@code debug} and {@code coroutine} are captured here, so a sandbox may remove them
     * afterwards). Scripts must run on {@code lua}'s own thread: argument errors look up the
     * caller there.
     */
    public static void install(Lua lua) throws LuaException {
        requireGlobalTable(lua, "debug");
        requireGlobalTable(lua, "coroutine");
        int top = lua.getTop();
        try {
            load(lua, SUPPORT, "support");
            lua.pushThread();
            lua.getLuaNatives().lua_pushlightuserdata(lua.getPointer(), 0);
            lua.push(SET_C_UPVALUE);
            lua.pCall(3, 1);
            for (int i = 0; i < LIBRARIES.length; i++) {
                load(lua, SOURCES[i], LIBRARIES[i]);
                lua.pushValue(top + 1);
                lua.pCall(1, 1);
                lua.setGlobal(LIBRARIES[i]);
            }
        } finally {
            lua.setTop(top);
        }
    }

    private static void requireGlobalTable(Lua lua, String name) {
        lua.getGlobal(name);
        boolean present = lua.isTable(-1);
        lua.pop(1);
        if (!present) throw new IllegalStateException("open Lua's standard libraries first: '" + name + "' is missing");
    }

    private static void load(Lua lua, byte[] source, String name) throws LuaException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(source.length);
        chunk.put(source).flip();
        lua.load(chunk, "=" + name);
    }

    private static byte[] resource(String name) {
        try (InputStream in = RedisLuaLibraries.class.getResourceAsStream(name + ".lua")) {
            if (in == null) throw new IllegalStateException("missing resource " + name + ".lua");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

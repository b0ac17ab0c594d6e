package io.basalt.scripting.lib;

import party.iroiro.luajava.Lua;
import party.iroiro.luajava.LuaException;
import party.iroiro.luajava.lua51.Lua51;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A bare Lua 5.1 state with the libraries installed that runs a script body the way Redis
 * 7.0's EVAL does (chunk "@user_script", Redis's error handler) and renders the first
 * result as the RESP2 reply Redis would send: just enough of EVAL to compare libraries.
 */
final class LocalEval implements AutoCloseable {
    private static final String HARNESS = """
        local dbg = debug
        local function handler(err)
          local i = dbg.getinfo(2, 'nSl')
          if i and i.what == 'C' then i = dbg.getinfo(3, 'nSl') end
          if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end
          if i then err.source, err.line = i.source, i.currentline end
          return err
        end
        local function reply(v, out)
          local t = type(v)
          if t == 'string' then out[#out + 1] = '$' .. #v .. '\\r\\n' .. v .. '\\r\\n'
          elseif t == 'number' then out[#out + 1] = ':' .. string.format('%d', v) .. '\\r\\n'
          elseif t == 'boolean' then out[#out + 1] = v and ':1\\r\\n' or '$-1\\r\\n'
          elseif t == 'table' then
            local n = 0
            while rawget(v, n + 1) ~= nil do n = n + 1 end
            out[#out + 1] = '*' .. n .. '\\r\\n'
            for i = 1, n do reply(v[i], out) end
          else out[#out + 1] = '$-1\\r\\n' end
        end
        function __eval(body, sha)
          local f, err = loadstring(body, '@user_script')
          if not f then return '-ERR Error compiling script (new function): ' .. err .. '\\r\\n' end
          local ok, v = xpcall(f, handler)
          if not ok then
            local msg = '-' .. v.err
            if v.source and v.line then msg = msg .. ' script: ' .. sha .. ', on ' .. v.source .. ':' .. v.line .. '.' end
            return msg .. '\\r\\n'
          end
          local out = {}
          reply(v, out)
          return table.concat(out)
        end
        """;

    private final Lua lua = new Lua51();

    LocalEval() throws LuaException {
        lua.openLibraries();
        RedisLuaLibraries.install(lua);
        lua.run(HARNESS);
    }

    /** The RESP2 reply of {@code EVAL body 0}. */
    byte[] eval(String body) {
        lua.getGlobal("__eval");
        push(body.getBytes(StandardCharsets.UTF_8));
        lua.push(sha1(body));
        try {
            lua.pCall(2, 1);
        } catch (LuaException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer b = lua.toBuffer(-1);
        lua.pop(1);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The reply as text (ISO-8859-1, so binary bytes survive for comparison). */
    String evalText(String body) {
        return new String(eval(body), StandardCharsets.ISO_8859_1);
    }

    /** Pushes a binary-safe string: luajava only pushes Java Strings through modified UTF-8. */
    private void push(byte[] bytes) {
        ByteBuffer chunk = ByteBuffer.allocateDirect(bytes.length + 32);
        chunk.put("return [==[\n".getBytes(StandardCharsets.US_ASCII)).put(bytes).put("]==]".getBytes(StandardCharsets.US_ASCII)).flip();
        try {
            lua.load(chunk, "=body");
            lua.pCall(0, 1);
        } catch (LuaException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        lua.close();
    }
}

package io.basalt.scripting.lib;

import party.iroiro.luajava.Lua;
import party.iroiro.luajava.lua51.Lua51;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** luajava's native PUC Lua 5.1 loads on this JDK and formats numbers as Redis's Lua does. */
class LuaJavaSmokeTest {
    @Test
    void nativeLua51LoadsAndRuns() throws Exception {
        try (Lua lua = new Lua51()) {
            lua.openLibraries();
            lua.run("x = tostring(10/3) .. ' ' .. string.format('%.14g', 0.1) .. ' ' .. _VERSION");
            lua.getGlobal("x");
            assertEquals("3.3333333333333 0.1 Lua 5.1", lua.toString(-1));
        }
    }
}

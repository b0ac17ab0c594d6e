package io.basalt.scripting.lib;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.LuaException;
import party.iroiro.luajava.lua51.Lua51;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The four libraries called from a bare Lua 5.1 state. Each case is a Lua expression and
 * the text {@code tostring} gives for it on Redis 7.0.15 (captured with EVAL); expressions
 * run as line 1 of a chunk named "@user_script", as scripts do in Redis.
 */
class RedisLuaLibrariesTest {
    private static final String HEX =
            "(function(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end)";
    private static Lua lua;

    @BeforeAll
    static void openState() throws LuaException {
        lua = new Lua51();
        lua.openLibraries();
        RedisLuaLibraries.install(lua);
    }

    @AfterAll
    static void closeState() {
        lua.close();
    }

    /** tostring(expression) as bytes read as ISO-8859-1 (results may be binary). */
    static String eval(String expression) throws LuaException {
        byte[] code = ("return tostring(" + expression.replace("HEX(", HEX + "(") + ")").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer chunk = ByteBuffer.allocateDirect(code.length);
        chunk.put(code).flip();
        lua.load(chunk, "@user_script");
        lua.pCall(0, 1);
        ByteBuffer result = lua.toBuffer(-1);
        lua.pop(1);
        byte[] out = new byte[result.remaining()];
        result.get(out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static Stream<DynamicTest> cases(String... expressionThenResult) {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < expressionThenResult.length; i += 2) {
            String expression = expressionThenResult[i];
            String expected = expressionThenResult[i + 1];
            tests.add(DynamicTest.dynamicTest(expression, () -> assertEquals(expected, eval(expression))));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> cjson() {
        return cases(
                "cjson.encode({1,2,3})", "[1,2,3]",
                "cjson.encode({a={b={1,{c=cjson.null}}}})", "{\"a\":{\"b\":[1,{\"c\":null}]}}",
                "cjson.encode('a\"b\\\\c/d\\1\\127')", "\"a\\\"b\\\\c\\/d\\u0001\\u007f\"",
                "cjson.encode({0.1, 1/3, 1e20, -0.0, 2^53})", "[0.1,0.33333333333333,1e+20,-0,9.007199254741e+15]",
                "cjson.encode({[1]=1, [2]=2, [5]=5})", "[1,2,null,null,5]",
                "select(2, pcall(cjson.encode, {[1]=1, [100]=2}))", "Cannot serialise table: excessively sparse array",
                "select(2, pcall(cjson.encode, {[true]=1}))", "Cannot serialise boolean: table key must be a number or string",
                "select(2, pcall(cjson.encode, 0/0))", "Cannot serialise number: must not be NaN or Inf",
                "select(2, pcall(cjson.encode))", "bad argument #1 to '?' (expected 1 argument)",
                "select(2, pcall(function() local r = cjson.encode() return r end))", "user_script:1: bad argument #1 to 'encode' (expected 1 argument)",
                "cjson.encode(cjson.decode('{\"k\":[true,false,null,\"\\\\u00e9\"]}'))", "{\"k\":[true,false,null,\"\u00c3\u00a9\"]}",
                "cjson.decode('[1,2,3]')[3]", "3",
                "cjson.decode('\"\\\\ud83d\\\\ude00\"')", "\u00f0\u009f\u0098\u0080",
                "tostring(cjson.decode('null') == cjson.null)", "true",
                "tostring(cjson.decode(' -12.5e1 '))", "-125",
                "tostring(cjson.decode('0x10'))", "16",
                "select(2, pcall(cjson.decode, '[1,2'))", "Expected comma or array end but found T_END at character 5",
                "select(2, pcall(cjson.decode, '{\"a\":1,}'))", "Expected object key string but found T_OBJ_END at character 8",
                "select(2, pcall(cjson.decode, '\"\\\\q\"'))", "Expected value but found invalid escape code at character 2",
                "select(2, pcall(cjson.decode, ''))", "Expected value but found T_END at character 1",
                "select(2, pcall(function() local r = cjson.decode('[') return r end))", "user_script:1: Expected value but found T_END at character 2",
                "select(2, pcall(cjson.decode, '\\0['))", "JSON parser does not support UTF-16 or UTF-32",
                "(function() local j = cjson.new() j.encode_number_precision(4) return j.encode(math.pi) end)()", "3.142",
                "(function() local j = cjson.new() j.encode_sparse_array(true) return j.encode({[50]=1}) end)()", "{\"50\":1}",
                "(function() local j = cjson.new() j.encode_invalid_numbers('null') return j.encode({1/0}) end)()", "[null]",
                "(function() local j = cjson.new() return select(2, pcall(function() local r = j.encode_max_depth(0) return r end)) end)()", "user_script:1: bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647)",
                "(function() local j = cjson.new() j.decode_max_depth(3) return select(2, pcall(j.decode, '[[[[1]]]]')) end)()", "Found too many nested data structures (4) at character 4",
                "(function() local j = cjson.new() j.decode_invalid_numbers(false) return select(2, pcall(j.decode, 'NaN')) end)()", "Expected value but found invalid token at character 1",
                "cjson._VERSION", "2.1.0");
    }

    @TestFactory
    Stream<DynamicTest> cmsgpack() {
        return cases(
                "HEX(cmsgpack.pack({1, 'a', true, false}))", "9401a161c3c2",
                "HEX(cmsgpack.pack({x = 1.5}))", "81a178ca3fc00000",
                "HEX(cmsgpack.pack(-1, 200, -200, 70000, -70000, 2^40, -2^40))", "ffccc8d1ff38ce00011170d2fffeee90cf0000010000000000d3ffffff0000000000",
                "HEX(cmsgpack.pack(0.1, 0.5, 1/0))", "cb3fb999999999999aca3f000000ca7f800000",
                "HEX(cmsgpack.pack(string.rep('a', 40)))", "d92861616161616161616161616161616161616161616161616161616161616161616161616161616161",
                "HEX(cmsgpack.pack({[1]=1, [3]=3}))", "8201010303",
                "select(2, pcall(cmsgpack.pack))", "bad argument #0 to '?' (MessagePack pack needs input.)",
                "select(2, pcall(function() local r = cmsgpack.pack() return r end))", "user_script:1: bad argument #0 to 'pack' (MessagePack pack needs input.)",
                "table.concat({cmsgpack.unpack(cmsgpack.pack(1, 'two', 3.5))}, ',')", "1,two,3.5",
                "cmsgpack.unpack(cmsgpack.pack({a = {b = 'c'}})).a.b", "c",
                "tostring(cmsgpack.unpack('\\203\\64\\9\\33\\251\\84\\68\\45\\24'))", "3.1415926535898",
                "tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))", "-1",
                "table.concat({cmsgpack.unpack_one(cmsgpack.pack(7, 8, 9), 1)}, ',')", "2,8",
                "table.concat({cmsgpack.unpack_limit(cmsgpack.pack(7, 8, 9), 2)}, ',')", "2,7,8",
                "table.concat({cmsgpack.unpack_limit(cmsgpack.pack(7, 8, 9), 5, 2)}, ',')", "-1,9",
                "select(2, pcall(cmsgpack.unpack, '\\205\\1'))", "Missing bytes in input.",
                "select(2, pcall(cmsgpack.unpack, '\\193'))", "Bad data format in input.",
                "select(2, pcall(cmsgpack.unpack_one, '\\1', 5))", "Start offset 5 greater than input length 1.",
                "select(2, pcall(cmsgpack.unpack_one, '\\1', -1))", "Invalid request to unpack with offset of -1 and limit of 1.",
                "select(2, pcall(cmsgpack.unpack_limit, '\\1'))", "bad argument #2 to '?' (number expected, got no value)");
    }

    @TestFactory
    Stream<DynamicTest> struct() {
        return cases(
                "HEX(struct.pack('>iH', -2, 513))", "fffffffe0201",
                "HEX(struct.pack('<lLb', -1, 2^33, -128))", "ffffffffffffffff000000000200000080",
                "HEX(struct.pack('!4bi', 1, 2))", "0100000002000000",
                "HEX(struct.pack('i3', -1))", "ffffff",
                "HEX(struct.pack('>fd', 1.25, -0.1))", "3fa00000bfb999999999999a",
                "HEX(struct.pack('c2s', 'xyz', 'q'))", "78797100",
                "table.concat({struct.unpack('>iH', struct.pack('>iH', -2, 513))}, ',')", "-2,513,7",
                "table.concat({struct.unpack('<hbc0', '\\255\\255\\3abc')}, ',')", "-1,abc,7",
                "table.concat({struct.unpack('s', 'hi\\0rest')}, ',')", "hi,4",
                "table.concat({struct.unpack('i', struct.pack('ii', 10, 20), 5)}, ',')", "20,9",
                "tostring(struct.unpack('>d', struct.pack('>d', 0.1)))", "0.1",
                "struct.size('!bhid')", "16",
                "select(2, pcall(struct.pack, 'i', 'x'))", "bad argument #2 to '?' (number expected, got string)",
                "select(2, pcall(function() local r = struct.pack('i', 'x') return r end))", "user_script:1: bad argument #2 to 'pack' (number expected, got string)",
                "select(2, pcall(struct.pack, 'y'))", "bad argument #1 to '?' (invalid format option 'y')",
                "select(2, pcall(struct.pack, 'i40', 1))", "integral size 40 is larger than limit of 32",
                "select(2, pcall(struct.pack, '!6'))", "alignment 6 is not a power of 2",
                "select(2, pcall(struct.unpack, 'i', 'ab'))", "bad argument #2 to '?' (data string too short)",
                "select(2, pcall(struct.unpack, 'i', 'abcd', 0))", "bad argument #3 to '?' (offset must be 1 or greater)",
                "select(2, pcall(struct.unpack, 's', 'ab'))", "unfinished string in data",
                "select(2, pcall(struct.unpack, 'c0', 'ab'))", "format 'c0' needs a previous size",
                "select(2, pcall(struct.size, 's'))", "bad argument #1 to '?' (option 's' has no fixed size)");
    }

    @TestFactory
    Stream<DynamicTest> bit() {
        return cases(
                "bit.tobit(0xffffffff)", "-1",
                "bit.tobit(2^32 + 1)", "1",
                "bit.tobit(-2^52 - 7)", "-28",
                "bit.bnot(-1)", "0",
                "bit.band(0xf0f0, 0xff00, 0x3c3c)", "12288",
                "bit.bor(0x10, 0x01)", "17",
                "bit.bxor(0xff, 0x0f)", "240",
                "bit.lshift(1, 35)", "8",
                "bit.rshift(-1, 1)", "2147483647",
                "bit.arshift(-16, 2)", "-4",
                "bit.rol(0x80000001, 1)", "3",
                "bit.ror(1, 1)", "-2147483648",
                "bit.bswap(0x01020304)", "67305985",
                "bit.tohex(-2)", "fffffffe",
                "bit.tohex(0xabc, -3)", "ABC",
                "select(2, pcall(bit.band, 1, 'x'))", "bad argument #2 to '?' (number expected, got string)",
                "select(2, pcall(function() local r = bit.tohex(1, nil) return r end))", "user_script:1: bad argument #2 to 'tohex' (number expected, got nil)",
                "select(2, pcall(function() local r = bit:bnot() return r end))", "user_script:1: calling 'bnot' on bad self (number expected, got table)");
    }

    @Test
    void aFunctionStillWorksAfterItsErrors() throws LuaException {
        assertEquals("1000 [1] 3", eval("(function() local n = 0 for i = 1, 1000 do if not pcall(cjson.decode, 'x') then n = n + 1 end end"
                + " return n .. ' ' .. cjson.encode(cjson.decode('[1]')) .. ' ' .. bit.bor(1, 2) end)()"));
    }

    @Test
    void errorsLeaveNothingBehindInTheRegistry() throws LuaException {
        String count = "(function() local n = 0 for _ in pairs(debug.getregistry()) do n = n + 1 end return n end)()";
        String before = eval(count);
        eval("(function() for i = 1, 500 do pcall(struct.pack, 'i', 'x') pcall(cmsgpack.unpack, '') end return 0 end)()");
        assertEquals(before, eval(count));
    }

    @Test
    void libraryFunctionsAreCFunctionsInPlainTables() throws LuaException {
        assertEquals("function C nil", eval("type(cjson.encode) .. ' ' .. debug.getinfo(bit.band).what .. ' ' .. tostring(getmetatable(struct))"));
    }

    /** A known difference: Redis would name 'bnot' here; only the script thread's frames are read. */
    @Test
    void aCallerOnAnotherThreadGetsNoFunctionName() throws LuaException {
        assertEquals("user_script:1: bad argument #1 to '?' (number expected, got nil)",
                eval("select(2, coroutine.resume(coroutine.create(function() local r = bit.bnot(nil) return r end)))"));
    }

    @Test
    void installNeedsTheStandardLibraries() {
        try (Lua bare = new Lua51()) {
            assertThrows(IllegalStateException.class, () -> RedisLuaLibraries.install(bare));
        }
    }
}

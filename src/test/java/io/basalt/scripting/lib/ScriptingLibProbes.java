package io.basalt.scripting.lib;

import java.util.List;

/**
 * Script bodies that exercise cjson, cmsgpack, struct and bit, one per line; each must give
 * the same EVAL reply from Basalt's libraries as from Redis 7.0.15. They double as the
 * compat file {@code scripting-libs.redis} (see {@link ScriptingLibsCompatTest}).
 * The local side is not sandboxed, so probes only use globals Redis scripts have.
 */
final class ScriptingLibProbes {
    private ScriptingLibProbes() {
    }

    /** Renders a binary string as hex inside a probe. */
    private static final String HEX = "(function(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end)";

    static final List<String> ALL = lines("""
        return cjson.encode({1,2,3})
        return cjson.encode({})
        return cjson.encode({a=1})
        return cjson.encode({a={b={c={1,2,{d='e'}}}}})
        return cjson.encode('hello')
        return cjson.encode('quote " backslash \\\\ slash / tab \\t nl \\n cr \\r ff \\f bs \\b')
        return cjson.encode('\\0\\1\\31\\127\\128\\255')
        return cjson.encode(string.char(0, 11, 14, 26, 27, 30))
        return cjson.encode(1.5)
        return cjson.encode(0.1)
        return cjson.encode(1/3)
        return cjson.encode(-0.0)
        return cjson.encode(1e300)
        return cjson.encode(123456789012345678)
        return cjson.encode(2^53)
        return cjson.encode(-1.5e-10)
        return cjson.encode(100)
        return cjson.encode(true)
        return cjson.encode(false)
        return cjson.encode(nil)
        return cjson.encode(cjson.null)
        return cjson.encode({cjson.null, 1})
        return cjson.encode({1, nil, 3})
        return cjson.encode({[1]=1, [2]=2, [4]=4})
        return cjson.encode({[10]=1})
        return cjson.encode({[11]=1})
        return cjson.encode({[1]=1, [2]=2, [3]=3, [20]=4})
        return cjson.encode({[0]=1})
        return cjson.encode({[-1]=1})
        return cjson.encode({[1.5]=1})
        return cjson.encode({[2^31]=1})
        return cjson.encode({1, 2, x=3})
        return cjson.encode({['a/b']={}})
        return cjson.encode({[true]=1})
        return cjson.encode({[{}]=1})
        return cjson.encode(function() end)
        return cjson.encode({f=tostring})
        return cjson.encode(coroutine.create(function() end))
        return cjson.encode(1/0)
        return cjson.encode(-1/0)
        return cjson.encode(0/0)
        return cjson.encode({[1/0]=1})
        return cjson.encode()
        return cjson.encode(1, 2)
        return pcall(cjson.encode)
        local ok, e = pcall(cjson.encode, {}, {}) return e
        local ok, e = pcall(function() return cjson.encode(tostring) end) return e
        local ok, e = pcall(function() local x = cjson.encode(tostring) return x end) return e
        local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end return cjson.encode(t)
        local t = {} local c = t for i = 1, 998 do c[1] = {} c = c[1] end return cjson.encode(t)
        local t = {} t[1] = t return cjson.encode(t)
        local t = {} for i = 1, 100 do t[i] = i * 1.5 end return cjson.encode(t)
        local j = cjson.new() j.encode_number_precision(3) return j.encode({1/3, 12345, 0.5})
        local j = cjson.new() return {j.encode_number_precision(), j.encode_number_precision(10)}
        local j = cjson.new() return j.encode_number_precision(0)
        local j = cjson.new() return j.encode_number_precision(15)
        local j = cjson.new() return j.encode_number_precision('x')
        local j = cjson.new() return j.encode_number_precision(1, 2)
        local j = cjson.new() j.encode_sparse_array(true) return j.encode({[1]=1, [20]=2})
        local j = cjson.new() return {j.encode_sparse_array()}
        local j = cjson.new() local a, b, c = j.encode_sparse_array(true, 3, 5) return {tostring(a), b, c}
        local j = cjson.new() return j.encode_sparse_array('maybe')
        local j = cjson.new() return j.encode_sparse_array(nil, -1)
        local j = cjson.new() j.encode_sparse_array(false, 0) return j.encode({[1000]=1})
        local j = cjson.new() j.encode_max_depth(2) return j.encode({{1}})
        local j = cjson.new() j.encode_max_depth(2) return j.encode({{{1}}})
        local j = cjson.new() return j.encode_max_depth(0)
        local j = cjson.new() j.encode_invalid_numbers(true) return j.encode({1/0, -1/0, 0/0})
        local j = cjson.new() j.encode_invalid_numbers('null') return j.encode({1/0, 0/0})
        local j = cjson.new() return j.encode_invalid_numbers('null')
        local j = cjson.new() return tostring(j.encode_invalid_numbers('on'))
        local j = cjson.new() return j.encode_invalid_numbers('bogus')
        local j = cjson.new() return tostring(j.encode_keep_buffer(false))
        local j = cjson.new() return tostring(j.encode_keep_buffer())
        local j = cjson.new() j.decode_invalid_numbers(false) return j.decode('0x10')
        local j = cjson.new() j.decode_invalid_numbers(false) return j.decode('[NaN]')
        local j = cjson.new() j.decode_invalid_numbers(false) return j.decode('-inf')
        local j = cjson.new() j.decode_invalid_numbers(false) return j.decode('007')
        local j = cjson.new() j.decode_max_depth(2) return j.decode('[[1]]')
        local j = cjson.new() j.decode_max_depth(2) return j.decode('[[[1]]]')
        local j = cjson.new() j.decode_max_depth(1) return j.decode('{"a":{"b":1}}')
        return {cjson._NAME, cjson._VERSION}
        return type(cjson.null)
        return tostring(cjson.null == nil)
        return cjson.decode('[1,2,3]')
        return cjson.decode('{"a":"b"}').a
        return cjson.encode(cjson.decode('{"a":[1,2,{"b":null}],"c":true,"d":false}'))
        return cjson.encode(cjson.decode('  [ 1 , "x" ] \\t\\r\\n '))
        return tostring(cjson.decode('null') == cjson.null)
        return cjson.decode('"\\\\u0041\\\\u00e9\\\\u20ac\\\\ud83d\\\\ude00"')
        return cjson.decode('"\\\\b\\\\f\\\\n\\\\r\\\\t\\\\"\\\\\\\\\\\\/"')
        return cjson.decode('"\\\\u0000x"')
        return cjson.decode('"\\\\ud800"')
        return cjson.decode('"\\\\udc00\\\\ud800"')
        return cjson.decode('"\\\\ud83dx"')
        return cjson.decode('"\\\\u12"')
        return cjson.decode('"\\\\u12g4"')
        return cjson.decode('"\\\\x"')
        return cjson.decode('"abc')
        return cjson.decode('"abc\\\\')
        return cjson.decode('"ctl\\1char"')
        return tostring(cjson.decode('1.5e3'))
        return tostring(cjson.decode('-0'))
        return tostring(cjson.decode('0x1F'))
        return tostring(cjson.decode('+12'))
        return tostring(cjson.decode('Infinity'))
        return tostring(cjson.decode('-infinity'))
        return tostring(cjson.decode('nan'))
        return tostring(cjson.decode('1e400'))
        return tostring(cjson.decode('1.'))
        return tostring(cjson.decode('0x1p4'))
        return tostring(cjson.decode('1e+'))
        return tostring(cjson.decode('12345678901234567890'))
        return cjson.decode('-')
        return cjson.decode('.5')
        return cjson.decode('')
        return cjson.decode('   ')
        return cjson.decode('x')
        return cjson.decode('tru')
        return cjson.decode('nul')
        return cjson.decode('[1,]')
        return cjson.decode('[1 2]')
        return cjson.decode('{"a" 1}')
        return cjson.decode('{"a":1,}')
        return cjson.decode('{1:2}')
        return cjson.decode('{"a":1 "b"}')
        return cjson.decode('[1] x')
        return cjson.decode('[1]\\0garbage')[1]
        return cjson.decode('[1\\0]')
        return cjson.decode('\\0[')
        return cjson.decode('[')
        return cjson.decode('{')
        return cjson.decode(']')
        return cjson.decode(':')
        return cjson.decode(123)
        return cjson.decode()
        return cjson.decode(nil)
        return cjson.decode({})
        return cjson.decode('1', '2')
        local t = {} for i = 1, 1001 do t[i] = '[' end return cjson.decode(table.concat(t))
        local t = {} for i = 1, 1000 do t[i] = '[' end return cjson.decode(table.concat(t))
        local ok, e = pcall(cjson.decode, '{"a":}') return e
        local ok, e = pcall(function() return cjson.decode('[') end) return e
        return cmsgpack.pack(1, 2, 3)
        return HEX(cmsgpack.pack({1, 2, 3}))
        return HEX(cmsgpack.pack({a=1}))
        return HEX(cmsgpack.pack(0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296))
        return HEX(cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649))
        return HEX(cmsgpack.pack(2^53, -2^53, 2^63, -2^63, 2^64))
        return HEX(cmsgpack.pack(0.5, 1.1, -2.25, 1e300, 1e-300, 3.4028234663852886e38))
        return HEX(cmsgpack.pack(1/0, -1/0, 0/0, -0.0))
        return HEX(cmsgpack.pack(true, false, nil, tostring))
        return HEX(cmsgpack.pack(string.rep('x', 31), string.rep('y', 32)))
        return #cmsgpack.pack(string.rep('x', 255), string.rep('y', 256), string.rep('z', 65536))
        return HEX(string.sub(cmsgpack.pack(string.rep('z', 65536)), 1, 6))
        return HEX(cmsgpack.pack({}))
        return HEX(cmsgpack.pack({1, nil, 3}))
        return HEX(cmsgpack.pack({[1]=1, [3]=3}))
        return HEX(cmsgpack.pack({[0]=1}))
        return HEX(cmsgpack.pack({[1.5]=1}))
        local t = {} for i = 1, 16 do t[i] = i end return HEX(cmsgpack.pack(t))
        local t = {} for i = 1, 16 do t['k' .. i] = 1 end return #cmsgpack.pack(t)
        local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return HEX(cmsgpack.pack(t))
        local t = {} t[1] = t return HEX(cmsgpack.pack(t))
        return cmsgpack.pack()
        local ok, e = pcall(cmsgpack.pack) return e
        return cmsgpack.unpack(cmsgpack.pack({1, 2, {a='b'}}))[3].a
        return {cmsgpack.unpack(cmsgpack.pack(1, 'two', 3))}
        return cmsgpack.unpack('\\204\\255')
        return cmsgpack.unpack('\\208\\128')
        return cmsgpack.unpack('\\209\\128\\0')
        return cmsgpack.unpack('\\210\\255\\255\\255\\254')
        return cmsgpack.unpack('\\206\\255\\255\\255\\255')
        return tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))
        return tostring(cmsgpack.unpack('\\207\\127\\255\\255\\255\\255\\255\\255\\255'))
        return tostring(cmsgpack.unpack('\\211\\128\\0\\0\\0\\0\\0\\0\\1'))
        return tostring(cmsgpack.unpack('\\202\\63\\192\\0\\0'))
        return tostring(cmsgpack.unpack('\\203\\63\\241\\153\\153\\153\\153\\153\\154'))
        return tostring(cmsgpack.unpack('\\202\\127\\128\\0\\0'))
        return tostring(cmsgpack.unpack('\\203\\0\\0\\0\\0\\0\\0\\0\\1'))
        return cmsgpack.unpack('\\217\\3abc')
        return cmsgpack.unpack('\\218\\0\\3abc')
        return cmsgpack.unpack('\\219\\0\\0\\0\\3abc')
        return cmsgpack.unpack('\\220\\0\\2\\1\\2')
        return cmsgpack.unpack('\\221\\0\\0\\0\\2\\1\\2')
        return cmsgpack.unpack('\\222\\0\\1\\161a\\5').a
        return cmsgpack.unpack('\\223\\0\\0\\0\\1\\161a\\5').a
        return cmsgpack.unpack('\\146\\192\\1')
        return tostring(cmsgpack.unpack('\\192'))
        return tostring(cmsgpack.unpack('\\195'))
        return cmsgpack.unpack('\\193')
        return cmsgpack.unpack('\\196\\1a')
        return cmsgpack.unpack('\\212\\1\\1')
        return cmsgpack.unpack('\\205\\1')
        return cmsgpack.unpack('\\217\\5ab')
        return cmsgpack.unpack('\\147\\1')
        return cmsgpack.unpack('\\221\\255\\255\\255\\255')
        return cmsgpack.unpack('')
        return cmsgpack.unpack()
        return cmsgpack.unpack({})
        return cmsgpack.unpack(12)
        return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}
        return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)}
        return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)}
        return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 3)}
        return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 4)}
        return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), -1)}
        return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 'x')}
        return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}
        return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 1)}
        return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0)}
        return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0, 0)}
        return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 5, 2)}
        return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), -1)}
        return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3))}
        return {cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION}
        local t = {} for i = 1, 100 do t[i] = {i, 'v' .. i, i / 4} end local u = cmsgpack.unpack(cmsgpack.pack(t)) return {#u, u[100][2], tostring(u[99][3])}
        return struct.pack('>i', 1)
        return HEX(struct.pack('<i', -2))
        return HEX(struct.pack('bBhHlLT', -1, 255, -2, 65535, -3, 2^40, 7))
        return HEX(struct.pack('>bBhHlLT', -1, 255, -2, 65535, -3, 2^40, 7))
        return HEX(struct.pack('i1i2i3i5i8', 1, -1, 65536, -2, 2^60))
        return HEX(struct.pack('i16', -1))
        return HEX(struct.pack('>I16', 2^64 - 2^12))
        return HEX(struct.pack('I', 2^32 + 5))
        return HEX(struct.pack('i', 1.9))
        return HEX(struct.pack('i', -1.9))
        return HEX(struct.pack('L', 2^64))
        return HEX(struct.pack('l', 0/0))
        return HEX(struct.pack('L', 2^63))
        return HEX(struct.pack('l', -2^63))
        return HEX(struct.pack('l', -2^70))
        return HEX(struct.pack('fd', 1.5, 1.5))
        return HEX(struct.pack('>fd', 0.1, 0.1))
        return HEX(struct.pack('f', 1e39))
        return HEX(struct.pack('f', 1e-40))
        return HEX(struct.pack('f', 16777217))
        return HEX(struct.pack('>d', -0.0))
        return HEX(struct.pack('>d', 1/0))
        return HEX(struct.pack('c3', 'abcdef'))
        return HEX(struct.pack('c0', 'abcdef'))
        return HEX(struct.pack('s', 'abc'))
        return HEX(struct.pack('xbx', 1))
        return HEX(struct.pack('!4bi', 1, 2))
        return HEX(struct.pack('!bd', 1, 2))
        return HEX(struct.pack('!2bhbi', 1, 2, 3, 4))
        return HEX(struct.pack('!bi3', 1, 2))
        return HEX(struct.pack(' < i > i ', 1, 1))
        return HEX(struct.pack('c', 12))
        return HEX(struct.pack('i', '12'))
        return struct.pack('i', 'x')
        return struct.pack('i')
        return struct.pack('ii', 1)
        return struct.pack('iic', 1)
        return struct.pack('c5', 'ab')
        return struct.pack('z', 1)
        return struct.pack('!3i', 1)
        return struct.pack('i33', 1)
        return struct.pack('c99999999999', 'x')
        return struct.pack()
        return struct.pack({})
        local ok, e = pcall(struct.pack, 'i', 'x') return e
        local ok, e = pcall(function() return struct.pack('i', 'x') end) return e
        local ok, e = pcall(function() local r = struct.pack('i', 'x') return r end) return e
        local p = struct.pack local ok, e = pcall(function() local r = p('q') return r end) return e
        return {struct.unpack('>i', struct.pack('>i', 12345))}
        return {struct.unpack('<bBhH', struct.pack('<bBhH', -1, 255, -300, 60000))}
        return {struct.unpack('i3I3', '\\255\\255\\255\\255\\255\\255')}
        return {struct.unpack('>i9', '\\0\\0\\0\\0\\0\\0\\0\\0\\255')}
        return {struct.unpack('>i9', '\\1\\0\\0\\0\\0\\0\\0\\0\\0')}
        return {struct.unpack('>i16', string.rep('\\255', 16))}
        return {struct.unpack('<I16', string.rep('\\1', 16))}
        return {struct.unpack('i0', '')}
        return {tostring(struct.unpack('L', '\\255\\255\\255\\255\\255\\255\\255\\255'))}
        return {tostring(struct.unpack('l', '\\0\\0\\0\\0\\0\\0\\0\\128'))}
        return {tostring(struct.unpack('<f', struct.pack('<f', 0.1)))}
        return {tostring(struct.unpack('>d', struct.pack('>d', 1/3)))}
        return {tostring(struct.unpack('>f', '\\127\\192\\0\\0'))}
        return {tostring(struct.unpack('>f', '\\0\\0\\0\\1'))}
        return {struct.unpack('c3c2', 'abcdef')}
        return {struct.unpack('bc0', '\\3abcdef')}
        return {struct.unpack('c1c0', '3abcdef')}
        return {struct.unpack('c0', 'abc')}
        return {struct.unpack('s', 'ab\\0cd')}
        return {struct.unpack('ss', 'ab\\0cd\\0')}
        return {struct.unpack('s', 'abc')}
        return {struct.unpack('i', 'abc')}
        return {struct.unpack('!4bi', struct.pack('!4bi', 1, 2))}
        return {struct.unpack('i', struct.pack('ii', 1, 2), 5)}
        return {struct.unpack('i', struct.pack('ii', 1, 2), 6)}
        return {struct.unpack('i', 'abcd', 0)}
        return {struct.unpack('i', 'abcd', -1)}
        return {struct.unpack('', 'abcd', 3)}
        return {struct.unpack('<', 'abcd', 6)}
        return {struct.unpack('x', 'a')}
        return {struct.unpack('b', '')}
        return {struct.unpack('q', 'abc')}
        return {struct.unpack('i')}
        return {struct.unpack('i', 'abcd', 'x')}
        return {struct.size('i'), struct.size('bhilTfd'), struct.size('!bhilTfd'), struct.size('c10x')}
        return struct.size('s')
        return struct.size('c0')
        return struct.size('z5')
        return struct.size('?')
        return struct.size('!7')
        return struct.size('!0')
        return struct.size()
        return bit.tobit(1)
        return bit.tobit(2^32 + 5)
        return bit.tobit(2^31)
        return bit.tobit(-1)
        return bit.tobit(1.5)
        return bit.tobit(2.5)
        return bit.tobit(-1.5)
        return bit.tobit(2^52 + 3)
        return bit.tobit(2^60 + 2^40 + 7)
        return bit.tobit(-2^60 - 12345)
        return bit.tobit(1/0)
        return bit.tobit(0/0)
        return bit.tobit('0x10')
        return bit.tobit('12')
        return bit.bnot(0)
        return bit.bnot(5)
        return bit.band(0xff, 0x0f)
        return bit.band(-1, 0x12345678, 0xff00ff00)
        return bit.bor(1, 2, 4, 8)
        return bit.bor(-2^31, 1)
        return bit.bxor(0xffff, 0x0ff0)
        return bit.bxor(-1, 1)
        return bit.lshift(1, 31)
        return bit.lshift(1, 32)
        return bit.lshift(3, 33)
        return bit.lshift(0xff, -1)
        return bit.rshift(-1, 28)
        return bit.rshift(256, 4)
        return bit.arshift(-256, 4)
        return bit.arshift(256, 4)
        return bit.rol(0x12345678, 8)
        return bit.rol(0x12345678, 0)
        return bit.ror(0x12345678, 8)
        return bit.ror(0x12345678, 32)
        return bit.bswap(0x12345678)
        return bit.bswap(-1)
        return bit.tohex(255)
        return bit.tohex(-1)
        return bit.tohex(255, 2)
        return bit.tohex(255, -4)
        return bit.tohex(0x12345678, 12)
        return bit.tohex(1, 0)
        return bit.band()
        return bit.band(1, 'x')
        return bit.band(1, 2, {})
        return bit.bor('a', 'b')
        return bit.tohex(1, nil)
        return bit.lshift(1)
        return bit.tobit(true)
        local ok, e = pcall(bit.bnot) return e
        local b = bit local ok, e = pcall(function() local r = b.band(nil) return r end) return e
        local ok, e = pcall(function() local r = bit:band(1) return r end) return e
        local ok, e = pcall(function() local r = bit:band() return r end) return e
        """).stream().map(p -> p.replace("HEX(", HEX + "(")).toList();

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}

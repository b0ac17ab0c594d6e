-- lua-cmsgpack 0.4.0 as Redis 7.0 ships it (lua_cmsgpack.c).
local S = ...
local export, argerror, checkstring, checkinteger, optinteger, toint32 =
  S.export, S.argerror, S.checkstring, S.checkinteger, S.optinteger, S.toint32
local is_float, float_bits, double_words, word_bytes = S.is_float, S.float_bits, S.double_words, S.word_bytes
local float_from_bits, double_from_words = S.float_from_bits, S.double_from_words
local byte, char, sub, format = string.byte, string.char, string.sub, string.format
local floor, huge, type, next, select, error, concat, unpack = math.floor, math.huge, type, next, select, error, table.concat, unpack

local MAX_NESTING = 16
local INT_MAX = 2147483647
local TWO32 = 4294967296
-- lua_checkstack's limit (LUAI_MAXCSTACK): the C decoder keeps every value on the Lua stack.
local MAXCSTACK = 8000

local function u16(n) return char(floor(n / 256), n % 256) end

local function encode_bytes(out, s)
  local len = #s
  local n = #out
  if len < 32 then
    out[n + 1] = char(0xa0 + len)
  elseif len <= 0xff then
    out[n + 1] = char(0xd9, len)
  elseif len <= 0xffff then
    out[n + 1] = "\218" .. u16(len)
  else
    out[n + 1] = "\219" .. word_bytes(len % TWO32)
  end
  out[n + 2] = s
end

-- n is integral and within int64.
local function encode_int(out, n)
  local s
  if n >= 0 then
    if n <= 127 then s = char(n)
    elseif n <= 0xff then s = char(0xcc, n)
    elseif n <= 0xffff then s = "\205" .. u16(n)
    elseif n <= 0xffffffff then s = "\206" .. word_bytes(n)
    else
      local hi = floor(n / TWO32)
      s = "\207" .. word_bytes(hi) .. word_bytes(n - hi * TWO32)
    end
  else
    if n >= -32 then s = char(n + 256)
    elseif n >= -128 then s = char(0xd0, n + 256)
    elseif n >= -32768 then s = "\209" .. u16(n + 65536)
    elseif n >= -2147483648 then s = "\210" .. word_bytes(n + TWO32)
    else
      local hi = floor(n / TWO32)
      s = "\211" .. word_bytes(hi + TWO32) .. word_bytes(n - hi * TWO32)
    end
  end
  out[#out + 1] = s
end

local function encode_double(out, d)
  if is_float(d) then
    out[#out + 1] = "\202" .. word_bytes(float_bits(d))
  else
    local hi, lo = double_words(d)
    out[#out + 1] = "\203" .. word_bytes(hi) .. word_bytes(lo)
  end
end

local function encode_number(out, n)
  -- IS_INT64_EQUIVALENT: (int64_t)n == n
  if n >= -9223372036854775808 and n < 9223372036854775808 and floor(n) == n then
    encode_int(out, n)
  else
    encode_double(out, n)
  end
end

local encode_value

-- Keys exactly 1..N (IS_INT_EQUIVALENT per key, max == count).
local function table_is_an_array(t)
  local count, max = 0, 0
  for k in next, t do
    if type(k) ~= "number" or k <= 0 or k >= 2147483648 or floor(k) ~= k then return false end
    if k > max then max = k end
    count = count + 1
  end
  return max == count
end

local function encode_table(out, t, level)
  if table_is_an_array(t) then
    local len = #t
    if len <= 15 then out[#out + 1] = char(0x90 + len)
    elseif len <= 65535 then out[#out + 1] = "\220" .. u16(len)
    else out[#out + 1] = "\221" .. word_bytes(len) end
    for j = 1, len do encode_value(out, t[j], level + 1) end
  else
    local len = 0
    for _ in next, t do len = len + 1 end
    if len <= 15 then out[#out + 1] = char(0x80 + len)
    elseif len <= 65535 then out[#out + 1] = "\222" .. u16(len)
    else out[#out + 1] = "\223" .. word_bytes(len) end
    for k, v in next, t do
      encode_value(out, k, level + 1)
      encode_value(out, v, level + 1)
    end
  end
end

encode_value = function(out, v, level)
  local t = type(v)
  if t == "string" then encode_bytes(out, v)
  elseif t == "number" then encode_number(out, v)
  elseif t == "boolean" then out[#out + 1] = v and "\195" or "\194"
  elseif t == "table" and level ~= MAX_NESTING then encode_table(out, v, level)
  else out[#out + 1] = "\192" end
end

local pack = export(function(...)
  local nargs = select('#', ...)
  if nargs == 0 then argerror(0, "MessagePack pack needs input.") end
  if nargs * 2 > MAXCSTACK then argerror(0, "Too many arguments for MessagePack pack.") end
  local out = {}
  for i = 1, nargs do encode_value(out, (select(i, ...)), 0) end
  return concat(out)
end)

-- Decoding: s is the input, pos the 1-based position of the next byte, last the input's
-- last position; used counts the Lua stack slots the C decoder would occupy.
local s, last
local EOF, BADFMT = "Missing bytes in input.", "Bad data format in input."

local decode_value

local function need(pos, n)
  if last - pos + 1 < n then error(EOF, 0) end
end

local function u32_at(p)
  local b1, b2, b3, b4 = byte(s, p, p + 3)
  return ((b1 * 256 + b2) * 256 + b3) * 256 + b4
end

-- A 64-bit integer at p, as a double (uint64 values wrap to int64, as in the C code).
local function i64_at(p)
  local hi, lo = u32_at(p), u32_at(p + 4)
  if hi >= 2147483648 then hi = hi - TWO32 end
  return hi * TWO32 + lo
end

local function decode_array(pos, len, used)
  local t = {}
  if used + 2 > MAXCSTACK then error("stack overflow (in function mp_decode_to_lua_array)", 0) end
  for i = 1, len do
    local v
    v, pos = decode_value(pos, used + 2)
    t[i] = v
  end
  return t, pos
end

local function decode_map(pos, len, used)
  local t = {}
  for _ = 1, len do
    local k, v
    k, pos = decode_value(pos, used + 1)
    v, pos = decode_value(pos, used + 2)
    if k == nil then error("table index is nil", 0) end
    if k ~= k then error("table index is NaN", 0) end
    t[k] = v
  end
  return t, pos
end

decode_value = function(pos, used)
  need(pos, 1)
  if used + 1 > MAXCSTACK then
    error("stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)", 0)
  end
  local c = byte(s, pos)
  if c < 0x80 then return c, pos + 1 end
  if c >= 0xe0 then return c - 256, pos + 1 end
  if c >= 0xa0 and c < 0xc0 then
    local l = c - 0xa0
    need(pos, 1 + l)
    return sub(s, pos + 1, pos + l), pos + 1 + l
  end
  if c < 0x90 then return decode_map(pos + 1, c - 0x80, used) end
  if c < 0xa0 then return decode_array(pos + 1, c - 0x90, used) end
  if c == 0xc0 then return nil, pos + 1 end
  if c == 0xc2 then return false, pos + 1 end
  if c == 0xc3 then return true, pos + 1 end
  if c == 0xcc then need(pos, 2) return byte(s, pos + 1), pos + 2 end
  if c == 0xd0 then
    need(pos, 2)
    local v = byte(s, pos + 1)
    if v >= 128 then v = v - 256 end
    return v, pos + 2
  end
  if c == 0xcd or c == 0xd1 then
    need(pos, 3)
    local b1, b2 = byte(s, pos + 1, pos + 2)
    local v = b1 * 256 + b2
    if c == 0xd1 and v >= 32768 then v = v - 65536 end
    return v, pos + 3
  end
  if c == 0xce or c == 0xd2 then
    need(pos, 5)
    local v = u32_at(pos + 1)
    if c == 0xd2 and v >= 2147483648 then v = v - TWO32 end
    return v, pos + 5
  end
  if c == 0xcf or c == 0xd3 then need(pos, 9) return i64_at(pos + 1), pos + 9 end
  if c == 0xca then need(pos, 5) return float_from_bits(u32_at(pos + 1)), pos + 5 end
  if c == 0xcb then need(pos, 9) return double_from_words(u32_at(pos + 1), u32_at(pos + 5)), pos + 9 end
  if c == 0xd9 then
    need(pos, 2)
    local l = byte(s, pos + 1)
    need(pos, 2 + l)
    return sub(s, pos + 2, pos + 1 + l), pos + 2 + l
  end
  if c == 0xda then
    need(pos, 3)
    local b1, b2 = byte(s, pos + 1, pos + 2)
    local l = b1 * 256 + b2
    need(pos, 3 + l)
    return sub(s, pos + 3, pos + 2 + l), pos + 3 + l
  end
  if c == 0xdb then
    need(pos, 5)
    local l = u32_at(pos + 1)
    need(pos + 5, l)
    return sub(s, pos + 5, pos + 4 + l), pos + 5 + l
  end
  if c == 0xdc or c == 0xde then
    need(pos, 3)
    local b1, b2 = byte(s, pos + 1, pos + 2)
    if c == 0xdc then return decode_array(pos + 3, b1 * 256 + b2, used) end
    return decode_map(pos + 3, b1 * 256 + b2, used)
  end
  if c == 0xdd or c == 0xdf then
    need(pos, 5)
    local l = u32_at(pos + 1)
    if c == 0xdd then return decode_array(pos + 5, l, used) end
    return decode_map(pos + 5, l, used)
  end
  error(BADFMT, 0)
end

-- Returns the values of t[1..n] even where unpack's own stack check would refuse them.
local function results(t, n)
  if n <= MAXCSTACK - 4 then return unpack(t, 1, n) end
  return t[1], t[2], unpack(t, 3, n)
end

-- base: the stack slots the C function holds before its first value (its arguments).
local function unpack_full(input, present, base, limit, offset)
  local data = checkstring(input, 1, present)
  local len = #data
  if offset < 0 or limit < 0 then
    error(format("Invalid request to unpack with offset of %d and limit of %d.", toint32(offset), toint32(len)), 0)
  elseif offset > len then
    error(format("Start offset %d greater than input length %d.", toint32(offset), toint32(len)), 0)
  end
  local decode_all = limit == 0 and offset == 0
  if decode_all then limit = INT_MAX end
  local out, cnt = {}, 0
  local pos = offset + 1
  s, last = data, len
  while pos <= len and cnt < limit do
    local v
    v, pos = decode_value(pos, base + cnt)
    cnt = cnt + 1
    out[cnt] = v
  end
  s = nil
  if decode_all then return results(out, cnt) end
  return pos > len and -1 or pos - 1, results(out, cnt)
end

local unpack_fn = export(function(...)
  local nargs = select('#', ...)
  return unpack_full((...), nargs >= 1, nargs, 0, 0)
end)

local unpack_one = export(function(...)
  local input, offset = ...
  offset = optinteger(offset, 2, 0)
  return unpack_full(input, select('#', ...) >= 1, 1, 1, offset)
end)

local unpack_limit = export(function(...)
  local nargs = select('#', ...)
  local input, limit, offset = ...
  limit = checkinteger(limit, 2, nargs >= 2)
  offset = optinteger(offset, 3, 0)
  return unpack_full(input, nargs >= 1, 1, limit, offset)
end)

return {
  pack = pack,
  unpack = unpack_fn,
  unpack_one = unpack_one,
  unpack_limit = unpack_limit,
  _NAME = "cmsgpack",
  _VERSION = "lua-cmsgpack 0.4.0",
  _COPYRIGHT = "Copyright (C) 2012, Salvatore Sanfilippo",
  _DESCRIPTION = "MessagePack C implementation for Lua",
}

-- Shared machinery of Basalt's Redis Lua libraries (cjson, cmsgpack, struct, bit).
--
-- Redis implements these libraries in C. A C function differs from a Lua one in what a
-- script can observe: `return lib.f(x)` is no tail call (the caller's frame stays, so an
-- error says "user_script:1: ..."), luaL_error prefixes the caller's position, and
-- luaL_argerror names the function as the caller spelled it. Each library function is
-- therefore exported as a coroutine.wrap closure, which is a C function: its errors are
-- re-raised by that C function with luaL_where(L, 1), exactly luaL_error's prefix. A
-- coroutine dies with its error, so a fresh one is swapped into the closure first.
--
-- Chunk arguments: the thread scripts run on (argument errors read the caller's frame
-- there), the NULL light userdata (cjson.null), and set_c_upvalue(f, v), which sets the
-- first upvalue of the C function f (Lua's debug library refuses C functions).
local script_thread, null, set_c_upvalue = ...

local getinfo = debug.getinfo
local cocreate, cowrap, yield, running = coroutine.create, coroutine.wrap, coroutine.yield, coroutine.running
local pcall, error, type, tonumber, tostring, select = pcall, error, type, tonumber, tostring, select
local format, char, byte = string.format, string.char, string.byte
local floor, frexp, ldexp, huge = math.floor, math.frexp, math.ldexp, math.huge

local S = { null = null }

-- The exported function whose body runs now (library calls never nest).
local active

-- Returns a C function that runs impl(...) and raises its errors as a C function would.
function S.export(impl)
  local wrapper, body
  local retired  -- the coroutine that died last, kept alive until its error left the C frame
  local function finish(ok, ...)
    if ok then return ... end
    retired = running()
    set_c_upvalue(wrapper, cocreate(body))
    error((...), 0)
  end
  body = function(...)
    active = wrapper
    return body(yield(finish(pcall(impl, ...))))
  end
  wrapper = cowrap(body)
  return wrapper
end

-- luaL_argerror: names the function as its caller did ('?' when unknown).
function S.argerror(narg, extramsg)
  local ar = getinfo(script_thread, 0, "nf")
  local name, namewhat
  if ar and ar.func == active then name, namewhat = ar.name, ar.namewhat end
  if namewhat == "method" then
    narg = narg - 1
    if narg == 0 then error(format("calling '%s' on bad self (%s)", name, extramsg), 0) end
  end
  error(format("bad argument #%d to '%s' (%s)", narg, name or "?", extramsg), 0)
end

-- luaL_typerror; present is false for an argument beyond the last one passed ("no value").
function S.typerror(narg, tname, v, present)
  local got = present and type(v) or "no value"
  S.argerror(narg, tname .. " expected, got " .. got)
end

-- lua_tonumber: a number, or a string that converts; nil otherwise.
local function tonum(v)
  local t = type(v)
  if t == "number" then return v end
  if t == "string" then return tonumber(v) end
  return nil
end
S.tonum = tonum

function S.checknumber(v, narg, present)
  local n = tonum(v)
  if n == nil then S.typerror(narg, "number", v, present) end
  return n
end

-- The C cast (lua_Integer)d on x86-64: truncation, and INT64_MIN when out of range or NaN.
local function tointeger(n)
  if n ~= n or n >= 9223372036854775808 or n < -9223372036854775808 then return -9223372036854775808 end
  if n >= 0 then return floor(n) end
  return -floor(-n)
end
S.tointeger = tointeger

function S.checkinteger(v, narg, present)
  return tointeger(S.checknumber(v, narg, present))
end

function S.optinteger(v, narg, default)
  if v == nil then return default end
  return tointeger(S.checknumber(v, narg, true))
end

-- luaL_checklstring: strings, and numbers converted as lua_tolstring does ("%.14g").
function S.checkstring(v, narg, present)
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then return tostring(v) end
  S.typerror(narg, "string", v, present)
end

-- The C cast (int) of an integral value: its low 32 bits, signed.
function S.toint32(n)
  n = n % 4294967296
  if n >= 2147483648 then n = n - 4294967296 end
  return n
end

-- Bitwise AND of two integers in [0, 2^32), four bits at a time.
local and4 = {}
for a = 0, 15 do
  for b = 0, 15 do
    local r, bit = 0, 1
    for _ = 1, 4 do
      if a % (bit * 2) >= bit and b % (bit * 2) >= bit then r = r + bit end
      bit = bit * 2
    end
    and4[a * 16 + b] = r
  end
end
function S.band(a, b)
  local r, scale = 0, 1
  while a > 0 and b > 0 do
    local na, nb = a % 16, b % 16
    r = r + and4[na * 16 + nb] * scale
    a, b, scale = (a - na) / 16, (b - nb) / 16, scale * 16
  end
  return r
end

-- A NaN's sign is visible only through printf; arithmetic NaNs are x86's default NaN.
local function nan_negative(x) return byte(format("%f", x), 1) == 45 end
local NEG_NAN = 0 / 0
local POS_NAN = -NEG_NAN
if nan_negative(POS_NAN) then POS_NAN, NEG_NAN = NEG_NAN, POS_NAN end

-- Rounds a non-negative value to an integer, ties to even (IEEE's default rounding).
local function round_even(x)
  local f = floor(x)
  local d = x - f
  if d > 0.5 or (d == 0.5 and f % 2 == 1) then return f + 1 end
  return f
end

-- The two 32-bit words (high, low) of the IEEE-754 double d.
local function double_words(d)
  if d ~= d then
    return nan_negative(d) and 0xFFF80000 or 0x7FF80000, 0
  end
  local sign = 0
  if d < 0 or (d == 0 and 1 / d < 0) then sign, d = 0x80000000, -d end
  if d == huge then return sign + 0x7FF00000, 0 end
  if d == 0 then return sign, 0 end
  local m, e = frexp(d)
  local exp, frac
  if e >= -1021 then
    exp, frac = e + 1022, m * 9007199254740992 - 4503599627370496
  else
    exp, frac = 0, ldexp(d, 1074)
  end
  local hi = floor(frac / 4294967296)
  return sign + exp * 1048576 + hi, frac - hi * 4294967296
end
S.double_words = double_words

-- The 32-bit pattern of (float)d, rounded to nearest even as the C conversion does.
local function float_bits(d)
  if d ~= d then return nan_negative(d) and 0xFFC00000 or 0x7FC00000 end
  local sign = 0
  if d < 0 or (d == 0 and 1 / d < 0) then sign, d = 0x80000000, -d end
  if d == huge then return sign + 0x7F800000 end
  if d == 0 then return sign end
  local m, e = frexp(d)
  if e + 126 >= 1 then
    local mant = round_even(m * 16777216)
    if mant == 16777216 then mant, e = 8388608, e + 1 end
    if e + 126 >= 255 then return sign + 0x7F800000 end
    return sign + (e + 126) * 8388608 + (mant - 8388608)
  end
  return sign + round_even(ldexp(d, 149))
end
S.float_bits = float_bits

-- Whether (double)(float)d == d.
function S.is_float(d)
  if d ~= d then return false end
  if d == huge or d == -huge or d == 0 then return true end
  local a = d < 0 and -d or d
  if a >= 3.4028235677973366e38 then return false end
  local m, e = frexp(a)
  if e + 126 >= 1 then
    local mant = m * 16777216
    return mant == floor(mant)
  end
  local k = ldexp(a, 149)
  return k == floor(k)
end

function S.double_from_words(hi, lo)
  local sign = hi >= 0x80000000
  if sign then hi = hi - 0x80000000 end
  local exp = floor(hi / 1048576)
  local frac = (hi - exp * 1048576) * 4294967296 + lo
  local v
  if exp == 2047 then
    if frac ~= 0 then return sign and NEG_NAN or POS_NAN end
    v = huge
  elseif exp == 0 then
    v = ldexp(frac, -1074)
  else
    v = ldexp(frac + 4503599627370496, exp - 1075)
  end
  if sign then return -v end
  return v
end

function S.float_from_bits(bits)
  local sign = bits >= 0x80000000
  if sign then bits = bits - 0x80000000 end
  local exp = floor(bits / 8388608)
  local frac = bits - exp * 8388608
  local v
  if exp == 255 then
    if frac ~= 0 then return sign and NEG_NAN or POS_NAN end
    v = huge
  elseif exp == 0 then
    v = ldexp(frac, -149)
  else
    v = ldexp(frac + 8388608, exp - 150)
  end
  if sign then return -v end
  return v
end

-- Big-endian bytes of a 32-bit word.
function S.word_bytes(w)
  local b1 = floor(w / 16777216)
  w = w - b1 * 16777216
  local b2 = floor(w / 65536)
  w = w - b2 * 65536
  local b3 = floor(w / 256)
  return char(b1, b2, b3, w - b3 * 256)
end

return S

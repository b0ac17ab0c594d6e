-- LuaBitOp 1.0.2 as Redis 7.0 ships it (lua_bit.c): 32-bit operations on Lua numbers.
local S = ...
local export, typerror, tonum, band = S.export, S.typerror, S.tonum, S.band
local floor, frexp, sub, select = math.floor, math.frexp, string.sub, select

local TWO32 = 4294967296

-- barg: the low 32 bits of the double n + 2^52 + 2^51, i.e. n rounded to an integer, mod 2^32.
local function bits(n)
  local y = n + 6755399441055744
  if y >= 4503599627370496 and y < 9007199254740992 then
    return (y - 4503599627370496) % TWO32
  end
  if y ~= y or y == 0 or y == 1 / 0 or y == -1 / 0 then return 0 end
  if y < 0 then y = -y end
  local m = frexp(y)
  return (m * 9007199254740992 - 4503599627370496) % TWO32
end

local function barg(narg, v, present)
  local n = tonum(v)
  if n == nil then typerror(narg, "number", v, present) end
  return bits(n)
end

local function signed(b)
  if b >= 2147483648 then return b - TWO32 end
  return b
end

local function bor2(a, b) return a + b - band(a, b) end
local function bxor2(a, b) return a + b - 2 * band(a, b) end

local function fold(op)
  return function(...)
    local n = select('#', ...)
    local b = barg(1, (...), n >= 1)
    for i = n, 2, -1 do
      b = op(b, barg(i, (select(i, ...)), true))
    end
    return signed(b)
  end
end

local function shift(fn)
  return function(...)
    local n = select('#', ...)
    local v, s = ...
    local b = barg(1, v, n >= 1)
    return signed(fn(b, barg(2, s, n >= 2) % 32))
  end
end

local lib = {}
lib.tobit = export(function(...)
  return signed(barg(1, (...), select('#', ...) >= 1))
end)
lib.bnot = export(function(...)
  return signed(TWO32 - 1 - barg(1, (...), select('#', ...) >= 1))
end)
lib.band = export(fold(band))
lib.bor = export(fold(bor2))
lib.bxor = export(fold(bxor2))
lib.lshift = export(shift(function(b, n) return (b * 2 ^ n) % TWO32 end))
lib.rshift = export(shift(function(b, n) return floor(b / 2 ^ n) end))
lib.arshift = export(shift(function(b, n) return floor(signed(b) / 2 ^ n) % TWO32 end))
lib.rol = export(shift(function(b, n) return (b * 2 ^ n) % TWO32 + floor(b / 2 ^ (32 - n)) end))
lib.ror = export(shift(function(b, n) return floor(b / 2 ^ n) + (b * 2 ^ (32 - n)) % TWO32 end))
lib.bswap = export(function(...)
  local b = barg(1, (...), select('#', ...) >= 1)
  local b1 = floor(b / 16777216)
  local b2 = floor(b / 65536) % 256
  local b3 = floor(b / 256) % 256
  local b4 = b % 256
  return signed(b4 * 16777216 + b3 * 65536 + b2 * 256 + b1)
end)

local LOWER, UPPER = "0123456789abcdef", "0123456789ABCDEF"
lib.tohex = export(function(...)
  local count = select('#', ...)
  local v, w = ...
  local b = barg(1, v, count >= 1)
  local n = 8
  if count >= 2 then n = signed(barg(2, w, true)) end
  local digits = LOWER
  if n < 0 then n, digits = -n, UPPER end
  if n > 8 then n = 8 end
  local out = {}
  for i = n, 1, -1 do
    local d = b % 16
    out[i] = sub(digits, d + 1, d + 1)
    b = (b - d) / 16
  end
  return table.concat(out, "", 1, n)
end)

return lib

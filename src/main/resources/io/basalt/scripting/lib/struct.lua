-- Roberto Ierusalimschy's struct library as Redis 7.0 ships it (lua_struct.c), for x86-64:
-- native little endian, long and size_t of 8 bytes, int of 4, maximum alignment 8.
local S = ...
local export, argerror, typerror = S.export, S.argerror, S.typerror
local checkstring, checknumber, optinteger, tonum = S.checkstring, S.checknumber, S.optinteger, S.tonum
local band, double_words, float_bits, word_bytes = S.band, S.double_words, S.float_bits, S.word_bytes
local double_from_words, float_from_bits = S.double_from_words, S.float_from_bits
local byte, char, sub, find, rep, reverse, format = string.byte, string.char, string.sub, string.find, string.rep, string.reverse, string.format
local floor, select, error, concat, unpack = math.floor, select, error, table.concat, unpack

local BIG, LITTLE = 0, 1
local MAXINTSIZE, MAXALIGN = 32, 8
local INT_MAX = 2147483647
local TWO32, TWO64 = 4294967296, 18446744073709551616
-- lua_checkstack's limit (LUAI_MAXCSTACK) for "too many results".
local MAXCSTACK = 8000

local SIZES = { b = 1, B = 1, h = 2, H = 2, l = 8, L = 8, T = 8, f = 4, d = 8, x = 1 }

-- The format is a C string: it ends at its first NUL.
local function cformat(fmt)
  local z = find(fmt, "\0", 1, true)
  if z then return sub(fmt, 1, z - 1) end
  return fmt
end

-- getnum: digits at pos, or df when there are none; returns the number and the next position.
local function getnum(fmt, pos, df)
  local c = byte(fmt, pos)
  if not c or c < 48 or c > 57 then return df, pos end
  local a = 0
  repeat
    local d = c - 48
    if a > floor(INT_MAX / 10) or a * 10 > INT_MAX - d then error("integral size overflow", 0) end
    a = a * 10 + d
    pos = pos + 1
    c = byte(fmt, pos)
  until not c or c < 48 or c > 57
  return a, pos
end

local function optsize(opt, fmt, pos)
  local size = SIZES[opt]
  if size then return size, pos end
  if opt == "c" then return getnum(fmt, pos, 1) end
  if opt == "i" or opt == "I" then
    local sz
    sz, pos = getnum(fmt, pos, 4)
    if sz > MAXINTSIZE then
      error(format("integral size %d is larger than limit of %d", sz, MAXINTSIZE), 0)
    end
    return sz, pos
  end
  return 0, pos
end

-- Padding before an item of this size at offset len (offset may stand for a wrapped size_t).
local function gettoalign(len, align, opt, size)
  if size == 0 or opt == "c" then return 0 end
  if size > align then size = align end
  return band((size - band(len % 32, size - 1)) % 32, size - 1)
end

local function isp2(x) return x > 0 and band(x, x - 1) == 0 end

-- Applies a control option (' ', '<', '>', '!'); returns endian, align and the next position.
local function controloptions(opt, fmt, pos, endian, align)
  if opt == " " then return endian, align, pos end
  if opt == ">" then return BIG, align, pos end
  if opt == "<" then return LITTLE, align, pos end
  if opt == "!" then
    local a
    a, pos = getnum(fmt, pos, MAXALIGN)
    if not isp2(a) then error(format("alignment %d is not a power of 2", a), 0) end
    return endian, a, pos
  end
  argerror(1, format("invalid format option '%s'", opt))
end

-- The size bytes of an integer as the C code stores it: the low 64 bits of the value
-- cast to unsigned long (x86-64: NaN gives 2^63, 2^64 and beyond give 0), then zeros.
local function integer_bytes(n, size, endian)
  local hi, lo
  if n < 0 then
    if n < -9223372036854775808 then n = -9223372036854775808 end
    n = -floor(-n)
    hi = floor(n / TWO32)
    lo = n - hi * TWO32
    hi = hi + TWO32
  elseif n ~= n then
    hi, lo = 2147483648, 0
  elseif n >= TWO64 then
    hi, lo = 0, 0
  else
    n = floor(n)
    hi = floor(n / TWO32)
    lo = n - hi * TWO32
  end
  local le = { byte(reverse(word_bytes(hi) .. word_bytes(lo)), 1, 8) }
  for i = 9, size do le[i] = 0 end
  local s = char(unpack(le, 1, size))
  if endian == BIG then return reverse(s) end
  return s
end

local function float_bytes(n, size, endian)
  local s
  if size == 4 then
    s = word_bytes(float_bits(n))
  else
    local hi, lo = double_words(n)
    s = word_bytes(hi) .. word_bytes(lo)
  end
  if endian == LITTLE then return reverse(s) end
  return s
end

local pack = export(function(...)
  local nargs = select('#', ...)
  local args = { ... }
  local fmt = cformat(checkstring(args[1], 1, nargs >= 1))
  -- The C code pushes a nil after the arguments: a missing argument there is "nil".
  local present = nargs + 1
  local endian, align = LITTLE, 1
  local arg, totalsize = 2, 0
  local out, nout = {}, 0
  local pos, len = 1, #fmt
  while pos <= len do
    local opt = sub(fmt, pos, pos)
    local size
    size, pos = optsize(opt, fmt, pos + 1)
    local toalign = gettoalign(totalsize, align, opt, size)
    totalsize = totalsize + toalign
    if toalign > 0 then
      nout = nout + 1
      out[nout] = rep("\0", toalign)
    end
    if opt == "b" or opt == "B" or opt == "h" or opt == "H" or opt == "l" or opt == "L"
        or opt == "T" or opt == "i" or opt == "I" then
      local n = checknumber(args[arg], arg, arg <= present)
      arg = arg + 1
      nout = nout + 1
      out[nout] = integer_bytes(n, size, endian)
    elseif opt == "x" then
      nout = nout + 1
      out[nout] = "\0"
    elseif opt == "f" or opt == "d" then
      local n = checknumber(args[arg], arg, arg <= present)
      arg = arg + 1
      nout = nout + 1
      out[nout] = float_bytes(n, size, endian)
    elseif opt == "c" or opt == "s" then
      local s = checkstring(args[arg], arg, arg <= present)
      arg = arg + 1
      local l = #s
      if size == 0 then size = l end
      if l < size then argerror(arg, "string too short") end
      nout = nout + 1
      out[nout] = sub(s, 1, size)
      if opt == "s" then
        nout = nout + 1
        out[nout] = "\0"
        size = size + 1
      end
    else
      endian, align, pos = controloptions(opt, fmt, pos, endian, align)
    end
    totalsize = totalsize + size
  end
  return concat(out, "", 1, nout)
end)

-- An integer read as the C code does: at most the last 8 bytes in significance order
-- survive the shifts; signed formats extend from bit size*8-1 (mod 64).
local function read_integer(data, at, size, endian, issigned)
  local b = { byte(data, at, at + size - 1) }
  if endian == LITTLE then
    local r = {}
    for i = 1, size do r[i] = b[size + 1 - i] end
    b = r
  end
  local first = size > 8 and size - 7 or 1
  local hi, lo = 0, 0
  for i = first, size do
    hi = (hi % 16777216) * 256 + floor(lo / 16777216)
    lo = (lo % 16777216) * 256 + b[i]
  end
  if issigned and size > 0 then
    -- mask = ~0 << bit: any bit at or above it set means negative, and sets them all
    local bit = (size * 8 - 1) % 64
    if bit >= 32 then
      local m = 2 ^ (bit - 32)
      if hi >= m then hi = hi % m + (TWO32 - m) end
    elseif hi > 0 or lo >= 2 ^ bit then
      hi, lo = TWO32 - 1, lo % 2 ^ bit + (TWO32 - 2 ^ bit)
    end
    if hi >= 2147483648 then return (hi - TWO32) * TWO32 + lo end
  end
  return hi * TWO32 + lo
end

-- Returns the values of t[1..n] even where unpack's own stack check would refuse them.
local function results(t, n)
  if n <= MAXCSTACK - 4 then return unpack(t, 1, n) end
  return t[1], t[2], unpack(t, 3, n)
end

local unpack_fn = export(function(...)
  local nargs = select('#', ...)
  local f, d, p = ...
  local fmt = cformat(checkstring(f, 1, nargs >= 1))
  local data = checkstring(d, 2, nargs >= 2)
  local ld = #data
  local pos = optinteger(p, 3, 1)
  if pos == 0 then argerror(3, "offset must be 1 or greater") end
  -- pos is a size_t: a negative offset is a huge one, kept here as its value minus 2^64.
  pos = pos - 1
  local out, n = {}, 0
  local endian, align = LITTLE, 1
  local fpos, flen = 1, #fmt
  while fpos <= flen do
    local opt = sub(fmt, fpos, fpos)
    local size
    size, fpos = optsize(opt, fmt, fpos + 1)
    pos = pos + gettoalign(pos, align, opt, size)
    if not (size <= ld and pos >= 0 and pos <= ld - size) then argerror(2, "data string too short") end
    if nargs + n + 2 > MAXCSTACK then error("stack overflow (too many results)", 0) end
    if opt == "b" or opt == "B" or opt == "h" or opt == "H" or opt == "l" or opt == "L"
        or opt == "T" or opt == "i" or opt == "I" then
      n = n + 1
      out[n] = read_integer(data, pos + 1, size, endian, opt == "b" or opt == "h" or opt == "l" or opt == "i")
    elseif opt == "x" then
      -- padding only
    elseif opt == "f" then
      local w = sub(data, pos + 1, pos + 4)
      if endian == LITTLE then w = reverse(w) end
      local b1, b2, b3, b4 = byte(w, 1, 4)
      n = n + 1
      out[n] = float_from_bits(((b1 * 256 + b2) * 256 + b3) * 256 + b4)
    elseif opt == "d" then
      local w = sub(data, pos + 1, pos + 8)
      if endian == LITTLE then w = reverse(w) end
      local b1, b2, b3, b4, b5, b6, b7, b8 = byte(w, 1, 8)
      n = n + 1
      out[n] = double_from_words(((b1 * 256 + b2) * 256 + b3) * 256 + b4, ((b5 * 256 + b6) * 256 + b7) * 256 + b8)
    elseif opt == "c" then
      if size == 0 then
        if n == 0 or tonum(out[n]) == nil then error("format 'c0' needs a previous size", 0) end
        size = tonum(out[n])
        size = size >= 0 and floor(size) or 1 / 0
        out[n] = nil
        n = n - 1
        if not (size <= ld and pos <= ld - size) then argerror(2, "data string too short") end
      end
      n = n + 1
      out[n] = sub(data, pos + 1, pos + size)
    elseif opt == "s" then
      local e = find(data, "\0", pos + 1, true)
      if not e then error("unfinished string in data", 0) end
      size = e - pos
      n = n + 1
      out[n] = sub(data, pos + 1, e - 1)
    else
      endian, align, fpos = controloptions(opt, fmt, fpos, endian, align)
    end
    pos = pos + size
  end
  n = n + 1
  out[n] = pos + 1
  return results(out, n)
end)

local size_fn = export(function(...)
  local fmt = cformat(checkstring((...), 1, select('#', ...) >= 1))
  local endian, align = LITTLE, 1
  local pos, fpos, flen = 0, 1, #fmt
  while fpos <= flen do
    local opt = sub(fmt, fpos, fpos)
    local size
    size, fpos = optsize(opt, fmt, fpos + 1)
    pos = pos + gettoalign(pos, align, opt, size)
    if opt == "s" then
      argerror(1, "option 's' has no fixed size")
    elseif opt == "c" and size == 0 then
      argerror(1, "option 'c0' has no fixed size")
    end
    if not find(opt, "%w") then
      endian, align, fpos = controloptions(opt, fmt, fpos, endian, align)
    end
    pos = pos + size
  end
  return pos
end)

return { pack = pack, unpack = unpack_fn, size = size_fn }

-- Lua CJSON 2.1.0 as Redis 7.0 ships it (lua_cjson.c, strbuf.c, fpconv.c with glibc's
-- printf/strtod, which Lua's string.format and tonumber reach as well).
local S = ...
local export, argerror, checkstring, checkinteger, toint32, null =
  S.export, S.argerror, S.checkstring, S.checkinteger, S.toint32, S.null
local byte, char, sub, find, gsub, format, lower = string.byte, string.char, string.sub, string.find, string.gsub, string.format, string.lower
local floor, huge = math.floor, math.huge
local type, next, rawget, rawset, rawequal, select, error, tonumber, concat =
  type, next, rawget, rawset, rawequal, select, error, tonumber, table.concat

local INT_MAX = 2147483647
-- lua_checkstack's limit (LUAI_MAXCSTACK): the C code keeps one or two slots per nesting level.
local MAXCSTACK = 8000

---------------------------------------------------------------- encoding

local ESCAPE = {}
for i = 0, 31 do ESCAPE[char(i)] = format("\\u%04x", i) end
ESCAPE["\b"], ESCAPE["\t"], ESCAPE["\n"], ESCAPE["\f"], ESCAPE["\r"] = "\\b", "\\t", "\\n", "\\f", "\\r"
ESCAPE['"'], ESCAPE["\\"], ESCAPE["/"], ESCAPE["\127"] = '\\"', "\\\\", "\\/", "\\u007f"
local NEEDS_ESCAPE = '[%c"\\/]'

local function quote(s)
  if find(s, NEEDS_ESCAPE) then s = gsub(s, NEEDS_ESCAPE, ESCAPE) end
  return '"' .. s .. '"'
end

-- The output under construction (encoding never re-enters: it runs no user code).
local buf, nb

local function number_text(cfg, n)
  if n ~= n or n == huge or n == -huge then
    local mode = cfg.encode_invalid_numbers
    if mode == 0 then error("Cannot serialise number: must not be NaN or Inf", 0) end
    if mode == 2 then return "null" end
    if n ~= n then return "nan" end
  end
  return format(cfg.number_format, n)
end

-- The C int of a positive integral key: x86-64 turns values past INT_MAX into INT_MIN.
local function key_int(k)
  if k > INT_MAX then return -2147483648 end
  return k
end

-- lua_array_length: the largest index of a table whose keys are all integers >= 1, or -1.
local function array_length(cfg, t)
  local max, items = 0, 0
  for k in next, t do
    if type(k) ~= "number" or k == 0 or floor(k) ~= k or k < 1 then return -1 end
    if k > max then max = key_int(k) end
    items = items + 1
  end
  local ratio = cfg.sparse_ratio
  if ratio > 0 and max > toint32(items * ratio) and max > cfg.sparse_safe then
    if cfg.sparse_convert == 0 then error("Cannot serialise table: excessively sparse array", 0) end
    return -1
  end
  return max
end

-- top: the Lua stack slots the C encoder would hold with this value on top.
local function append(cfg, v, depth, top)
  local t = type(v)
  if t == "string" then
    nb = nb + 1
    buf[nb] = quote(v)
  elseif t == "number" then
    nb = nb + 1
    buf[nb] = number_text(cfg, v)
  elseif t == "boolean" then
    nb = nb + 1
    buf[nb] = v and "true" or "false"
  elseif t == "table" then
    depth = depth + 1
    if depth > cfg.encode_max_depth or top + 3 > MAXCSTACK then
      error(format("Cannot serialise, excessive nesting (%d)", depth), 0)
    end
    local len = array_length(cfg, v)
    if len > 0 then
      nb = nb + 1
      buf[nb] = "["
      for i = 1, len do
        if i > 1 then
          nb = nb + 1
          buf[nb] = ","
        end
        append(cfg, rawget(v, i), depth, top + 1)
      end
      nb = nb + 1
      buf[nb] = "]"
    else
      nb = nb + 1
      buf[nb] = "{"
      local comma = false
      for k, val in next, v do
        if comma then
          nb = nb + 1
          buf[nb] = ","
        end
        comma = true
        local kt = type(k)
        nb = nb + 1
        if kt == "number" then
          buf[nb] = '"' .. number_text(cfg, k) .. '":'
        elseif kt == "string" then
          buf[nb] = quote(k) .. ":"
        else
          error("Cannot serialise " .. kt .. ": table key must be a number or string", 0)
        end
        append(cfg, val, depth, top + 2)
      end
      nb = nb + 1
      buf[nb] = "}"
    end
  elseif t == "nil" or rawequal(v, null) then
    nb = nb + 1
    buf[nb] = "null"
  else
    error("Cannot serialise " .. t .. ": type not supported", 0)
  end
end

local function encode(cfg, v)
  buf, nb = {}, 0
  append(cfg, v, 0, 1)
  local json = concat(buf, "", 1, nb)
  buf = nil
  return json
end

---------------------------------------------------------------- decoding

local T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL,
      T_COLON, T_COMMA, T_END, T_ERROR = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
local TOKEN_NAME = { "T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING", "T_NUMBER",
                     "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_ERROR" }
local SINGLE = { [123] = T_OBJ_BEGIN, [125] = T_OBJ_END, [91] = T_ARR_BEGIN, [93] = T_ARR_END,
                 [44] = T_COMMA, [58] = T_COLON }
-- Characters that may start true/false/null or a number strtod takes (inf, nan, +).
local WORD_START = { [102] = true, [105] = true, [73] = true, [110] = true, [78] = true, [116] = true, [43] = true }
local UNESCAPE = { [34] = '"', [92] = "\\", [47] = "/", [98] = "\b", [116] = "\t", [110] = "\n", [102] = "\f", [114] = "\r" }

-- The input being decoded (decoding never re-enters either); the C parser sees it as a
-- NUL-terminated string, so a NUL byte ends the input wherever a token starts.
local data, dlen, dcfg, depth

-- json_is_invalid_number: numbers strtod takes that strict JSON does not.
local function is_invalid_number(p)
  local c = byte(data, p)
  if c == 43 then return true end
  if c == 45 then
    p = p + 1
    c = byte(data, p)
  end
  c = c or 0
  if c == 48 then
    local c2 = byte(data, p + 1) or 0
    return c2 == 120 or c2 == 88 or (c2 >= 48 and c2 <= 57)
  elseif c <= 57 then
    return false
  end
  local w = lower(sub(data, p, p + 2))
  return w == "inf" or w == "nan"
end

-- Where glibc's strtod stops reading a number that starts at p (p itself when it reads none).
local function strtod_end(p)
  local q = p
  local c = byte(data, q)
  if c == 43 or c == 45 then q = q + 1 end
  local w = lower(sub(data, q, q + 2))
  if w == "inf" then
    if lower(sub(data, q + 3, q + 7)) == "inity" then return q + 8 end
    return q + 3
  end
  if w == "nan" then
    if byte(data, q + 3) == 40 then
      local _, e = find(data, "^[%w_]*%)", q + 4)
      if e then return e + 1 end
    end
    return q + 3
  end
  local x = byte(data, q + 1)
  if byte(data, q) == 48 and (x == 120 or x == 88) then
    local _, e = find(data, "^%x*", q + 2)
    local digits, r = e - q - 1, e + 1
    if byte(data, r) == 46 then
      local _, e2 = find(data, "^%x*", r + 1)
      digits, r = digits + e2 - r, e2 + 1
    end
    if digits == 0 then return q + 1 end
    c = byte(data, r)
    if c == 112 or c == 80 then
      local _, e3 = find(data, "^[+-]?%d+", r + 1)
      if e3 then r = e3 + 1 end
    end
    return r
  end
  local _, e = find(data, "^%d*", q)
  local digits, r = e - q + 1, e + 1
  if byte(data, r) == 46 then
    local _, e2 = find(data, "^%d*", r + 1)
    digits, r = digits + e2 - r, e2 + 1
  end
  if digits == 0 then return p end
  c = byte(data, r)
  if c == 101 or c == 69 then
    local _, e3 = find(data, "^[+-]?%d+", r + 1)
    if e3 then r = e3 + 1 end
  end
  return r
end

-- Tokens are returned as: type, value (the message for T_ERROR), 0-based index, next position.
local function number_token(p)
  -- Fast path for plain decimals, which strtod ends where this pattern does unless an
  -- exponent or a hex prefix follows.
  local _, e = find(data, "^-?%d+%.?%d*", p)
  if e then
    local c = byte(data, e + 1)
    if c == 101 or c == 69 then
      local _, e2 = find(data, "^[-+]?%d+", e + 2)
      if e2 then e = e2 end
      return T_NUMBER, tonumber(sub(data, p, e)), p - 1, e + 1
    elseif c ~= 120 and c ~= 88 then
      return T_NUMBER, tonumber(sub(data, p, e)), p - 1, e + 1
    end
  end
  e = strtod_end(p)
  if e == p then return T_ERROR, "invalid number", p - 1, p end
  return T_NUMBER, tonumber(sub(data, p, e - 1)), p - 1, e
end

local function hex4(p)
  local h = sub(data, p, p + 3)
  if #h < 4 or find(h, "%X") then return nil end
  return tonumber(h, 16)
end

local function utf8(cp)
  if cp <= 0x7F then return char(cp) end
  if cp <= 0x7FF then return char(0xC0 + floor(cp / 64), 0x80 + cp % 64) end
  if cp <= 0xFFFF then
    return char(0xE0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
  end
  return char(0xF0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64, 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
end

-- A \uXXXX escape (or a surrogate pair of them) at p: its UTF-8 and its length, or nil.
local function unicode_escape(p)
  local cp = hex4(p + 2)
  if not cp then return nil end
  local len = 6
  if cp >= 0xD800 and cp <= 0xDFFF then
    if cp >= 0xDC00 then return nil end
    if sub(data, p + 6, p + 7) ~= "\\u" then return nil end
    local low = hex4(p + 8)
    if not low or low < 0xDC00 or low > 0xDFFF then return nil end
    cp = (cp - 0xD800) * 1024 + (low - 0xDC00) + 0x10000
    len = 12
  end
  return utf8(cp), len
end

local function string_token(pos)
  local index = pos - 1
  local p = pos + 1
  local parts, np
  while true do
    local q = find(data, '["\\%z]', p)
    if not q then return T_ERROR, "unexpected end of string", dlen, dlen + 1 end
    local c = byte(data, q)
    if c == 34 then
      if not parts then return T_STRING, sub(data, p, q - 1), index, q + 1 end
      np = np + 1
      parts[np] = sub(data, p, q - 1)
      return T_STRING, concat(parts, "", 1, np), index, q + 1
    end
    if c == 0 then return T_ERROR, "unexpected end of string", q - 1, q end
    if not parts then parts, np = {}, 0 end
    np = np + 1
    parts[np] = sub(data, p, q - 1)
    local e = byte(data, q + 1) or 0
    if e == 117 then
      local s, len = unicode_escape(q)
      if not s then return T_ERROR, "invalid unicode escape code", q - 1, q end
      np = np + 1
      parts[np] = s
      p = q + len
    else
      local s = UNESCAPE[e]
      if not s then return T_ERROR, "invalid escape code", q - 1, q end
      np = np + 1
      parts[np] = s
      p = q + 2
    end
  end
end

local WHITESPACE = { [32] = true, [9] = true, [10] = true, [13] = true }

local function next_token(pos)
  local c = byte(data, pos) or 0
  if WHITESPACE[c] then
    pos = find(data, "[^ \t\n\r]", pos) or dlen + 1
    c = byte(data, pos) or 0
  end
  local single = SINGLE[c]
  if single then return single, nil, pos - 1, pos + 1 end
  if c == 0 then return T_END, nil, pos - 1, pos end
  if c == 34 then return string_token(pos) end
  if c == 45 or (c >= 48 and c <= 57) then
    if dcfg.decode_invalid_numbers == 0 and is_invalid_number(pos) then
      return T_ERROR, "invalid number", pos - 1, pos
    end
    return number_token(pos)
  end
  if WORD_START[c] then
    if sub(data, pos, pos + 3) == "true" then return T_BOOLEAN, true, pos - 1, pos + 4 end
    if sub(data, pos, pos + 4) == "false" then return T_BOOLEAN, false, pos - 1, pos + 5 end
    if sub(data, pos, pos + 3) == "null" then return T_NULL, null, pos - 1, pos + 4 end
    if dcfg.decode_invalid_numbers ~= 0 and is_invalid_number(pos) then return number_token(pos) end
  end
  return T_ERROR, "invalid token", pos - 1, pos
end

local function throw(expected, tt, v, index)
  local found = tt == T_ERROR and v or TOKEN_NAME[tt]
  error(format("Expected %s but found %s at character %d", expected, found, index + 1), 0)
end

local function descend(pos, top, slots)
  depth = depth + 1
  if depth > dcfg.decode_max_depth or top + slots > MAXCSTACK then
    error(format("Found too many nested data structures (%d) at character %d", depth, pos - 1), 0)
  end
end

local parse_value

local function parse_object(pos, top)
  descend(pos, top, 3)
  local t = {}
  local tt, v, index, p = next_token(pos)
  if tt == T_OBJ_END then
    depth = depth - 1
    return t, p
  end
  while true do
    if tt ~= T_STRING then throw("object key string", tt, v, index) end
    local key = v
    tt, v, index, p = next_token(p)
    if tt ~= T_COLON then throw("colon", tt, v, index) end
    tt, v, index, p = next_token(p)
    v, p = parse_value(tt, v, index, p, top + 2)
    rawset(t, key, v)
    tt, v, index, p = next_token(p)
    if tt == T_OBJ_END then
      depth = depth - 1
      return t, p
    end
    if tt ~= T_COMMA then throw("comma or object end", tt, v, index) end
    tt, v, index, p = next_token(p)
  end
end

local function parse_array(pos, top)
  descend(pos, top, 2)
  local t = {}
  local tt, v, index, p = next_token(pos)
  if tt == T_ARR_END then
    depth = depth - 1
    return t, p
  end
  local i = 1
  while true do
    v, p = parse_value(tt, v, index, p, top + 1)
    rawset(t, i, v)
    tt, v, index, p = next_token(p)
    if tt == T_ARR_END then
      depth = depth - 1
      return t, p
    end
    if tt ~= T_COMMA then throw("comma or array end", tt, v, index) end
    tt, v, index, p = next_token(p)
    i = i + 1
  end
end

parse_value = function(tt, v, index, p, top)
  if tt == T_STRING or tt == T_NUMBER or tt == T_BOOLEAN or tt == T_NULL then return v, p end
  if tt == T_OBJ_BEGIN then return parse_object(p, top) end
  if tt == T_ARR_BEGIN then return parse_array(p, top) end
  throw("value", tt, v, index)
end

local function decode(cfg, json)
  if #json >= 2 and (byte(json, 1) == 0 or byte(json, 2) == 0) then
    error("JSON parser does not support UTF-16 or UTF-32", 0)
  end
  data, dlen, dcfg, depth = json, #json, cfg, 0
  local tt, v, index, p = next_token(1)
  local value
  value, p = parse_value(tt, v, index, p, 1)
  tt, v, index, p = next_token(p)
  if tt ~= T_END then throw("the end", tt, v, index) end
  data, dcfg = nil, nil
  return value
end

---------------------------------------------------------------- configuration

-- json_arg_init: at most n arguments.
local function arg_init(n, ...)
  if select('#', ...) > n then argerror(n + 1, "found too many arguments") end
end

local function integer_option(v, narg, current, min, max)
  if v ~= nil then
    local value = toint32(checkinteger(v, narg, true))
    if value < min or value > max then argerror(1, format("expected integer between %d and %d", min, max)) end
    return value
  end
  return current
end

local BOOL_OPTIONS = { "off", "on" }

-- json_enum_option (with bool_true 1): returns the new setting and what the caller returns.
local function enum_option(v, narg, current, options)
  options = options or BOOL_OPTIONS
  if v ~= nil then
    if type(v) == "boolean" then
      current = v and 1 or 0
    else
      local name = checkstring(v, narg, true)
      current = nil
      for i = 1, #options do
        if options[i] == name then current = i - 1 end
      end
      if not current then argerror(narg, format("invalid option '%s'", name)) end
    end
  end
  if current == 0 or current == 1 then return current, current == 1 end
  return current, options[current + 1]
end

local INVALID_NUMBER_OPTIONS = { "off", "on", "null" }

local function new_module()
  local cfg = {
    sparse_convert = 0, sparse_ratio = 2, sparse_safe = 10,
    encode_max_depth = 1000, decode_max_depth = 1000,
    encode_invalid_numbers = 0, decode_invalid_numbers = 1,
    keep_buffer = 1, number_format = "%.14g", precision = 14,
  }
  local m = {}
  m.encode = export(function(...)
    if select('#', ...) ~= 1 then argerror(1, "expected 1 argument") end
    return encode(cfg, (...))
  end)
  m.decode = export(function(...)
    if select('#', ...) ~= 1 then argerror(1, "expected 1 argument") end
    return decode(cfg, checkstring((...), 1, true))
  end)
  m.encode_sparse_array = export(function(...)
    arg_init(3, ...)
    local convert, ratio, safe = ...
    local result
    cfg.sparse_convert, result = enum_option(convert, 1, cfg.sparse_convert)
    cfg.sparse_ratio = integer_option(ratio, 2, cfg.sparse_ratio, 0, INT_MAX)
    cfg.sparse_safe = integer_option(safe, 3, cfg.sparse_safe, 0, INT_MAX)
    return result, cfg.sparse_ratio, cfg.sparse_safe
  end)
  m.encode_max_depth = export(function(...)
    arg_init(1, ...)
    cfg.encode_max_depth = integer_option((...), 1, cfg.encode_max_depth, 1, INT_MAX)
    return cfg.encode_max_depth
  end)
  m.decode_max_depth = export(function(...)
    arg_init(1, ...)
    cfg.decode_max_depth = integer_option((...), 1, cfg.decode_max_depth, 1, INT_MAX)
    return cfg.decode_max_depth
  end)
  m.encode_number_precision = export(function(...)
    arg_init(1, ...)
    cfg.precision = integer_option((...), 1, cfg.precision, 1, 14)
    cfg.number_format = "%." .. cfg.precision .. "g"
    return cfg.precision
  end)
  m.encode_keep_buffer = export(function(...)
    arg_init(1, ...)
    local result
    cfg.keep_buffer, result = enum_option((...), 1, cfg.keep_buffer)
    return result
  end)
  m.encode_invalid_numbers = export(function(...)
    arg_init(1, ...)
    local result
    cfg.encode_invalid_numbers, result = enum_option((...), 1, cfg.encode_invalid_numbers, INVALID_NUMBER_OPTIONS)
    return result
  end)
  m.decode_invalid_numbers = export(function(...)
    arg_init(1, ...)
    local result
    cfg.decode_invalid_numbers, result = enum_option((...), 1, cfg.decode_invalid_numbers)
    return result
  end)
  m.new = export(new_module)
  m.null = null
  m._NAME = "cjson"
  m._VERSION = "2.1.0"
  return m
end

return new_module()

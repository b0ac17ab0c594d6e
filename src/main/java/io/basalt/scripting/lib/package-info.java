/**
 * The Lua libraries Redis 7.0 gives scripts: {@code cjson}, {@code cmsgpack}, {@code bit} and
 * {@code struct}, installed into a Lua 5.1 state by {@link io.basalt.scripting.lib.RedisLuaLibraries}.
 * They are Lua code (resources next to this package) that reproduces Redis's C libraries
 * byte for byte, errors included; see {@code support.lua} for how they pass for C functions.
 */
package io.basalt.scripting.lib;

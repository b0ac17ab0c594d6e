package io.basalt.scripting;

import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;

import java.nio.charset.StandardCharsets;

/**
 * Redis's conversions between replies and Lua values (script_lua.c): a command's reply,
 * read back from the script client's RESP2/RESP3 bytes, becomes a Lua value
 * (redisProtocolToLuaType); a script's return value becomes the caller's reply
 * (luaReplyToRedisReply).
 */
final class LuaReplies {
    /** Redis checks the Lua stack before each level; LUAI_MAXCSTACK (8000) slots bound nesting. */
    private static final int MAX_STACK = 7990;

    private final LuaVm vm;
    private byte[] in;
    private int pos;

    LuaReplies(LuaVm vm) {
        this.vm = vm;
    }

    // ---- reply -> Lua ---------------------------------------------------------------------

    /** Pushes the Lua value of the reply in {@code reply[0..len)}. */
    void pushReply(byte[] reply, int len) {
        in = reply;
        pos = 0;
        pushValue(true);
        in = null;
    }

    private long line() {
        int start = pos;
        while (in[pos] != '\r') pos++;
        long v = parseLong(start, pos);
        pos += 2;
        return v;
    }

    private long parseLong(int from, int to) {
        return Ascii.parseLong(in, from, to - from);
    }

    private int lineEnd() {
        int e = pos;
        while (in[e] != '\r') e++;
        return e;
    }

    /** Reads one value; pushes it when {@code push} (attributes are read and dropped). */
    private void pushValue(boolean push) {
        var c = vm.c;
        long p = vm.p;
        byte type = in[pos++];
        switch (type) {
            case ':' -> {
                long v = line();
                if (push) c.lua_pushnumber(p, (double) v);
            }
            case '$' -> {
                long n = line();
                if (n < 0) {
                    if (push) c.lua_pushboolean(p, 0);
                    return;
                }
                if (push) vm.push(in, pos, (int) n);
                pos += (int) n + 2;
            }
            case '+' -> {
                int e = lineEnd();
                if (push) {
                    c.lua_createtable(p, 0, 1);
                    vm.push(in, pos, e - pos);
                    c.lua_setfield(p, -2, "ok");
                }
                pos = e + 2;
            }
            case '-' -> {
                int e = lineEnd();
                if (push) {
                    vm.pushError("-" + new String(in, pos, e - pos, StandardCharsets.ISO_8859_1));
                    c.lua_pushboolean(p, 1);
                    c.lua_setfield(p, -2, "ignore_error_stats_update");
                }
                pos = e + 2;
            }
            case '*', '>' -> {
                long n = line();
                if (n < 0) {
                    if (push) c.lua_pushboolean(p, 0);
                    return;
                }
                if (push) c.lua_createtable(p, (int) n, 0);
                for (int i = 1; i <= n; i++) {
                    pushValue(push);
                    if (push) c.lua_rawseti(p, -2, i);
                }
            }
            case '%' -> {
                long n = line();
                if (push) {
                    c.lua_createtable(p, 0, 1);
                    c.lua_createtable(p, 0, (int) n);
                }
                for (long i = 0; i < n; i++) {
                    pushValue(push);
                    pushValue(push);
                    if (push) c.lua_settable(p, -3);
                }
                if (push) c.lua_setfield(p, -2, "map");
            }
            case '~' -> {
                long n = line();
                if (push) {
                    c.lua_createtable(p, 0, 1);
                    c.lua_createtable(p, 0, (int) n);
                }
                for (long i = 0; i < n; i++) {
                    pushValue(push);
                    if (push) {
                        c.lua_pushboolean(p, 1);
                        c.lua_settable(p, -3);
                    }
                }
                if (push) c.lua_setfield(p, -2, "set");
            }
            case '_' -> {
                pos += 2;
                if (push) c.lua_pushnil(p);
            }
            case '#' -> {
                boolean v = in[pos] == 't';
                pos += 3;
                if (push) c.lua_pushboolean(p, v ? 1 : 0);
            }
            case ',' -> {
                int e = lineEnd();
                if (push) {
                    c.lua_createtable(p, 0, 1);
                    c.lua_pushnumber(p, io.basalt.util.Doubles.parse(in, pos, e - pos));
                    c.lua_setfield(p, -2, "double");
                }
                pos = e + 2;
            }
            case '(' -> {
                int e = lineEnd();
                if (push) {
                    c.lua_createtable(p, 0, 1);
                    vm.push(in, pos, e - pos);
                    c.lua_setfield(p, -2, "big_number");
                }
                pos = e + 2;
            }
            case '=' -> {
                long n = line();
                if (push) {
                    c.lua_createtable(p, 0, 1);
                    c.lua_createtable(p, 0, 2);
                    vm.push(in, pos + 4, (int) n - 4);
                    c.lua_setfield(p, -2, "string");
                    vm.push(in, pos, 3);
                    c.lua_setfield(p, -2, "format");
                    c.lua_setfield(p, -2, "verbatim_string");
                }
                pos += (int) n + 2;
            }
            case '|' -> {
                long n = line();
                for (long i = 0; i < n; i++) {
                    pushValue(false);
                    pushValue(false);
                }
                pushValue(push);
            }
            default -> throw new IllegalStateException("unexpected reply type " + (char) type);
        }
    }

    // ---- Lua -> reply ---------------------------------------------------------------------

    /**
     * Writes the value on top of the stack to {@code out} and pops it. {@code scriptResp} is
     * the protocol the script chose (redis.setresp), which decides how booleans go out.
     * Returns false if the value was an error table whose error must not count again in the
     * error statistics (it came from a command that already counted it).
     */
    void reply(ReplyWriter out, int scriptResp) {
        write(out, scriptResp, 1);
        vm.c.lua_settop(vm.p, -2);
    }

    private void write(ReplyWriter out, int resp, int depth) {
        var c = vm.c;
        long p = vm.p;
        if (depth * 4 > MAX_STACK) {
            out.error("ERR reached lua stack limit");
            return;
        }
        switch (vm.type(-1)) {
            case LuaVm.TSTRING -> {
                byte[] b = vm.bytes(-1);
                out.bulk(b);
            }
            case LuaVm.TBOOLEAN -> {
                boolean v = c.lua_toboolean(p, -1) != 0;
                if (resp == 2) {
                    if (v) out.integer(1);
                    else out.nullBulk();
                } else {
                    out.bool(v);
                }
            }
            case LuaVm.TNUMBER -> out.integer(cLong(c.lua_tonumber(p, -1)));
            case LuaVm.TTABLE -> writeTable(out, resp, depth);
            default -> out.nullBulk();
        }
    }

    /** C's (long long) cast of a double on x86-64: out of range or NaN gives LLONG_MIN. */
    static long cLong(double d) {
        if (d != d || d >= 0x1p63 || d < -0x1p63) return Long.MIN_VALUE;
        return (long) d;
    }

    private void writeTable(ReplyWriter out, int resp, int depth) {
        var c = vm.c;
        long p = vm.p;
        vm.rawField(-1, "err");
        if (vm.type(-1) == LuaVm.TSTRING) {
            c.lua_settop(p, -2);
            Scripting.errorReply(vm, out, -1, null);
            return;
        }
        c.lua_settop(p, -2);
        vm.rawField(-1, "ok");
        if (vm.type(-1) == LuaVm.TSTRING) {
            byte[] ok = vm.bytes(-1);
            c.lua_settop(p, -2);
            status(out, ok);
            return;
        }
        c.lua_settop(p, -2);
        vm.rawField(-1, "double");
        if (vm.type(-1) == LuaVm.TNUMBER) {
            double d = c.lua_tonumber(p, -1);
            c.lua_settop(p, -2);
            out.doubleValue(d);
            return;
        }
        c.lua_settop(p, -2);
        vm.rawField(-1, "big_number");
        if (vm.type(-1) == LuaVm.TSTRING) {
            byte[] n = vm.bytes(-1);
            c.lua_settop(p, -2);
            bigNumber(out, n);
            return;
        }
        c.lua_settop(p, -2);
        vm.rawField(-1, "verbatim_string");
        if (vm.type(-1) == LuaVm.TTABLE) {
            vm.rawField(-1, "format");
            if (vm.type(-1) == LuaVm.TSTRING) {
                vm.rawField(-2, "string");
                if (vm.type(-1) == LuaVm.TSTRING) {
                    byte[] text = vm.bytes(-1);
                    byte[] format = vm.bytes(-2);
                    c.lua_settop(p, -4);
                    out.verbatim(new String(format, 0, Math.min(3, format.length), StandardCharsets.ISO_8859_1), text);
                    return;
                }
                c.lua_settop(p, -2);
            }
            c.lua_settop(p, -2);
        }
        c.lua_settop(p, -2);
        vm.rawField(-1, "map");
        if (vm.type(-1) == LuaVm.TTABLE) {
            int n = count(-1);
            out.map(n);
            c.lua_pushnil(p);
            while (c.lua_next(p, -2) != 0) {
                c.lua_pushvalue(p, -2);
                write(out, resp, depth + 1);
                c.lua_settop(p, -2);
                write(out, resp, depth + 1);
                c.lua_settop(p, -2);
            }
            c.lua_settop(p, -2);
            return;
        }
        c.lua_settop(p, -2);
        vm.rawField(-1, "set");
        if (vm.type(-1) == LuaVm.TTABLE) {
            int n = count(-1);
            out.set(n);
            c.lua_pushnil(p);
            while (c.lua_next(p, -2) != 0) {
                c.lua_settop(p, -2);
                c.lua_pushvalue(p, -1);
                write(out, resp, depth + 1);
                c.lua_settop(p, -2);
            }
            c.lua_settop(p, -2);
            return;
        }
        c.lua_settop(p, -2);
        int n = 0;
        while (true) {
            c.lua_rawgeti(p, -1, n + 1);
            boolean nil = vm.type(-1) == LuaVm.TNIL;
            c.lua_settop(p, -2);
            if (nil) break;
            n++;
        }
        out.array(n);
        for (int i = 1; i <= n; i++) {
            c.lua_rawgeti(p, -1, i);
            write(out, resp, depth + 1);
            c.lua_settop(p, -2);
        }
    }

    private int count(int idx) {
        var c = vm.c;
        long p = vm.p;
        int abs = c.lua_gettop(p) + idx + 1;
        int n = 0;
        c.lua_pushnil(p);
        while (c.lua_next(p, abs) != 0) {
            c.lua_settop(p, -2);
            n++;
        }
        return n;
    }

    private static void status(ReplyWriter out, byte[] text) {
        byte[] line = new byte[text.length + 3];
        line[0] = '+';
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            line[i + 1] = b == '\r' || b == '\n' ? (byte) ' ' : b;
        }
        line[line.length - 2] = '\r';
        line[line.length - 1] = '\n';
        out.raw(line);
    }

    private static void bigNumber(ReplyWriter out, byte[] n) {
        for (int i = 0; i < n.length; i++) {
            if (n[i] == '\r' || n[i] == '\n') n[i] = ' ';
        }
        if (!out.isResp3()) {
            out.bulk(n);
            return;
        }
        byte[] line = new byte[n.length + 3];
        line[0] = '(';
        System.arraycopy(n, 0, line, 1, n.length);
        line[line.length - 2] = '\r';
        line[line.length - 1] = '\n';
        out.raw(line);
    }
}

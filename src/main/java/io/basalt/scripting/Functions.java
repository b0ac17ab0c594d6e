package io.basalt.scripting;

import io.basalt.persistence.FunctionLibraries;
import io.basalt.util.ArgSplitter;
import io.basalt.util.Ascii;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Redis 7.0 functions (functions.c, function_lua.c): the loaded libraries, their functions,
 * and the interpreter they live in, apart from EVAL's so that SCRIPT FLUSH leaves them alone.
 * Everything that compiles or frees Lua runs on the script thread. Libraries are kept sorted
 * by name (Redis lists them in its hash table's order, which no client can rely on).
 */
final class Functions implements FunctionLibraries {
    static final String INVALID_NAME = "Library names can only contain letters, numbers, or underscores(_) "
            + "and must be at least one character long";
    /** Redis's LOAD_TIMEOUT_MS: a library's body must have registered its functions by then. */
    private static final long LOAD_TIMEOUT_MS = 500;

    /** A registered function: its callback sits in the function interpreter's registry at {@code ref}. */
    record Function(String name, byte[] description, int flags, int ref, Library library) {}

    /** A library: its name, whole code (shebang included) and functions in registration order. */
    static final class Library {
        final String name;
        final byte[] code;
        final LinkedHashMap<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }

        void add(String name, byte[] description, int flags, int ref) {
            functions.put(name, new Function(name, description, flags, ref, this));
        }
    }

    /**
     * A set of libraries with the index of all their functions (functionsLibCtx). Function
     * names are unique across libraries regardless of case, as FCALL finds them; within a
     * library, and library names, case counts (Redis's dict types).
     */
    static final class LibrarySet {
        final TreeMap<String, Library> libraries = new TreeMap<>();
        final HashMap<String, Function> functions = new HashMap<>();

        void link(Library lib) {
            libraries.put(lib.name, lib);
            for (Function f : lib.functions.values()) functions.put(Ascii.lower(f.name()), f);
        }

        void unlink(Library lib) {
            libraries.remove(lib.name);
            for (String f : lib.functions.keySet()) functions.remove(Ascii.lower(f));
        }

        boolean hasFunction(String name) {
            return functions.containsKey(Ascii.lower(name));
        }
    }

    /** A refused load or restore, with Redis's message (without the error code). */
    static final class LibraryError extends Exception {
        LibraryError(String message) {
            super(message, null, false, false);
        }
    }

    private final Scripting scripting;
    private LuaVm vm;
    private LibrarySet current = new LibrarySet();
    /** Script thread: the library whose body is running, and when its load times out (0: never). */
    private Library loading;
    private long loadDeadline;

    Functions(Scripting scripting) {
        this.scripting = scripting;
        scripting.engine().provide(FunctionLibraries.class, this);
        scripting.engine().info().setGauge("number_of_functions", () -> current.functions.size());
        scripting.engine().info().setGauge("number_of_libraries", () -> current.libraries.size());
    }

    LibrarySet current() {
        return current;
    }

    Function function(String name) {
        return current.functions.get(Ascii.lower(name));
    }

    /** Script thread: the interpreter of the functions, made on first use. */
    LuaVm vm() {
        if (vm == null) vm = scripting.newVm();
        return vm;
    }

    Library loading() {
        return loading;
    }

    boolean loadTimedOut() {
        return loading != null && loadDeadline != 0 && System.nanoTime() - loadDeadline > 0;
    }

    static boolean validName(String name) {
        if (name == null || name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_')) return false;
        }
        return true;
    }

    /**
     * Script thread: functionsCreateWithLibraryCtx. Reads the {@code #!lua name=...} line,
     * runs the body so it registers its functions, and links the library into {@code into}
     * (replacing one of the same name if {@code replace}); {@code timeout} false for a master,
     * the AOF and RDB loads.
     */
    Library create(byte[] code, boolean replace, LibrarySet into, boolean timeout) throws LibraryError {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') throw new LibraryError("Missing library metadata");
        int nl = 0;
        while (nl < code.length && code[nl] != '\n') nl++;
        if (nl == code.length) throw new LibraryError("Invalid library metadata");
        List<String> parts = ArgSplitter.split(new String(code, 0, nl, StandardCharsets.ISO_8859_1));
        if (parts == null || parts.isEmpty()) throw new LibraryError("Invalid library metadata");
        String engine = parts.get(0).substring(2), name = null;
        for (int i = 1; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) throw new LibraryError("Invalid metadata value, name argument was given multiple times");
                name = part.substring(5);
                continue;
            }
            throw new LibraryError("Invalid metadata value given: " + part);
        }
        if (name == null) throw new LibraryError("Library name was not given");
        if (!validName(name)) throw new LibraryError(INVALID_NAME);
        if (!engine.equalsIgnoreCase("lua")) throw new LibraryError("Engine '" + engine + "' not found");
        Library old = into.libraries.get(name);
        if (old != null && !replace) throw new LibraryError("Library '" + name + "' already exists");
        if (old != null) into.unlink(old);
        Library lib = new Library(name, code.clone());
        try {
            run(lib, nl, timeout);
            for (String f : lib.functions.keySet()) {
                if (into.hasFunction(f)) throw new LibraryError("Function " + f + " already exists");
            }
        } catch (LibraryError e) {
            free(lib);
            if (old != null) into.link(old);
            throw e;
        }
        into.link(lib);
        if (old != null) free(old);
        return lib;
    }

    /** Compiles the body (from the shebang's newline, so line numbers match) and runs it in the load environment. */
    private void run(Library lib, int bodyFrom, boolean timeout) throws LibraryError {
        LuaVm vm = vm();
        var c = vm.c;
        long p = vm.p;
        c.lua_settop(p, 0);
        c.lua_rawgeti(p, vm.registry, vm.loadLibraryRef);
        if (vm.load(lib.code, bodyFrom, lib.code.length - bodyFrom, "@user_function") != 0) {
            String msg = vm.text(-1);
            c.lua_settop(p, 0);
            throw new LibraryError("Error compiling function: " + msg);
        }
        loading = lib;
        loadDeadline = timeout ? System.nanoTime() + LOAD_TIMEOUT_MS * 1_000_000 : 0;
        int status = c.lua_pcall(p, 1, 1, 0);
        loading = null;
        vm.countHook();
        // The error comes back from the body's xpcall, or escapes it when the timeout, which
        // raises on every line from then on, fires again in the sandbox's own lines.
        String error = null;
        if (vm.type(-1) == LuaVm.TTABLE) {
            c.lua_getfield(p, -1, "err");
            error = vm.text(-1);
        } else if (status != 0 || vm.type(-1) != LuaVm.TNIL) {
            error = vm.text(-1);
        }
        c.lua_settop(p, 0);
        if (error != null) throw new LibraryError("Error registering functions: " + error);
        if (lib.functions.isEmpty()) throw new LibraryError("No functions registered");
    }

    private void free(Library lib) {
        for (Function f : lib.functions.values()) vm.c.luaL_unref(vm.p, vm.registry, f.ref());
    }

    private void free(LibrarySet set) {
        for (Library lib : set.libraries.values()) free(lib);
    }

    /** FUNCTION DELETE; false if there is no such library. */
    boolean delete(String name) {
        Library lib = current.libraries.get(name);
        if (lib == null) return false;
        current.unlink(lib);
        scripting.onScriptThread(() -> free(lib));
        return true;
    }

    /** FUNCTION FLUSH. */
    void flush() {
        LibrarySet old = current;
        current = new LibrarySet();
        if (!old.libraries.isEmpty()) scripting.onScriptThread(() -> free(old));
    }

    /**
     * Script thread: FUNCTION RESTORE's and the RDB loads' end. The libraries in {@code codes}
     * are created apart, then replace all ({@code flush}) or join the current ones
     * (libraryJoin: {@code replace} swaps a library of the same name, else a clash refuses all).
     */
    void install(List<byte[]> codes, boolean flush, boolean replace) throws LibraryError {
        LibrarySet fresh = new LibrarySet();
        try {
            for (byte[] code : codes) create(code, false, fresh, false);
            if (!flush) join(fresh, replace);
        } catch (LibraryError e) {
            free(fresh);
            throw e;
        }
        if (flush) {
            free(current);
            current = fresh;
        }
    }

    private void join(LibrarySet src, boolean replace) throws LibraryError {
        List<Library> replaced = new ArrayList<>();
        try {
            for (Library lib : src.libraries.values()) {
                Library old = current.libraries.get(lib.name);
                if (old == null) continue;
                if (!replace) throw new LibraryError("Library " + lib.name + " already exists");
                current.unlink(old);
                replaced.add(old);
            }
            for (Function f : src.functions.values()) {
                if (current.hasFunction(f.name())) throw new LibraryError("Function " + f.name() + " already exists");
            }
        } catch (LibraryError e) {
            for (Library old : replaced) current.link(old);
            throw e;
        }
        for (Library lib : src.libraries.values()) current.link(lib);
        for (Library old : replaced) free(old);
    }

    // ---- persistence (the FunctionLibraries hook) ---------------------------------------------

    @Override
    public List<byte[]> codes() {
        List<byte[]> out = new ArrayList<>(current.libraries.size());
        for (Library lib : current.libraries.values()) out.add(lib.code);
        return out;
    }

    @Override
    public String load(List<byte[]> codes, boolean flush, boolean replace) {
        if (codes.isEmpty() && (!flush || current.libraries.isEmpty())) return null;
        String[] error = new String[1];
        scripting.onScriptThread(() -> {
            try {
                install(codes, flush, replace);
            } catch (LibraryError e) {
                error[0] = e.getMessage();
            }
        });
        return error[0];
    }
}

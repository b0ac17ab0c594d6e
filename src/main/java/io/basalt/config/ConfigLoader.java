package io.basalt.config;

import io.basalt.util.ArgSplitter;
import io.basalt.util.Strerror;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Reads redis.conf syntax and the {@code redis-server} command line exactly as Redis 7.0's
 * loadServerConfig does: the file, then standard input ({@code -}), then the
 * {@code --directive value} options as extra lines appended after them (so they win, and
 * line numbers in errors continue past the file). Repeated directives: the last wins, except
 * {@code save}, whose lines accumulate (the first one read replaces the defaults and
 * {@code save ""} clears). Errors carry the exact text Redis prints before exiting with 1.
 */
public final class ConfigLoader {
    /** Accepted and ignored when given with one argument, as Redis 7.0 does. */
    private static final List<String> DEPRECATED = List.of("list-max-ziplist-entries", "list-max-ziplist-value",
            "lua-replicate-commands");

    private final Config config;
    private final List<String> notImplemented = new ArrayList<>();
    private final List<List<String>> renamedCommands = new ArrayList<>();
    private final List<List<String>> users = new ArrayList<>();
    private final List<List<String>> modules = new ArrayList<>();
    private final List<List<String>> moduleConfigs = new ArrayList<>();
    private final List<List<String>> sentinelLines = new ArrayList<>();
    private String configFile;
    private boolean saveLoaded;
    private boolean sentinelMode;
    private Predicate<String> commandExists = name -> true;
    private InputStream stdin = System.in;

    public ConfigLoader(Config config) {
        this.config = config;
    }

    /** Absolute path of the config file given on the command line, or null. */
    public String configFile() {
        return configFile;
    }

    /** Directives set to a value whose effect Basalt does not have yet, for the start-up log. */
    public List<String> notImplemented() {
        return notImplemented;
    }

    /** {@code rename-command old new} pairs in file order (new may be empty: remove). */
    public List<List<String>> renamedCommands() {
        return renamedCommands;
    }

    /** {@code user} lines (arguments after the directive) for ACL. */
    public List<List<String>> users() {
        return users;
    }

    /** {@code loadmodule path args...} lines. */
    public List<List<String>> modules() {
        return modules;
    }

    /** Module configs ({@code name.param value...}). */
    public List<List<String>> moduleConfigs() {
        return moduleConfigs;
    }

    /** {@code sentinel ...} lines (arguments after the directive), read in sentinel mode only. */
    public List<List<String>> sentinelLines() {
        return sentinelLines;
    }

    /** Sentinel mode accepts {@code sentinel} directives; otherwise they are a fatal error. */
    public void setSentinelMode(boolean sentinelMode) {
        this.sentinelMode = sentinelMode;
    }

    /** How rename-command checks that a command exists (the server's command table). */
    public void setCommandExists(Predicate<String> commandExists) {
        this.commandExists = commandExists;
    }

    /** Where {@code -} reads configuration from (tests replace standard input). */
    public void setStdin(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Applies a redis-server style command line. Throws with Redis's fatal-error text. */
    public void loadCommandLine(String[] argv) throws ConfigException {
        int j = 0;
        String file = null;
        if (argv.length > 0 && !argv[0].startsWith("-")) {
            file = Path.of(argv[0]).toAbsolutePath().normalize().toString();
            configFile = file;
            j = 1;
        }
        boolean fromStdin = false;
        StringBuilder options = new StringBuilder();
        boolean handledLastConfigArg = true;
        for (; j < argv.length; j++) {
            String a = argv[j];
            boolean last = j == argv.length - 1;
            if (a.equals("-") && (j == 0 || last)) {
                fromStdin = true;
            } else if (handledLastConfigArg && a.startsWith("--")) {
                if (!options.isEmpty()) options.append('\n');
                options.append(a.substring(2)).append(' ');
                List<String> split = ArgSplitter.split(a);
                if (split != null && split.size() == 1) {
                    // Only the option name: its value is the next argument.
                    handledLastConfigArg = false;
                    boolean nextIsOption = !last && argv[j + 1].startsWith("--");
                    if (a.equalsIgnoreCase("--save") && (nextIsOption || last)) {
                        options.append("\"\"");
                        handledLastConfigArg = nextIsOption || handledLastConfigArg;
                    } else if (a.equalsIgnoreCase("--sentinel") && nextIsOption) {
                        handledLastConfigArg = true;
                    }
                } else {
                    handledLastConfigArg = true;
                }
            } else {
                options.append(Types.repr(a)).append(' ');
                handledLastConfigArg = true;
            }
        }
        StringBuilder text = new StringBuilder();
        if (file != null) text.append(readFile(file));
        if (fromStdin) {
            try {
                text.append(new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't read config from stdin: " + e.getMessage(), true);
            }
        }
        text.append('\n').append(options);
        loadText(text.toString());
    }

    /** Loads one file as {@code include} does (a wildcard in the name includes every match, sorted). */
    public void loadFile(String name) throws ConfigException {
        Path p = resolve(name);
        String fileName = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0) {
            List<Path> matches = new ArrayList<>();
            Path parent = p.getParent();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, fileName)) {
                for (Path m : ds) matches.add(m);
            } catch (IOException | RuntimeException e) {
                return;
            }
            matches.sort(null);
            StringBuilder text = new StringBuilder();
            for (Path m : matches) text.append(readFile(m.toString()));
            loadText(text.toString());
        } else {
            loadText(readFile(p.toString()));
        }
    }

    /** A path as Redis opens it: relative to the current {@code dir} (Redis chdir()s into it). */
    private Path resolve(String name) {
        return Path.of(config.getString(Directives.DIR)).resolve(name);
    }

    private static String readFile(String path) throws ConfigException {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Fatal error, can't open config file '" + path + "': " + Strerror.of(e), true);
        }
    }

    /** Loads configuration text; each call is one loadServerConfigFromString. */
    public void loadText(String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = trim(lines[n]);
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            List<String> argv = ArgSplitter.split(line);
            if (argv == null) throw fatal(n + 1, line, "Unbalanced quotes in configuration line");
            if (argv.isEmpty()) continue;
            try {
                apply(argv);
            } catch (ConfigException e) {
                if (e.isLogLine()) throw e;
                throw fatal(n + 1, line, e.getMessage());
            }
        }
        String logfile = config.getString(Directives.LOGFILE);
        if (!logfile.isEmpty()) {
            try (OutputStream ignored = Files.newOutputStream(resolve(logfile), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                // Redis checks here that the log file can be opened: later it could not abort.
            } catch (IOException e) {
                throw fatal(-1, null, "Can't open the log file: " + Strerror.of(e));
            }
        }
        if (config.getBool(Directives.CLUSTER_ENABLED) && !config.getWords(Directives.REPLICAOF).isEmpty()) {
            throw fatal(-1, null, "replicaof directive not allowed in cluster mode");
        }
    }

    private void apply(List<String> argv) throws ConfigException {
        String name = argv.get(0).toLowerCase(Locale.ROOT);
        int argc = argv.size();
        Directive d = Directives.lookup(name);
        if (d != null) {
            List<String> args = argv.subList(1, argc);
            if (d.type().singleArgument()) {
                if (argc != 2) throw new ConfigException("wrong number of arguments");
            } else if (argc == 2 && !args.get(0).isEmpty()) {
                // "--save '3600 1 300 100'": one argument holding several.
                args = ArgSplitter.split(args.get(0));
                if (args == null) throw new ConfigException("Unbalanced quotes in configuration line");
            }
            set(d, args);
            return;
        }
        if (DEPRECATED.contains(name) && argc == 2) return;
        if (name.equals("include") && argc == 2) {
            loadFile(argv.get(1));
        } else if (name.equals("rename-command") && argc == 3) {
            if (!commandExists.test(argv.get(1))) throw new ConfigException("No such command in rename-command");
            renamedCommands.add(List.copyOf(argv.subList(1, 3)));
            note("rename-command");
        } else if (name.equals("user") && argc >= 2) {
            users.add(List.copyOf(argv.subList(1, argc)));
            note("user");
        } else if (name.equals("loadmodule") && argc >= 2) {
            modules.add(List.copyOf(argv.subList(1, argc)));
            note("loadmodule");
        } else if (name.indexOf('.') >= 0) {
            if (argc < 2) throw new ConfigException("Module config specified without value");
            moduleConfigs.add(List.copyOf(argv));
        } else if (name.equals("sentinel")) {
            if (argc != 1) {
                if (!sentinelMode) throw new ConfigException("sentinel directive while not in sentinel mode");
                sentinelLines.add(List.copyOf(argv.subList(1, argc)));
            }
        } else {
            throw new ConfigException("Bad directive or wrong number of arguments");
        }
    }

    private void set(Directive d, List<String> args) throws ConfigException {
        Object v = d.type().parse(args, config.get(d));
        if (d == Directives.SAVE) {
            // The first save line read replaces the defaults; later ones add to it; save "" clears.
            boolean reset = args.size() == 1 && args.get(0).isEmpty();
            if (saveLoaded && !reset) {
                List<String> merged = new ArrayList<>(config.getWords(d));
                merged.addAll(castWords(v));
                v = List.copyOf(merged);
            }
            saveLoaded = true;
        }
        config.setValue(d, v);
        if (d.is(Directive.NOT_IMPLEMENTED)) {
            if (!v.equals(d.defaultValue())) note(d.name());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castWords(Object v) {
        return (List<String>) v;
    }

    private void note(String name) {
        if (!notImplemented.contains(name)) notImplemented.add(name);
    }

    /** Redis's sdstrim(line, " \t\r\n"). */
    private static String trim(String s) {
        int a = 0, b = s.length();
        while (a < b && " \t\r\n".indexOf(s.charAt(a)) >= 0) a++;
        while (b > a && " \t\r\n".indexOf(s.charAt(b - 1)) >= 0) b--;
        return s.substring(a, b);
    }

    /** The text Redis prints to standard error before exiting; line -1 when no line is involved. */
    private static ConfigException fatal(int lineNumber, String line, String reason) {
        StringBuilder b = new StringBuilder("\n*** FATAL CONFIG FILE ERROR (Redis " + ServerVersion.REDIS_VERSION + ") ***\n");
        if (lineNumber > 0) b.append("Reading the configuration file, at line ").append(lineNumber).append("\n>>> '").append(line).append("'\n");
        return new ConfigException(b.append(reason).toString());
    }

}

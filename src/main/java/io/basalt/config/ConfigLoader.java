package io.basalt.config;

import io.basalt.util.ArgSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads redis.conf syntax (quotes, {@code include}, repeated directives) and the
 * {@code redis-server} command line ({@code [config-file] [--directive value ...]}), which
 * Redis turns into extra config lines appended after the file, so they win.
 */
public final class ConfigLoader {
    private final Config config;
    private final List<String> notImplemented = new ArrayList<>();
    private String configFile;

    public ConfigLoader(Config config) {
        this.config = config;
    }

    /** Absolute path of the config file given on the command line, or null. */
    public String configFile() {
        return configFile;
    }

    /** Directives that were set but have no effect yet, for the start-up log. */
    public List<String> notImplemented() {
        return notImplemented;
    }

    /** Applies a redis-server style command line. Throws with Redis's fatal-error text. */
    public void loadCommandLine(String[] argv) throws ConfigException, IOException {
        int i = 0;
        StringBuilder text = new StringBuilder();
        if (argv.length > 0 && !argv[0].startsWith("--")) {
            Path file = Path.of(argv[0]).toAbsolutePath().normalize();
            configFile = file.toString();
            text.append(Files.readString(file, StandardCharsets.UTF_8));
            i = 1;
        }
        StringBuilder options = new StringBuilder();
        for (; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--") && a.length() > 2) {
                if (!options.isEmpty()) options.append('\n');
                options.append(a.substring(2)).append(' ');
            } else {
                options.append(quote(a)).append(' ');
            }
        }
        text.append('\n').append(options);
        loadText(text.toString());
    }

    /** Quotes an argument so the line splitter gives it back unchanged (Redis's sdscatrepr). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '"' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    public void loadText(String text) throws ConfigException, IOException {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> argv = ArgSplitter.split(line);
            if (argv == null) throw fatal(n + 1, line, "Unbalanced quotes in configuration line");
            if (argv.isEmpty()) continue;
            String name = argv.get(0).toLowerCase(Locale.ROOT);
            List<String> args = argv.subList(1, argv.size());
            if (name.equals("include") && args.size() == 1) {
                loadText(Files.readString(Path.of(args.get(0)), StandardCharsets.UTF_8));
                continue;
            }
            Directive d = Directives.lookup(name);
            if (d == null) throw fatal(n + 1, line, "Bad directive or wrong number of arguments");
            if (d.type().singleArgument() && args.size() != 1) throw fatal(n + 1, line, "wrong number of arguments");
            try {
                config.set(d, args);
            } catch (ConfigException e) {
                throw fatal(n + 1, line, e.getMessage());
            }
            if (d.is(Directive.NOT_IMPLEMENTED) && !notImplemented.contains(d.name())) notImplemented.add(d.name());
        }
    }

    private static ConfigException fatal(int lineNumber, String line, String reason) {
        return new ConfigException("\n*** FATAL CONFIG FILE ERROR (Redis " + ServerVersion.REDIS_VERSION + ") ***\n"
                + "Reading the configuration file, at line " + lineNumber + "\n>>> '" + line + "'\n" + reason);
    }
}

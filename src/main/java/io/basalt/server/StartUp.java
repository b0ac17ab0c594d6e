package io.basalt.server;

import io.basalt.config.Config;
import io.basalt.config.ConfigLoader;
import io.basalt.config.Directives;
import io.basalt.util.Clock;
import io.basalt.util.Log;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The start-up sequence Redis's main() performs, and its log lines. */
public final class StartUp {
    private StartUp() {}

    /** A condition that makes the process exit with status 1 before serving. */
    public static final class StartUpException extends Exception {
        public StartUpException(String message) {
            super(message);
        }
    }

    /**
     * Applies process-level settings (dir, log, pidfile, signals) and builds the server.
     * Redis chdir()s into {@code dir}; a JVM cannot, so {@code dir} is made absolute here and
     * every relative path (logfile, pidfile, dbfilename...) is resolved against it.
     */
    public static Server prepare(Config config, ConfigLoader loader) throws StartUpException {
        String dirSetting = config.getString(Directives.DIR);
        Path dir = Path.of(dirSetting.isEmpty() ? "." : dirSetting).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new StartUpException("Can't chdir to '" + dirSetting + "': No such file or directory");
        }
        config.setValue(Directives.DIR, dir.toString());
        String logfile = config.getString(Directives.LOGFILE);
        try {
            if (!logfile.isEmpty()) Log.setFile(dir.resolve(logfile).toString());
        } catch (IOException e) {
            throw new StartUpException("Can't open the log file: " + e.getMessage());
        }
        config.watch(Directives.LOGLEVEL, v -> Log.setLevel(Log.Level.valueOf(((String) v).toUpperCase(Locale.ROOT))));
        Log.warning("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        Log.warning(Server.banner());
        if (loader.configFile() == null) {
            Log.warning("Warning: no config file specified, using the default config. In order to specify a config "
                    + "file use basalt-server /path/to/redis.conf");
        } else {
            Log.warning("Configuration loaded");
        }
        if (!loader.notImplemented().isEmpty()) {
            Log.notice("Accepted but not implemented yet (no effect): " + String.join(", ", loader.notImplemented()));
        }
        Server server = new Server(config, loader.configFile(), Clock.SYSTEM);
        String pidfile = config.getString(Directives.PIDFILE);
        if (!pidfile.isEmpty()) {
            Path p = dir.resolve(pidfile);
            config.setValue(Directives.PIDFILE, p.toString());
            try {
                Files.writeString(p, Log.pid() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                Log.warning("Failed to write PID file: " + e.getMessage());
            }
        }
        installSignals(server);
        return server;
    }

    private static void installSignals(Server server) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                Log.warning("Received SIG" + name + " scheduling shutdown...");
                Thread t = new Thread(() -> server.shutdownOnSignal(name), "basalt-signal");
                t.start();
            });
        }
    }

    /** Logs what Redis logs once it serves: the logo (if asked), mode and port, then readiness. */
    public static void announce(Server server, Config config) {
        int port = config.getInt(Directives.PORT);
        if (config.getBool(Directives.ALWAYS_SHOW_LOGO)) {
            for (String line : Server.logo(port)) Log.raw(line);
        } else {
            Log.notice("Running mode=standalone, port=" + port + ".");
        }
        Log.warning("Server initialized");
        Log.notice("Network transport: " + server.transport());
        server.loadDataFromDisk();
        Log.notice("Ready to accept connections");
        server.startReplication();
    }

    /**
     * Collects once after start-up. Loading the config and the command table leaves ~40 MB of
     * garbage beside a ~5 MB live set; the collector would keep those pages resident until
     * the heap filled. One collection now returns them (idle RSS 111 MB to 89 MB, measured
     * with the launcher's flags; see docs/BENCHMARKS.md).
     */
    public static void releaseStartUpGarbage() {
        System.gc();
    }
}

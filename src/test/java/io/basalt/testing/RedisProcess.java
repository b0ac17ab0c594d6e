package io.basalt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's real {@code redis-server}, the reference every compatibility test compares against. */
public final class RedisProcess extends ManagedProcess {
    public static final String BINARY = System.getProperty("basalt.it.redisServer", "redis-server");

    private RedisProcess(Started s) {
        this(s, true);
    }

    private RedisProcess(Started s, boolean ownsDir) {
        super("redis", s.process(), s.port(), s.dir(), s.log(), ownsDir);
    }

    /** {@code --port P --bind 127.0.0.1 --save '' --appendonly no --dir <tmp> --enable-debug-command yes extra...}. */
    public static RedisProcess start(String... extra) throws IOException {
        return new RedisProcess(launch("redis", l -> {
            List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(l.port()), "--bind", HOST,
                    "--save", "", "--appendonly", "no", "--dir", l.dir().toString(), "--enable-debug-command", "yes"));
            cmd.addAll(List.of(extra));
            return cmd;
        }));
    }

    /** Starts redis-server in {@code dir}, which the caller owns (e.g. to load an AOF directory found there). */
    public static RedisProcess startIn(Path dir, String... extra) throws IOException {
        return startIn(dir, 0, extra);
    }

    /** As {@link #startIn(Path, String...)} on {@code port} (0: any free port), e.g. a master restarted where its replicas look for it. */
    public static RedisProcess startIn(Path dir, int port, String... extra) throws IOException {
        return new RedisProcess(launch("redis", dir, port, l -> {
            List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(l.port()), "--bind", HOST,
                    "--save", "", "--dir", l.dir().toString(), "--enable-debug-command", "yes"));
            cmd.addAll(List.of(extra));
            return cmd;
        }), false);
    }

    /**
     * Starts from a config file whose text is built for the chosen port (as
     * {@link ServerProcess#startWithConfig}); DEBUG is enabled after the file, as {@link #start} does.
     */
    public static RedisProcess startWithConfig(ConfigText config, String... extra) throws IOException {
        return new RedisProcess(launch("redis", l -> {
            Path file = l.dir().resolve("redis-" + l.port() + ".conf");
            Files.writeString(file, config.text(l.port(), l.dir()), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(BINARY, file.toString(), "--enable-debug-command", "yes"));
            cmd.addAll(List.of(extra));
            return cmd;
        }));
    }

    /** Whether the reference server is installed (tests that need it are skipped otherwise). */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

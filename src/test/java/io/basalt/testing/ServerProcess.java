package io.basalt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Basalt server in its own JVM, started as users start it: the test JVM's java binary and
 * class path (target/classes plus dependencies under surefire/failsafe) running
 * {@code io.basalt.cli.ServerMain}.
 */
public final class ServerProcess extends ManagedProcess {
    public static final String MAIN = "io.basalt.cli.ServerMain";
    /** The flags bin/basalt-server runs with (read from their one list), so tests see the JVM users get. */
    public static final List<String> JVM_FLAGS = launcherFlags(Path.of("bin/lib/jvm-flags.sh"));

    private ServerProcess(Started s, boolean ownsDir) {
        super("basalt", s.process(), s.port(), s.dir(), s.log(), ownsDir);
    }

    /** The words between {@code BASALT_JVM_FLAGS=(} and {@code )}, one or more per line. */
    private static List<String> launcherFlags(Path script) {
        List<String> flags = new ArrayList<>();
        boolean inside = false;
        try {
            for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.startsWith("BASALT_JVM_FLAGS=(")) inside = true;
                else if (inside && t.equals(")")) return List.copyOf(flags);
                else if (inside && !t.isEmpty() && !t.startsWith("#")) flags.addAll(List.of(t.split("\\s+")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the launcher's JVM flags from " + script.toAbsolutePath(), e);
        }
        throw new IllegalStateException("no BASALT_JVM_FLAGS=( ... ) list in " + script.toAbsolutePath());
    }

    /** {@code --port P --bind 127.0.0.1 --save '' --dir <temp> extra...} (no save points, as RedisProcess; extra may set them). */
    public static ServerProcess start(String... extra) throws IOException {
        return start(List.of(), extra);
    }

    /** As {@link #start(String...)} with extra JVM flags (e.g. {@code -Xmx1g}). */
    public static ServerProcess start(List<String> jvmArgs, String... extra) throws IOException {
        return new ServerProcess(launch("basalt", l -> {
            List<String> args = new ArrayList<>(List.of("--port", Integer.toString(l.port()), "--bind", HOST,
                    "--save", "", "--dir", l.dir().toString()));
            args.addAll(List.of(extra));
            return javaCommand(jvmArgs, args);
        }), true);
    }

    /**
     * Starts in {@code dir}, which the caller owns and which outlives the process: a restart
     * over the files an earlier process left (AOF, RDB).
     */
    public static ServerProcess startIn(Path dir, String... extra) throws IOException {
        return startIn(dir, 0, extra);
    }

    /** As {@link #startIn(Path, String...)} on {@code port} (0: any free port), e.g. a master restarted where its replicas look for it. */
    public static ServerProcess startIn(Path dir, int port, String... extra) throws IOException {
        return new ServerProcess(launch("basalt", dir, port, l -> {
            List<String> args = new ArrayList<>(List.of("--port", Integer.toString(l.port()), "--bind", HOST,
                    "--dir", l.dir().toString()));
            args.addAll(List.of(extra));
            return javaCommand(args);
        }), false);
    }

    /**
     * Starts from a config file whose text is built for the chosen port (so it can hold
     * {@code port}, {@code dir}, ...); {@code extra} arguments follow the file name.
     */
    public static ServerProcess startWithConfig(ConfigText config, String... extra) throws IOException {
        return new ServerProcess(launch("basalt", l -> {
            Path file = l.dir().resolve("basalt-" + l.port() + ".conf");
            Files.writeString(file, config.text(l.port(), l.dir()), StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of(file.toString()));
            args.addAll(List.of(extra));
            return javaCommand(args);
        }), true);
    }

    /** The command line that runs ServerMain with {@code serverArgs} in a new JVM. */
    public static List<String> javaCommand(List<String> serverArgs) {
        return javaCommand(List.of(), serverArgs);
    }

    public static List<String> javaCommand(List<String> jvmArgs, List<String> serverArgs) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(jvmArgs);
        String extraJvm = System.getProperty("basalt.it.serverJvmArgs", "").trim();
        if (!extraJvm.isEmpty()) cmd.addAll(List.of(extraJvm.split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.addAll(serverArgs);
        return cmd;
    }
}

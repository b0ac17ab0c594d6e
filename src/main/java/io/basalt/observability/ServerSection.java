package io.basalt.observability;

import io.basalt.command.spi.ServerControl;
import io.basalt.config.Directives;
import io.basalt.config.ServerVersion;
import io.basalt.keyspace.AccessClock;

import static io.basalt.observability.InfoFormat.field;

/** INFO server. */
final class ServerSection extends BuiltinSection {
    private static final String BUILD_ID = Long.toHexString(ServerVersion.BASALT_VERSION.hashCode() & 0xffffffffL);
    private final String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + machine(System.getProperty("os.arch"));

    ServerSection(ServerInfo info) {
        super(info, "server", "Server", true);
    }

    /** uname's machine name for the JVM's os.arch. */
    private static String machine(String arch) {
        return switch (arch) {
            case "amd64" -> "x86_64";
            case "x86" -> "i686";
            default -> arch;
        };
    }

    @Override
    public void appendFields(StringBuilder out) {
        var engine = info.engine();
        ServerControl control = engine.control();
        long uptime = info.uptimeSeconds();
        int hz = engine.config().getInt(Directives.HZ);
        field(out, "redis_version", ServerVersion.REDIS_VERSION);
        field(out, "redis_git_sha1", "00000000");
        field(out, "redis_git_dirty", 0);
        field(out, "redis_build_id", BUILD_ID);
        field(out, "redis_mode", "standalone");
        field(out, "os", os);
        field(out, "arch_bits", 64);
        field(out, "monotonic_clock", "POSIX clock_gettime");
        field(out, "multiplexing_api", "epoll");
        field(out, "atomicvar_api", "c11-builtin");
        field(out, "gcc_version", "0.0.0");
        field(out, "process_id", ProcessHandle.current().pid());
        field(out, "process_supervised", "no");
        field(out, "run_id", info.runId());
        field(out, "tcp_port", info.port());
        field(out, "server_time_usec", engine.clock().micros());
        field(out, "uptime_in_seconds", uptime);
        field(out, "uptime_in_days", uptime / (3600 * 24));
        field(out, "hz", hz);
        field(out, "configured_hz", hz);
        field(out, "lru_clock", (engine.clock().millis() / 1000) & AccessClock.LRU_CLOCK_MAX);
        field(out, "executable", control != null ? control.executable() : "");
        field(out, "config_file", control != null ? control.configFile() : "");
        field(out, "io_threads_active", 0);
    }
}

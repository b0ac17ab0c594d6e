package io.basalt.cli;

import io.basalt.config.Config;
import io.basalt.config.ConfigException;
import io.basalt.config.ConfigLoader;
import io.basalt.config.Directives;
import io.basalt.config.ServerVersion;
import io.basalt.net.NettyServer;
import io.basalt.server.Server;
import io.basalt.server.StartUp;
import io.basalt.util.Log;

/** {@code basalt-server [config-file] [--directive value ...]}, as {@code redis-server}. */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 1 && (argv[0].equals("-v") || argv[0].equals("--version"))) {
            System.out.println("Redis server v=" + ServerVersion.REDIS_VERSION + " sha=00000000:0 malloc=jvm bits=64 "
                    + "build=basalt-" + ServerVersion.BASALT_VERSION);
            return;
        }
        if (argv.length == 1 && (argv[0].equals("-h") || argv[0].equals("--help"))) {
            System.err.println("Usage: basalt-server [/path/to/redis.conf] [options] [-]\n"
                    + "       basalt-server - (read config from stdin)\n"
                    + "       basalt-server -v or --version\n"
                    + "       basalt-server -h or --help\n\n"
                    + "Examples:\n"
                    + "       basalt-server (run the server with default config)\n"
                    + "       basalt-server /etc/redis/6379.conf\n"
                    + "       basalt-server --port 7777\n"
                    + "       basalt-server --port 7777 --replicaof 127.0.0.1 8888\n"
                    + "       basalt-server /etc/myredis.conf --loglevel verbose -");
            return;
        }
        Config config = new Config();
        ConfigLoader loader = new ConfigLoader(config);
        try {
            loader.loadCommandLine(argv);
        } catch (ConfigException e) {
            if (e.isLogLine()) Log.warning(e.getMessage());
            else System.err.println(e.getMessage());
            System.exit(1);
        }
        Server server;
        try {
            server = StartUp.prepare(config, loader);
        } catch (StartUp.StartUpException e) {
            Log.warning(e.getMessage());
            System.exit(1);
            return;
        }
        try {
            server.loadData();
        } catch (StartUp.StartUpException e) {
            Log.warning(e.getMessage());
            System.exit(1);
            return;
        }
        try {
            server.start();
        } catch (NettyServer.BindException e) {
            Log.warning(e.getMessage());
            Log.warning("Failed listening on port " + config.getInt(Directives.PORT) + " (tcp), aborting.");
            System.exit(1);
            return;
        }
        StartUp.announce(server, config);
        StartUp.releaseStartUpGarbage();
        server.awaitStop();
    }
}

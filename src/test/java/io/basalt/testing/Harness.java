package io.basalt.testing;

import io.basalt.command.Client;
import io.basalt.command.CommandFamily;
import io.basalt.command.Engine;
import io.basalt.command.spi.DetachedConnection;
import io.basalt.config.Config;
import io.basalt.config.ConfigException;
import io.basalt.config.ConfigLoader;
import io.basalt.config.Directives;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.protocol.Args;
import io.basalt.protocol.ReplyWriter;
import io.basalt.server.Families;
import io.basalt.util.ManualClock;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands through the real dispatcher without a socket, on a manual clock, and
 * returns exact reply bytes or parsed values. One harness is one server; {@link #newClient}
 * opens further connections to it.
 */
public final class Harness {
    public final ManualClock clock = new ManualClock(1_700_000_000_000L);
    public final Config config;
    public final Engine engine;
    private final TestClient main;

    public Harness(String... directives) {
        this(Families.all(), directives);
    }

    /** A harness whose engine binds the given families instead of the server's. */
    public Harness(List<CommandFamily> families, String... directives) {
        config = new Config();
        // Through the command-line loader, so values parse exactly as "--name value" would.
        // Like the test servers: no save points, and files in a fresh directory, never the working one.
        List<String> argv = new ArrayList<>(List.of("--save", "", "--dir", scratchDir()));
        for (int i = 0; i + 1 < directives.length; i += 2) {
            argv.add("--" + directives[i]);
            argv.add(directives[i + 1]);
        }
        try {
            new ConfigLoader(config).loadCommandLine(argv.toArray(new String[0]));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        engine = new Engine(config, clock, families);
        main = newClient();
    }

    private static String scratchDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("basalt-harness");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public TestClient newClient() {
        return new TestClient(this);
    }

    public TestClient client() {
        return main;
    }

    /** Exact reply bytes of one command on the main client, as text. */
    public String raw(String... args) {
        return main.raw(args);
    }

    /** The parsed reply of one command on the main client. */
    public Object call(String... args) {
        return main.call(args);
    }

    /**
     * Starts recording keyspace notifications of every class, but key misses, as "event key"
     * strings in order (whatever notify-keyspace-events says); the server's own listener
     * still receives everything.
     */
    public List<String> recordEvents() {
        return recordEvents(" ", false);
    }

    /**
     * As {@link #recordEvents()}, with "event{separator}key" strings; with {@code everything}, key
     * misses too, and "modified{separator}key" for every key signalled as modified.
     */
    public List<String> recordEvents(String separator, boolean everything) {
        List<String> seen = new java.util.ArrayList<>();
        engine.keyspace().setNotifyMask(-1);
        KeyEvents server = engine.keyspace().events();
        engine.keyspace().setEvents(new KeyEvents() {
            @Override
            public void modified(Database db, byte[] key, int off, int len) {
                if (everything) seen.add("modified" + separator + text(key, off, len));
                server.modified(db, key, off, len);
            }

            @Override
            public void notify(int type, String event, byte[] key, int off, int len, int dbId) {
                if (everything || type != KEY_MISS) seen.add(event + separator + text(key, off, len));
                server.notify(type, event, key, off, len, dbId);
            }

            @Override
            public void expiredDeleted(Database db, byte[] key) {
                server.expiredDeleted(db, key);
            }

            @Override
            public void replacing(Database emptied, Database replacement) {
                server.replacing(emptied, replacement);
            }

            @Override
            public void evictedDeleted(Database db, byte[] key) {
                server.evictedDeleted(db, key);
            }
        });
        return seen;
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Starts recording the propagated stream (what the AOF and replicas receive) as
     * "db command args..." strings, one per propagated command, SELECTs left implicit.
     */
    public List<String> recordPropagation() {
        List<String> seen = new java.util.ArrayList<>();
        engine.propagation().addTarget((db, argv) -> {
            StringBuilder sb = new StringBuilder().append(db);
            for (int i = 0; i < argv.count(); i++) sb.append(' ').append(argv.string(i));
            seen.add(sb.toString());
        }, io.basalt.command.Propagation.ALL);
        return seen;
    }

    /** A connection to the harness server. */
    public static final class TestClient extends DetachedConnection {
        private final Harness h;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        public final Client client;
        public boolean closed;
        /** What {@link #pendingOutputBytes} reports: bytes a slow reader left unsent. */
        public long pendingOutput;
        /** How many times others asked this connection to flush their output. */
        public int flushRequests;

        TestClient(Harness h) {
            this.h = h;
            ReplyWriter w = new ReplyWriter((buf, len) -> out.write(buf, 0, len));
            w.setErrorObserver(h.engine.stats()::countError);
            client = new Client(h.engine.clients().newId(), h.engine, this, w);
            h.engine.clients().add(client);
        }

        public byte[] rawBytes(byte[]... args) {
            client.setArgs(Args.of(args));
            h.engine.executionLock().lock();
            try {
                h.engine.dispatcher().dispatch(client);
                // As a connection does after each read batch (pause timeouts, fast expiry).
                h.engine.beforeSleep();
                client.reply().drain();
            } finally {
                h.engine.executionLock().unlock();
            }
            byte[] r = out.toByteArray();
            out.reset();
            return r;
        }

        public String raw(String... args) {
            byte[][] b = new byte[args.length][];
            for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return Resp.text(rawBytes(b));
        }

        public Object call(String... args) {
            return Resp.parse(raw(args).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String address() {
            return "127.0.0.1:40000";
        }

        @Override
        public String localAddress() {
            return "127.0.0.1:6379";
        }





        @Override
        public long pendingOutputBytes() {
            return pendingOutput;
        }

        @Override
        public void closeAfterReply() {
            closed = true;
        }

        @Override
        public void closeNow() {
            closed = true;
        }

        @Override
        public void resume() {
            h.engine.executionLock().lock();
            try {
                h.engine.dispatcher().runPostponed(client);
                client.reply().drain();
            } finally {
                h.engine.executionLock().unlock();
            }
        }

        @Override
        public void flushLater() {
            flushRequests++;
        }

        /** Replies written to this client by others (MONITOR, resumed commands). */
        public String takeOutput() {
            h.engine.executionLock().lock();
            try {
                client.reply().drain();
            } finally {
                h.engine.executionLock().unlock();
            }
            String s = Resp.text(out.toByteArray());
            out.reset();
            return s;
        }
    }
}

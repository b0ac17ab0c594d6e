package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.config.ServerVersion;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** PING, ECHO, QUIT, SELECT, AUTH, HELLO, RESET: the connection's own state. */
public final class ConnectionCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("ping", ConnectionCommands::ping);
        b.bind("echo", ConnectionCommands::echo);
        b.bind("quit", ConnectionCommands::quit);
        b.bind("select", ConnectionCommands::select);
        b.bind("auth", ConnectionCommands::auth);
        b.bind("hello", ConnectionCommands::hello);
        b.bind("reset", ConnectionCommands::reset);
    }

    private static final byte[] PONG_LOWER = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUTH = "AUTH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SETNAME = "SETNAME".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESET_REPLY = Replies.ascii("+RESET\r\n");

    static void ping(Client c) {
        Args a = c.args();
        if (a.count() > 2) throw new CommandError(Errors.wrongArity("ping"));
        ReplyWriter r = c.reply();
        if (c.has(Client.PUBSUB) && c.protocol() == 2) {
            r.array(2);
            r.bulk(PONG_LOWER);
            if (a.count() == 1) r.bulk(new byte[0]);
            else r.bulk(a.buffer(), a.offset(1), a.length(1));
        } else if (a.count() == 1) {
            r.raw(Replies.PONG);
        } else {
            r.bulk(a.buffer(), a.offset(1), a.length(1));
        }
    }

    static void echo(Client c) {
        Args a = c.args();
        c.reply().bulk(a.buffer(), a.offset(1), a.length(1));
    }

    static void quit(Client c) {
        c.reply().ok();
        c.set(Client.CLOSE_AFTER_REPLY);
        c.connection().closeAfterReply();
    }

    static void select(Client c) {
        int id = Arguments.intArg(c.args(), 1);
        if (id < 0 || id >= c.engine().keyspace().count()) throw new CommandError(Errors.DB_INDEX_OUT_OF_RANGE);
        c.select(id);
        c.reply().ok();
    }

    static void auth(Client c) {
        Args a = c.args();
        if (a.count() > 3) throw new CommandError(Errors.SYNTAX);
        byte[] user;
        byte[] pass;
        if (a.count() == 2) {
            if (c.engine().requirePass() == null) throw new CommandError(Errors.AUTH_NO_PASSWORD);
            user = DEFAULT_USER;
            pass = a.copy(1);
        } else {
            user = a.copy(1);
            pass = a.copy(2);
        }
        if (!authenticate(c, user, pass)) throw new CommandError(Errors.WRONGPASS);
        c.reply().ok();
    }

    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

    /** The default user is the only user until ACL lands: with no password it accepts any. */
    static boolean authenticate(Client c, byte[] user, byte[] pass) {
        if (!java.util.Arrays.equals(user, DEFAULT_USER)) return false;
        byte[] expected = c.engine().requirePass();
        if (expected != null && !MessageDigest.isEqual(expected, pass)) return false;
        c.setAuthenticated(true);
        return true;
    }

    static void hello(Client c) {
        Args a = c.args();
        long version = 0;
        int next = 1;
        if (a.count() >= 2) {
            version = Arguments.longArg(a, next++, Errors.PROTOCOL_VERSION_NOT_INTEGER);
            if (version < 2 || version > 3) throw new CommandError(Errors.NOPROTO);
        }
        byte[] user = null, pass = null, name = null;
        for (int j = next; j < a.count(); j++) {
            int more = a.count() - 1 - j;
            if (a.is(j, AUTH) && more >= 2) {
                user = a.copy(j + 1);
                pass = a.copy(j + 2);
                j += 2;
            } else if (a.is(j, SETNAME) && more >= 1) {
                name = a.copy(j + 1);
                j++;
            } else {
                throw new CommandError(Errors.helloSyntax(a.string(j)));
            }
        }
        if (user != null && !authenticate(c, user, pass)) throw new CommandError(Errors.WRONGPASS);
        if (c.authRequired()) throw new CommandError(Errors.HELLO_NOAUTH);
        if (name != null) ClientNames.setOrFail(c, name);
        if (version != 0) c.reply().setProtocol((int) version);
        ReplyWriter r = c.reply();
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(ServerVersion.REDIS_VERSION);
        r.bulk("proto");
        r.integer(c.protocol());
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.array(0);
    }

    static void reset(Client c) {
        c.reset();
        c.reply().raw(RESET_REPLY);
    }
}

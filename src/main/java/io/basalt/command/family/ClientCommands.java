package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.ClientInfo;
import io.basalt.command.PauseState;
import io.basalt.command.ClientType;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Help;
import io.basalt.command.PauseState;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT: the connection list and per-connection controls.
 * <p>
 * CLIENT SETINFO is a Redis 7.2 subcommand that Jedis 5 and Lettuce 6.3 send on connect.
 * Redis 7.0 has none, so tools/capture-commands.py cannot capture it: its declaration in
 * commands.json is written by hand from Redis 7.2's client-setinfo.json (arity 4, flags
 * noscript loading stale, @slow @connection, request_policy:all_nodes
 * response_policy:all_succeeded). The library name and version are kept on the client but,
 * as CLIENT LIST stays byte-for-byte Redis 7.0's line, not shown there.
 */
public final class ClientCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("client|id", ClientCommands::id);
        b.bind("client|setname", ClientCommands::setName);
        b.bind("client|getname", ClientCommands::getName);
        b.bind("client|list", ClientCommands::list);
        b.bind("client|info", ClientCommands::info);
        b.bind("client|kill", ClientCommands::kill);
        b.bind("client|pause", ClientCommands::pause);
        b.bind("client|unpause", ClientCommands::unpause);
        b.bind("client|reply", ClientCommands::reply);
        b.bind("client|no-evict", ClientCommands::noEvict);
        b.bind("client|unblock", ClientCommands::unblock);
        b.bind("client|setinfo", ClientCommands::setInfo);
        b.bind("client|help", ClientCommands::help);
    }

    private static final byte[] TYPE = ascii("TYPE");
    private static final byte[] ID = ascii("ID");
    private static final byte[] ADDR = ascii("ADDR");
    private static final byte[] LADDR = ascii("LADDR");
    private static final byte[] USER = ascii("USER");
    private static final byte[] SKIPME = ascii("SKIPME");
    private static final byte[] YES = ascii("YES");
    private static final byte[] NO = ascii("NO");
    private static final byte[] ON = ascii("ON");
    private static final byte[] ERROR = ascii("ERROR");
    private static final byte[] TIMEOUT = ascii("TIMEOUT");
    private static final byte[] OFF = ascii("OFF");
    private static final byte[] SKIP = ascii("SKIP");
    private static final byte[] WRITE = ascii("WRITE");
    private static final byte[] ALL = ascii("ALL");
    private static final byte[] LIB_NAME = ascii("LIB-NAME");
    private static final byte[] LIB_VER = ascii("LIB-VER");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void id(Client c) {
        c.reply().integer(c.id());
    }

    static void setName(Client c) {
        ClientNames.setOrFail(c, c.args().copy(2));
        c.reply().ok();
    }

    static void getName(Client c) {
        byte[] name = c.name();
        if (name == null) c.reply().nullBulk();
        else c.reply().bulk(name);
    }

    static void info(Client c) {
        c.reply().verbatim("txt", (ClientInfo.line(c, c) + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    static void list(Client c) {
        Args a = c.args();
        StringBuilder out = new StringBuilder();
        if (a.count() == 4 && a.is(2, TYPE)) {
            ClientType type = ClientType.byName(a.string(3));
            if (type == null) throw new CommandError(Errors.unknownClientType(a.string(3)));
            for (Client other : c.engine().clients().all()) {
                if (ClientType.of(other) == type) out.append(ClientInfo.line(other, c)).append('\n');
            }
        } else if (a.count() > 3 && a.is(2, ID)) {
            List<Client> found = new ArrayList<>();
            for (int j = 3; j < a.count(); j++) {
                long id = Arguments.longArg(a, j, Errors.INVALID_CLIENT_ID);
                Client other = c.engine().clients().get(id);
                if (other != null) found.add(other);
            }
            for (Client other : found) out.append(ClientInfo.line(other, c)).append('\n');
        } else if (a.count() != 2) {
            throw new CommandError(Errors.SYNTAX);
        } else {
            for (Client other : c.engine().clients().all()) out.append(ClientInfo.line(other, c)).append('\n');
        }
        c.reply().verbatim("txt", out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static void kill(Client c) {
        Args a = c.args();
        String addr = null, laddr = null, user = null;
        ClientType type = null;
        long id = 0;
        boolean skipMe = true;
        if (a.count() == 3) {
            addr = a.string(2);
            skipMe = false;
        } else {
            for (int i = 2; i < a.count(); i += 2) {
                boolean more = a.count() > i + 1;
                if (a.is(i, ID) && more) {
                    id = Arguments.longArg(a, i + 1, Errors.CLIENT_ID_NOT_POSITIVE);
                    if (id < 1) throw new CommandError(Errors.CLIENT_ID_NOT_POSITIVE);
                } else if (a.is(i, TYPE) && more) {
                    type = ClientType.byName(a.string(i + 1));
                    if (type == null) throw new CommandError(Errors.unknownClientType(a.string(i + 1)));
                } else if (a.is(i, ADDR) && more) {
                    addr = a.string(i + 1);
                } else if (a.is(i, LADDR) && more) {
                    laddr = a.string(i + 1);
                } else if (a.is(i, USER) && more) {
                    user = a.string(i + 1);
                    if (!user.equals("default")) throw new CommandError(Errors.noSuchUser(user));
                } else if (a.is(i, SKIPME) && more) {
                    if (a.is(i + 1, YES)) skipMe = true;
                    else if (a.is(i + 1, NO)) skipMe = false;
                    else throw new CommandError(Errors.SYNTAX);
                } else {
                    throw new CommandError(Errors.SYNTAX);
                }
            }
        }
        int killed = 0;
        boolean closeSelf = false;
        for (Client other : c.engine().clients().all()) {
            if (addr != null && !other.connection().address().equals(addr)) continue;
            if (laddr != null && !other.connection().localAddress().equals(laddr)) continue;
            if (type != null && ClientType.of(other) != type) continue;
            if (id != 0 && other.id() != id) continue;
            if (user != null && !other.user().equals(user)) continue;
            if (other == c && skipMe) continue;
            if (other == c) {
                closeSelf = true;
            } else {
                other.connection().closeNow();
                c.engine().clients().remove(other);
                c.engine().dispatcher().disconnected(other);
            }
            killed++;
        }
        if (a.count() == 3) {
            if (killed == 0) throw new CommandError(Errors.NO_SUCH_CLIENT);
            c.reply().ok();
        } else {
            c.reply().integer(killed);
        }
        if (closeSelf) {
            c.set(Client.CLOSE_AFTER_REPLY);
            c.connection().closeAfterReply();
        }
    }

    static void pause(Client c) {
        Args a = c.args();
        PauseState.Type type = PauseState.Type.ALL;
        if (a.count() == 4) {
            if (a.is(3, WRITE)) type = PauseState.Type.WRITE;
            else if (a.is(3, ALL)) type = PauseState.Type.ALL;
            else throw new CommandError(Errors.PAUSE_MODE);
        } else if (a.count() != 3) {
            throw new CommandError(Errors.subcommandSyntax(a.string(1), "CLIENT"));
        }
        long timeout = Arguments.longArg(a, 2, Errors.TIMEOUT_NOT_INTEGER);
        if (timeout < 0) throw new CommandError(Errors.TIMEOUT_NEGATIVE);
        long now = c.engine().clock().millis();
        if (timeout > 0 && timeout > Long.MAX_VALUE - now) throw new CommandError(Errors.TIMEOUT_OUT_OF_RANGE);
        c.engine().pause().pause(PauseState.Purpose.CLIENT_COMMAND, type, timeout > 0 ? now + timeout : 0);
        c.reply().ok();
    }

    static void unpause(Client c) {
        c.engine().pause().unpause(PauseState.Purpose.CLIENT_COMMAND);
        c.reply().ok();
    }

    static void reply(Client c) {
        Args a = c.args();
        if (a.is(2, ON)) {
            c.clear(Client.REPLY_SKIP | Client.REPLY_OFF);
            c.reply().setEnabled(true);
            c.reply().ok();
        } else if (a.is(2, OFF)) {
            c.set(Client.REPLY_OFF);
        } else if (a.is(2, SKIP)) {
            if (!c.has(Client.REPLY_OFF)) c.set(Client.REPLY_SKIP_NEXT);
        } else {
            throw new CommandError(Errors.SYNTAX);
        }
    }

    static void noEvict(Client c) {
        Args a = c.args();
        if (a.is(2, ON)) c.set(Client.NO_EVICT);
        else if (a.is(2, OFF)) c.clear(Client.NO_EVICT);
        else throw new CommandError(Errors.SYNTAX);
        c.reply().ok();
    }

    /** CLIENT UNBLOCK id [TIMEOUT | ERROR]: ends a blocking command's wait. */
    static void unblock(Client c) {
        Args a = c.args();
        if (a.count() > 4) throw new CommandError(Errors.subcommandSyntax(a.string(1), "CLIENT"));
        boolean error = false;
        if (a.count() == 4) {
            if (a.is(3, ERROR)) error = true;
            else if (!a.is(3, TIMEOUT)) throw new CommandError(Errors.UNBLOCK_REASON);
        }
        long id = Arguments.longArg(a, 2);
        Client target = c.engine().clients().get(id);
        c.reply().integer(target != null && c.engine().blocking().unblock(target, error) ? 1 : 0);
    }

    static void setInfo(Client c) {
        Args a = c.args();
        boolean name = a.is(2, LIB_NAME);
        if (!name && !a.is(2, LIB_VER)) throw new CommandError(Errors.unrecognizedOption(a.string(2)));
        byte[] v = a.copy(3);
        for (byte x : v) {
            if (x < '!' || x > '~') {
                throw new CommandError(Errors.libInfoInvalid(a.string(2)));
            }
        }
        String value = new String(v, StandardCharsets.US_ASCII);
        if (name) c.setLib(value, null);
        else c.setLib(null, value);
        c.reply().ok();
    }

    static void help(Client c) {
        Help.reply(c, "CLIENT",
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.");
    }
}

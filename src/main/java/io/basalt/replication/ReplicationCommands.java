package io.basalt.replication;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.ClientInfo;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Engine;
import io.basalt.config.Directives;
import io.basalt.persistence.Persistence;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;
import io.basalt.util.Log;

import java.util.List;

/** SYNC, PSYNC, REPLCONF, WAIT, ROLE and REPLICAOF/SLAVEOF; installs the engine's {@link Replication}. */
public final class ReplicationCommands implements CommandFamily {
    private static final byte[] NO = Ascii.bytes("NO");
    private static final byte[] ONE = Ascii.bytes("ONE");
    /** NET_HOST_STR_LEN: the longest address REPLCONF ip-address takes. */
    private static final int MAX_HOST_LENGTH = 256;

    @Override
    public void register(Binder b) {
        b.bind("sync", c -> replication(c).replicas.sync(c, false));
        b.bind("psync", c -> replication(c).replicas.sync(c, true));
        b.bind("replconf", ReplicationCommands::replconf);
        b.bind("wait", c -> replication(c).replicas.waitFor(c));
        b.bind("role", ReplicationCommands::role);
        b.bind("replicaof", ReplicationCommands::replicaof);
        b.bind("slaveof", ReplicationCommands::replicaof);
        b.bind("failover", c -> replication(c).failover.command(c));
    }

    @Override
    public void attach(Engine engine) {
        Replication r = new Replication(engine, engine.service(Persistence.class));
        engine.provide(Replication.class, r);
        engine.addCronTask(r.cronTask());
    }

    private static Replication replication(Client c) {
        return c.engine().service(Replication.class);
    }

    /** replconfCommand: option/value pairs a replica sends before and after PSYNC. */
    static void replconf(Client c) {
        Args a = c.args();
        if (a.count() % 2 == 0) throw new CommandError(Errors.SYNTAX);
        Replication repl = replication(c);
        Replicas.Peer p = repl.replicas.peer(c);
        for (int j = 1; j < a.count(); j += 2) {
            String option = a.string(j);
            switch (option.toLowerCase(java.util.Locale.ROOT)) {
                case "listening-port" -> p.listeningPort = (int) Arguments.longArg(a, j + 1);
                case "ip-address" -> {
                    if (a.length(j + 1) >= MAX_HOST_LENGTH) {
                        throw new CommandError("ERR REPLCONF ip-address provided by replica instance is too long: "
                                + a.length(j + 1) + " bytes");
                    }
                    p.announcedIp = a.string(j + 1);
                }
                case "capa" -> {
                    String capa = a.string(j + 1);
                    if (capa.equalsIgnoreCase("eof")) p.capaEof = true;
                    else if (capa.equalsIgnoreCase("psync2")) p.capaPsync2 = true;
                }
                case "ack" -> {
                    // No reply: the stream to a replica carries nothing back.
                    if (c.has(Client.REPLICA) && Arguments.isLong(a, j + 1)) repl.replicas.ack(c, Arguments.longArg(a, j + 1));
                    return;
                }
                case "getack" -> {
                    if (repl.link != null && c.has(Client.MASTER)) repl.link.requestAck();
                    return;
                }
                default -> throw new CommandError("ERR Unrecognized REPLCONF option: " + option);
            }
        }
        c.reply().ok();
    }

    /** roleCommand. */
    static void role(Client c) {
        Replication repl = replication(c);
        ReplyWriter r = c.reply();
        MasterLink link = repl.link;
        if (link == null) {
            List<String[]> online = repl.replicas.online();
            r.array(3);
            r.bulk("master");
            r.integer(repl.masterReplOffset());
            r.array(online.size());
            for (String[] replica : online) {
                r.array(3);
                for (String field : replica) r.bulk(field);
            }
            return;
        }
        r.array(5);
        r.bulk("slave");
        r.bulk(link.host());
        r.integer(link.port());
        r.bulk(link.roleState());
        r.integer(link.roleOffset());
    }

    /** replicaofCommand: REPLICAOF host port | NO ONE. */
    static void replicaof(Client c) {
        Args a = c.args();
        Replication repl = replication(c);
        if (repl.failover.active()) throw new CommandError("ERR REPLICAOF not allowed while failing over.");
        if (a.is(1, NO) && a.is(2, ONE)) {
            if (repl.link != null) {
                repl.becomeMaster();
                repl.config.setValue(Directives.REPLICAOF, List.of());
                Log.notice("MASTER MODE enabled (user request from '" + ClientInfo.line(c) + "')");
            }
            c.reply().ok();
            return;
        }
        if (c.has(Client.REPLICA)) throw new CommandError("ERR Command is not valid when client is a replica.");
        long port = Arguments.rangeLongArg(a, 2, 0, 65535, "ERR Invalid master port");
        String host = a.string(1);
        if (repl.link != null && repl.link.host().equalsIgnoreCase(host) && repl.link.port() == port) {
            Log.notice("REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.");
            c.reply().simple("OK Already connected to specified master");
            return;
        }
        repl.replicaOf(host, (int) port);
        repl.config.setValue(Directives.REPLICAOF, List.of(host, Long.toString(port)));
        Log.notice("REPLICAOF " + host + ":" + port + " enabled (user request from '" + ClientInfo.line(c) + "')");
        c.reply().ok();
    }
}

package io.basalt.pubsub;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.command.Engine;
import io.basalt.command.Help;
import io.basalt.command.Propagation;
import io.basalt.config.Directives;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.util.List;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH,
 * SPUBLISH and PUBSUB; installs the engine's {@link PubSub} and the keyspace notifications.
 * Shard channels have single-node semantics: no slots, no cluster propagation.
 */
public final class PubSubCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("subscribe", PubSubCommands::subscribe);
        b.bind("unsubscribe", PubSubCommands::unsubscribe);
        b.bind("psubscribe", PubSubCommands::psubscribe);
        b.bind("punsubscribe", PubSubCommands::punsubscribe);
        b.bind("ssubscribe", PubSubCommands::ssubscribe);
        b.bind("sunsubscribe", PubSubCommands::sunsubscribe);
        b.bind("publish", c -> publish(c, false));
        b.bind("spublish", c -> publish(c, true));
        b.bind("pubsub|channels", c -> channels(c, false));
        b.bind("pubsub|shardchannels", c -> channels(c, true));
        b.bind("pubsub|numsub", c -> numsub(c, false));
        b.bind("pubsub|shardnumsub", c -> numsub(c, true));
        b.bind("pubsub|numpat", c -> c.reply().integer(pubsub(c).patternCount()));
        b.bind("pubsub|help", PubSubCommands::help);
    }

    @Override
    public void attach(Engine engine) {
        PubSub pubsub = new PubSub(engine);
        engine.provide(PubSub.class, pubsub);
        engine.addDisconnectListener(c -> {
            if (c.subscriptions() != null) c.subscriptions().dropAll();
        });
        engine.info().setGauge("pubsub_channels", pubsub::channelCount);
        engine.info().setGauge("pubsub_patterns", pubsub::patternCount);
        engine.info().setGauge("pubsubshard_channels", pubsub::shardChannelCount);
        KeyspaceNotifications notifications = new KeyspaceNotifications(pubsub, engine.keyspace());
        engine.setKeyspaceNotifier(notifications);
        engine.config().watch(Directives.NOTIFY_KEYSPACE_EVENTS, v -> notifications.configure((int) (long) (Long) v));
    }

    private static PubSub pubsub(Client c) {
        return c.engine().service(PubSub.class);
    }

    /**
     * A client that expects one reply per command (a script, the AOF loader) cannot
     * subscribe; MULTI is let through for backward compatibility, except by SSUBSCRIBE.
     */
    private static void denyBlocking(Client c, String command, boolean exceptMulti) {
        if (c.has(Client.DENY_BLOCKING) && !(exceptMulti && c.has(Client.MULTI))) {
            throw new CommandError(Errors.subscribeDenyBlocking(command));
        }
    }

    static void subscribe(Client c) {
        denyBlocking(c, "SUBSCRIBE", true);
        PubSub p = pubsub(c);
        Args a = c.args();
        for (int i = 1; i < a.count(); i++) p.subscribe(c, a.copy(i), false);
        c.set(Client.PUBSUB);
    }

    static void ssubscribe(Client c) {
        denyBlocking(c, "SSUBSCRIBE", false);
        PubSub p = pubsub(c);
        Args a = c.args();
        for (int i = 1; i < a.count(); i++) p.subscribe(c, a.copy(i), true);
        c.set(Client.PUBSUB);
    }

    static void psubscribe(Client c) {
        denyBlocking(c, "PSUBSCRIBE", true);
        PubSub p = pubsub(c);
        Args a = c.args();
        for (int i = 1; i < a.count(); i++) p.psubscribe(c, a.copy(i));
        c.set(Client.PUBSUB);
    }

    static void unsubscribe(Client c) {
        unsubscribe(c, false);
    }

    static void sunsubscribe(Client c) {
        unsubscribe(c, true);
    }

    private static void unsubscribe(Client c, boolean shard) {
        PubSub p = pubsub(c);
        Args a = c.args();
        if (a.count() == 1) p.unsubscribeAll(c, true, shard);
        for (int i = 1; i < a.count(); i++) p.unsubscribe(c, a.copy(i), true, shard);
        leaveIfUnsubscribed(c);
    }

    static void punsubscribe(Client c) {
        PubSub p = pubsub(c);
        Args a = c.args();
        if (a.count() == 1) p.punsubscribeAll(c, true);
        for (int i = 1; i < a.count(); i++) p.punsubscribe(c, a.copy(i), true);
        leaveIfUnsubscribed(c);
    }

    private static void leaveIfUnsubscribed(Client c) {
        if (((Subscriber) c.subscriptions()).total() == 0) c.clear(Client.PUBSUB);
    }

    /** PUBLISH / SPUBLISH: delivered at once; replicas get the command, the AOF does not. */
    static void publish(Client c, boolean shard) {
        Args a = c.args();
        int receivers = pubsub(c).publish(a.buffer(), a.offset(1), a.length(1), a.buffer(), a.offset(2), a.length(2), shard);
        c.forcePropagation(Propagation.REPLICATION);
        c.reply().integer(receivers);
    }

    static void channels(Client c, boolean shard) {
        Args a = c.args();
        if (a.count() > 3) throw new CommandError(Errors.subcommandSyntax(a.string(1), "PUBSUB"));
        List<byte[]> names = pubsub(c).channelNames(a.count() == 3 ? a.copy(2) : null, shard);
        ReplyWriter r = c.reply();
        r.array(names.size());
        for (byte[] n : names) r.bulk(n);
    }

    static void numsub(Client c, boolean shard) {
        Args a = c.args();
        PubSub p = pubsub(c);
        ReplyWriter r = c.reply();
        r.array((a.count() - 2) * 2L);
        for (int i = 2; i < a.count(); i++) {
            r.bulk(a.buffer(), a.offset(i), a.length(i));
            r.integer(p.subscriberCount(a.buffer(), a.offset(i), a.length(i), shard));
        }
    }

    static void help(Client c) {
        Help.reply(c, "PUBSUB",
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)");
    }
}

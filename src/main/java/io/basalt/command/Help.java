package io.basalt.command;

import io.basalt.protocol.ReplyWriter;

/** Redis's addReplyHelp(): the container's usage line, the given lines, then HELP, as status replies. */
public final class Help {
    private Help() {}

    public static void reply(Client c, String container, String... lines) {
        ReplyWriter r = c.reply();
        r.array(lines.length + 3);
        r.simple(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) r.simple(l);
        r.simple("HELP");
        r.simple("    Prints this help.");
    }
}

package io.basalt.observability;

import io.basalt.command.CommandSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.basalt.observability.InfoFormat.f2;

/**
 * INFO commandstats: one line per command or subcommand that was called, failed or was
 * rejected. Redis prints them in its dict's hash order; Basalt sorts by name, with
 * subcommands after their container as Redis nests them.
 */
final class CommandStatsSection extends BuiltinSection {
    CommandStatsSection(ServerInfo info) {
        super(info, "commandstats", "Commandstats", false);
    }

    /** Every command and subcommand in the order the stats sections print them. */
    static List<CommandSpec> ordered(List<CommandSpec> top) {
        List<CommandSpec> out = new ArrayList<>();
        List<CommandSpec> sorted = new ArrayList<>(top);
        sorted.sort(Comparator.comparing(CommandSpec::fullName));
        for (CommandSpec c : sorted) {
            out.add(c);
            if (c.isContainer()) out.addAll(ordered(c.subcommands()));
        }
        return out;
    }

    @Override
    public void appendFields(StringBuilder out) {
        for (CommandSpec c : ordered(info.engine().commands().all())) {
            if (c.calls == 0 && c.failedCalls == 0 && c.rejectedCalls == 0) continue;
            float perCall = c.calls == 0 ? 0 : (float) c.microseconds / c.calls;
            out.append("cmdstat_").append(InfoFormat.safe(c.fullName()))
                    .append(":calls=").append(c.calls)
                    .append(",usec=").append(c.microseconds)
                    .append(",usec_per_call=").append(f2(perCall))
                    .append(",rejected_calls=").append(c.rejectedCalls)
                    .append(",failed_calls=").append(c.failedCalls).append("\r\n");
        }
    }
}

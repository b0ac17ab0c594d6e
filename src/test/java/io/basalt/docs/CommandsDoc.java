package io.basalt.docs;

import io.basalt.command.CommandSpec;
import io.basalt.command.CommandTable;
import io.basalt.server.Families;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Generates docs/COMMANDS.md, the coverage table of the commands Basalt declares, from the
 * command table (commands.json plus the bound families). {@link CommandsDocTest} keeps the
 * checked-in file in step with the table.
 */
public final class CommandsDoc {
    private CommandsDoc() {}

    public static String render(CommandTable table) {
        List<CommandSpec> commands = new ArrayList<>(table.all());
        commands.sort(Comparator.comparing(CommandSpec::group).thenComparing(CommandSpec::fullName));
        int subs = 0;
        for (CommandSpec c : commands) subs += c.subcommands().size();
        StringBuilder sb = new StringBuilder();
        sb.append("# Commands\n\n");
        sb.append("Generated from the command table (`src/main/resources/io/basalt/command/commands.json`, captured from\n");
        sb.append("Redis 7.0.15 by `tools/capture-commands.py`); do not edit by hand. Regenerate with\n");
        sb.append("`mvn -q test -Dtest=CommandsDocTest -Dbasalt.regenerateDocs=true`.\n\n");
        sb.append(commands.size()).append(" commands");
        if (subs > 0) sb.append(" (").append(subs).append(" subcommands)");
        sb.append(" implemented.\n\n");
        sb.append("| Group | Command | Since | Summary | Subcommands implemented |\n");
        sb.append("|---|---|---|---|---|\n");
        for (CommandSpec c : commands) {
            List<String> names = new ArrayList<>();
            for (CommandSpec s : c.subcommands()) names.add(s.name().toUpperCase(Locale.ROOT));
            names.sort(null);
            sb.append("| ").append(cell(c.group()))
                    .append(" | ").append(cell(c.fullName().toUpperCase(Locale.ROOT)))
                    .append(" | ").append(cell(c.since()))
                    .append(" | ").append(cell(c.summary()))
                    .append(" | ").append(cell(String.join(", ", names)))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    public static void main(String[] args) {
        System.out.print(render(new CommandTable(Families.all())));
    }
}

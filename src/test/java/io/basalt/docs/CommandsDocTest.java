package io.basalt.docs;

import io.basalt.command.CommandTable;
import io.basalt.server.Families;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/COMMANDS.md must match the command table; run with -Dbasalt.regenerateDocs=true to rewrite it. */
class CommandsDocTest {
    private static final Path FILE = Path.of(System.getProperty("basedir", "."), "docs", "COMMANDS.md");

    @Test
    void commandsDocIsUpToDate() throws IOException {
        String expected = CommandsDoc.render(new CommandTable(Families.all()));
        if (Boolean.getBoolean("basalt.regenerateDocs")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        assertThat(actual)
                .as("docs/COMMANDS.md is out of date with the command table; regenerate it with "
                        + "`mvn -q test -Dtest=CommandsDocTest -Dbasalt.regenerateDocs=true`")
                .isEqualTo(expected);
    }
}

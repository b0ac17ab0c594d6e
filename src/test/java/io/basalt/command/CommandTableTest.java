package io.basalt.command;

import io.basalt.server.Families;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTableTest {
    @Test
    void everyDeclaredCommandHasAHandler() {
        CommandTable t = new CommandTable(Families.all());
        assertThat(t.all()).isNotEmpty();
        for (CommandSpec c : t.all()) {
            if (!c.isContainer()) assertThat(c.handler()).as(c.fullName()).isNotNull();
            for (CommandSpec s : c.subcommands()) assertThat(s.handler()).as(s.fullName()).isNotNull();
        }
    }

    @Test
    void aDeclarationWithoutHandlerFailsTheBuild() {
        List<Map<String, Object>> decl = CommandTable.loadDeclarations();
        assertThatThrownBy(() -> new CommandTable(decl, List.of()))
                .hasMessageContaining("declaration without handler: get");
    }

    @Test
    void aHandlerWithoutDeclarationFailsTheBuild() {
        List<CommandFamily> families = new java.util.ArrayList<>(Families.all());
        families.add(b -> b.bind("no-such-command", c -> {}));
        assertThatThrownBy(() -> new CommandTable(families)).hasMessageContaining("handler without declaration: no-such-command");
    }

    @Test
    void lookupIsCaseInsensitive() {
        CommandTable t = new CommandTable(Families.all());
        byte[] name = "gEt".getBytes();
        assertThat(t.lookup(name, 0, 3).fullName()).isEqualTo("get");
        assertThat(t.lookup("nope".getBytes(), 0, 4)).isNull();
    }
}

package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.protocol.Errors;

/** Client name rules shared by CLIENT SETNAME and HELLO SETNAME. */
final class ClientNames {
    private ClientNames() {}

    /** Sets the name, or fails like Redis for characters outside '!'..'~' (an empty name clears it). */
    static void setOrFail(Client c, byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new CommandError(Errors.CLIENT_NAME_INVALID);
            }
        }
        c.setName(name.length == 0 ? null : name);
    }
}

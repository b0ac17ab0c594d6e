package io.basalt.command;

/** Executes one command for a client; arguments are in {@link Client#args()}. */
@FunctionalInterface
public interface Handler {
    void execute(Client c);
}

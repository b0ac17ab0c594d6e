package io.basalt.command;

/**
 * Thrown by argument parsing to abort a command with an error reply. Carries no stack trace:
 * it is control flow on the error path, and the dispatcher turns it into the reply.
 */
public final class CommandError extends RuntimeException {
    public CommandError(String message) {
        super(message, null, false, false);
    }
}

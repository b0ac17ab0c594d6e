package io.basalt.command;

/** A family of commands binds its handlers in one block: {@code b.bind("get", StringCommands::get)}. */
public interface CommandFamily {
    void register(Binder b);

    /** Receives the bindings of a family. */
    interface Binder {
        /** Binds a command or a subcommand ("config|get"). */
        void bind(String fullName, Handler handler);
    }
}

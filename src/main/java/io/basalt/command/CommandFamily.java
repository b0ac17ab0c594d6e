package io.basalt.command;

/** A family of commands binds its handlers in one block: {@code b.bind("get", StringCommands::get)}. */
public interface CommandFamily {
    void register(Binder b);

    /**
     * Called once by each new engine: creates the per-server state the family's handlers use
     * (attached with {@link Engine#provide}) and installs its call listeners and INFO sections.
     */
    default void attach(Engine engine) {}

    /** Receives the bindings of a family. */
    interface Binder {
        /** Binds a command or a subcommand ("config|get"). */
        void bind(String fullName, Handler handler);
    }
}

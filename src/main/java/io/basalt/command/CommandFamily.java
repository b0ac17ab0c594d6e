package io.basalt.command;

/** A family of commands binds its handlers in one block: {@code b.bind("get", StringCommands::get)}. */
public interface CommandFamily {
    void register(Binder b);

    /** Called once the engine is built, to install listeners or INFO sections the family owns. */
    default void attach(Engine engine) {}

    /** Receives the bindings of a family. */
    interface Binder {
        /** Binds a command or a subcommand ("config|get"). */
        void bind(String fullName, Handler handler);
    }
}

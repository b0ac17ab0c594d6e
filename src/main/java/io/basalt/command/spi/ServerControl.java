package io.basalt.command.spi;

/** Process-level actions commands can ask for (implemented by the server wiring). */
public interface ServerControl {
    /** Starts a clean shutdown; returns an error text if it must be refused, else null. */
    String shutdown(boolean save, boolean noSave, boolean now, boolean force);

    /** SHUTDOWN ABORT: cancels a shutdown in progress; false when none is. */
    default boolean abortShutdown() {
        return false;
    }

    /** Seconds since the server started, and when it started (ms since epoch). */
    long startMillis();

    /** The TCP port the server listens on. */
    int port();

    /** The config file given at start-up, or "" like Redis's config_file. */
    String configFile();

    /** The executable path as Redis's INFO executable reports it. */
    String executable();
}

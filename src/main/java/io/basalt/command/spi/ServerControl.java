package io.basalt.command.spi;

/** Process-level actions commands can ask for (implemented by the server wiring). */
public interface ServerControl {
    /**
     * Starts a clean shutdown for {@code requester} (null for a signal); returns an error text
     * if it must be refused, {@link #WAITING} while lagging replicas catch up (the requester is
     * then blocked until the shutdown ends or fails), else null.
     */
    String shutdown(io.basalt.command.Client requester, boolean save, boolean noSave, boolean now, boolean force);

    /** {@link #shutdown}'s answer while replicas catch up (shutdown-timeout). */
    String WAITING = "";

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

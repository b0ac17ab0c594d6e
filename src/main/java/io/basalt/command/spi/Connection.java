package io.basalt.command.spi;

/** The transport behind a client, as the command layer sees it (implemented by {@code net}). */
public interface Connection {
    /** "ip:port" of the peer. */
    String address();

    /** "ip:port" of our end. */
    String localAddress();

    /** The socket's file descriptor where the transport exposes it, else -1. */
    int fd();

    /** True when the peer connected over loopback (protected mode, enable-debug-command local). */
    boolean isLocal();

    /** Bytes received but not yet parsed into a command, and the query buffer's capacity. */
    int queryBufferLength();

    int queryBufferCapacity();

    /** Bytes of replies waiting to be written to the socket. */
    long pendingOutputBytes();

    /** Closes after the replies produced so far are written (QUIT, protocol errors). */
    void closeAfterReply();

    /** Closes at once (CLIENT KILL, output buffer limits, SHUTDOWN). */
    void closeNow();

    /** Runs the client's buffered input again, e.g. once a pause ends. Safe from any thread. */
    void resume();

    /**
     * Runs {@code task} on the connection's own event loop under the execution lock, then
     * processes its buffered input (a busy script finished, see {@code command.BusyScript}).
     * Safe from any thread; detached clients run the task at once.
     */
    default void runThenResume(Runnable task) {
        task.run();
    }

    /**
     * Asks the connection to write out, on its own event loop and under the execution lock,
     * replies that other clients' commands appended to its writer (MONITOR, resumed pauses).
     * Safe from any thread.
     */
    default void flushLater() {}

    /**
     * Asks for the engine's blocked-client timeouts to be checked at {@code deadlineMillis}
     * (wall clock), so a blocked command times out on time rather than at the next cron tick.
     * Safe from any thread; transports without timers may ignore it.
     */
    default void wakeAt(long deadlineMillis) {}

    /** The socket as a raw byte stream (a replica after SYNC/PSYNC); transports without one throw. */
    default StreamOutput streamOutput() {
        throw new UnsupportedOperationException("no socket to stream to");
    }
}

package io.basalt.command.spi;

/**
 * A client socket that left the request/reply protocol to carry a byte stream: a replica
 * after SYNC/PSYNC receives the snapshot and then the replication stream through it. Writes
 * from any thread reach the socket in call order.
 */
public interface StreamOutput {
    /**
     * Queues {@code len} bytes of {@code b}. The bytes are not copied: the caller never changes
     * them afterwards (the replication buffer only appends; a snapshot hands over its chunks).
     */
    void write(byte[] b, int off, int len);

    /** Queues a copy of {@code len} bytes of {@code b} in the transport's own (pooled) memory: the caller may reuse {@code b}. */
    void writeCopy(byte[] b, int off, int len);

    /**
     * Queues {@code count} bytes of {@code file} from {@code position}, sent by the kernel
     * (sendfile) without passing through the heap; {@code done} runs, on any thread, once they
     * were all written (true) or the connection failed (false). The file is closed afterwards.
     * These bytes do not count in {@link #pendingBytes}.
     */
    void writeFile(java.nio.channels.FileChannel file, long position, long count, java.util.function.Consumer<Boolean> done);

    /**
     * Runs {@code pull} inside the execution order just before the queue is next written out
     * (once however often it is asked before that): a producer that appends often (the
     * replication stream, after every batch) hands over everything new in one write.
     */
    void pullBeforeWrite(Runnable pull);

    /** Bytes queued or in the socket's outbound buffer, not yet handed to the kernel. */
    long pendingBytes();

    /** False once the connection closed: writes are then dropped. */
    boolean isOpen();

    /** Closes the connection (a replica that stopped reading). Safe from any thread. */
    void close();
}

package io.basalt.command.spi;

import io.basalt.protocol.Args;

/**
 * A consumer of the propagated command stream: the AOF, the replication feed. It receives
 * every change to the dataset in execution order, in the form Redis propagates it (SET ..
 * PXAT for SET .. EX, PEXPIREAT for EXPIRE, DEL for an expired key, MULTI/EXEC around a
 * command that propagates several...). Called inside the execution order.
 */
public interface PropagationTarget {
    /**
     * One command of the stream, to be executed in database {@code db}. Each target emits
     * its own SELECT when {@code db} differs from the one it last wrote. {@code argv}'s slices
     * are valid only during the call: a target copies what it keeps.
     */
    void propagate(int db, Args argv);
}

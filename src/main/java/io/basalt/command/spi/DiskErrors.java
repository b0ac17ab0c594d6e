package io.basalt.command.spi;

/**
 * Redis's writeCommandsDeniedByDiskError: while the server cannot persist (a failed BGSAVE
 * with stop-writes-on-bgsave-error, a failed AOF write), write commands and PING are
 * refused with a MISCONF error. Implemented by the persistence layer.
 */
public interface DiskErrors {
    /** The error to refuse writes with now, or null when writes are allowed. */
    String writeDenial();
}

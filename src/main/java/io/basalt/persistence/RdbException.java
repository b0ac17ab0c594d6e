package io.basalt.persistence;

/** Malformed or unsupported RDB data (a file, a RESTORE payload, a replication stream). */
public final class RdbException extends RuntimeException {
    public RdbException(String message) {
        super(message);
    }
}

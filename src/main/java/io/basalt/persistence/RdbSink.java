package io.basalt.persistence;

import java.io.IOException;

/** Where a snapshot's bytes go (Redis's rio targets): a file, or the sockets of replicas in a full sync. */
public interface RdbSink {
    void write(byte[] b, int off, int len) throws IOException;

    /** Everything was written: make it durable (the slow part of {@link #commit}, which may come first, outside any lock). */
    default void sync() throws IOException {}

    /** Everything was written: make it durable and visible. */
    void commit() throws IOException;

    /** The snapshot failed or was cancelled: release resources, leave any previous result untouched. */
    void abort();
}

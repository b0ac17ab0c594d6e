package io.basalt.persistence;

import io.basalt.protocol.CommandStream;
import io.basalt.util.Ascii;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Redis's aof_buf: the propagated commands with AOF annotations, written to the file in one go. */
final class AofBuffer extends CommandStream {
    /** An {@code aof-timestamp-enabled} annotation: {@code #TS:<unix seconds>\r\n}. */
    void appendTimestamp(long unixSeconds) {
        ensure(32);
        buf[len++] = '#';
        buf[len++] = 'T';
        buf[len++] = 'S';
        buf[len++] = ':';
        len = Ascii.format(unixSeconds, buf, len);
        crlf();
    }

    /**
     * Writes the buffered bytes to {@code file}; returns how many were written before an
     * error (then rethrown wrapped with that count), all of them on success.
     */
    int writeTo(FileChannel file) throws PartialWrite {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        try {
            while (b.hasRemaining()) file.write(b);
        } catch (IOException e) {
            throw new PartialWrite(b.position(), e);
        }
        return len;
    }

    /** Drops the first {@code n} bytes (written before a failed write). */
    void discard(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    /** A write that failed after {@link #written} bytes. */
    static final class PartialWrite extends Exception {
        final int written;

        PartialWrite(int written, IOException cause) {
            super(cause.getMessage(), cause);
            this.written = written;
        }
    }
}

package io.basalt.persistence;

import io.basalt.protocol.Args;
import io.basalt.util.Ascii;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Redis's aof_buf: commands appended in RESP array form ({@code *N\r\n$len\r\narg\r\n...},
 * catAppendOnlyGenericCommand) into one reusable byte array, written to the file in one go.
 */
final class AofBuffer {
    /** A buffer grown past this is dropped after a write rather than kept (Redis's sds reuse limit is 4 KB). */
    private static final int KEEP = 64 * 1024;

    private byte[] buf = new byte[4096];
    private int len;

    int length() {
        return len;
    }

    void clear() {
        len = 0;
        if (buf.length > KEEP) buf = new byte[4096];
    }

    /** One command as a RESP array of bulk strings. */
    void appendCommand(Args argv) {
        int n = argv.count();
        header('*', n);
        for (int i = 0; i < n; i++) bulk(argv.buffer(), argv.offset(i), argv.length(i));
    }

    /** {@code SELECT db}, as Redis writes it before a command of another database. */
    void appendSelect(int db) {
        header('*', 2);
        bulk(SELECT, 0, SELECT.length);
        ensure(24);
        int digits = Ascii.digits(db);
        header('$', digits);
        len = Ascii.format(db, buf, len);
        crlf();
    }

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

    private static final byte[] SELECT = Ascii.bytes("SELECT");

    private void header(char type, long n) {
        ensure(24);
        buf[len++] = (byte) type;
        len = Ascii.format(n, buf, len);
        crlf();
    }

    private void bulk(byte[] b, int off, int n) {
        header('$', n);
        ensure(n + 2);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        crlf();
    }

    private void crlf() {
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void ensure(int more) {
        if (buf.length - len < more) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
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

package io.basalt.protocol;

import io.basalt.util.Ascii;

import java.util.Arrays;

/**
 * A propagated command stream being built: commands appended in RESP array form
 * ({@code *N\r\n$len\r\narg\r\n...}, Redis's catAppendOnlyGenericCommand and the replication
 * feed), into one reusable byte array. The AOF and the replication stream both write this form.
 */
public class CommandStream {
    /** A buffer grown past this is dropped after a write rather than kept (Redis's sds reuse limit is 4 KB). */
    private static final int KEEP = 64 * 1024;
    private static final byte[] SELECT = Ascii.bytes("SELECT");

    protected byte[] buf = new byte[4096];
    protected int len;

    public final int length() {
        return len;
    }

    public final byte[] array() {
        return buf;
    }

    public void clear() {
        len = 0;
        if (buf.length > KEEP) buf = new byte[4096];
    }

    /** One command as a RESP array of bulk strings. */
    public final void appendCommand(Args argv) {
        int n = argv.count();
        header('*', n);
        for (int i = 0; i < n; i++) bulk(argv.buffer(), argv.offset(i), argv.length(i));
    }

    /** Bytes already in the stream's form (a command received from a master). */
    public final void appendRaw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** {@code SELECT db}, as Redis writes it before a command of another database. */
    public final void appendSelect(int db) {
        header('*', 2);
        bulk(SELECT, 0, SELECT.length);
        ensure(24);
        header('$', Ascii.digits(db));
        len = Ascii.format(db, buf, len);
        crlf();
    }

    protected final void header(char type, long n) {
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

    protected final void crlf() {
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    protected final void ensure(int more) {
        if (buf.length - len < more) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
}

package io.basalt.protocol;

import io.basalt.util.Ascii;
import io.basalt.util.Doubles;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes replies in RESP2 or RESP3 straight into a reusable byte buffer, the way Redis's
 * {@code addReply*} family appends to the client's buffer. A connection drains it once per
 * read batch; very large replies are handed to the sink in chunks so the buffer stays small.
 */
public final class ReplyWriter {
    private static final int INITIAL = 16 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] buf = new byte[INITIAL];
    /** Scratch for formatting one double. */
    private final byte[] number = new byte[Doubles.MAX_FORMAT_LENGTH];
    private int len;
    private int protocol = 2;
    private final ReplySink sink;
    /** Counts error replies so the dispatcher can tell a failed call; see {@link #errorCount()}. */
    private long errors;
    private byte[] lastError;
    /** When false (CLIENT REPLY OFF/SKIP) nothing is encoded. */
    private boolean enabled = true;
    /** Told about every error reply (error statistics). */
    private java.util.function.Consumer<byte[]> errorObserver = e -> {};

    public ReplyWriter(ReplySink sink) {
        this.sink = sink;
    }

    public void setErrorObserver(java.util.function.Consumer<byte[]> observer) {
        this.errorObserver = observer;
    }

    public int protocol() {
        return protocol;
    }

    public void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean isResp3() {
        return protocol == 3;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public long errorCount() {
        return errors;
    }

    /** The last error text (without '-' and CRLF), for error statistics. */
    public byte[] lastError() {
        return lastError;
    }

    public int size() {
        return len;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Hands everything buffered to the sink and starts over. */
    public void drain() {
        if (len > 0) {
            sink.write(buf, len);
            len = 0;
        }
        if (buf.length > CHUNK) buf = new byte[INITIAL];
    }

    private void ensure(int n) {
        if (len + n <= buf.length) return;
        if (len >= CHUNK) {
            sink.write(buf, len);
            len = 0;
            if (n <= buf.length) return;
        }
        int cap = buf.length;
        while (cap < len + n) cap *= 2;
        buf = Arrays.copyOf(buf, cap);
    }

    // ---- raw building blocks -------------------------------------------------------------

    /** Appends pre-encoded protocol bytes. */
    public void raw(byte[] bytes) {
        if (!enabled) return;
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void header(byte type, long n) {
        ensure(24);
        buf[len++] = type;
        len = Ascii.format(n, buf, len);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void bytes(byte[] src, int off, int n) {
        ensure(n + 2);
        System.arraycopy(src, off, buf, len, n);
        len += n;
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    // ---- replies -------------------------------------------------------------------------

    public void ok() {
        raw(Replies.OK);
    }

    public void simple(String s) {
        if (!enabled) return;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length + 3);
        buf[len++] = '+';
        bytes(b, 0, b.length);
    }

    /**
     * An error reply. {@code message} is the full text without the leading '-', e.g.
     * {@code "ERR syntax error"}; newlines become spaces as Redis sanitizes them.
     */
    public void error(String message) {
        error(message.getBytes(StandardCharsets.UTF_8));
    }

    public void error(byte[] message) {
        errors++;
        lastError = message;
        errorObserver.accept(message);
        errorText(message);
    }

    /**
     * An error reply that statistics already saw: a script passing on the error a command it
     * ran replied (Redis's ERR_REPLY_FLAG_NO_STATS_UPDATE).
     */
    public void errorUncounted(byte[] message) {
        errorText(message);
    }

    private void errorText(byte[] message) {
        if (!enabled) return;
        ensure(message.length + 3);
        buf[len++] = '-';
        int start = len;
        System.arraycopy(message, 0, buf, len, message.length);
        len += message.length;
        for (int i = start; i < len; i++) {
            if (buf[i] == '\r' || buf[i] == '\n') buf[i] = ' ';
        }
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    public void integer(long v) {
        if (!enabled) return;
        if (v >= 0 && v < Replies.SHARED_INTEGERS) {
            raw(Replies.integer((int) v));
            return;
        }
        header((byte) ':', v);
    }

    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    public void bulk(byte[] value, int off, int n) {
        if (!enabled) return;
        header((byte) '$', n);
        bytes(value, off, n);
    }

    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of {@code v}, without allocating. */
    public void bulkLong(long v) {
        if (!enabled) return;
        int digits = Ascii.digits(v);
        header((byte) '$', digits);
        ensure(digits + 2);
        len = Ascii.format(v, buf, len);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    public void nullBulk() {
        raw(protocol == 3 ? Replies.NULL3 : Replies.NULL_BULK);
    }

    public void nullArray() {
        raw(protocol == 3 ? Replies.NULL3 : Replies.NULL_ARRAY);
    }

    public void array(long n) {
        if (!enabled) return;
        header((byte) '*', n);
    }

    /** A map header: RESP3 '%', or a flat array of 2n elements in RESP2. */
    public void map(long n) {
        if (!enabled) return;
        if (protocol == 3) header((byte) '%', n);
        else header((byte) '*', n * 2);
    }

    /** A set header: RESP3 '~', an array in RESP2. */
    public void set(long n) {
        if (!enabled) return;
        header(protocol == 3 ? (byte) '~' : (byte) '*', n);
    }

    /** A push header (RESP3 '>'), an array in RESP2. */
    public void push(long n) {
        if (!enabled) return;
        header(protocol == 3 ? (byte) '>' : (byte) '*', n);
    }

    public void bool(boolean v) {
        if (protocol == 3) raw(v ? Replies.TRUE3 : Replies.FALSE3);
        else raw(v ? Replies.integer(1) : Replies.integer(0));
    }

    /**
     * A double: RESP3 ',' with Redis's formatting, a bulk string in RESP2. {@code text} is
     * the value already formatted as Redis formats it for this command.
     */
    public void doubleValue(byte[] text) {
        if (!enabled) return;
        if (protocol == 3) {
            ensure(text.length + 3);
            buf[len++] = ',';
            bytes(text, 0, text.length);
        } else {
            bulk(text);
        }
    }

    /**
     * Redis's addReplyDouble: {@code "%.17g"} ("inf", "-inf" for infinities), a bulk string in
     * RESP2 and a RESP3 double. Formats into a per-connection buffer: no allocation for
     * integral values.
     */
    public void doubleValue(double d) {
        if (!enabled) return;
        int n = Doubles.format(d, number, 0);
        if (protocol == 3) {
            ensure(n + 3);
            buf[len++] = ',';
            bytes(number, 0, n);
        } else {
            bulk(number, 0, n);
        }
    }

    /** Verbatim text (RESP3 '=' with a 3-letter format), a bulk string in RESP2. */
    public void verbatim(String format, byte[] text) {
        if (!enabled) return;
        if (protocol == 3) {
            header((byte) '=', text.length + 4);
            ensure(text.length + 6);
            for (int i = 0; i < 3; i++) buf[len++] = (byte) format.charAt(i);
            buf[len++] = ':';
            bytes(text, 0, text.length);
        } else {
            bulk(text);
        }
    }

    /** Raw protocol bytes that must be written even while replies are off (e.g. pushes). */
    public void forceRaw(byte[] bytes) {
        boolean was = enabled;
        enabled = true;
        raw(bytes);
        enabled = was;
    }

    /** Pre-encoded bytes written even while replies are off (a pub/sub message, Redis's CLIENT_PUSHING). */
    public void forceRaw(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
    }

    /**
     * Starts a reply that is written even while replies are off (the pub/sub confirmations,
     * Redis's CLIENT_PUSHING); returns the state {@link #endPush} restores.
     */
    public boolean beginPush() {
        boolean was = enabled;
        enabled = true;
        return was;
    }

    public void endPush(boolean was) {
        enabled = was;
    }

    static byte[] crlf() {
        return CRLF;
    }
}

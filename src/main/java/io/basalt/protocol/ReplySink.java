package io.basalt.protocol;

/** Where a {@link ReplyWriter} hands full chunks of encoded replies (the connection). */
public interface ReplySink {
    /** Takes {@code len} bytes of {@code buf}; the writer reuses {@code buf} afterwards. */
    void write(byte[] buf, int len);
}

package io.basalt.bench;

import io.basalt.protocol.ReplySink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * The sink a drain writes to, doing what {@code net.ClientConnection.write} does with the
 * bytes: copy them into a direct buffer bound for the socket. One buffer is reused, so the
 * figures are Basalt's work without Netty's allocator and socket write.
 */
final class ReplyCapture implements ReplySink {
    private final ByteBuf out = Unpooled.directBuffer(64 * 1024);
    private long written;

    @Override
    public void write(byte[] buf, int len) {
        out.clear();
        out.writeBytes(buf, 0, len);
        written += len;
    }

    /** Every byte drained so far, as the connection counts its output. */
    long written() {
        return written;
    }

    /** The last drained chunk as text, for checking a benchmark's input in its set-up. */
    String lastChunk() {
        return out.toString(0, out.writerIndex(), StandardCharsets.ISO_8859_1);
    }
}

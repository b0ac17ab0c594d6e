package io.basalt.replication;

import io.basalt.command.spi.StreamOutput;
import io.basalt.persistence.RdbSink;
import io.basalt.util.Ascii;
import io.basalt.util.Log;
import io.basalt.util.RandomIds;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A diskless full sync ({@code repl-diskless-sync yes}, rdbSaveToSlavesSockets): the snapshot
 * writes straight into every waiting replica's socket, framed as
 * {@code $EOF:<40 random chars>\r\n<rdb><the same 40 chars>}. The slowest replica paces the
 * transfer: no more than {@link #MAX_PENDING} bytes wait in a socket's queue, and a replica
 * that takes nothing for {@code repl-timeout} seconds is dropped.
 */
final class SnapshotTransfer implements RdbSink {
    private static final long MAX_PENDING = 8L << 20;

    private final List<Replicas.Peer> targets;
    private final long timeoutMillis;
    private final byte[] mark;

    /** Starts a diskless transfer: the EOF-marked preamble goes to every target now. */
    SnapshotTransfer(List<Replicas.Peer> targets, long timeoutSeconds) {
        this.targets = List.copyOf(targets);
        this.timeoutMillis = timeoutSeconds * 1000;
        String m = RandomIds.hex40();
        this.mark = Ascii.bytes(m);
        byte[] preamble = Ascii.bytes("$EOF:" + m + "\r\n");
        for (Replicas.Peer p : this.targets) p.out.write(preamble, 0, preamble.length);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // The snapshot reuses its buffer: each socket takes a copy in its transport's pooled memory.
        boolean anyOpen = false;
        for (Replicas.Peer p : targets) {
            if (!p.out.isOpen()) continue;
            p.out.writeCopy(b, off, len);
            anyOpen = true;
        }
        if (!anyOpen) {
            Log.warning("Diskless rdb transfer, last replica dropped, killing fork child.");
            throw new IOException("every replica of the transfer disconnected");
        }
        for (Replicas.Peer p : targets) {
            if (p.out.isOpen() && !awaitDrain(p.out, timeoutMillis)) {
                Log.warning("Disconnecting timedout replica (full sync): " + Replicas.name(p));
                p.out.close();
            }
        }
    }

    @Override
    public void commit() {
        for (Replicas.Peer p : targets) p.out.write(mark, 0, mark.length);
    }

    @Override
    public void abort() {}

    /**
     * Waits until {@code out} has room, or closes after {@code timeoutMillis} without progress
     * (Redis's "Disconnecting timedout replica (full sync)"); false once the connection is gone.
     */
    private static boolean awaitDrain(StreamOutput out, long timeoutMillis) {
        long pending = out.pendingBytes();
        long lastProgress = System.currentTimeMillis();
        while (out.isOpen() && pending > MAX_PENDING) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            long now = System.currentTimeMillis();
            long p = out.pendingBytes();
            if (p < pending) lastProgress = now;
            else if (now - lastProgress > timeoutMillis) return false;
            pending = p;
        }
        return out.isOpen();
    }
}

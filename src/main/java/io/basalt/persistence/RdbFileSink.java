package io.basalt.persistence;

import io.basalt.util.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an RDB crash-safely, as rdbSave does: into {@code temp-<id>.rdb} beside the target,
 * fsync, rename over the target, fsync the directory. A crash at any point leaves the
 * previous dump intact; only a complete, synced file ever carries the target's name.
 */
final class RdbFileSink implements RdbSink {
    /** Redis's REDIS_AUTOSYNC_BYTES: with rdb-save-incremental-fsync, sync every 4 MB. */
    private static final long AUTOSYNC_BYTES = 4L << 20;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final boolean incrementalFsync;
    private long unsynced;
    private long written;
    private boolean synced;

    RdbFileSink(Path target, String tempName, boolean incrementalFsync) throws IOException {
        this.target = target;
        this.temp = target.resolveSibling(tempName);
        this.incrementalFsync = incrementalFsync;
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    long written() {
        return written;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) channel.write(bb);
        written += len;
        unsynced += len;
        if (incrementalFsync && unsynced >= AUTOSYNC_BYTES) {
            channel.force(false);
            unsynced = 0;
        }
    }

    @Override
    public void sync() throws IOException {
        if (synced) return;
        channel.force(true);
        channel.close();
        synced = true;
    }

    @Override
    public void commit() throws IOException {
        sync();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** fsyncFileDir: makes the rename itself durable. */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            Log.warning("Could not fsync directory " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a channel we are abandoning; the temp file is deleted next.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            Log.warning("Could not remove " + temp + ": " + e.getMessage());
        }
    }
}

package io.basalt.persistence;

import io.basalt.util.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes an RDB crash-safely, as rdbSave does: into {@code temp-<id>.rdb} beside the target,
 * fsync, rename over the target, fsync the directory. A crash at any point leaves the
 * previous dump intact; only a complete, synced file ever carries the target's name.
 * A {@link #temporary} sink stops after the fsync: its owner renames the file (an AOF base,
 * whose name the manifest decides when the rewrite ends).
 */
final class RdbFileSink implements RdbSink {
    /** Redis's REDIS_AUTOSYNC_BYTES: with rdb-save-incremental-fsync, sync every 4 MB. */
    private static final long AUTOSYNC_BYTES = 4L << 20;

    /** Where the file goes on commit; null for a {@link #temporary} sink. */
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    /** The temp file's identity, so an abort never removes a later file of the same name. */
    private final Object fileKey;
    private final boolean incrementalFsync;
    private long unsynced;
    private boolean synced;

    RdbFileSink(Path target, String tempName, boolean incrementalFsync) throws IOException {
        this(target, target.resolveSibling(tempName), incrementalFsync);
    }

    private RdbFileSink(Path target, Path temp, boolean incrementalFsync) throws IOException {
        this.target = target;
        this.temp = temp;
        this.incrementalFsync = incrementalFsync;
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.fileKey = Files.readAttributes(temp, BasicFileAttributes.class).fileKey();
    }

    /** A sink whose commit leaves the complete, synced file at {@code file} for its owner to rename. */
    static RdbFileSink temporary(Path file, boolean incrementalFsync) throws IOException {
        return new RdbFileSink(null, file, incrementalFsync);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) channel.write(bb);
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
        if (target == null) return;
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
            Object key = Files.readAttributes(temp, BasicFileAttributes.class).fileKey();
            if (fileKey == null || fileKey.equals(key)) Files.deleteIfExists(temp);
        } catch (NoSuchFileException e) {
            // Removed already (a cancel and the snapshot's own abort both get here).
        } catch (IOException e) {
            Log.warning("Could not remove " + temp + ": " + e.getMessage());
        }
    }
}

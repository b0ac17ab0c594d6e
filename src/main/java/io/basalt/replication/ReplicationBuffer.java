package io.basalt.replication;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The replication stream in memory, Redis 7.0's shared replication buffer: one list of
 * blocks that the backlog and every replica read from, so a byte is stored once however many
 * replicas still need it. Offsets count stream bytes from 1 ({@code master_repl_offset} is the
 * last byte's). The backlog is the last {@code repl-backlog-size} bytes; a block is released
 * once neither the backlog nor any replica's position needs it.
 * <p>
 * Readers copy what they take (a socket copies into its pooled direct memory, the copy Netty
 * makes of heap bytes anyway), so released blocks are recycled: in a steady stream nothing is
 * allocated. Guarded by the execution lock.
 */
final class ReplicationBuffer {
    private static final int BLOCK = 16 * 1024;
    /** Released blocks kept for reuse: 2 MB at most. */
    private static final int MAX_FREE = 128;

    /** A run of stream bytes starting at offset {@code first}; only {@code data[0..used)} is stream. */
    private static final class Block {
        long first;
        final byte[] data;
        int used;

        Block(long first, int capacity) {
            this.first = first;
            this.data = new byte[capacity];
        }
    }

    /** Receives a stretch of stream bytes: a slice of a block, valid during the call only. */
    interface SliceConsumer {
        void slice(byte[] b, int off, int len);
    }

    private final ArrayDeque<Block> blocks = new ArrayDeque<>();
    private final ArrayDeque<Block> free = new ArrayDeque<>();
    /** master_repl_offset: the offset of the last byte appended. */
    private long end;
    /** repl_backlog->offset: the first byte the backlog holds (end + 1 while it is empty). */
    private long backlogFirst;
    private long backlogSize;
    private long memory;

    ReplicationBuffer(long offset, long backlogSize) {
        this.end = offset;
        this.backlogFirst = offset + 1;
        this.backlogSize = backlogSize;
    }

    long endOffset() {
        return end;
    }

    long backlogFirstOffset() {
        return backlogFirst;
    }

    long histlen() {
        return end - backlogFirst + 1;
    }

    /** Bytes the blocks take (INFO's mem_total_replication_buffers). */
    long memory() {
        return memory;
    }

    void setBacklogSize(long size) {
        backlogSize = size;
    }

    /**
     * Makes {@code offset} the end of the (empty) buffer: a full sync or a restart from an RDB
     * continues the stream at that offset (rebaseReplicationBuffer).
     */
    void rebase(long offset) {
        if (!blocks.isEmpty()) throw new IllegalStateException("rebase of a non-empty replication buffer");
        end = offset;
        backlogFirst = offset + 1;
    }

    void append(byte[] b, int off, int len) {
        while (len > 0) {
            Block last = blocks.peekLast();
            if (last == null || last.used == last.data.length) {
                last = newBlock(len);
                blocks.addLast(last);
                memory += last.data.length;
            }
            int n = Math.min(len, last.data.length - last.used);
            System.arraycopy(b, off, last.data, last.used, n);
            last.used += n;
            end += n;
            off += n;
            len -= n;
        }
        if (histlen() > backlogSize) backlogFirst = end - backlogSize + 1;
    }

    private Block newBlock(int len) {
        Block b = len <= BLOCK ? free.poll() : null;
        if (b == null) return new Block(end + 1, Math.max(BLOCK, Math.min(len, 1 << 20)));
        b.first = end + 1;
        b.used = 0;
        return b;
    }

    /** Whether offset {@code from} (the first byte wanted) can still be served from the backlog. */
    boolean backlogHas(long from) {
        return from >= backlogFirst && from <= end + 1;
    }

    /** Hands over the bytes from offset {@code from} (inclusive) to the end; {@code from} must be retained. */
    void read(long from, SliceConsumer out) {
        for (Block blk : blocks) {
            long blockEnd = blk.first + blk.used;
            if (blockEnd <= from) continue;
            int start = (int) Math.max(0, from - blk.first);
            out.slice(blk.data, start, blk.used - start);
        }
    }

    /** True if every byte from {@code from} is still held (a waiting replica's position). */
    boolean holds(long from) {
        Block first = blocks.peekFirst();
        return from > end || (first != null && from >= first.first);
    }

    /**
     * Releases the blocks wholly before both the backlog and {@code oldestNeeded} (the lowest
     * position a replica still reads from; {@code Long.MAX_VALUE} when none).
     */
    void trim(long oldestNeeded) {
        long keepFrom = Math.min(backlogFirst, oldestNeeded);
        Iterator<Block> it = blocks.iterator();
        while (it.hasNext()) {
            Block blk = it.next();
            if (blk.first + blk.used > keepFrom || blk == blocks.peekLast()) break;
            memory -= blk.data.length;
            it.remove();
            if (blk.data.length == BLOCK && free.size() < MAX_FREE) free.add(blk);
        }
    }
}

package io.basalt.net;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.command.spi.Connection;
import io.basalt.command.spi.StreamOutput;
import io.basalt.config.Directives;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ProtocolException;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplySink;
import io.basalt.protocol.ReplyWriter;
import io.basalt.protocol.RequestDecoder;
import io.basalt.util.Log;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client socket. Bytes are appended to the decoder's query buffer; every complete
 * command in it runs through the dispatcher under the execution lock (taken once per read
 * batch); replies accumulate in the client's {@link ReplyWriter} and are written and flushed
 * once per batch. When the socket cannot take more output, reading pauses (backpressure).
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements Connection, ReplySink, StreamOutput {
    private static final byte[] DENIED = Replies.ascii("-DENIED Redis is running in protected mode because protected "
            + "mode is enabled and no password is set for the default user. In this mode connections are only "
            + "accepted from the loopback interface. If you want to connect from external computers to Redis you "
            + "may adopt one of the following solutions: 1) Just disable protected mode sending the command "
            + "'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same "
            + "host the server is running, however MAKE SURE Redis is not publicly accessible from internet if "
            + "you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable "
            + "the protected mode by editing the Redis configuration file, and setting the protected mode option "
            + "to 'no', and then restarting the server. 3) If you started the server manually just for testing, "
            + "restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the "
            + "default user. NOTE: You only need to do one of the above things in order for the server to start "
            + "accepting connections from the outside.\r\n");
    private static final byte[] MAX_CLIENTS = Replies.ascii("-" + Errors.MAX_CLIENTS + "\r\n");

    private final Engine engine;
    private final ReentrantLock lock;
    private final RequestDecoder decoder = new RequestDecoder();
    private final Args args = new Args();
    private ChannelHandlerContext ctx;
    private Channel channel;
    private Client client;
    private ReplyWriter reply;
    private boolean closing;
    private boolean wroteSinceFlush;
    /** Bytes read since the last locked section; added to the shared counter under the lock. */
    private long unaccountedInput;
    private String address = "";
    private String localAddress = "";
    /**
     * Output produced for this client by a command running on another event loop (MONITOR
     * feeds, postponed commands). Held here, under the execution lock, and written by this
     * connection's own loop before anything newer, so the byte order on the socket is the
     * execution order.
     */
    private final ArrayDeque<ByteBuf> foreignOutput = new ArrayDeque<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Raw stream output ({@link StreamOutput}): queued from any thread, written by this connection's loop. */
    /** ByteBufs, and {@link FileTransfer}s that must be written in the same order. */
    private final ConcurrentLinkedQueue<Object> streamQueue = new ConcurrentLinkedQueue<>();
    /** Stream bytes queued here and not yet in the outbound buffer (file regions count in neither). */
    private final AtomicLong streamQueued = new AtomicLong();
    private final AtomicBoolean streamScheduled = new AtomicBoolean();
    /** The producer to ask for its latest bytes before the next stream write (see {@link #pullBeforeWrite}). */
    private volatile Runnable streamPull;

    ClientConnection(Engine engine) {
        this.engine = engine;
        this.lock = engine.executionLock();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        address = format((InetSocketAddress) channel.remoteAddress());
        localAddress = format((InetSocketAddress) channel.localAddress());
        lock.lock();
        try {
            if (engine.clients().count() >= engine.config().getLong(Directives.MAXCLIENTS)) {
                rejectAndClose(MAX_CLIENTS);
                return;
            }
            if (engine.config().getBool(Directives.PROTECTED_MODE) && engine.requirePass() == null && !isLocal()) {
                rejectAndClose(DENIED);
                return;
            }
            engine.stats().connectionsReceived++;
            reply = new ReplyWriter(this);
            reply.setErrorObserver(engine.stats()::countError);
            client = new Client(engine.clients().newId(), engine, this, reply);
            client.setArgs(args);
            engine.clients().add(client);
        } finally {
            lock.unlock();
        }
    }

    private void rejectAndClose(byte[] message) {
        engine.stats().rejectedConnections++;
        closing = true;
        ByteBuf out = ctx.alloc().buffer(message.length);
        out.writeBytes(message);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (client == null || closing) return;
            int n = in.readableBytes();
            unaccountedInput += n;
            byte[] q = decoder.ensureWritable(n);
            in.readBytes(q, decoder.writeIndex(), n);
            decoder.commitWrite(n);
        } finally {
            in.release();
        }
        process();
    }

    /** Runs every complete command buffered, in one critical section. */
    private void process() {
        if (client == null || closing) return;
        lock.lock();
        try {
            engine.stats().netInputBytes += unaccountedInput;
            // A loading replica's newlines keep its link alive (Redis refreshes repl_ack_time on them).
            if (unaccountedInput > 0 && client.has(Client.REPLICA)) client.touch(engine.clock().millis());
            unaccountedInput = 0;
            // Checked on every read as Redis's readQueryFromClient does, also while paused.
            if (decoder.pendingBytes() > engine.config().getLong(Directives.CLIENT_QUERY_BUFFER_LIMIT)) {
                engine.stats().clientQueryBufferLimitDisconnections++;
                Log.warning("Closing client that reached max query buffer length: id=" + client.id()
                        + " addr=" + address);
                closeNow();
                return;
            }
            if (client.has(Client.PAUSED | Client.BLOCKED | Client.BUSY_SCRIPT)) return;
            if (!engine.dispatcher().runPostponed(client)) return;
            while (!closing) {
                boolean ready;
                try {
                    ready = decoder.next(args, client.authRequired(), engine.protoMaxBulkLen());
                } catch (ProtocolException e) {
                    protocolError(e.getMessage());
                    break;
                }
                if (!ready) break;
                if (!engine.dispatcher().dispatch(client)) break;
            }
            decoder.compact();
            reply.drain();
            checkOutputLimits();
            engine.beforeSleep();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the client when its pending output breaks client-output-buffer-limit. */
    private void checkOutputLimits() {
        if (!closing && engine.outputLimits().exceeded(client, pendingOutputBytes())) closeNow();
    }

    private void writeForeignOutput() {
        ByteBuf b;
        while ((b = foreignOutput.poll()) != null) {
            ctx.write(b, ctx.voidPromise());
            wroteSinceFlush = true;
        }
    }

    private void protocolError(String message) {
        if (Log.enabled(Log.Level.VERBOSE)) {
            Log.verbose("Protocol error (" + message + ") from client: id=" + client.id() + " addr=" + address);
        }
        // Redis's addReplyError prefixes "ERR " to a message that has no error code.
        reply.error("ERR " + message);
        closeAfterReply();
    }

    @Override
    public void write(byte[] buf, int len) {
        if (closing && !channel.isActive()) return;
        ByteBuf out = ctx.alloc().ioBuffer(len);
        out.writeBytes(buf, 0, len);
        engine.stats().netOutputBytes += len;
        if (!ctx.executor().inEventLoop()) {
            foreignOutput.add(out);
            flushLater();
            return;
        }
        writeForeignOutput();
        ctx.write(out, ctx.voidPromise());
        wroteSinceFlush = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wroteSinceFlush) {
            wroteSinceFlush = false;
            ctx.flush();
        }
        if (!channel.isWritable()) channel.config().setAutoRead(false);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && !closing) {
            channel.config().setAutoRead(true);
            if (decoder.hasUnparsed()) resume();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (client == null) return;
        lock.lock();
        try {
            ByteBuf b;
            while ((b = foreignOutput.poll()) != null) b.release();
            engine.clients().remove(client);
            engine.dispatcher().disconnected(client);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof java.io.IOException)) Log.warning("Client " + address + " error: " + cause);
        ctx.close();
    }

    // ---- Connection ----------------------------------------------------------------------

    @Override
    public String address() {
        return address;
    }

    @Override
    public String localAddress() {
        return localAddress;
    }

    @Override
    public int fd() {
        return channel instanceof EpollSocketChannel e ? e.fd().intValue() : -1;
    }

    @Override
    public boolean isLocal() {
        InetSocketAddress a = (InetSocketAddress) channel.remoteAddress();
        return a != null && a.getAddress() != null && a.getAddress().isLoopbackAddress();
    }

    @Override
    public int queryBufferLength() {
        return decoder.pendingBytes();
    }

    @Override
    public int queryBufferCapacity() {
        return decoder.capacity();
    }

    @Override
    public long pendingOutputBytes() {
        var out = channel.unsafe().outboundBuffer();
        return streamQueued.get() + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    @Override
    public void closeAfterReply() {
        if (closing) return;
        closing = true;
        // The replies flush at once: what the batch wrote to the AOF goes to disk first.
        engine.runBeforeSleepTasks();
        reply.drain();
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void closeNow() {
        closing = true;
        channel.close();
    }

    @Override
    public void resume() {
        channel.eventLoop().execute(() -> {
            process();
            if (wroteSinceFlush) {
                wroteSinceFlush = false;
                ctx.flush();
            }
        });
    }

    @Override
    public void runThenResume(Runnable task) {
        channel.eventLoop().execute(() -> {
            lock.lock();
            try {
                task.run();
            } finally {
                lock.unlock();
            }
            process();
            if (wroteSinceFlush) {
                wroteSinceFlush = false;
                ctx.flush();
            }
        });
    }

    @Override
    public void flushLater() {
        if (channel == null || !flushScheduled.compareAndSet(false, true)) return;
        channel.eventLoop().execute(() -> {
            flushScheduled.set(false);
            if (client == null) return;
            lock.lock();
            try {
                if (!channel.isActive()) return;
                // Replies of commands run elsewhere (a resumed pause) leave only after their AOF write.
                engine.runBeforeSleepTasks();
                writeForeignOutput();
                reply.drain();
                checkOutputLimits();
            } finally {
                lock.unlock();
            }
            if (wroteSinceFlush) {
                wroteSinceFlush = false;
                ctx.flush();
            }
        });
    }

    @Override
    public void wakeAt(long deadlineMillis) {
        long delay = Math.max(0, deadlineMillis - engine.clock().millis());
        channel.eventLoop().schedule(() -> {
            lock.lock();
            try {
                engine.blocking().expireTimeouts();
            } finally {
                lock.unlock();
            }
        }, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public StreamOutput streamOutput() {
        return this;
    }

    // ---- StreamOutput ----------------------------------------------------------------------

    @Override
    public void write(byte[] b, int off, int len) {
        queueStream(io.netty.buffer.Unpooled.wrappedBuffer(b, off, len), len);
    }

    @Override
    public void writeCopy(byte[] b, int off, int len) {
        if (!channel.isActive()) return;
        ByteBuf copy = ctx.alloc().ioBuffer(len);
        copy.writeBytes(b, off, len);
        queueStream(copy, len);
    }

    /** A file region to send, and whom to tell when it has been. */
    private record FileTransfer(io.netty.channel.DefaultFileRegion region, java.util.function.Consumer<Boolean> done) {}

    @Override
    public void writeFile(java.nio.channels.FileChannel file, long position, long count, java.util.function.Consumer<Boolean> done) {
        queueStream(new FileTransfer(new io.netty.channel.DefaultFileRegion(file, position, count), done), 0);
    }

    private void queueStream(Object item, int len) {
        if (!channel.isActive()) {
            io.netty.util.ReferenceCountUtil.release(item instanceof FileTransfer f ? f.region() : item);
            if (item instanceof FileTransfer f) f.done().accept(false);
            return;
        }
        streamQueue.add(item);
        streamQueued.addAndGet(len);
        if (streamScheduled.compareAndSet(false, true)) channel.eventLoop().execute(this::drainStream);
    }

    @Override
    public void pullBeforeWrite(Runnable pull) {
        streamPull = pull;
        if (streamScheduled.compareAndSet(false, true)) channel.eventLoop().execute(this::drainStream);
    }

    /** Writes the queued stream in order and flushes once (on this connection's event loop). */
    private void drainStream() {
        streamScheduled.set(false);
        Runnable pull = streamPull;
        if (pull != null) {
            streamPull = null;
            lock.lock();
            try {
                pull.run();
            } finally {
                lock.unlock();
            }
        }
        Object item;
        long n = 0;
        while ((item = streamQueue.poll()) != null) {
            if (item instanceof FileTransfer f) {
                long count = f.region().count();
                ctx.write(f.region()).addListener(future -> {
                    if (future.isSuccess()) engine.stats().netReplOutputBytes.add(count);
                    f.done().accept(future.isSuccess());
                });
                continue;
            }
            ByteBuf b = (ByteBuf) item;
            n += b.readableBytes();
            ctx.write(b, ctx.voidPromise());
        }
        streamQueued.addAndGet(-n);
        engine.stats().netReplOutputBytes.add(n);
        ctx.flush();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public long pendingBytes() {
        return pendingOutputBytes();
    }

    private static String format(InetSocketAddress a) {
        if (a == null) return "";
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        int pct = host.indexOf('%');
        if (pct >= 0) host = host.substring(0, pct);
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
}

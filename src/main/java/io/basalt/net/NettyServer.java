package io.basalt.net;

import io.basalt.command.Engine;
import io.basalt.util.Log;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The TCP listener: binds every configured address and hands each socket a {@link ClientConnection}. */
public final class NettyServer {
    private final Engine engine;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final List<Channel> listeners = new ArrayList<>();
    private final String transport;

    public NettyServer(Engine engine, int ioThreads) {
        this.engine = engine;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.acceptors = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
    }

    public String transport() {
        return transport;
    }

    /**
     * Binds {@code port} on each address; an address prefixed with '-' is optional (Redis's
     * "-::*"), '*' means all IPv4 and "::*" all IPv6 addresses. Throws with Redis's message
     * when a mandatory address cannot be bound.
     */
    public void bind(List<String> addresses, int port, int backlog) throws BindException {
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ClientConnection(engine));
                    }
                });
        for (String spec : addresses) {
            boolean optional = spec.startsWith("-");
            String addr = optional ? spec.substring(1) : spec;
            String host = switch (addr) {
                case "*" -> "0.0.0.0";
                case "::*" -> "::";
                default -> addr;
            };
            try {
                listeners.add(b.bind(new InetSocketAddress(host, port)).sync().channel());
            } catch (Exception e) {
                if (optional) {
                    Log.notice("Skipping optional bind address " + addr + ":" + port + ": " + e.getMessage());
                    continue;
                }
                throw new BindException("Warning: Could not create server TCP listening socket " + addr + ":" + port
                        + ": " + e.getMessage());
            }
        }
    }

    /** Stops accepting, closes every connection and ends the event loops. */
    public void close() {
        for (Channel c : listeners) c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** A listening socket could not be opened. */
    public static final class BindException extends Exception {
        public BindException(String message) {
            super(message);
        }
    }
}

package io.partita.engine.protocol;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.engine.metrics.BrokerStats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listener: a Netty server (epoll where it loads, NIO elsewhere) whose connections frame requests by
 * their 4-byte size prefix and hand them to a {@link KafkaConnection}. Event-loop threads come from the
 * executor given to the constructor.
 */
public final class KafkaServer implements AutoCloseable {

    /** Kafka's {@code socket.request.max.bytes}: a larger frame closes the connection. */
    static final int MAX_REQUEST_BYTES = 104_857_600;
    private static final long FAILURE_REPORT_INTERVAL_MS = 30_000;
    private static final System.Logger LOG = System.getLogger(KafkaServer.class.getName());

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup connections = new DefaultChannelGroup("kafka-connections", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;

    KafkaServer(String host, int port, SupportedApis apis, BrokerStats stats, RequestThrottle throttle, Executor threads,
                int ioThreads) throws IOException {
        RepeatedFailureLog encodingFailures = new RepeatedFailureLog(System.getLogger(KafkaConnection.class.getName()),
                "Encoding an answer", FAILURE_REPORT_INTERVAL_MS);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        RepeatedFailureLog badRequests = new RepeatedFailureLog(LOG, "Serving a client's request", FAILURE_REPORT_INTERVAL_MS);
        this.acceptor = new MultiThreadIoEventLoopGroup(1, threads, io);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, threads, io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast("frames", new LengthFieldBasedFrameDecoder(MAX_REQUEST_BYTES, 0, 4, 0, 4))
                                .addLast("kafka", new KafkaConnection(apis, stats, throttle, badRequests, encodingFailures));
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw new IOException("The Kafka listener cannot bind " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every connection and waits for the event loops to end. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        shutdownGroups();
    }

    private void shutdownGroups() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

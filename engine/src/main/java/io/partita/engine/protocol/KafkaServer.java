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
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.partita.engine.config.ListenerConfig;
import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.security.ListenerSecurity;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The node's Kafka listeners: one Netty server channel per listener (epoll where it loads, NIO elsewhere), all served
 * by the same event loops, whose connections (behind a TLS handler on SSL and SASL_SSL listeners) frame requests by
 * their 4-byte size prefix and hand them to a {@link KafkaConnection} with the listener's security. Event-loop
 * threads come from the executor given to the constructor.
 */
public final class KafkaServer implements AutoCloseable {

    /** Kafka's {@code socket.request.max.bytes}: a larger frame closes the connection. */
    static final int MAX_REQUEST_BYTES = 104_857_600;
    private static final long FAILURE_REPORT_INTERVAL_MS = 30_000;
    private static final System.Logger LOG = System.getLogger(KafkaServer.class.getName());

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup connections = new DefaultChannelGroup("kafka-connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, Channel> serverChannels = new LinkedHashMap<>();

    /** @param listeners each listener's security, in the order of {@code listeners}; the first is the node's own */
    KafkaServer(List<ListenerSecurity> listeners, SupportedApis apis, BrokerStats stats, RequestThrottle throttle,
                Executor threads, int networkThreads) throws IOException {
        RepeatedFailureLog encodingFailures = new RepeatedFailureLog(System.getLogger(KafkaConnection.class.getName()),
                "Encoding an answer", FAILURE_REPORT_INTERVAL_MS);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        RepeatedFailureLog badRequests = new RepeatedFailureLog(LOG, "Serving a client's request", FAILURE_REPORT_INTERVAL_MS);
        RepeatedFailureLog authenticationFailures = new RepeatedFailureLog(LOG, "Authenticating a client", FAILURE_REPORT_INTERVAL_MS);
        this.acceptor = new MultiThreadIoEventLoopGroup(1, threads, io);
        this.workers = new MultiThreadIoEventLoopGroup(networkThreads, threads, io);
        for (ListenerSecurity security : listeners) {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            security.sslEngine(ch.remoteAddress()).ifPresent(engine -> ch.pipeline().addLast("tls", new SslHandler(engine)));
                            ch.pipeline()
                                    .addLast("frames", new LengthFieldBasedFrameDecoder(MAX_REQUEST_BYTES, 0, 4, 0, 4))
                                    .addLast("kafka", new KafkaConnection(apis, stats, throttle, security, badRequests,
                                            encodingFailures, authenticationFailures));
                        }
                    });
            ListenerConfig listener = security.listener();
            try {
                Channel channel = listener.host().isEmpty() ? bootstrap.bind(listener.port()).sync().channel()
                        : bootstrap.bind(listener.host(), listener.port()).sync().channel();
                serverChannels.put(listener.name(), channel);
            } catch (Exception e) {
                close();
                throw new IOException("The Kafka listener " + listener.name() + " cannot bind " + listener.host() + ":"
                        + listener.port() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The address the first listener is bound to. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannels.values().iterator().next().localAddress();
    }

    /** The address the listener {@code name} is bound to. */
    public InetSocketAddress address(String name) {
        return (InetSocketAddress) serverChannels.get(name).localAddress();
    }

    /** Stops accepting, closes every connection and waits for the event loops to end. */
    @Override
    public void close() {
        serverChannels.values().forEach(channel -> channel.close().syncUninterruptibly());
        connections.close().syncUninterruptibly();
        shutdownGroups();
    }

    private void shutdownGroups() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package io.partita.engine.protocol;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslHandler;
import io.partita.engine.security.PeerSecurity;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client connection from this broker to another one: requests built with kafka-clients' request classes are
 * framed and written, responses are parsed back with the header of the request they answer (a broker answers a
 * connection's requests in order). Connects lazily, on the first request after start or after a lost connection,
 * as the inter-broker listener's security asks: TLS first, then SASL ({@link PeerAuthentication}); requests wait
 * until the connection is ready. A lost connection, or one that could not be made or authenticated, fails every
 * request waiting on it with a {@link DisconnectException} (carrying the cause).
 *
 * <p>Response bytes are copied off the Netty buffer, so parsed records stay valid after the frame is released.
 * Thread-safe: every channel operation runs on the channel's event loop.
 */
final class PeerConnection implements AutoCloseable {

    private record InFlight(RequestHeader header, CompletableFuture<AbstractResponse> answer) {
    }

    private final EventLoopGroup group;
    private final String host;
    private final int port;
    private final String clientId;
    private final PeerSecurity security;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final AtomicInteger nextCorrelationId = new AtomicInteger();
    /** The connection being made or made, ready for requests once complete; null before the first request and after a loss. */
    private CompletableFuture<Channel> ready;
    private Channel channel;
    private boolean closed;

    PeerConnection(EventLoopGroup group, String host, int port, String clientId, PeerSecurity security) {
        this.group = group;
        this.host = host;
        this.port = port;
        this.clientId = clientId;
        this.security = security;
    }

    /** Sends {@code request} and completes with its parsed response. */
    synchronized CompletableFuture<AbstractResponse> send(AbstractRequest request) {
        if (closed) return CompletableFuture.failedFuture(new DisconnectException("connection to " + host + ":" + port + " is closed"));
        if (ready == null) ready = connect();
        CompletableFuture<AbstractResponse> answer = new CompletableFuture<>();
        ready.whenComplete((ch, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(new DisconnectException("cannot connect to " + host + ":" + port + ": " + failure.getMessage(), failure));
                return;
            }
            ch.eventLoop().execute(() -> write(ch, request).whenComplete((response, error) -> {
                if (error != null) answer.completeExceptionally(error);
                else answer.complete(response);
            }));
        });
        return answer;
    }

    /** Writes {@code request} on {@code ch}, bypassing readiness: the authentication's own requests go here. Event loop only. */
    CompletableFuture<AbstractResponse> write(Channel ch, AbstractRequest request) {
        CompletableFuture<AbstractResponse> answer = new CompletableFuture<>();
        if (!ch.isActive()) {
            answer.completeExceptionally(new DisconnectException("connection to " + host + ":" + port + " was lost"));
            return answer;
        }
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), clientId, nextCorrelationId.getAndIncrement());
        ByteBuffer body = request.serializeWithHeader(header);
        inFlight.add(new InFlight(header, answer));
        ByteBuf frame = Unpooled.buffer(4 + body.remaining());
        frame.writeInt(body.remaining()).writeBytes(body);
        ch.writeAndFlush(frame);
        return answer;
    }

    private CompletableFuture<Channel> connect() {
        CompletableFuture<Channel> made = new CompletableFuture<>();
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        security.sslEngine(host, port).ifPresent(engine -> ch.pipeline().addLast(new SslHandler(engine)));
                        ch.pipeline()
                                .addLast(new LengthFieldBasedFrameDecoder(KafkaServer.MAX_REQUEST_BYTES, 0, 4, 0, 4))
                                .addLast(new Responses());
                    }
                })
                .connect(host, port);
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                made.completeExceptionally(connected.cause());
                return;
            }
            Channel ch = connecting.channel();
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            CompletableFuture<Channel> secured = new CompletableFuture<>();
            if (tls == null) {
                secured.complete(ch);
            } else {
                tls.handshakeFuture().addListener(handshake -> {
                    if (handshake.isSuccess()) secured.complete(ch);
                    else secured.completeExceptionally(handshake.cause());
                });
            }
            secured.thenCompose(c -> new PeerAuthentication(this, c, security, host).run().thenApply(done -> c))
                    .whenComplete((c, failure) -> {
                        if (failure == null) {
                            made.complete(c);
                        } else {
                            ch.close();
                            made.completeExceptionally(failure);
                        }
                    });
        });
        connecting.channel().closeFuture().addListener(f -> forget(made));
        made.whenComplete((c, failure) -> {
            if (failure != null) forget(made);
            else remember(c);
        });
        return made;
    }

    private synchronized void remember(Channel ch) {
        channel = ch;
        if (closed) ch.close();
    }

    /** Lets the next request connect anew. */
    private synchronized void forget(CompletableFuture<Channel> lost) {
        if (ready == lost) {
            ready = null;
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) channel.close();
    }

    private final class Responses extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            InFlight request = inFlight.poll();
            if (request == null) {
                ctx.close();
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(copy);
            copy.flip();
            try {
                request.answer().complete(AbstractResponse.parseResponse(copy, request.header()));
            } catch (RuntimeException e) {
                request.answer().completeExceptionally(e);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            DisconnectException lost = new DisconnectException("connection to " + host + ":" + port + " was lost");
            InFlight request;
            while ((request = inFlight.poll()) != null) request.answer().completeExceptionally(lost);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

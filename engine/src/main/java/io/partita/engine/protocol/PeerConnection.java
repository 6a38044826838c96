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
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection from this broker to another one: requests built with kafka-clients' request classes are
 * framed and written, responses are parsed back with the header of the request they answer (a broker answers a
 * connection's requests in order). Connects lazily, on the first request after start or after a lost connection;
 * a lost connection fails every request in flight with a {@link DisconnectException}.
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
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private int nextCorrelationId;
    private ChannelFuture channel;
    private boolean closed;

    PeerConnection(EventLoopGroup group, String host, int port, String clientId) {
        this.group = group;
        this.host = host;
        this.port = port;
        this.clientId = clientId;
    }

    /** Sends {@code request} and completes with its parsed response. */
    synchronized CompletableFuture<AbstractResponse> send(AbstractRequest request) {
        CompletableFuture<AbstractResponse> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(new DisconnectException("connection to " + host + ":" + port + " is closed"));
            return answer;
        }
        if (channel == null) channel = connect();
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), clientId, nextCorrelationId++);
        ByteBuffer body = request.serializeWithHeader(header);
        ChannelFuture connecting = channel;
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                answer.completeExceptionally(new DisconnectException("cannot connect to " + host + ":" + port, connected.cause()));
                return;
            }
            Channel ch = connecting.channel();
            ch.eventLoop().execute(() -> {
                if (!ch.isActive()) {
                    answer.completeExceptionally(new DisconnectException("connection to " + host + ":" + port + " was lost"));
                    return;
                }
                inFlight.add(new InFlight(header, answer));
                ByteBuf frame = Unpooled.buffer(4 + body.remaining());
                frame.writeInt(body.remaining()).writeBytes(body);
                ch.writeAndFlush(frame);
            });
        });
        return answer;
    }

    private ChannelFuture connect() {
        ChannelFuture future = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new LengthFieldBasedFrameDecoder(KafkaServer.MAX_REQUEST_BYTES, 0, 4, 0, 4))
                                .addLast(new Responses());
                    }
                })
                .connect(host, port);
        future.addListener(f -> {
            if (!f.isSuccess()) forget(future);
        });
        future.channel().closeFuture().addListener(f -> forget(future));
        return future;
    }

    /** Lets the next request connect anew. */
    private synchronized void forget(ChannelFuture lost) {
        if (channel == lost) channel = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) channel.channel().close();
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

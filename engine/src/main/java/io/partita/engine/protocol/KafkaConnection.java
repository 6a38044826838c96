package io.partita.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.protocol.RequestCodec.ParsedRequest;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection. Requests are handled one at a time, in arrival order, and answered in that order, as
 * Kafka's clients require: the next request is taken only once the previous one is answered. Frames that arrive
 * meanwhile wait in a short queue; past {@link #MAX_QUEUED} the socket is no longer read, so a fast producer is
 * slowed by TCP instead of filling memory.
 *
 * <p>Each answered request counts in the node's {@link BrokerStats} under its API, with the time from being taken up
 * to its answer being written ({@code System.nanoTime}: a duration, not a time of day, so not the environment's clock).
 *
 * <p>A frame that cannot be parsed closes this connection only. An answer that cannot be encoded at the request's
 * version (a handler set a field the version does not carry) is replaced by the request's UNKNOWN_SERVER_ERROR
 * answer, so that the client sees an error rather than a closed connection, and counted in a {@link RepeatedFailureLog}
 * shared by the listener's connections. Confined to the channel's event loop.
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(KafkaConnection.class.getName());
    private static final int MAX_QUEUED = 8;
    private static final AtomicLong IDS = new AtomicLong();

    private final SupportedApis apis;
    private final BrokerStats stats;
    private final RepeatedFailureLog encodingFailures;
    private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>();
    private String connectionId;
    private InetSocketAddress remote;
    private boolean busy;

    KafkaConnection(SupportedApis apis, BrokerStats stats, RepeatedFailureLog encodingFailures) {
        this.apis = apis;
        this.stats = stats;
        this.encodingFailures = encodingFailures;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        remote = (InetSocketAddress) ctx.channel().remoteAddress();
        connectionId = ctx.channel().localAddress() + "-" + remote + "-" + IDS.incrementAndGet();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        queued.add((ByteBuf) msg);
        if (queued.size() >= MAX_QUEUED) ctx.channel().config().setAutoRead(false);
        handleNext(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        handleNext(ctx);
    }

    private void handleNext(ChannelHandlerContext ctx) {
        while (!busy && !queued.isEmpty() && ctx.channel().isActive() && ctx.channel().isWritable()) {
            ByteBuf frame = queued.poll();
            ParsedRequest request;
            try {
                request = RequestCodec.parse(frame.nioBuffer(), connectionId, remote);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.INFO, "Closing connection {0}: cannot parse request: {1}", connectionId, e.toString());
                frame.release();
                ctx.close();
                return;
            }
            ApiHandler handler = apis.handlerFor(request.context().header.apiKey(), request.context().apiVersion());
            if (handler == null) {
                LOG.log(System.Logger.Level.INFO, "Closing connection {0}: unsupported {1} v{2}", connectionId,
                        request.context().header.apiKey(), request.context().apiVersion());
                frame.release();
                ctx.close();
                return;
            }
            busy = true;
            long started = System.nanoTime();
            CompletableFuture<AbstractResponse> answer;
            try {
                answer = handler.handle(request.context(), request.body());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((response, error) -> {
                if (ctx.executor().inEventLoop()) respond(ctx, frame, request, started, response, error);
                else ctx.executor().execute(() -> respond(ctx, frame, request, started, response, error));
            });
        }
        if (queued.size() < MAX_QUEUED / 2 && !ctx.channel().config().isAutoRead()) ctx.channel().config().setAutoRead(true);
    }

    private void respond(ChannelHandlerContext ctx, ByteBuf frame, ParsedRequest request, long started,
                         AbstractResponse response, Throwable error) {
        try {
            AbstractResponse answer = response;
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.log(System.Logger.Level.DEBUG, "Request failed: " + request.context().header, cause);
                answer = request.body().getErrorResponse(cause);
            }
            if (answer != null && ctx.channel().isActive()) {
                encode(request, answer).writeTo(new NettyTransferableChannel(ctx.channel()));
                ctx.flush();
            }
            stats.requestCompleted(request.context().header.apiKey(), System.nanoTime() - started);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing connection " + connectionId + ": cannot answer " + request.context().header, e);
            ctx.close();
        } finally {
            frame.release();
            busy = false;
        }
        handleNext(ctx);
    }

    /** The answer's bytes, or those of the request's UNKNOWN_SERVER_ERROR answer when the answer cannot be encoded. */
    private Send encode(ParsedRequest request, AbstractResponse answer) {
        try {
            return RequestCodec.encode(request.context(), answer);
        } catch (RuntimeException e) {
            RequestHeader header = request.context().header;
            encodingFailures.failed(new IllegalStateException(header.apiKey() + " v" + header.apiVersion() + ": " + e.getMessage(), e));
            return RequestCodec.encode(request.context(), request.body().getErrorResponse(
                    new UnknownServerException("The broker could not encode its answer at version " + header.apiVersion())));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        queued.forEach(ByteBuf::release);
        queued.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.log(System.Logger.Level.INFO, "Closing connection {0}: {1}", connectionId, cause.getMessage());
        } else if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, "Closing connection " + connectionId, cause);
        }
        ctx.close();
    }
}

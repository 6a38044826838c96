package io.partita.engine.protocol;

import io.partita.engine.concurrent.CompletionFailures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.engine.metrics.BrokerStats;
import io.partita.engine.protocol.RequestCodec.ParsedRequest;
import io.partita.engine.security.ListenerSecurity;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * <p>A client over its quotas is throttled as Kafka does (KIP-219): its answer carries the throttle time (the
 * longer of the handler's and the {@link RequestThrottle}'s) and is sent at once, then the connection is muted for
 * that long: the socket is not read and no queued request is taken up, so a client that ignores the throttle time
 * cannot exceed its quota either. With acks=0 there is no answer, but the connection is muted all the same.
 *
 * <p>A frame that cannot be framed or parsed, or asks for an API or version not served, closes this connection only,
 * and is reported to the listener's {@code badRequests} log, which writes a line at most once per interval: a
 * client (or a scanner) that keeps sending garbage cannot flood the node's log. An answer that cannot be encoded at
 * the request's version (a handler set a field the version does not carry) is replaced by the request's
 * UNKNOWN_SERVER_ERROR answer, so that the client sees an error rather than a closed connection, and counted in the
 * listener's {@code encodingFailures} log.
 *
 * <p>Every request is first judged by the connection's {@link ConnectionAuthentication} (the listener's security):
 * SASL exchanges are answered by it, requests it does not permit close the connection, and the principal it
 * established goes into each request's context. Failed authentications (a SASL exchange or a TLS handshake) are
 * counted in the listener's {@code authenticationFailures} log. Confined to the channel's event loop.
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(KafkaConnection.class.getName());
    private static final int MAX_QUEUED = 8;
    private static final AtomicLong IDS = new AtomicLong();

    private final SupportedApis apis;
    private final BrokerStats stats;
    private final RequestThrottle throttle;
    private final RepeatedFailureLog badRequests;
    private final RepeatedFailureLog encodingFailures;
    private final RepeatedFailureLog authenticationFailures;
    private final ListenerSecurity security;
    private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>();
    private String connectionId;
    private InetSocketAddress remote;
    private ConnectionAuthentication authentication;
    private boolean busy;
    /** Throttled: nothing is read or taken up until the throttle time has passed. */
    private boolean muted;

    /**
     * @param security               what the listener asks of its connections
     * @param badRequests            shared by the listener's connections; told of each one closed for a malformed request
     * @param encodingFailures       shared by the listener's connections; told of each answer that could not be encoded
     * @param authenticationFailures shared by the listener's connections; told of each failed authentication
     */
    KafkaConnection(SupportedApis apis, BrokerStats stats, RequestThrottle throttle, ListenerSecurity security,
                    RepeatedFailureLog badRequests, RepeatedFailureLog encodingFailures, RepeatedFailureLog authenticationFailures) {
        this.apis = apis;
        this.stats = stats;
        this.throttle = throttle;
        this.security = security;
        this.badRequests = badRequests;
        this.encodingFailures = encodingFailures;
        this.authenticationFailures = authenticationFailures;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        remote = (InetSocketAddress) ctx.channel().remoteAddress();
        connectionId = ctx.channel().localAddress() + "-" + remote + "-" + IDS.incrementAndGet();
        authentication = new ConnectionAuthentication(security, remote.getAddress(),
                () -> Optional.ofNullable(ctx.pipeline().get(SslHandler.class)).map(tls -> tls.engine().getSession()));
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
        while (!busy && !muted && !queued.isEmpty() && ctx.channel().isActive() && ctx.channel().isWritable()) {
            ByteBuf frame = queued.poll();
            ParsedRequest request;
            try {
                request = RequestCodec.parse(frame.nioBuffer(), connectionId, remote, authentication.principal(),
                        security.listenerName(), security.protocol());
            } catch (RuntimeException e) {
                frame.release();
                closeForBadRequest(ctx, "cannot parse request: " + e);
                return;
            }
            ApiKeys api = request.context().header.apiKey();
            long started = System.nanoTime();
            ConnectionAuthentication.Verdict verdict = authentication.check(api, started);
            if (verdict == ConnectionAuthentication.Verdict.CLOSE) {
                frame.release();
                authenticationFailures.failed("closed connection " + connectionId + ": " + authentication.closeReason(api));
                ctx.close();
                return;
            }
            ApiHandler handler = apis.handlerFor(api, request.context().apiVersion());
            if (handler == null) {
                frame.release();
                closeForBadRequest(ctx, "unsupported " + api + " v" + request.context().apiVersion());
                return;
            }
            busy = true;
            CompletableFuture<AbstractResponse> answer;
            try {
                answer = verdict == ConnectionAuthentication.Verdict.AUTHENTICATE
                        ? CompletableFuture.completedFuture(authentication.authenticate(request.body(), started))
                        : handler.handle(request.context(), request.body());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            long handlingNanos = System.nanoTime() - started;
            answer.whenComplete((response, error) -> {
                if (ctx.executor().inEventLoop()) respond(ctx, frame, request, started, handlingNanos, response, error);
                else ctx.executor().execute(() -> respond(ctx, frame, request, started, handlingNanos, response, error));
            });
        }
        if (!muted && queued.size() < MAX_QUEUED / 2 && !ctx.channel().config().isAutoRead()) ctx.channel().config().setAutoRead(true);
    }

    private void respond(ChannelHandlerContext ctx, ByteBuf frame, ParsedRequest request, long started, long handlingNanos,
                         AbstractResponse response, Throwable error) {
        long throttleMs = 0;
        try {
            AbstractResponse answer = response;
            if (error != null) {
                Throwable cause = CompletionFailures.cause(error);
                LOG.log(System.Logger.Level.DEBUG, "Request failed: " + request.context().header, cause);
                answer = request.body().getErrorResponse(cause);
            }
            throttleMs = throttle.throttleMs(request.context(), request.body(), frame.readableBytes(), handlingNanos);
            if (answer != null) {
                throttleMs = Math.max(throttleMs, answer.throttleTimeMs());
                answer.maybeSetThrottleTimeMs((int) Math.min(throttleMs, Integer.MAX_VALUE));
            }
            if (answer != null && ctx.channel().isActive()) {
                encode(request, answer).writeTo(new NettyTransferableChannel(ctx.channel(), !security.listener().tls()));
                ctx.flush();
            }
            if (authentication.closeAfterAnswer()) {
                authenticationFailures.failed("closed connection " + connectionId + ": " + request.context().header.apiKey()
                        + " failed for " + request.context().clientAddress);
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            stats.requestCompleted(request.context().header.apiKey(), System.nanoTime() - started);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing connection " + connectionId + ": cannot answer " + request.context().header, e);
            ctx.close();
        } finally {
            frame.release();
            busy = false;
        }
        if (throttleMs > 0) mute(ctx, throttleMs);
        handleNext(ctx);
    }

    private void mute(ChannelHandlerContext ctx, long throttleMs) {
        muted = true;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            muted = false;
            handleNext(ctx);
        }, throttleMs, TimeUnit.MILLISECONDS);
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
        if (connectionId != null) apis.connectionClosed(connectionId);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            authenticationFailures.failed("closed connection " + connectionId + ": TLS handshake failed: " + tls.getMessage());
            ctx.close();
            return;
        }
        if (cause instanceof DecoderException) {
            // a size prefix beyond socket.request.max.bytes, or a negative one
            closeForBadRequest(ctx, cause.getMessage());
            return;
        }
        if (!(cause instanceof IOException)) LOG.log(System.Logger.Level.WARNING, "Closing connection " + connectionId, cause);
        ctx.close();
    }

    private void closeForBadRequest(ChannelHandlerContext ctx, String why) {
        badRequests.failed("closed connection " + connectionId + ": " + why);
        ctx.close();
    }
}

package io.partita.engine.protocol;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one Kafka API. Called on the connection's event-loop thread, one request of a connection at a time;
 * an implementation must not block that thread on anything slower than a local file write: it returns a future
 * that completes later (from any thread) when the answer needs waiting for (long polls, group joins, cluster
 * metadata writes).
 *
 * <p>A future completed with {@code null} sends no response (Produce with acks=0). A future completed
 * exceptionally becomes the request's error response ({@link AbstractRequest#getErrorResponse(Throwable)}).
 */
@FunctionalInterface
public interface ApiHandler {

    CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request);
}

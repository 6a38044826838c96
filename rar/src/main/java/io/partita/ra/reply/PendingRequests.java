package io.partita.ra.reply;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The requests of one {@link ReplyChannel} that wait for their replies, by correlation id.
 *
 * <p>Invariant: a request is registered before it is sent and removed by its requester whenever it stops waiting
 * (reply, failure, timeout), so the map holds only requests someone waits for. Correlation ids are 128 random bits:
 * unique among the requests of a node's reply topic, also across its restarts, so a late reply never answers a
 * later request. Thread-safe.
 */
final class PendingRequests {

    /** A registered request: its correlation id and what its reply (or its failure) completes. */
    record Pending(String correlationId, CompletableFuture<ConsumerRecord<byte[], byte[]>> reply) {
    }

    private final Map<String, CompletableFuture<ConsumerRecord<byte[], byte[]>>> waiting = new ConcurrentHashMap<>();

    Pending register() {
        CompletableFuture<ConsumerRecord<byte[], byte[]>> reply = new CompletableFuture<>();
        String id;
        do {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            id = HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
        } while (waiting.putIfAbsent(id, reply) != null);
        return new Pending(id, reply);
    }

    /** Completes the request of {@code correlationId} with {@code reply}; false when none waits for it. */
    boolean complete(String correlationId, ConsumerRecord<byte[], byte[]> reply) {
        CompletableFuture<ConsumerRecord<byte[], byte[]>> waiter = waiting.get(correlationId);
        return waiter != null && waiter.complete(reply);
    }

    void remove(String correlationId) {
        waiting.remove(correlationId);
    }

    /** Fails every waiting request: no reply can come any more. */
    void failAll(Throwable reason) {
        waiting.values().forEach(waiter -> waiter.completeExceptionally(reason));
    }

    int size() {
        return waiting.size();
    }
}

package io.partita.ra.reply;

import io.partita.ra.api.ReplyHeaders;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Where the reply to a request goes, as the request's {@link ReplyHeaders} say: a topic, a partition and the
 * correlation id the reply carries back. Immutable.
 */
public record ReplyAddress(String topic, int partition, byte[] correlationId) {

    /**
     * @param request names the request in errors ({@code topic-partition@offset})
     * @throws ResourceException when the headers do not make the record a request
     */
    public static ReplyAddress of(Headers headers, String request) throws ResourceException {
        byte[] correlationId = required(headers, ReplyHeaders.CORRELATION_ID, request);
        String topic = new String(required(headers, ReplyHeaders.REPLY_TOPIC, request), StandardCharsets.UTF_8);
        String partition = new String(required(headers, ReplyHeaders.REPLY_PARTITION, request), StandardCharsets.UTF_8);
        try {
            return new ReplyAddress(topic, Integer.parseInt(partition), correlationId);
        } catch (NumberFormatException e) {
            throw new ResourceException(request + " has no partition number in its " + ReplyHeaders.REPLY_PARTITION
                    + " header: " + partition, e);
        }
    }

    /** The reply carrying {@code value}: no key, a copy of {@code headers} and the correlation id. */
    public ProducerRecord<byte[], byte[]> reply(byte[] value, Headers headers) {
        Headers replyHeaders = new RecordHeaders(headers.toArray());
        replyHeaders.add(ReplyHeaders.CORRELATION_ID, correlationId);
        return new ProducerRecord<>(topic, partition, null, null, value, replyHeaders);
    }

    private static byte[] required(Headers headers, String name, String request) throws ResourceException {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            throw new ResourceException(request + " is no request of PartitaConnection.request: it has no " + name
                    + " header, so there is nowhere to reply to");
        }
        return header.value();
    }
}

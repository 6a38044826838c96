package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.DeadLetterReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The provenance headers of a record moving from its topic through the retry topics to the dead-letter topic. */
class DeadLettersTest {

    private static final long ORIGINAL_TIMESTAMP = 1_700_000_000_000L;
    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    private final DeadLetters deadLetters = new DeadLetters(sent::add,
            new RetryTopics(RetryTopics.schedule("1s,10s"), List.of("orders")));

    @Test
    void aRecordKeepsItsOriginalProvenanceAndCountsEveryDeliveryThroughTheRetryTopics() throws Exception {
        RecordHeaders own = new RecordHeaders();
        own.add("traceparent", text("00-abc-def-01"));
        ConsumerRecord<byte[], byte[]> original = consumed("orders", 2, 41, own);

        deadLetters.send(new FailureRouter.Destination("orders.retry-1s", 1, 1000, 3, null), "shop", original,
                new IllegalStateException("busy"));
        ProducerRecord<byte[], byte[]> first = sent.get(0);
        assertThat(first.topic()).isEqualTo("orders.retry-1s");
        assertThat(first.timestamp()).isEqualTo(ORIGINAL_TIMESTAMP);
        assertThat(headers(first.headers())).containsExactly(entry("traceparent", "00-abc-def-01"),
                entry(DeadLetterHeaders.TOPIC, "orders"), entry(DeadLetterHeaders.PARTITION, "2"),
                entry(DeadLetterHeaders.OFFSET, "41"), entry(DeadLetterHeaders.TIMESTAMP, String.valueOf(ORIGINAL_TIMESTAMP)),
                entry(DeadLetterHeaders.GROUP, "shop"), entry(DeadLetterHeaders.ATTEMPTS, "3"),
                entry(DeadLetterHeaders.EXCEPTION, IllegalStateException.class.getName()),
                entry(DeadLetterHeaders.EXCEPTION_MESSAGE, "busy"),
                entry(DeadLetterHeaders.RETRY_STAGE, "1"), entry(DeadLetterHeaders.RETRY_DUE, "1000"));

        deadLetters.send(new FailureRouter.Destination("orders.retry-10s", 2, 12_000, 3, null), "shop",
                consumed("orders.retry-1s", 0, 5, first.headers()), new IllegalStateException("still busy"));
        deadLetters.send(FailureRouter.Destination.deadLetters("orders.dlt", 3, DeadLetterReason.DELIVERY_FAILED), "shop",
                consumed("orders.retry-10s", 1, 8, sent.get(1).headers()), new IllegalArgumentException());

        assertThat(headers(sent.get(1).headers())).containsEntry(DeadLetterHeaders.ATTEMPTS, "6")
                .containsEntry(DeadLetterHeaders.RETRY_STAGE, "2").containsEntry(DeadLetterHeaders.RETRY_DUE, "12000")
                .containsEntry(DeadLetterHeaders.EXCEPTION_MESSAGE, "still busy");
        assertThat(headers(sent.get(2).headers())).containsExactly(entry("traceparent", "00-abc-def-01"),
                entry(DeadLetterHeaders.TOPIC, "orders"), entry(DeadLetterHeaders.PARTITION, "2"),
                entry(DeadLetterHeaders.OFFSET, "41"), entry(DeadLetterHeaders.TIMESTAMP, String.valueOf(ORIGINAL_TIMESTAMP)),
                entry(DeadLetterHeaders.GROUP, "shop"), entry(DeadLetterHeaders.REASON, "DELIVERY_FAILED"),
                entry(DeadLetterHeaders.ATTEMPTS, "9"),
                entry(DeadLetterHeaders.EXCEPTION, IllegalArgumentException.class.getName()),
                entry(DeadLetterHeaders.EXCEPTION_MESSAGE, ""));
    }

    @Test
    void aRecordOfAnotherTopicKeepsTheAdaptersHeadersItCarriesAndGainsItsOwn() throws Exception {
        RecordHeaders carried = new RecordHeaders();
        carried.add(DeadLetterHeaders.TOPIC, text("invoices"));
        ConsumerRecord<byte[], byte[]> reprocessed = consumed("invoices.dlt", 0, 3, carried);

        deadLetters.send(FailureRouter.Destination.deadLetters("invoices.dlt2", 1, DeadLetterReason.NOT_RETRYABLE),
                "audit", reprocessed, new IllegalStateException("no"));

        Headers headers = sent.get(0).headers();
        assertThat(headers.headers(DeadLetterHeaders.TOPIC)).extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("invoices", "invoices.dlt");
        assertThat(headers(headers)).containsEntry(DeadLetterHeaders.REASON, "NOT_RETRYABLE")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "1").doesNotContainKey(DeadLetterHeaders.RETRY_STAGE);
    }

    private static ConsumerRecord<byte[], byte[]> consumed(String topic, int partition, long offset, Headers headers) {
        return new ConsumerRecord<>(topic, partition, offset, ORIGINAL_TIMESTAMP, TimestampType.CREATE_TIME, 1, 1,
                text("o-1"), text("{}"), new RecordHeaders(headers.toArray()), Optional.empty());
    }

    /** Name to last value, in the order the names first appear. */
    private static LinkedHashMap<String, String> headers(Headers headers) {
        LinkedHashMap<String, String> values = new LinkedHashMap<>();
        for (Header header : headers) values.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        return values;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

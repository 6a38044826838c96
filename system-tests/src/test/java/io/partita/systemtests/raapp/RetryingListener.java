package io.partita.systemtests.raapp;

import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * Retries in retry topics ({@value #SCHEDULE}) after one retry in place: a "{@value #SUCCEEDS_LATE}" record fails
 * every delivery until it comes from its last retry topic; a "{@value #REJECTED}" one throws an
 * {@link ExpiredCardException}, a {@link RejectedPaymentException} and thereby not retryable. Its consumers may
 * not create topics, so only the activation creates the retry topics. Every delivery is logged in
 * {@link RetryDeliveries}.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RetryingListener.TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = RetryingListener.GROUP),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "1"),
        @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "retryTopics", propertyValue = RetryingListener.SCHEDULE),
        @ActivationConfigProperty(propertyName = "notRetryable",
                propertyValue = "io.partita.systemtests.raapp.RejectedPaymentException"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = RetryingListener.DEAD_LETTERS),
        @ActivationConfigProperty(propertyName = "consumerProperties", propertyValue = "allow.auto.create.topics=false")
})
public class RetryingListener implements RecordListener {

    public static final String TOPIC = "ra.retry";
    public static final String GROUP = "ra-retry";
    public static final String SCHEDULE = "1s,10s";
    public static final String FIRST_RETRY_TOPIC = TOPIC + ".retry-1s";
    public static final String LAST_RETRY_TOPIC = TOPIC + ".retry-10s";
    public static final String DEAD_LETTERS = "ra.retry.dlt";
    public static final String SUCCEEDS_LATE = "retried";
    public static final String REJECTED = "rejected";

    @Inject
    private RetryDeliveries deliveries;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        deliveries.add(value + "|" + record.topic() + "|" + System.currentTimeMillis() + "|"
                + header(record, DeadLetterHeaders.TOPIC) + "|" + header(record, DeadLetterHeaders.OFFSET) + "|"
                + header(record, DeadLetterHeaders.ATTEMPTS) + "|" + header(record, DeadLetterHeaders.RETRY_STAGE));
        if (value.startsWith(REJECTED)) throw new ExpiredCardException(value);
        if (value.startsWith(SUCCEEDS_LATE) && !record.topic().equals(LAST_RETRY_TOPIC)) {
            throw new IllegalStateException("not yet: " + value + " from " + record.topic());
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.partita.systemtests.raapp;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/** Throws on poison records: 1 delivery + 2 retries each, then the dead-letter topic. */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RaTestApplication.FLAKY_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-flaky"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = RaTestApplication.FLAKY_DEAD_LETTERS)
})
public class FlakyListener implements RecordListener {

    @Inject
    private Receptions receptions;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        receptions.delivered("flaky", value);
        if (value.startsWith(RaTestApplication.POISON)) throw new IllegalStateException("cannot digest " + value);
    }
}

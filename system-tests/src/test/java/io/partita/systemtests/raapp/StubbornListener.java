package io.partita.systemtests.raapp;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * No dead-letter topic and 1 retry: a "stubborn" record fails its first {@value #FAILURES} deliveries, more than
 * its retries, so the adapter must deliver it again from a later poll instead of skipping it.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RaTestApplication.STUBBORN_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-stubborn"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "1"),
        @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50")
})
public class StubbornListener implements RecordListener {

    static final int FAILURES = 4;

    @Inject
    private Receptions receptions;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        int deliveries = receptions.delivered("stubborn", value);
        if (value.startsWith("stubborn") && deliveries <= FAILURES) {
            throw new IllegalStateException("not yet: delivery " + deliveries + " of " + value);
        }
    }
}

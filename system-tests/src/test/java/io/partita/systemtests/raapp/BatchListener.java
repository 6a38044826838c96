package io.partita.systemtests.raapp;

import io.partita.ra.api.BatchRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Takes whole polls; a batch holding a poison record fails as a whole (1 delivery + 1 retry). */
@MessageDriven(messageListenerInterface = BatchRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RaTestApplication.BATCH_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-batch"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "1"),
        @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = RaTestApplication.BATCH_DEAD_LETTERS)
})
public class BatchListener implements BatchRecordListener {

    @Inject
    private Receptions receptions;

    @Override
    public void onRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        boolean poisoned = false;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            receptions.delivered("batch", value);
            poisoned |= value.startsWith(RaTestApplication.POISON);
        }
        if (poisoned) throw new IllegalStateException("batch of " + records.size() + " holds poison");
    }
}

package io.partita.systemtests.raapp;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/** Three consumers of the bulk topic; counts every record. */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RaTestApplication.BULK_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-bulk"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "3")
})
public class BulkListener implements RecordListener {

    @Inject
    private Receptions receptions;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        receptions.delivered("bulk", new String(record.value(), StandardCharsets.UTF_8));
    }
}

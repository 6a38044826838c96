package io.partita.bench.ra;

import io.partita.ra.api.BatchRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * The batch variant: one delivery per poll, the bean reading each record as {@link BytesOrderListener} does. It
 * shows what the container's per-delivery work costs the per-record listeners.
 */
@MessageDriven(messageListenerInterface = BatchRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = ConsumeResource.BATCH_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = ConsumeResource.BATCH_TOPIC),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = ConsumeResource.CONSUMERS),
        @ActivationConfigProperty(propertyName = "consumerProperties",
                propertyValue = ConsumeResource.CONSUMER_PROPERTIES)})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BatchOrderListener implements BatchRecordListener {

    @Override
    public void onRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            OrderReading.read(ConsumeClock.Variant.BATCH, record.key(), record.value());
        }
    }
}

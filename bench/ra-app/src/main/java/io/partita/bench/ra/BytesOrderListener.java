package io.partita.bench.ra;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The byte[] variant: the bean reads key and value itself, as the adapter does for the typed one. */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = ConsumeResource.BYTES_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = ConsumeResource.BYTES_TOPIC),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = ConsumeResource.CONSUMERS),
        @ActivationConfigProperty(propertyName = "consumerProperties",
                propertyValue = ConsumeResource.CONSUMER_PROPERTIES)})
// No JTA transaction per record, as a plain consumer loop has none; TransactedOrderListener measures one.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BytesOrderListener implements RecordListener {

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        OrderReading.read(ConsumeClock.Variant.BYTES, record.key(), record.value());
    }
}

package io.partita.bench.ra;

import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecord;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.List;

/**
 * The typed batch variant: the adapter reads key and value as for {@link TypedOrderListener}, and delivers each poll
 * in one call.
 */
@MessageDriven(messageListenerInterface = TypedBatchRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = ConsumeResource.TYPED_BATCH_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = ConsumeResource.TYPED_BATCH_TOPIC),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = ConsumeResource.CONSUMERS),
        @ActivationConfigProperty(propertyName = "consumerProperties",
                propertyValue = ConsumeResource.CONSUMER_PROPERTIES)})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TypedBatchOrderListener implements TypedBatchRecordListener<String, Order> {

    @Override
    public void onRecords(List<TypedRecord<String, Order>> records) {
        for (TypedRecord<String, Order> record : records) {
            ConsumeClock.INSTANCE.record(ConsumeClock.Variant.TYPED_BATCH, record.context().key(), record.value());
        }
    }
}

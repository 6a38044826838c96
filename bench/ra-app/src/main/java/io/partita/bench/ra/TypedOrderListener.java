package io.partita.bench.ra;

import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** The typed variant: the adapter reads the key as text and the value through JSON-B. */
@MessageDriven(messageListenerInterface = TypedRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = ConsumeResource.TYPED_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = ConsumeResource.TYPED_TOPIC),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = ConsumeResource.CONSUMERS),
        @ActivationConfigProperty(propertyName = "consumerProperties",
                propertyValue = ConsumeResource.CONSUMER_PROPERTIES)})
// No JTA transaction per record, as a plain consumer loop has none; TransactedOrderListener measures one.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TypedOrderListener implements TypedRecordListener<String, Order> {

    @Override
    public void onRecord(Order order, RecordContext<String> context) {
        ConsumeClock.INSTANCE.record(ConsumeClock.Variant.TYPED, context.key(), order);
    }
}

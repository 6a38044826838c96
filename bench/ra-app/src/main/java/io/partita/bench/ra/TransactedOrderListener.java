package io.partita.bench.ra;

import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;

/**
 * The typed variant as the container runs a message-driven bean by default: each record delivered in a JTA
 * transaction of its own (REQUIRED), which {@link TypedOrderListener} declines.
 */
@MessageDriven(messageListenerInterface = TypedRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = ConsumeResource.TYPED_TX_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = ConsumeResource.TYPED_TX_TOPIC),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = ConsumeResource.CONSUMERS),
        @ActivationConfigProperty(propertyName = "consumerProperties",
                propertyValue = ConsumeResource.CONSUMER_PROPERTIES)})
public class TransactedOrderListener implements TypedRecordListener<String, Order> {

    @Override
    public void onRecord(Order order, RecordContext<String> context) {
        ConsumeClock.INSTANCE.record(ConsumeClock.Variant.TYPED_TX, context.key(), order);
    }
}

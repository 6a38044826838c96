package io.partita.systemtests.raapp;

import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecord;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Receives the typed-batch test's orders a poll at a time: each order as {@code id|item|quantity|key}, and each
 * call's size under {@code typed-batch-calls}.
 */
@MessageDriven(messageListenerInterface = TypedBatchRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RaTestApplication.TYPED_BATCH_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-typed-batch"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic",
                propertyValue = RaTestApplication.TYPED_BATCH_DEAD_LETTERS)
})
public class TypedBatchOrderListener implements TypedBatchRecordListener<String, Order> {

    @Inject
    private Receptions receptions;

    @Override
    public void onRecords(List<TypedRecord<String, Order>> orders) {
        receptions.delivered("typed-batch-calls", String.valueOf(orders.size()));
        for (TypedRecord<String, Order> record : orders) {
            Order order = record.value();
            receptions.delivered("typed-batch",
                    order.id() + "|" + order.item() + "|" + order.quantity() + "|" + record.context().key());
        }
    }
}

package io.partita.systemtests.raapp;

import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

/**
 * Receives JSON orders as {@link Order} objects (JSON-B, the key as text); counts each as
 * {@code id|item|quantity|key}. Records that are no order go to the dead-letter topic undelivered.
 */
@MessageDriven(messageListenerInterface = TypedRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RaTestApplication.TYPED_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-typed"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = RaTestApplication.TYPED_DEAD_LETTERS)
})
public class TypedOrderListener implements TypedRecordListener<String, Order> {

    @Inject
    private Receptions receptions;

    @Override
    public void onRecord(Order order, RecordContext<String> context) {
        receptions.delivered("typed", order.id() + "|" + order.item() + "|" + order.quantity() + "|" + context.key());
    }
}

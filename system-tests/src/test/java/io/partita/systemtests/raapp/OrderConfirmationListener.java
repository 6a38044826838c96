package io.partita.systemtests.raapp;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecordListener;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * Answers each order of {@link #TOPIC}, a request (of {@link RequestReplyResource}, or of any client setting the
 * reply headers), with its confirmation through {@code PartitaConnection.reply}: the same order, item
 * {@code "<item> confirmed"}, twice the quantity. Counts each as {@code id|traceparent}, the trace context it saw.
 */
@MessageDriven(messageListenerInterface = TypedRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = OrderConfirmationListener.TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-replier"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest")
})
public class OrderConfirmationListener implements TypedRecordListener<String, Order> {

    public static final String TOPIC = "ra.requests";

    @Resource(lookup = RaTestApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Inject
    private Receptions receptions;

    @Override
    public void onRecord(Order order, RecordContext<String> context) throws Exception {
        receptions.delivered("replier", order.id() + "|" + context.traceparent());
        try (PartitaConnection connection = partita.getConnection()) {
            connection.reply(context, new Order(order.id(), order.item() + " confirmed", order.quantity() * 2))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}

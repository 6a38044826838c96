package io.partita.systemtests.raapp;

import io.partita.ra.api.OnRecord;
import io.partita.ra.api.RecordContext;
import io.partita.ra.api.RoutedRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

/**
 * One bean for two topics, subscribed to by its methods alone (no {@code topics} property): {@link Order}s of
 * {@link #ORDERS} on one method, and on {@link #EVENTS} {@link OrderCreated}s and {@link OrderCancelled}s each on its
 * own, picked by the type header of the typed sends. Counts {@code id|topic|key} per order, the order id per
 * creation and {@code id|reason} per cancellation. Transacted: each call commits its record's offset in the
 * delivery's Kafka transaction, which the container enlists only if it starts a transaction for the method the
 * adapter names in {@code beforeDelivery}; a call without one fails and the record is dead-lettered.
 */
@MessageDriven(messageListenerInterface = RoutedRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-routing"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "transactional", propertyValue = "true"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = RoutingListener.DEAD_LETTERS)
})
public class RoutingListener implements RoutedRecordListener {

    public static final String ORDERS = "ra.routing.orders";
    public static final String EVENTS = "ra.routing.events";
    public static final String DEAD_LETTERS = "ra.routing.dlt";

    @Inject
    private Receptions receptions;

    @OnRecord(topics = ORDERS)
    public void order(Order order, RecordContext<String> context) {
        receptions.delivered("routing-orders", order.id() + "|" + context.topic() + "|" + context.key());
    }

    @OnRecord(topics = EVENTS)
    public void created(OrderCreated created) {
        receptions.delivered("routing-created", created.orderId());
    }

    @OnRecord(topics = EVENTS)
    public void cancelled(OrderCancelled cancelled) {
        receptions.delivered("routing-cancelled", cancelled.orderId() + "|" + cancelled.reason());
    }
}

package io.partita.examples.orders;

import io.partita.ra.api.RecordContext;
import io.partita.ra.api.TypedRecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Takes each order from the orders topic as an {@link Order} (JSON-B) with its id as key. Up to 4 bean instances
 * work at once, more than the topic's 3 partitions, while each order id's records stay in order
 * ({@code ordering=key}). An order that fails is retried from {@code orders.retry-1s} a second later, then from
 * {@code orders.retry-10s}, without holding up the orders behind it, and then goes to {@code orders.dlt}; an
 * {@link InvalidOrderException} sends it there at once. A record that is no order goes there undelivered. Offsets
 * are committed only once an order was handled, so an order is never lost to a crash (it may come twice).
 */
@MessageDriven(messageListenerInterface = TypedRecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = Orders.TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "orders-example"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "ordering", propertyValue = "key"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "4"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "0"),
        @ActivationConfigProperty(propertyName = "retryTopics", propertyValue = "1s,10s"),
        @ActivationConfigProperty(propertyName = "notRetryable",
                propertyValue = "io.partita.examples.orders.InvalidOrderException"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = Orders.DEAD_LETTERS)
})
public class OrderListener implements TypedRecordListener<String, Order> {

    private static final Logger LOG = Logger.getLogger(OrderListener.class.getName());

    @Inject
    private ReceivedOrders received;

    @Override
    public void onRecord(Order order, RecordContext<String> context) {
        if (order.item() == null || order.item().isBlank() || order.quantity() < 1) {
            throw new InvalidOrderException("Order " + context.key() + " needs an item and a quantity of at least 1: "
                    + order);
        }
        received.add(new ReceivedOrders.ReceivedOrder(context.key(), order, context.topic(), context.partition(),
                context.offset()));
        LOG.info(() -> "Order " + context.key() + " received from " + context.topic() + "-" + context.partition()
                + " at offset " + context.offset());
    }
}

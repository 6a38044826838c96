package io.partita.examples.orders;

import io.partita.ra.api.RecordListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Receives every order from the orders topic. Its offsets are committed only after {@link #onRecord} returned, so an
 * order is never lost to a crash between reading and handling it (it may be received twice).
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = Orders.TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "orders-example"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = "orders.dlt")
})
public class OrderListener implements RecordListener {

    private static final Logger LOG = Logger.getLogger(OrderListener.class.getName());

    @Inject
    private ReceivedOrders received;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        String id = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        String body = new String(record.value(), StandardCharsets.UTF_8);
        received.add(new ReceivedOrders.Order(id, body, record.partition(), record.offset()));
        LOG.info(() -> "Order " + id + " received from partition " + record.partition() + " at offset " + record.offset());
    }
}

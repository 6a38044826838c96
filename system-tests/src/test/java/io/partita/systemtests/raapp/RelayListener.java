package io.partita.systemtests.raapp;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.api.RecordListener;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Forwards every record of the relay topic to {@link RaTestApplication#RELAY_OUTPUT} through the connection factory
 * and waits for the acknowledgement before returning, so the output topic is a durable account of what was
 * delivered, surviving a node restart. Each forwarded record names the node that delivered it in a header.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = RaTestApplication.RELAY_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ra-relay"),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "concurrency", propertyValue = "2"),
        // A killed node's consumers stay in the group until their sessions expire (Kafka's default: 45 s): the
        // restarted node's consumers get no partition until then.
        @ActivationConfigProperty(propertyName = "sessionTimeoutMs", propertyValue = "10000")
})
public class RelayListener implements RecordListener {

    public static final String NODE_HEADER = "relayed.by.node";

    @Resource(lookup = RaTestApplication.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) throws Exception {
        ProducerRecord<byte[], byte[]> relayed = new ProducerRecord<>(RaTestApplication.RELAY_OUTPUT, record.key(), record.value());
        relayed.headers().add(NODE_HEADER, System.getProperty("partita.node.id", "?").getBytes(StandardCharsets.UTF_8));
        try (PartitaConnection connection = partita.getConnection()) {
            connection.send(relayed).get(30, TimeUnit.SECONDS);
        }
    }
}

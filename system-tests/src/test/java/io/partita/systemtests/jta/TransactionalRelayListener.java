package io.partita.systemtests.jta;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import io.partita.ra.api.RecordListener;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * A transacted delivery (container-managed REQUIRED, the default, and {@code transactional=true}): relays each
 * record to {@link TransactionsOnPayaraMicroIT#RELAY_OUTPUT} through the {@code LocalTransaction} factory, so relay and
 * offset commit together. The first delivery of a record whose value starts with {@code rollback} calls
 * {@code setRollbackOnly}, of one starting with {@code throw} throws, each after its relay was written; every
 * delivery of one starting with {@code poison} throws, so it ends in the dead-letter topic.
 */
@MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
        @ActivationConfigProperty(propertyName = "topics", propertyValue = TransactionsOnPayaraMicroIT.RELAY_TOPIC),
        @ActivationConfigProperty(propertyName = "groupId", propertyValue = TransactionsOnPayaraMicroIT.RELAY_GROUP),
        @ActivationConfigProperty(propertyName = "autoOffsetReset", propertyValue = "earliest"),
        @ActivationConfigProperty(propertyName = "transactional", propertyValue = "true"),
        @ActivationConfigProperty(propertyName = "retryAttempts", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50"),
        @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = TransactionsOnPayaraMicroIT.RELAY_DEAD_LETTERS)
})
public class TransactionalRelayListener implements RecordListener {

    @Resource(lookup = TransactionalSender.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Resource
    private MessageDrivenContext context;

    @Inject
    private RelayDeliveries deliveries;

    @Override
    public void onRecord(ConsumerRecord<byte[], byte[]> record) throws Exception {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        int delivery = deliveries.delivered(value);
        try (PartitaConnection connection = partita.getConnection()) {
            connection.send(new ProducerRecord<>(TransactionsOnPayaraMicroIT.RELAY_OUTPUT, record.key(), record.value()));
            connection.flush();
        }
        if (delivery == 1 && value.startsWith("rollback")) context.setRollbackOnly();
        if (delivery == 1 && value.startsWith("throw")) throw new IllegalStateException("first delivery of " + value);
        if (value.startsWith("poison")) throw new IllegalStateException("cannot relay " + value);
    }
}

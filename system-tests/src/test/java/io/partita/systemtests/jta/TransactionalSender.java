package io.partita.systemtests.jta;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Sends records (to partition 0) through a {@code LocalTransaction} connection factory inside its container-managed transaction
 * (REQUIRED, the default), flushes them (so they are written to the log even when the transaction then rolls back),
 * and ends the transaction as asked: {@code commit}, {@code rollback-only} ({@code setRollbackOnly}) or {@code throw}
 * (a RuntimeException, which rolls back).
 */
@Stateless
@ConnectionFactoryDefinition(
        name = TransactionalSender.CONNECTION_FACTORY,
        interfaceName = "io.partita.ra.api.PartitaConnectionFactory",
        resourceAdapter = "partita-rar",
        transactionSupport = TransactionSupportLevel.LocalTransaction,
        properties = {"transactionalIdPrefix=jta-test"})
public class TransactionalSender {

    static final String CONNECTION_FACTORY = "java:app/jta/partita";

    @Resource(lookup = CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @Resource
    private SessionContext context;

    public void send(String topic, String prefix, int count, String outcome) throws Exception {
        try (PartitaConnection connection = partita.getConnection()) {
            for (int i = 0; i < count; i++) {
                connection.send(new ProducerRecord<>(topic, 0, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            connection.flush();
        }
        switch (outcome) {
            case "commit" -> { }
            case "rollback-only" -> context.setRollbackOnly();
            case "throw" -> throw new IllegalStateException("rolling " + prefix + " back");
            default -> throw new IllegalArgumentException("outcome " + outcome);
        }
    }
}

package io.partita.examples.orders;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Creates the orders topic and its dead-letter topic when the application starts, those missing, with Kafka's own
 * admin client against the node this application runs on (the listener's activation creates its retry topics itself).
 * Until the orders topic exists the listener waits and {@code POST /orders} fails after {@code max.block.ms}.
 */
@Singleton
@Startup
public class OrdersTopics {

    private static final Logger LOG = Logger.getLogger(OrdersTopics.class.getName());

    @Resource(lookup = Orders.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @PostConstruct
    void create() {
        try (PartitaConnection connection = partita.getConnection();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     connection.nodeInfo().bootstrapAddress()))) {
            admin.createTopics(Stream.of(Orders.TOPIC, Orders.DEAD_LETTERS)
                            .map(topic -> new NewTopic(topic, Orders.PARTITIONS, (short) 1)).toList())
                    .values().forEach(OrdersTopics::awaitCreation);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Cannot create topics " + Orders.TOPIC + " and " + Orders.DEAD_LETTERS + ": " + e, e);
        }
    }

    private static void awaitCreation(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get();
            LOG.info(() -> "Created topic " + topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.log(Level.WARNING, "Cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warning(() -> "Interrupted while creating topic " + topic);
        }
    }
}

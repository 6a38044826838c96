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
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates the orders topic when the application starts, if it is missing, with Kafka's own admin client against the
 * node this application runs on. Until it exists the listener waits and {@code POST /orders} fails after
 * {@code max.block.ms}.
 */
@Singleton
@Startup
public class OrdersTopic {

    private static final Logger LOG = Logger.getLogger(OrdersTopic.class.getName());

    @Resource(lookup = Orders.CONNECTION_FACTORY)
    private PartitaConnectionFactory partita;

    @PostConstruct
    void create() {
        try (PartitaConnection connection = partita.getConnection();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     connection.nodeInfo().bootstrapAddress()))) {
            admin.createTopics(List.of(new NewTopic(Orders.TOPIC, Orders.PARTITIONS, (short) 1))).all().get();
            LOG.info(() -> "Created topic " + Orders.TOPIC);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.log(Level.WARNING, "Cannot create topic " + Orders.TOPIC + ": " + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Cannot create topic " + Orders.TOPIC + ": " + e, e);
        }
    }
}

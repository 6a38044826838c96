package io.partita.ra.inbound;

import io.partita.ra.AdapterClassLoader;
import io.partita.ra.ClientCredentials;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of a list that do not exist yet, with the node's defaults (partitions, replication factor,
 * configs), through an {@code Admin} client acting as the activation's user. Existing topics are only described, so
 * topics created beforehand need no CREATE permission; one created meanwhile by someone else is as good. Stateless.
 */
final class MissingTopics {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long BROKERS_AWAITED_EVERY_MS = 500;

    private MissingTopics() {
    }

    /**
     * @param bootstrap the node's listener for {@code credentials}
     * @throws ResourceException naming the topic and the node's answer when one can be neither described nor
     *                           created, or the node did not answer, or still had too few brokers registered for
     *                           the topic's replication factor, within {@link #TIMEOUT}
     */
    static void create(List<String> topics, String bootstrap, ClientCredentials credentials) throws ResourceException {
        if (topics.isEmpty()) return;
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        credentials.applyTo(config);
        try (Admin admin = AdapterClassLoader.call(() -> Admin.create(config))) {
            List<NewTopic> missing = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> described
                    : admin.describeTopics(topics).topicNameValues().entrySet()) {
                if (outcome(described.getKey(), described.getValue()) instanceof UnknownTopicOrPartitionException) {
                    missing.add(new NewTopic(described.getKey(), Optional.empty(), Optional.empty()));
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!missing.isEmpty()) missing = createOnce(admin, missing, deadline);
        } catch (KafkaException e) {
            // Kafka's own message says only that the client could not be built (e.g. an unreadable trust store).
            throw new ResourceException("No admin client to find or create topics " + topics + ": " + e
                    + (e.getCause() == null ? "" : ": " + e.getCause()), e);
        }
    }

    /**
     * Creates {@code missing}; answers those to try again: refused for want of brokers (a cluster starting together
     * with this application has not registered them all yet) while {@code deadline} is ahead. A
     * TopicExistsException means someone created it meanwhile: as good.
     */
    private static List<NewTopic> createOnce(Admin admin, List<NewTopic> missing, long deadline) throws ResourceException {
        List<NewTopic> again = new ArrayList<>();
        Map<String, KafkaFuture<Void>> created = admin.createTopics(missing).values();
        for (NewTopic topic : missing) {
            Throwable answer = outcome(topic.name(), created.get(topic.name()));
            if (answer instanceof InvalidReplicationFactorException) {
                if (System.nanoTime() - deadline >= 0) throw refused(topic.name(), answer);
                again.add(topic);
            }
        }
        if (!again.isEmpty()) pause();
        return again;
    }

    private static void pause() throws ResourceException {
        try {
            Thread.sleep(BROKERS_AWAITED_EVERY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceException("Interrupted while waiting for the cluster's brokers to create topics", e);
        }
    }

    /**
     * Null when {@code future} succeeded, else the node's answer if it says the topic is missing or exists already,
     * or that too few brokers are registered for its replication factor.
     *
     * @throws ResourceException for any other answer, or none within {@link #TIMEOUT}
     */
    private static Throwable outcome(String topic, KafkaFuture<?> future) throws ResourceException {
        try {
            future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable answer = e.getCause();
            if (answer instanceof UnknownTopicOrPartitionException || answer instanceof TopicExistsException
                    || answer instanceof InvalidReplicationFactorException) {
                return answer;
            }
            throw refused(topic, answer);
        } catch (TimeoutException e) {
            throw refused(topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(topic, e);
        }
    }

    private static ResourceException refused(String topic, Throwable reason) {
        return new ResourceException("Topic " + topic + " could not be found or created: " + reason, reason);
    }
}

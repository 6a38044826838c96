package io.partita.ra.reply;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node's reply topic, {@code partita.replies.<node.id>}: one partition (the cluster's default replication factor)
 * that only this node reads, so replies to its requests reach it whichever node's bean answers, and the nodes of a
 * cluster never read one another's. Replies matter only until their requests time out: it keeps them for an hour
 * ({@value #RETENTION_MS} ms, in segments of {@value #SEGMENT_MS} ms so retention can drop them).
 *
 * <p>Created and read as the node itself ({@code PartitaNode.ownClientConfigs()}: a super user where ACLs apply),
 * so no application needs rights on it but WRITE for the beans that reply. Stateless.
 */
public final class ReplyTopic {

    static final long RETENTION_MS = 3_600_000;
    static final long SEGMENT_MS = 600_000;
    private static final long CREATE_TIMEOUT_MS = 30_000;

    private ReplyTopic() {
    }

    /** The partition node {@code nodeId} reads its replies from. */
    public static TopicPartition of(int nodeId) {
        return new TopicPartition("partita.replies." + nodeId, 0);
    }

    /**
     * Creates the topic of {@code replies} unless it exists, and returns a consumer for it: no group, read_committed
     * (a reply sent in a transaction that rolls back is never read).
     *
     * @param ownClientConfigs the node's own client configs, {@code bootstrap.servers} included
     * @throws KafkaException when the topic can neither be created nor found
     */
    public static Consumer<byte[], byte[]> createAndConsume(TopicPartition replies, Map<String, Object> ownClientConfigs) {
        create(replies.topic(), ownClientConfigs);
        Map<String, Object> config = new HashMap<>(ownClientConfigs);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, replies.topic());
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void create(String topic, Map<String, Object> ownClientConfigs) {
        NewTopic wanted = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION_MS),
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(SEGMENT_MS)));
        try (Admin admin = Admin.create(ownClientConfigs)) {
            admin.createTopics(List.of(wanted)).all().get(CREATE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("Cannot create the reply topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaException("The reply topic " + topic + " was not created within " + CREATE_TIMEOUT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating the reply topic " + topic, e);
        }
    }
}

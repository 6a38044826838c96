package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * Leaves a share group's records of a one-partition topic in flight in every state, through a real
 * {@link KafkaShareConsumer} ({@link #subscribed}) of a group that starts from the first record
 * ({@link #startFromEarliest}): every delivery of a record is
 * acknowledged as a plan says for its offset (ACCEPT where it says nothing) and committed, until each of the first
 * records was delivered; then the consumer polls the released ones once more and holds them, acquired, until its next
 * poll or its close. In the engine's tests jar, for the system tests too. Stateless.
 */
public final class InFlightShareRecords {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private InFlightShareRecords() {
    }

    /** Makes {@code group} start a partition at its first record ({@code share.auto.offset.reset=earliest}). */
    public static void startFromEarliest(String bootstrapServers, String group) throws ExecutionException, InterruptedException {
        try (Admin admin = TestClients.ofCluster(bootstrapServers).admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
    }

    /** A member of {@code group} that acknowledges explicitly, subscribed to {@code topic}; the caller closes it. */
    public static KafkaShareConsumer<String, String> subscribed(String bootstrapServers, String group, String clientId,
                                                                String topic) {
        KafkaShareConsumer<String, String> consumer = TestClients.ofCluster(bootstrapServers).shareConsumer(
                new StringDeserializer(), new StringDeserializer(), Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                        ConsumerConfig.CLIENT_ID_CONFIG, clientId, "share.acknowledgement.mode", "explicit"));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * @param records how many records, from offset 0, the partition has for the group
     * @param plan    how to acknowledge a record by its offset; RELEASE a few, so that they can be held
     * @return the records the consumer holds now: those released, delivered again
     */
    public static <K, V> List<ConsumerRecord<K, V>> leave(KafkaShareConsumer<K, V> consumer, int records,
                                                          Map<Long, AcknowledgeType> plan) {
        Set<Long> delivered = new HashSet<>();
        await("a delivery of each record").atMost(TIMEOUT).until(() -> {
            for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                consumer.acknowledge(record, plan.getOrDefault(record.offset(), AcknowledgeType.ACCEPT));
                delivered.add(record.offset());
            }
            consumer.commitSync();
            return delivered.size() >= records;
        });
        List<ConsumerRecord<K, V>> held = new ArrayList<>();
        await("the released records delivered again").atMost(TIMEOUT).until(() -> {
            consumer.poll(POLL).forEach(held::add);
            return !held.isEmpty();
        });
        return held;
    }
}

package io.partita.engine.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transactions over three nodes: markers reach partitions led by other nodes than the coordinator (WriteTxnMarkers),
 * and when the coordinator's node dies the new leader of its {@code __transaction_state} partition takes the
 * transactional ids over: an open transaction is aborted when its producer's successor starts.
 */
@Tag("cluster")
class TransactionsAcrossNodesTest {

    @RegisterExtension
    final TestCluster.PerTest clusters = new TestCluster.PerTest();

    @Test
    void markersReachPartitionsLedByOtherNodes() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic("spread", 3, (short) 1))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> leaders(admin, "spread").size() == 3);

        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "spread-txn"));
        producer.initTransactions();
        send(producer, "spread", 3, "committed");
        producer.commitTransaction();
        send(producer, "spread", 3, "aborted");
        producer.abortTransaction();
        send(producer, "spread", 3, "again");
        producer.commitTransaction();

        assertThat(readCommitted("spread", 3, 6)).containsExactlyInAnyOrder(
                "committed-0", "committed-1", "committed-2", "again-0", "again-1", "again-2");
    }

    @Test
    void theNewCoordinatorTakesOverWhenTheOldOneDies() throws Exception {
        TestCluster cluster = clusters.start(30_000);
        Admin admin = cluster.admin();
        cluster.createTopic(admin, "failover", Map.of());
        String id = "failover-txn";

        KafkaProducer<byte[], byte[]> first = cluster.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id));
        first.initTransactions();
        send(first, "failover", 1, "committed");
        first.commitTransaction();
        send(first, "failover", 1, "open");
        int coordinator = transactionStateLeader(admin, id);

        first.close(Duration.ZERO);
        cluster.stopNode(coordinator);
        await("a new coordinator").atMost(Duration.ofSeconds(30)).until(() -> {
            int leader = transactionStateLeader(admin, id);
            return leader > 0 && leader != coordinator;
        });

        KafkaProducer<byte[], byte[]> successor = cluster.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id));
        successor.initTransactions();
        send(successor, "failover", 1, "successor");
        successor.commitTransaction();

        assertThat(readCommitted("failover", 1, 2)).containsExactlyInAnyOrder("committed-0", "successor-0");
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, String prefix) {
        producer.beginTransaction();
        for (int p = 0; p < partitions; p++) {
            producer.send(new ProducerRecord<>(topic, p, null, (prefix + "-" + p).getBytes(UTF_8)));
        }
        producer.flush();
    }

    private static Set<Integer> leaders(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().stream().filter(p -> p.leader() != null).map(p -> p.leader().id()).collect(Collectors.toSet());
    }

    /** The leader of the id's partition of {@code __transaction_state}: its coordinator; -1 without one. */
    private static int transactionStateLeader(Admin admin, String transactionalId) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(Topic.TRANSACTION_STATE_TOPIC_NAME)).allTopicNames().get()
                .get(Topic.TRANSACTION_STATE_TOPIC_NAME);
        TopicPartitionInfo p = d.partitions().get(Utils.abs(transactionalId.hashCode()) % d.partitions().size());
        return p.leader() == null ? -1 : p.leader().id();
    }

    private List<String> readCommitted(String topic, int partitions, int count) {
        KafkaConsumer<byte[], byte[]> consumer = clusters.cluster().consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<TopicPartition> assigned = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        List<String> values = new ArrayList<>();
        await(count + " committed records").atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) values.add(new String(r.value(), UTF_8));
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            return values.size() >= count && assigned.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
        });
        return values;
    }
}

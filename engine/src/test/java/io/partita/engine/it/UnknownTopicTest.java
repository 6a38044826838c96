package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clients naming a topic that does not exist: with auto topic creation off (the embedded node's setting; Kafka's
 * default is on) nothing is created and the clients give up after their timeouts; with it on, the producer's Metadata
 * request creates the topic with {@code num.partitions}.
 */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class UnknownTopicTest {

    private final TestClients broker;

    UnknownTopicTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void producerSendToAMissingTopicTimesOutWaitingForMetadata() throws Exception {
        ExternalBroker.assumeNoAutoCreation(broker);
        String topic = Topics.uniqueName("missing-produce");

        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "v".getBytes(UTF_8))).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining(topic).hasMessageContaining("not present in metadata");
        }
        assertNotCreated(topic);
    }

    @Test
    void consumerAssignedToAMissingTopicReadsNothingAndCannotFindOffsets() throws Exception {
        ExternalBroker.assumeNoAutoCreation(broker);
        String topic = Topics.uniqueName("missing-consume");
        TopicPartition partition = new TopicPartition(topic, 0);

        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            consumer.assign(List.of(partition));
            assertThat(consumer.poll(Duration.ofSeconds(1))).isEmpty();
            assertThat(consumer.partitionsFor(topic)).isEmpty();
            assertThatThrownBy(() -> consumer.endOffsets(List.of(partition), Duration.ofSeconds(2)))
                    .isInstanceOf(TimeoutException.class);
        }
        assertNotCreated(topic);
    }

    @Test
    void producerCreatesAMissingTopicWithNumPartitionsWhenAutoCreateIsOn(@TempDir Path dataDir) throws Exception {
        ExternalBroker.assumeNone();
        try (TestNode node = TestNode.start(TestNode.settings(dataDir, 3, true))) {
            TestClients autoCreating = node.clients();
            String topic = Topics.uniqueName("auto-created");

            RecordMetadata written;
            try (KafkaProducer<byte[], byte[]> producer = autoCreating.producer()) {
                written = producer.send(new ProducerRecord<>(topic, "v".getBytes(UTF_8))).get();
            }

            assertThat(written.offset()).isZero();
            try (Admin admin = autoCreating.admin()) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                assertThat(description.partitions()).hasSize(3).allSatisfy(p -> {
                    assertThat(p.leader().id()).isEqualTo(TestNode.NODE_ID);
                    assertThat(p.replicas()).extracting(Node::id).containsExactly(TestNode.NODE_ID);
                });
            }
        }
    }

    private void assertNotCreated(String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
        }
    }
}

package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import io.partita.engine.config.NodeConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the transaction coordinator does on its own: it aborts a transaction left open past its
 * {@code transaction.timeout.ms} (fencing its producer), and after a restart it knows every transactional id again
 * from {@code __transaction_state}: committed transactions and their offsets stay, an open one is still open and is
 * aborted when a new producer of its id starts.
 */
@Tag("slow")
class TransactionRecoveryTest {

    private static final String TOPIC = "txn-recovery";
    private static final String GROUP = "txn-recovery-group";

    @TempDir
    Path dataDir;

    @BeforeEach
    void partitaOnly() {
        ExternalBroker.assumeNone();
    }

    @Test
    void aTransactionOpenPastItsTimeoutIsAbortedByTheBroker() throws Exception {
        NodeConfig config = TestNode.settings(dataDir, 1, false).with(NodeConfig.TRANSACTION_ABORT_CHECK_INTERVAL_MS, 100);
        try (TestNode node = TestNode.start(config)) {
            TestClients broker = node.clients();
            createTopic(broker);
            String id = "txn-timeout";
            try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 1_000));
                 Admin admin = broker.admin()) {
                producer.initTransactions();
                send(producer, "abandoned", 3);
                int epoch = describe(admin, id).producerEpoch();

                await("the broker's abort").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(describe(admin, id).state()).isEqualTo(TransactionState.COMPLETE_ABORT));
                assertThat(describe(admin, id).producerEpoch()).as("the epoch of the abort fences the producer").isGreaterThan(epoch);
                assertThatThrownBy(producer::commitTransaction)
                        .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(ProducerFencedException.class));
            }
            assertThat(readCommitted(broker, 0)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestNode.Restart.class)
    void transactionsSurviveARestart(TestNode.Restart restart) throws Exception {
        try (TestNode node = TestNode.start(TestNode.settings(dataDir, 1, false))) {
            TestClients broker = node.clients();
            createTopic(broker);
            TopicPartition input = new TopicPartition(TOPIC, 0);
            TransactionDescription open;
            KafkaProducer<byte[], byte[]> leftOpen = transactional(broker, "txn-open");
            try (KafkaProducer<byte[], byte[]> committer = transactional(broker, "txn-committed");
                 Admin admin = broker.admin()) {
                committer.initTransactions();
                send(committer, "committed", 4);
                committer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(42)), new ConsumerGroupMetadata(GROUP));
                committer.commitTransaction();
                leftOpen.initTransactions();
                send(leftOpen, "open", 2);
                open = describe(admin, "txn-open");
                await("the commit completed").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(describe(admin, "txn-committed").state()).isEqualTo(TransactionState.COMPLETE_COMMIT));
            } finally {
                // at once: a producer closed gracefully would abort its open transaction first
                leftOpen.close(Duration.ZERO);
            }

            node.restart(restart);
            broker = node.clients();

            try (Admin admin = broker.admin()) {
                TestClients restarted = broker;
                await("the coordinator loaded").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    try (Admin a = restarted.admin()) {
                        assertThat(describe(a, "txn-open").state()).isEqualTo(TransactionState.ONGOING);
                    }
                });
                TransactionDescription reloaded = describe(admin, "txn-open");
                assertThat(reloaded.producerId()).isEqualTo(open.producerId());
                assertThat(reloaded.producerEpoch()).isEqualTo(open.producerEpoch());
                assertThat(reloaded.topicPartitions()).isEqualTo(open.topicPartitions());
                assertThat(describe(admin, "txn-committed").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
                assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get())
                        .containsEntry(input, new OffsetAndMetadata(42));

                try (KafkaProducer<byte[], byte[]> successor = transactional(restarted, "txn-open")) {
                    successor.initTransactions();
                    TransactionDescription fenced = describe(admin, "txn-open");
                    assertThat(fenced.producerId()).isEqualTo(open.producerId());
                    assertThat(fenced.producerEpoch()).as("bumped by the abort, then by the new producer")
                            .isEqualTo(open.producerEpoch() + 2);
                    send(successor, "successor", 2);
                    successor.commitTransaction();
                }
            }
            assertThat(readCommitted(broker, 6)).extracting(r -> new String(r.value(), UTF_8)).containsExactlyInAnyOrder(
                    "committed-0", "committed-1", "committed-2", "committed-3", "successor-0", "successor-1");
        }
    }

    private static void createTopic(TestClients broker) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> transactional(TestClients broker, String id) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String prefix, int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(TOPIC, 0, null, (prefix + "-" + i).getBytes(UTF_8)));
        }
        producer.flush();
    }

    private static TransactionDescription describe(Admin admin, String id) throws Exception {
        return admin.describeTransactions(List.of(id)).description(id).get();
    }

    /** Every record a read_committed consumer gets from the start up to the end it sees, expecting {@code count}. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(TestClients broker, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(Polling.pollUntil(consumer, count));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            await("end of " + TOPIC).atMost(Duration.ofSeconds(15)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return consumer.position(tp) >= end;
            });
            return records;
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        return chain;
    }
}

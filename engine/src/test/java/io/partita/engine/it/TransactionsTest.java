package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
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
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.TransactionsCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Kafka 4.4's transactional producer against the broker: commits are visible to read_committed consumers and
 * aborts never are, a second producer with the same transactional id fences the first, offsets sent to a
 * transaction count only when it commits, and the admin client and {@code kafka-transactions.sh} list and
 * describe transactions.
 */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class TransactionsTest {

    private static final int PARTITIONS = 2;

    private final TestClients broker;

    TransactionsTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void committedTransactionsAreReadCommittedAndAbortedOnesNever() throws Exception {
        String topic = topic("txn-commit-abort");
        try (KafkaProducer<byte[], byte[]> producer = transactional(transactionalId())) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "committed-a", 6);
            producer.commitTransaction();
            sendInTransaction(producer, topic, "aborted", 6);
            producer.abortTransaction();
            sendInTransaction(producer, topic, "committed-b", 4);
            producer.commitTransaction();
        }

        List<String> committed = new ArrayList<>(expected("committed-a", 6));
        committed.addAll(expected("committed-b", 4));
        assertThat(values(readAll(topic, "read_committed", 10))).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(values(readAll(topic, "read_uncommitted", 16))).hasSize(16).containsAll(expected("aborted", 6));
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        String topic = topic("txn-fencing");
        String id = transactionalId();
        try (KafkaProducer<byte[], byte[]> zombie = transactional(id);
             KafkaProducer<byte[], byte[]> successor = transactional(id)) {
            zombie.initTransactions();
            sendInTransaction(zombie, topic, "zombie", 4);

            successor.initTransactions();
            assertThatThrownBy(zombie::commitTransaction).as("the fenced producer's commit")
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(ProducerFencedException.class));

            sendInTransaction(successor, topic, "successor", 3);
            successor.commitTransaction();
        }
        assertThat(values(readAll(topic, "read_committed", 3))).containsExactlyInAnyOrderElementsOf(expected("successor", 3));
    }

    @Test
    void offsetsSentToATransactionCountOnlyWhenItCommits() throws Exception {
        String topic = topic("txn-offsets");
        String group = "txn-group-" + UUID.randomUUID();
        TopicPartition consumed = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = transactional(transactionalId());
             Admin admin = broker.admin()) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "a", 2);
            producer.sendOffsetsToTransaction(Map.of(consumed, new OffsetAndMetadata(5)), new ConsumerGroupMetadata(group));
            producer.abortTransaction();
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();

            sendInTransaction(producer, topic, "b", 2);
            producer.sendOffsetsToTransaction(Map.of(consumed, new OffsetAndMetadata(7, "seven")), new ConsumerGroupMetadata(group));
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                    .as("offsets of a transaction not yet committed").isEmpty();
            producer.commitTransaction();
            await("committed offset").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                            .containsEntry(consumed, new OffsetAndMetadata(7, "seven")));
        }
    }

    @Test
    void theAdminClientListsAndDescribesTransactions() throws Exception {
        String topic = topic("txn-describe");
        String id = transactionalId();
        try (KafkaProducer<byte[], byte[]> producer = transactional(id);
             Admin admin = broker.admin()) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "open", 2);

            TransactionDescription open = admin.describeTransactions(List.of(id)).description(id).get();
            assertThat(open.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(open.topicPartitions()).isNotEmpty().allMatch(tp -> tp.topic().equals(topic));
            assertThat(open.transactionTimeoutMs()).isEqualTo(60_000);
            assertThat(open.transactionStartTimeMs()).isPresent();
            assertThat(admin.listTransactions().all().get()).extracting(TransactionListing::transactionalId).contains(id);

            producer.commitTransaction();
            await("transaction complete").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(admin.describeTransactions(List.of(id)).description(id).get().state())
                            .isEqualTo(TransactionState.COMPLETE_COMMIT));
            assertThat(admin.listTransactions(new ListTransactionsOptions()
                    .filterStates(List.of(TransactionState.ONGOING))).all().get())
                    .extracting(TransactionListing::transactionalId).doesNotContain(id);
        }
    }

    @Test
    void kafkaTransactionsShListsAndDescribesAnOpenTransaction() throws Exception {
        String topic = topic("txn-cli");
        String id = transactionalId();
        try (KafkaProducer<byte[], byte[]> producer = transactional(id)) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "open", 2);

            assertThat(transactionsCommand("list")).containsPattern(id + "\\s+\\d+\\s+\\d+\\s+Ongoing");
            String described = transactionsCommand("describe", "--transactional-id", id);
            assertThat(described).contains(id).contains("Ongoing").contains("60000").contains(topic + "-0").contains(topic + "-1");
            producer.abortTransaction();
        }
    }

    /** Runs {@code kafka-transactions.sh} (kafka-tools' TransactionsCommand) in-process; returns what it printed. */
    private synchronized String transactionsCommand(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers()));
        all.addAll(List.of(args));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(printed, true, UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        // the tool ends by exiting the JVM: stop it there instead, and fail the test if it failed
        Exit.setExitProcedure((status, message) -> {
            throw new ToolExit(status);
        });
        try {
            TransactionsCommand.main(all.toArray(String[]::new));
        } catch (ToolExit exit) {
            assertThat(exit.status).as("exit status of kafka-transactions.sh %s, which printed:%n%s", all, printed.toString(UTF_8)).isZero();
        } finally {
            Exit.resetExitProcedure();
            System.setOut(out);
            System.setErr(err);
        }
        return printed.toString(UTF_8);
    }

    private static final class ToolExit extends RuntimeException {
        final int status;

        ToolExit(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private String topic(String hint) {
        try (Admin admin = broker.admin()) {
            return Topics.create(admin, hint, PARTITIONS);
        }
    }

    private static String transactionalId() {
        return "it-txn-" + UUID.randomUUID();
    }

    private KafkaProducer<byte[], byte[]> transactional(String transactionalId) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
    }

    /** Begins a transaction and sends {@code count} records named {@code prefix-i} over every partition. */
    private static void sendInTransaction(KafkaProducer<byte[], byte[]> producer, String topic, String prefix, int count) throws Exception {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, (prefix + "-" + i).getBytes(UTF_8)));
        }
        producer.flush();
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolation, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = Polling.pollUntil(consumer, count);
            // whatever else there is must have arrived by the time the consumer reached the end of every partition
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await("end of " + topic).atMost(Duration.ofSeconds(15)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
            return records;
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        return chain;
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), UTF_8)).toList();
    }

    private static List<String> expected(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }
}

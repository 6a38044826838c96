package io.partita.ra.inbound;

import io.partita.ra.ClientCredentials;
import io.partita.engine.config.NodeConfig;
import io.partita.engine.it.TestNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A delivery's transactional producer fenced by another producer of its {@code transactional.id}, against a real
 * node: the fenced delivery rolls back (its records and offsets never count) and the next delivery commits on a new
 * producer, whichever step the fencing hits.
 */
class DeliveryTransactionFencingTest {

    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("relay");

    @TempDir
    static Path dataDir;
    private static TestNode node;

    /** Transactions as a transaction manager identifies them; a DeliveryTransaction has no use for the id. */
    private record TestXid(int getFormatId) implements Xid {
        @Override
        public byte[] getGlobalTransactionId() {
            return new byte[] {(byte) getFormatId};
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[0];
        }
    }

    @BeforeAll
    static void startNode() throws Exception {
        // One partition each for the group and transaction state topics, which a single test node never needs more of.
        node = TestNode.start(NodeConfig.defaults(1, "127.0.0.1", 0, dataDir).with(Map.of(
                NodeConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0,
                NodeConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 1,
                NodeConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS, 1)));
        try (Admin admin = node.clients().admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 2, (short) 1), new NewTopic(output(0), 1, (short) 1),
                    new NewTopic(output(1), 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
    }

    @Test
    void aDeliveryFencedDuringItsTransactionRollsBackAndTheNextCommitsOnANewProducer() throws Exception {
        TopicPartition source = new TopicPartition("orders", 0);
        DeliveryTransaction transaction = new DeliveryTransaction(node.bootstrapServers(), ClientCredentials.NONE, "partita-1-Relay-0");
        try {
            transaction.expect(Map.of(source, new OffsetAndMetadata(1)), GROUP);
            transaction.start(new TestXid(1), XAResource.TMNOFLAGS);
            transaction.open().send(new ProducerRecord<>(output(0), bytes("fenced")), null);
            fence("partita-1-Relay-0");

            assertThatThrownBy(() -> transaction.commit(new TestXid(1), true)).isInstanceOf(XAException.class)
                    .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XA_RBROLLBACK));
            assertThat(transaction.outcome()).isEqualTo(DeliveryTransaction.Outcome.ROLLED_BACK);

            deliver(transaction, 2, source, "redelivered");
        } finally {
            transaction.close();
        }
        assertThat(readCommitted(output(0), "redelivered")).as("what read_committed consumers see")
                .containsExactly("redelivered");
        await().atMost(Duration.ofSeconds(20)).until(() -> committed(source) == 2);
    }

    @Test
    void aDeliveryFencedBetweenTransactionsCannotBeginAndTheNextCommitsOnANewProducer() throws Exception {
        TopicPartition source = new TopicPartition("orders", 1);
        DeliveryTransaction transaction = new DeliveryTransaction(node.bootstrapServers(), ClientCredentials.NONE, "partita-1-Relay-1");
        try {
            deliver(transaction, 1, source, "before");
            fence("partita-1-Relay-1");

            transaction.expect(Map.of(source, new OffsetAndMetadata(2)), GROUP);
            assertThatThrownBy(() -> transaction.start(new TestXid(2), XAResource.TMNOFLAGS)).isInstanceOf(XAException.class)
                    .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_RMERR));

            deliver(transaction, 2, source, "after");
        } finally {
            transaction.close();
        }
        assertThat(readCommitted(output(1), "after")).containsExactly("before", "after");
        await().atMost(Duration.ofSeconds(20)).until(() -> committed(source) == 2);
    }

    /** A delivery of the record at {@code offset - 1} that sends {@code value} and commits, as the container drives it. */
    private static void deliver(DeliveryTransaction transaction, long offset, TopicPartition source, String value)
            throws Exception {
        TestXid xid = new TestXid((int) offset + 10);
        transaction.expect(Map.of(source, new OffsetAndMetadata(offset)), GROUP);
        transaction.start(xid, XAResource.TMNOFLAGS);
        transaction.open().send(new ProducerRecord<>(output(source.partition()), bytes(value)), null);
        transaction.end(xid, XAResource.TMSUCCESS);
        transaction.commit(xid, true);
        assertThat(transaction.outcome()).isEqualTo(DeliveryTransaction.Outcome.COMMITTED);
    }

    /** Another producer takes the transactional id, as a second consumer loop of the same id would. */
    private static void fence(String transactionalId) {
        try (KafkaProducer<byte[], byte[]> other = node.clients().producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
            other.initTransactions();
        }
    }

    /** Where the deliveries of the source partition {@code partition} send to. */
    private static String output(int partition) {
        return "relayed-" + partition;
    }

    /** The values read_committed consumers see in {@code topic}, read until {@code last} is among them. */
    private static List<String> readCommitted(String topic, String last) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = node.clients().consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
                return values.contains(last);
            });
        }
        return values;
    }

    private static long committed(TopicPartition partition) throws Exception {
        try (Admin admin = node.clients().admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP.groupId()).partitionsToOffsetAndMetadata()
                    .get().get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** Produce with every acks level and compression codec, read back with assign()/seek: nothing lost, changed or reordered. */
@ExtendWith(BrokerExtension.class)
@Tag("slow")
class ProduceConsumeTest {

    private final TestClients broker;
    private final Admin admin;

    ProduceConsumeTest(TestClients broker, Admin admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1", "all"})
    void everyAcksLevelDeliversEveryRecordInOrderPerPartition(String acks) throws Exception {
        String topic = Topics.create(admin, "acks", 3);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) records.add(new ProducerRecord<>(topic, bytes("key-" + i % 7), bytes("value-" + i)));

        List<SentRecord> sent;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all")))) {
            sent = SentRecord.sendAll(producer, records);
        }

        List<ConsumerRecord<byte[], byte[]>> consumed = Polling.readFromBeginning(broker, topic, 3, records.size());
        assertThat(consumed).hasSize(records.size());
        Map<Integer, List<String>> sentValuesByPartition = sent.stream().collect(Collectors.groupingBy(
                s -> s.metadata().partition(), Collectors.mapping(s -> string(s.record().value()), Collectors.toList())));
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> consumedByPartition = consumed.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition));
        assertThat(consumedByPartition.keySet()).isEqualTo(sentValuesByPartition.keySet());
        consumedByPartition.forEach((partition, inPartition) -> {
            assertThat(inPartition).extracting(r -> string(r.value())).as("partition %d", partition)
                    .containsExactlyElementsOf(sentValuesByPartition.get(partition));
            assertThat(inPartition).extracting(ConsumerRecord::offset).as("offsets of partition %d", partition)
                    .containsExactlyElementsOf(LongStream.range(0, inPartition.size()).boxed().toList());
        });
        if (acks.equals("0")) {
            assertThat(sent).allSatisfy(s -> assertThat(s.metadata().offset()).as("no offset without an ack").isEqualTo(-1));
        } else {
            Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> byPosition = byPosition(consumed);
            sent.forEach(s -> s.assertReadBackAs(byPosition.get(s.partition()).get(s.metadata().offset())));
        }
    }

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void recordsComeBackIntactWithEveryCompressionCodec(String compression) throws Exception {
        String topic = Topics.create(admin, "codec-" + compression, 2);
        long baseTimestamp = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int partition = i % 2;
            records.add(switch (i % 5) {
                case 0 -> new ProducerRecord<>(topic, partition, baseTimestamp + i, bytes("k" + i), bytes("value " + i), headers(i));
                case 1 -> new ProducerRecord<>(topic, partition, baseTimestamp + i, null, bytes("null key " + i));
                case 2 -> new ProducerRecord<>(topic, partition, baseTimestamp - i, bytes("k" + i), null, headers(i));
                case 3 -> new ProducerRecord<>(topic, partition, null, null, new byte[0]);
                default -> new ProducerRecord<>(topic, partition, baseTimestamp + i, bytes("big" + i), bytes("compressible ".repeat(500) + i));
            });
        }

        List<SentRecord> sent;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024))) {
            sent = SentRecord.sendAll(producer, records);
        }

        List<ConsumerRecord<byte[], byte[]>> consumed = Polling.readFromBeginning(broker, topic, 2, records.size());
        assertThat(consumed).hasSize(records.size());
        assertInOffsetOrderPerPartition(consumed);
        Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> byPosition = byPosition(consumed);
        sent.forEach(s -> s.assertReadBackAs(byPosition.get(s.partition()).get(s.metadata().offset())));
    }

    @Test
    void sameKeyAlwaysLandsInTheDefaultPartitionersMurmur2Partition() throws Exception {
        int partitions = 6;
        String topic = Topics.create(admin, "murmur2", partitions);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 40; k++) records.add(new ProducerRecord<>(topic, bytes("customer-" + k), bytes("round " + round)));
        }

        List<SentRecord> sent;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            sent = SentRecord.sendAll(producer, records);
        }

        assertThat(sent).allSatisfy(s -> assertThat(s.metadata().partition()).as(string(s.record().key()))
                .isEqualTo(Utils.toPositive(Utils.murmur2(s.record().key())) % partitions));
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            for (int p = 0; p < partitions; p++) {
                TopicPartition partition = new TopicPartition(topic, p);
                long expected = sent.stream().filter(s -> s.partition().equals(partition)).count();
                consumer.assign(List.of(partition));
                consumer.seek(partition, 0);
                List<ConsumerRecord<byte[], byte[]>> consumed = Polling.pollUntil(consumer, (int) expected);
                assertThat(consumed).hasSize((int) expected).allSatisfy(r ->
                        assertThat(Utils.toPositive(Utils.murmur2(r.key())) % partitions).isEqualTo(r.partition()));
            }
        }
    }

    private static void assertInOffsetOrderPerPartition(List<ConsumerRecord<byte[], byte[]>> consumed) {
        consumed.stream().collect(Collectors.groupingBy(ConsumerRecord::partition)).forEach((partition, records) ->
                assertThat(records).extracting(ConsumerRecord::offset).as("offsets of partition %d", partition)
                        .containsExactlyElementsOf(LongStream.range(0, records.size()).boxed().toList()));
    }

    private static Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> byPosition(List<ConsumerRecord<byte[], byte[]>> consumed) {
        return consumed.stream().collect(Collectors.groupingBy(r -> new TopicPartition(r.topic(), r.partition()),
                Collectors.toMap(ConsumerRecord::offset, r -> r)));
    }

    /** Repeated keys, an empty value and a null value: all legal, all must survive. */
    private static List<Header> headers(int i) {
        return List.of(
                new RecordHeader("trace", bytes("t-" + i)),
                new RecordHeader("trace", bytes("again")),
                new RecordHeader("empty", new byte[0]),
                new RecordHeader("null-value", null));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, UTF_8);
    }
}

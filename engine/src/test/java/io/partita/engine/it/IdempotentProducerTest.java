package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** Kafka 4's default producer (idempotent, acks=all) with five batches in flight: exactly once, in order. */
@ExtendWith(BrokerExtension.class)
class IdempotentProducerTest {

    private static final int RECORDS = 5_000;
    private static final int PARTITIONS = 2;

    private final TestClients broker;

    IdempotentProducerTest(TestClients broker) {
        this.broker = broker;
    }

    @Test
    void manyBatchesInFlightArriveExactlyOnceInOrder() throws Exception {
        String topic;
        try (Admin admin = broker.admin()) {
            topic = Topics.create(admin, "idempotent", PARTITIONS);
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(new ProducerRecord<>(topic, i % PARTITIONS, null, (i + "").getBytes(UTF_8)));
        }

        List<SentRecord> sent;
        // small batches and no linger, so that many produce requests are in flight at once
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 512,
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            sent = SentRecord.sendAll(producer, records);
        }

        Map<Integer, List<Long>> ackedOffsets = sent.stream().collect(Collectors.groupingBy(
                s -> s.metadata().partition(), Collectors.mapping(s -> s.metadata().offset(), Collectors.toList())));
        ackedOffsets.forEach((partition, offsets) -> assertThat(offsets).as("acknowledged offsets of partition %d", partition)
                .containsExactlyElementsOf(LongStream.range(0, RECORDS / PARTITIONS).boxed().toList()));

        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition partition = new TopicPartition(topic, p);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                List<ConsumerRecord<byte[], byte[]>> consumed = Polling.pollUntil(consumer, RECORDS / PARTITIONS);
                int first = p;
                assertThat(consumed).extracting(r -> new String(r.value(), UTF_8)).as("values of partition %d", p)
                        .containsExactlyElementsOf(IntStream.iterate(first, i -> i < RECORDS, i -> i + PARTITIONS)
                                .mapToObj(Integer::toString).toList());
                assertThat(consumer.endOffsets(List.of(partition)).get(partition)).isEqualTo(RECORDS / PARTITIONS);
            }
        }
    }
}

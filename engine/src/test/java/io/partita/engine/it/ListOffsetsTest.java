package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ListOffsets through the consumer and the Admin client, on ten records in one batch whose timestamps rise by one
 * second per offset, except offset 5 which carries the largest timestamp of all; and by raw requests at the versions
 * before leader epochs (v1-v3), which librdkafka 2.0 and kafkajs 2 send.
 */
@ExtendWith(BrokerExtension.class)
class ListOffsetsTest {

    private static final int RECORDS = 10;
    private static final int OUT_OF_ORDER_OFFSET = 5;
    private static final long OUT_OF_ORDER_DELTA = 100_000;

    private final TestClients broker;
    private final long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    private final Admin admin;
    private TopicPartition partition;

    ListOffsetsTest(TestClients broker, Admin admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @BeforeEach
    void produceRecordsWithKnownTimestamps() throws Exception {
        partition = new TopicPartition(Topics.create(admin, "list-offsets", 1), 0);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(new ProducerRecord<>(partition.topic(), 0, timestampOf(i), null, ("r" + i).getBytes(UTF_8)));
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 1_000))) {
            SentRecord.sendAll(producer, records);
        }
    }

    @Test
    void consumerFindsBeginningEndAndOffsetsForTimes() {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            assertThat(consumer.beginningOffsets(List.of(partition))).containsEntry(partition, 0L);
            assertThat(consumer.endOffsets(List.of(partition))).containsEntry(partition, (long) RECORDS);

            assertThat(offsetForTime(consumer, t0 - 1)).containsExactly(0L, t0);
            assertThat(offsetForTime(consumer, t0 + 3_500)).containsExactly(4L, t0 + 4_000);
            // the first offset whose timestamp is at least the target, even though later offsets have smaller ones
            assertThat(offsetForTime(consumer, t0 + 6_500)).containsExactly((long) OUT_OF_ORDER_OFFSET, timestampOf(OUT_OF_ORDER_OFFSET));
            assertThat(consumer.offsetsForTimes(Map.of(partition, t0 + OUT_OF_ORDER_DELTA + 1))).containsEntry(partition, null);
        }
    }

    @Test
    void adminListsEarliestLatestForTimestampAndMaxTimestamp() throws Exception {
        assertThat(listOffsets(OffsetSpec.earliest()).offset()).isZero();
        assertThat(listOffsets(OffsetSpec.latest()).offset()).isEqualTo(RECORDS);

        ListOffsetsResultInfo atTime = listOffsets(OffsetSpec.forTimestamp(t0 + 3_000));
        assertThat(atTime.offset()).isEqualTo(3);
        assertThat(atTime.timestamp()).isEqualTo(t0 + 3_000);

        ListOffsetsResultInfo max = listOffsets(OffsetSpec.maxTimestamp());
        assertThat(max.offset()).isEqualTo(OUT_OF_ORDER_OFFSET);
        assertThat(max.timestamp()).isEqualTo(timestampOf(OUT_OF_ORDER_OFFSET));

        ListOffsetsResultInfo afterAll = listOffsets(OffsetSpec.forTimestamp(t0 + OUT_OF_ORDER_DELTA + 1));
        assertThat(afterAll.offset()).isEqualTo(-1);
        assertThat(afterAll.timestamp()).isEqualTo(-1);
    }

    @Test
    void versionsOneToThreeFindOffsetsForTimesThoughTheyCarryNoLeaderEpoch() {
        try (RawKafkaConnection connection = RawKafkaConnection.open(broker.bootstrapServers())) {
            for (short v = 1; v <= 3; v++) {
                ListOffsetsResponse response = (ListOffsetsResponse) connection.send(ApiKeys.LIST_OFFSETS, v,
                        new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsTopic()
                                .setName(partition.topic()).setPartitions(List.of(new ListOffsetsPartition()
                                        .setPartitionIndex(partition.partition()).setTimestamp(t0 + 3_500))))));
                ListOffsetsPartitionResponse found = response.data().topics().get(0).partitions().get(0);
                assertThat(Errors.forCode(found.errorCode())).as("v%d", v).isEqualTo(Errors.NONE);
                assertThat(List.of(found.offset(), found.timestamp())).as("v%d", v).containsExactly(4L, t0 + 4_000);
            }
        }
    }

    private long timestampOf(int offset) {
        return offset == OUT_OF_ORDER_OFFSET ? t0 + OUT_OF_ORDER_DELTA : t0 + offset * 1_000L;
    }

    /** The offset and timestamp the consumer finds for a target timestamp (its leader epoch is Kafka's business). */
    private List<Long> offsetForTime(KafkaConsumer<byte[], byte[]> consumer, long timestamp) {
        OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, timestamp)).get(partition);
        assertThat(found).as("offset for time %d", timestamp).isNotNull();
        return List.of(found.offset(), found.timestamp());
    }

    private ListOffsetsResultInfo listOffsets(OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get();
    }
}

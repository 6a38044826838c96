package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DeleteRecords through the Admin client (what {@code kafka-delete-records.sh} uses), on ten records. */
@ExtendWith(BrokerExtension.class)
class DeleteRecordsTest {

    private static final int RECORDS = 10;
    /** What the request means by "up to the high watermark". */
    private static final long UP_TO_HIGH_WATERMARK = -1L;

    private final TestClients broker;
    private final Admin admin;
    private TopicPartition partition;

    DeleteRecordsTest(TestClients broker, Admin admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @BeforeEach
    void produceTenRecords() throws Exception {
        partition = new TopicPartition(Topics.create(admin, "delete-records", 1), 0);
        produce(partition, RECORDS);
    }

    private void produce(TopicPartition tp, int count) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(tp.topic(), tp.partition(), ("k" + i).getBytes(UTF_8), ("r" + i).getBytes(UTF_8)));
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            SentRecord.sendAll(producer, records);
        }
    }

    private long deleteBefore(TopicPartition tp, long offset) throws Exception {
        DeletedRecords deleted = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset)))
                .lowWatermarks().get(tp).get();
        return deleted.lowWatermark();
    }

    private Throwable failureOfDeleteBefore(TopicPartition tp, long offset) {
        try {
            deleteBefore(tp, offset);
            throw new AssertionError("DeleteRecords before " + offset + " succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void movesTheLowWatermarkWhichConsumersAndListOffsetsThenSee() throws Exception {
        assertThat(deleteBefore(partition, 4)).isEqualTo(4);
        assertThat(deleteBefore(partition, 2)).as("an offset below the log start leaves it").isEqualTo(4);

        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            assertThat(consumer.beginningOffsets(List.of(partition))).containsEntry(partition, 4L);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = Polling.pollUntil(consumer, RECORDS - 4).stream()
                    .map(r -> new String(r.value(), UTF_8)).toList();
            assertThat(values).containsExactly("r4", "r5", "r6", "r7", "r8", "r9");
        }
    }

    @Test
    void minusOneDeletesUpToTheHighWatermark() throws Exception {
        assertThat(deleteBefore(partition, UP_TO_HIGH_WATERMARK)).isEqualTo(RECORDS);
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer()) {
            assertThat(consumer.beginningOffsets(List.of(partition))).containsEntry(partition, (long) RECORDS);
        }
    }

    @Test
    void anOffsetBeyondTheHighWatermarkIsOutOfRange() {
        assertThat(failureOfDeleteBefore(partition, RECORDS + 1)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void compactedTopicsRefuseItAsAPolicyViolation() throws Exception {
        TopicPartition compacted = new TopicPartition(Topics.create(admin, "delete-records-compacted", 1,
                Map.of("cleanup.policy", "compact")), 0);
        produce(compacted, 3);
        assertThat(failureOfDeleteBefore(compacted, 1)).isInstanceOf(PolicyViolationException.class);
    }
}

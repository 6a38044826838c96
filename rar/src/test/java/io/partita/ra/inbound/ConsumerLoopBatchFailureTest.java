package io.partita.ra.inbound;

import io.partita.ra.api.BatchFailedException;
import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch listener that names the failed record of its batch ({@link BatchFailedException}), on a consumer loop fed
 * by Kafka's MockConsumer as from a one-partition log.
 */
class ConsumerLoopBatchFailureTest {

    private static final TopicPartition PARTITION = new TopicPartition("orders", 0);

    /** Names the first poison record of each batch as failed; notes each call's offsets and the committed offset. */
    public static class IndexingBean implements BatchRecordListener {
        final List<List<Long>> calls = new CopyOnWriteArrayList<>();
        final List<Long> committedAtCall = new CopyOnWriteArrayList<>();
        volatile int reportedIndexShift;
        FedConsumer consumer;

        @Override
        public void onRecords(List<ConsumerRecord<byte[], byte[]>> records) throws BatchFailedException {
            calls.add(records.stream().map(ConsumerRecord::offset).toList());
            committedAtCall.add(consumer.committed(PARTITION));
            for (int i = 0; i < records.size(); i++) {
                String value = new String(records.get(i).value(), StandardCharsets.UTF_8);
                if (value.startsWith("poison")) {
                    throw new BatchFailedException(i + reportedIndexShift, new IllegalStateException("cannot digest " + value));
                }
            }
        }
    }

    @RegisterExtension
    final LoopRunner loops = new LoopRunner();
    private final FedConsumer consumer = loops.consumer;
    private final IndexingBean bean = new IndexingBean();
    private final List<ProducerRecord<byte[], byte[]>> deadLetters = loops.deadLetters;

    @Test
    void aFailureAtIndex37Of100CommitsThe37BeforeItRetriesAndDeadLettersTheFailedOneAloneAndRedeliversTheRest()
            throws Exception {
        for (int i = 0; i < 100; i++) consumer.append(PARTITION, "k" + i, i == 37 ? "poison-37" : "ok-" + i);

        start();

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.committed(PARTITION) == 100);
        assertThat(bean.calls).containsExactly(range(0, 100), List.of(37L), List.of(37L), range(38, 100));
        assertThat(bean.committedAtCall).as("committed offset at each call").containsExactly(-1L, 37L, 37L, 38L);
        assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(LoopRunner.headers(dead))
                .containsEntry(DeadLetterHeaders.OFFSET, "37")
                .containsEntry(DeadLetterHeaders.REASON, "DELIVERY_FAILED")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "2")
                .containsEntry(DeadLetterHeaders.EXCEPTION, IllegalStateException.class.getName())
                .containsEntry(DeadLetterHeaders.EXCEPTION_MESSAGE, "cannot digest poison-37"));
    }

    @Test
    void anIndexOutsideTheBatchFailsItAsAWholeSoItIsRetriedThenDeliveredRecordByRecord() throws Exception {
        for (int i = 0; i < 4; i++) consumer.append(PARTITION, "k" + i, i == 2 ? "poison-2" : "ok-" + i);
        bean.reportedIndexShift = 10;

        start();

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.committed(PARTITION) == 4);
        assertThat(bean.calls).containsExactly(range(0, 4), range(0, 4), List.of(0L), List.of(1L), List.of(2L),
                List.of(2L), List.of(3L));
        assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(LoopRunner.headers(dead))
                .containsEntry(DeadLetterHeaders.OFFSET, "2"));
    }

    private void start() {
        PartitaActivationSpec spec = LoopRunner.spec(PARTITION.topic(), "orders.dlt");
        bean.consumer = consumer;
        consumer.assignAtNextPoll(List.of(PARTITION));
        loops.start("orders-bean#0", spec,
                new EndpointDelivery(TestEndpoints.proxying(bean, BatchRecordListener.class), null, null, null));
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}

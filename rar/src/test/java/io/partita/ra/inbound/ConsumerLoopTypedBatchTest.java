package io.partita.ra.inbound;

import io.partita.ra.api.BatchFailedException;
import io.partita.ra.api.DeadLetterHeaders;
import io.partita.ra.api.TypedBatchRecordListener;
import io.partita.ra.api.TypedRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link TypedBatchRecordListener} bean on a consumer loop fed by Kafka's MockConsumer as from a one-partition log,
 * with real JSON-B: whole polls read as objects, an unreadable record set aside between the batches before and after
 * it, and a {@link BatchFailedException} index naming a record of the typed list.
 */
class ConsumerLoopTypedBatchTest {

    private static final TopicPartition PARTITION = new TopicPartition("orders", 0);

    /** Notes each call's offsets and the committed offset then; names its first "poison" order as failed. */
    public static class OrderBatchBean implements TypedBatchRecordListener<String, ListenerTypesTest.Order> {
        final List<List<Long>> calls = new CopyOnWriteArrayList<>();
        final List<Long> committedAtCall = new CopyOnWriteArrayList<>();
        final List<String> items = new CopyOnWriteArrayList<>();
        FedConsumer consumer;

        @Override
        public void onRecords(List<TypedRecord<String, ListenerTypesTest.Order>> records) throws BatchFailedException {
            calls.add(records.stream().map(record -> record.context().offset()).toList());
            committedAtCall.add(consumer.committed(PARTITION));
            for (int i = 0; i < records.size(); i++) {
                TypedRecord<String, ListenerTypesTest.Order> record = records.get(i);
                if (record.value().item().equals("poison")) {
                    throw new BatchFailedException(i, new IllegalStateException("cannot digest " + record.context().key()));
                }
                items.add(record.context().key() + ":" + record.value().item());
            }
        }
    }

    @RegisterExtension
    final LoopRunner loops = new LoopRunner();
    private final FedConsumer consumer = loops.consumer;
    private final OrderBatchBean bean = new OrderBatchBean();
    private final List<ProducerRecord<byte[], byte[]>> deadLetters = loops.deadLetters;

    @Test
    void anUnreadableRecordEndsTheBatchBeforeItIsDeadLetteredAndTheRestComesWithTheNextPoll() throws Exception {
        for (int i = 0; i < 10; i++) consumer.append(PARTITION, "o-" + i, i == 3 ? "{\"item\":" : order("book-" + i));

        start();

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.committed(PARTITION) == 10);
        assertThat(bean.calls).containsExactly(range(0, 3), range(4, 10));
        assertThat(bean.committedAtCall).as("committed offset at each call").containsExactly(-1L, 4L);
        assertThat(bean.items).hasSize(9).doesNotContain("o-3:book-3");
        assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(LoopRunner.headers(dead))
                .containsEntry(DeadLetterHeaders.OFFSET, "3")
                .containsEntry(DeadLetterHeaders.REASON, "VALUE_DESERIALIZATION_FAILED")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "0"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(loops.monitor.status()).satisfies(status -> {
            assertThat(List.of(status.recordsDelivered(), status.recordsDeadLettered(), status.listenerCalls()))
                    .containsExactly(9L, 1L, 2L);
        }));
    }

    @Test
    void anUnreadableFirstRecordIsSetAsideWithoutAnEmptyCall() throws Exception {
        consumer.append(PARTITION, "o-0", "not json");
        consumer.append(PARTITION, "o-1", order("pen"));

        start();

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.committed(PARTITION) == 2);
        assertThat(bean.calls).containsExactly(List.of(1L));
        assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(LoopRunner.headers(dead))
                .containsEntry(DeadLetterHeaders.OFFSET, "0"));
    }

    @Test
    void aBatchFailedExceptionIndexNamesARecordOfTheTypedList() throws Exception {
        for (int i = 0; i < 10; i++) consumer.append(PARTITION, "o-" + i, order(i == 5 ? "poison" : "book-" + i));

        start();

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.committed(PARTITION) == 10);
        // The batch, the failed record alone (1 + retryAttempts=1), the rest from the next poll.
        assertThat(bean.calls).containsExactly(range(0, 10), List.of(5L), List.of(5L), range(6, 10));
        assertThat(bean.committedAtCall).containsExactly(-1L, 5L, 5L, 6L);
        assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(LoopRunner.headers(dead))
                .containsEntry(DeadLetterHeaders.OFFSET, "5")
                .containsEntry(DeadLetterHeaders.REASON, "DELIVERY_FAILED")
                .containsEntry(DeadLetterHeaders.EXCEPTION_MESSAGE, "cannot digest o-5"));
    }

    private void start() throws Exception {
        PartitaActivationSpec spec = LoopRunner.spec(PARTITION.topic(), "orders.dlt");
        bean.consumer = consumer;
        consumer.assignAtNextPoll(List.of(PARTITION));
        TypedRecordReader reader = TypedRecordReader.create(ListenerTypes.of(OrderBatchBean.class), spec,
                OrderBatchBean.class.getClassLoader(), spec.consumerConfig("127.0.0.1:9"));
        loops.start("orders-bean#0", spec,
                new EndpointDelivery(TestEndpoints.proxying(bean, TypedBatchRecordListener.class), null, reader, null));
    }

    private static String order(String item) {
        return "{\"item\":\"" + item + "\",\"quantity\":1}";
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}

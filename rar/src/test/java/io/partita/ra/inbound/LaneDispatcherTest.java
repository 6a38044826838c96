package io.partita.ra.inbound;

import io.partita.ra.api.BatchRecordListener;
import io.partita.ra.api.RecordListener;
import jakarta.resource.ResourceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An activation with {@code ordering=key} or {@code none}: the dispatcher and its lanes on their own threads, Kafka's
 * MockConsumer fed as from a one-partition log in place of the node, endpoints made as the container makes them.
 */
class LaneDispatcherTest {

    private static final TopicPartition PARTITION = new TopicPartition("orders", 0);
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Records what it was called with, per key, and the most calls that were in it at once. Thread-safe. */
    public static class KeyedBean implements RecordListener {
        final Map<String, List<Long>> offsetsByKey = new ConcurrentHashMap<>();
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        final AtomicInteger inCall = new AtomicInteger();
        final AtomicInteger mostInCall = new AtomicInteger();
        /** The first calls wait here until this many are in at once (at most 10 s). */
        volatile CountDownLatch meeting = new CountDownLatch(0);
        volatile Predicate<ConsumerRecord<byte[], byte[]>> failing = record -> false;
        volatile Predicate<ConsumerRecord<byte[], byte[]>> before = record -> true;

        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) throws Exception {
            mostInCall.accumulateAndGet(inCall.incrementAndGet(), Math::max);
            try {
                meeting.countDown();
                meeting.await(10, TimeUnit.SECONDS);
                if (!before.test(record)) throw new IllegalStateException("gave up waiting at " + record.offset());
                if (failing.test(record)) throw new IllegalStateException("not yet: " + record.offset());
                offsetsByKey.computeIfAbsent(key(record), k -> new CopyOnWriteArrayList<>()).add(record.offset());
                offsets.add(record.offset());
            } finally {
                inCall.decrementAndGet();
            }
        }
    }

    @RegisterExtension
    final LoopRunner loops = new LoopRunner();
    private final FedConsumer consumer = loops.consumer;
    private final KeyedBean bean = new KeyedBean();
    private volatile Thread dispatcherThread;

    @Test
    void keyOrderingDeliversDifferentKeysOfOnePartitionAtOnceAndEachKeysRecordsInOrder() throws Exception {
        int lanes = 4;
        List<String> keys = IntStream.range(0, 20).mapToObj(i -> "k-" + i).toList();
        assertThat(keys.stream().map(key -> LaneRouting.laneOf(record(key), lanes)).distinct())
                .as("the keys cover every lane").hasSize(lanes);
        for (int i = 0; i < 400; i++) consumer.append(PARTITION, keys.get(i % keys.size()), "v" + i);
        bean.meeting = new CountDownLatch(lanes);

        start(Ordering.KEY, lanes, spec(null));

        await().atMost(WAIT).until(() -> consumer.committed(PARTITION) == 400);
        assertThat(bean.mostInCall).as("calls at once").hasValue(lanes);
        for (int k = 0; k < keys.size(); k++) {
            int key = k;
            assertThat(bean.offsetsByKey.get(keys.get(k))).as(keys.get(k)).containsExactlyElementsOf(
                    LongStream.range(0, 400).filter(offset -> offset % keys.size() == key).boxed().toList());
        }
    }

    @Test
    void aFailingRecordHoldsItsLaneAndThePartitionsCommitPointWhileTheOtherLanesGoOn() throws Exception {
        int lanes = 4;
        List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
        for (int i = 0; i < 100; i++) log.add(consumer.append(PARTITION, "k-" + i % 10, "v" + i));
        int stuckLane = LaneRouting.laneOf(log.get(5), lanes);
        CountDownLatch stuck = new CountDownLatch(1);
        bean.failing = record -> record.offset() == 5 && stuck.getCount() > 0;
        PartitaActivationSpec spec = spec(null);
        spec.setRetryAttempts(0);
        spec.setRetryBackoffMs(50L);

        start(Ordering.KEY, lanes, spec);

        List<Long> otherLanes = log.stream().filter(r -> LaneRouting.laneOf(r, lanes) != stuckLane)
                .map(ConsumerRecord::offset).toList();
        await().atMost(WAIT).untilAsserted(() -> assertThat(bean.offsets).containsAll(otherLanes));
        await().atMost(WAIT).until(() -> consumer.committed(PARTITION) == 5);
        await().during(Duration.ofMillis(3 * LaneDispatcher.COMMIT_INTERVAL_MS)).atMost(WAIT)
                .until(() -> consumer.committed(PARTITION) == 5);
        assertThat(bean.offsets).as("nothing of the stuck lane after the failing record")
                .noneMatch(offset -> offset > 5 && LaneRouting.laneOf(log.get(offset.intValue()), lanes) == stuckLane);

        stuck.countDown();

        await().atMost(WAIT).until(() -> consumer.committed(PARTITION) == 100);
        assertThat(bean.offsets).hasSize(100);
        assertThat(bean.offsetsByKey.get("k-5")).containsExactly(5L, 15L, 25L, 35L, 45L, 55L, 65L, 75L, 85L, 95L);
        assertThat(loops.monitor.status()).satisfies(status -> {
            assertThat(status.recordsDelivered()).isEqualTo(100);
            assertThat(status.recordsFailed()).isPositive();
        });
    }

    @Test
    void aLaneHeldByAFailingRecordMakesTheActivationNotReadyUntilTheRecordGoesThrough() throws Exception {
        for (int i = 0; i < 10; i++) consumer.append(PARTITION, "k-" + i, "v" + i);
        CountDownLatch stuck = new CountDownLatch(1);
        bean.failing = record -> record.offset() == 0 && stuck.getCount() > 0;
        PartitaActivationSpec spec = spec(null);
        spec.setRetryAttempts(0);
        spec.setRetryBackoffMs(50L);
        ActivationMonitor monitor = new ActivationMonitor("orders-bean", null, "shop", 500, System::nanoTime);

        start(Ordering.KEY, 2, spec, monitor.consumer("consumer #0"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(monitor.status().ready()).isFalse());
        assertThat(monitor.status().reason()).contains("has made no progress");
        stuck.countDown();
        await().atMost(WAIT).until(() -> consumer.committed(PARTITION) == 10);
        await().atMost(WAIT).untilAsserted(() -> assertThat(monitor.status().ready()).isTrue());
    }

    @Test
    void withoutOrderingAnyFreeLaneTakesTheNextRecordAndNothingIsCommittedPastAnUnfinishedOne() throws Exception {
        for (int i = 0; i < 30; i++) consumer.append(PARTITION, "same-key", "v" + i);
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        bean.before = record -> record.offset() != 0 || awaitQuietly(firstMayFinish);

        start(Ordering.NONE, 3, spec(null));

        await("the records behind the first, while it is in its call").atMost(WAIT)
                .until(() -> bean.offsets.size() == 29);
        await().during(Duration.ofMillis(3 * LaneDispatcher.COMMIT_INTERVAL_MS)).atMost(WAIT)
                .until(() -> consumer.committed(PARTITION) == -1);
        firstMayFinish.countDown();
        await().atMost(WAIT).until(() -> consumer.committed(PARTITION) == 30);
        assertThat(bean.offsets).hasSize(30).endsWith(0L);
    }

    @Test
    void aRevokedPartitionsDeliveryInProgressIsAwaitedAndCommittedAndItsQueuedRecordsAreLeftToTheNextOwner()
            throws Exception {
        for (int i = 0; i < 10; i++) consumer.append(PARTITION, "k", "v" + i);
        CountDownLatch firstBegan = new CountDownLatch(1);
        AtomicInteger revoking = new AtomicInteger();
        // The first record's delivery ends only while the revocation waits for it (the dispatcher blocked in it).
        bean.before = record -> {
            if (record.offset() != 0) return true;
            firstBegan.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (revoking.get() == 1 && dispatcherThread.getState() == Thread.State.TIMED_WAITING) return true;
                Thread.onSpinWait();
            }
            return true;
        };
        List<Long> committedAfterRevocation = new CopyOnWriteArrayList<>();

        start(Ordering.KEY, 1, spec(null));
        assertThat(firstBegan.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        consumer.schedulePollTask(() -> {
            revoking.set(1);
            consumer.rebalance(List.of());
            revoking.set(2);
            consumer.rebalance(List.of(PARTITION));
            // (MockConsumer answers 0 for a partition it is not assigned)
            committedAfterRevocation.add(consumer.committed(PARTITION));
        });

        await().atMost(WAIT).until(() -> consumer.committed(PARTITION) == 10);
        assertThat(committedAfterRevocation).containsExactly(1L);
        assertThat(bean.offsets).as("each record once: the first before the revocation, the others after it")
                .containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
    }

    @Test
    void keyOrNoOrderingRefusesABatchListener() {
        PartitaActivationSpec spec = spec(null);
        spec.setOrdering("key");
        BatchRecordListener batches = records -> { };

        assertThatThrownBy(() -> InboundActivation.start(TestEndpoints.proxying(batches, BatchRecordListener.class), spec,
                null, "127.0.0.1:9", "partita-1", record -> { }, group -> 5))
                .isInstanceOf(ResourceException.class)
                .hasMessageContaining("ordering=key delivers records one at a time")
                .hasMessageContaining("BatchRecordListener needs ordering=partition");
    }

    private void start(Ordering ordering, int lanes, PartitaActivationSpec spec) throws Exception {
        start(ordering, lanes, spec, loops.monitor.consumer("consumer #0"));
    }

    private void start(Ordering ordering, int lanes, PartitaActivationSpec spec, ConsumerProgress progress)
            throws Exception {
        consumer.assignAtNextPoll(List.of(PARTITION));
        List<EndpointDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            deliveries.add(new EndpointDelivery(TestEndpoints.proxying(bean, RecordListener.class), null, null, null));
        }
        dispatcherThread = loops.startLanes("orders-bean#0", spec, ordering, deliveries, progress);
    }

    private static PartitaActivationSpec spec(String deadLetterTopic) {
        return LoopRunner.spec(PARTITION.topic(), deadLetterTopic);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key) {
        return new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), 0, key.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

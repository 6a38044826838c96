package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void theCommitPointIsTheLowestUnfinishedRecordWhateverOrderRecordsFinishIn() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<OffsetTracker.Progress> progress = new ArrayList<>();
        for (long offset = 10; offset < 210; offset++) progress.add(tracker.add(record(P0, offset)));
        List<Long> order = new ArrayList<>();
        for (long offset = 10; offset < 210; offset++) order.add(offset);
        Collections.shuffle(order, random);

        TreeSet<Long> unfinished = new TreeSet<>(order);
        long lastCommitted = 10;
        for (long offset : order) {
            progress.get((int) (offset - 10)).finish(offset);
            unfinished.remove(offset);
            long expected = unfinished.isEmpty() ? 210 : unfinished.first();
            Map<TopicPartition, OffsetAndMetadata> advanced = tracker.advanced();
            assertThat(advanced.containsKey(P0)).as("seed %d, after %d", seed, offset).isEqualTo(expected > lastCommitted);
            if (expected > lastCommitted) {
                assertThat(advanced.get(P0).offset()).as("seed %d, after %d", seed, offset).isEqualTo(expected);
                tracker.committed(advanced);
                lastCommitted = expected;
            }
            assertThat(tracker.unfinished()).isEqualTo(unfinished.size());
        }
        assertThat(lastCommitted).isEqualTo(210);
    }

    @Test
    void partitionsAdvanceApartAndAFinishedPartitionCommitsPastItsLastRecord() {
        tracker.add(record(P0, 0));
        OffsetTracker.Progress p0 = tracker.add(record(P0, 1));
        OffsetTracker.Progress p1 = tracker.add(record(P1, 7));
        tracker.finish(record(P0, 0));
        p1.finish(7);

        assertThat(tracker.advanced()).containsOnly(Map.entry(P0, new OffsetAndMetadata(1)), Map.entry(P1, new OffsetAndMetadata(8)));
        assertThat(tracker.firstUnfinished()).containsOnly(Map.entry(P0, 1L));
        tracker.committed(tracker.advanced());
        assertThat(tracker.advanced()).as("nothing finished since the commit").isEmpty();
        p0.finish(1);
        assertThat(tracker.advanced(Set.of(P1))).isEmpty();
        assertThat(tracker.advanced(Set.of(P0))).containsOnly(Map.entry(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void aClosedPartitionsRecordsDoNotBeginAndItsDeliveryInProgressIsAwaited() throws Exception {
        OffsetTracker.Progress progress = tracker.add(record(P0, 0));
        tracker.add(record(P0, 1));
        assertThat(progress.begin()).isTrue();

        tracker.close(List.of(P0));

        assertThat(progress.isActive()).isFalse();
        assertThat(progress.begin()).as("a queued record of a revoked partition").isFalse();
        assertThat(tracker.awaitIdle(List.of(P0), Duration.ofMillis(20))).isFalse();
        assertThat(tracker.awaitIdle(List.of(P1), Duration.ZERO)).as("another partition").isTrue();
        progress.finish(0);
        progress.end();
        assertThat(tracker.awaitIdle(List.of(P0), Duration.ofSeconds(10))).isTrue();
        assertThat(tracker.advanced(List.of(P0))).containsOnly(Map.entry(P0, new OffsetAndMetadata(1)));
    }

    @Test
    void aRemovedPartitionNoLongerCountsNorDoItsLateFinishesAndAReassignedOneStartsAfresh() {
        OffsetTracker.Progress old = tracker.add(record(P0, 5));
        tracker.add(record(P0, 6));
        tracker.add(record(P1, 0));

        tracker.remove(List.of(P0));
        assertThat(tracker.unfinished()).isEqualTo(1);
        old.finish(5);
        assertThat(tracker.unfinished()).isEqualTo(1);
        assertThat(tracker.advanced()).isEmpty();

        OffsetTracker.Progress fresh = tracker.add(record(P0, 5));
        assertThat(fresh).isNotSameAs(old);
        assertThat(old.begin()).isFalse();
        old.finish(5);
        assertThat(tracker.firstUnfinished()).as("the old progress does not finish the new one's record")
                .containsEntry(P0, 5L);
        fresh.finish(5);
        assertThat(tracker.advanced()).containsOnly(Map.entry(P0, new OffsetAndMetadata(6)));
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, new byte[0]);
    }
}

package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;

import static io.partita.engine.log.LogFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Leader epochs recorded by appends, answered for OffsetForLeaderEpoch, and truncation to an epoch boundary. */
class LeaderEpochTruncationTest {

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("orders", 0));

    @Test
    void epochsEndWhereTheNextOneStarts() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(TestBatches.batch(NOW, "a", "b"), 0);
        log.appendAsLeader(TestBatches.batch(NOW, "c"), 0);
        log.assignLeaderEpoch(2);
        log.appendAsLeader(TestBatches.batch(NOW, "d", "e"), 2);

        assertThat(log.latestEpoch()).isEqualTo(OptionalInt.of(2));
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 3));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(0, 3));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 5));
        assertThat(log.endOffsetForEpoch(3).isUndefined()).isTrue();
    }

    @Test
    void truncationRemovesWholeBatchesAcrossSegmentsAndForgetsTheirEpochs() throws IOException {
        PartitionLog log = fixture.open(Map.of("segment.bytes", "200"));
        for (int i = 0; i < 6; i++) log.appendAsLeader(TestBatches.batch(NOW, "value-" + i), i < 3 ? 1 : 4);
        assertThat(log.numberOfSegments()).isGreaterThan(2);

        log.truncateTo(2);

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.highWatermark()).isLessThanOrEqualTo(2);
        assertThat(log.latestEpoch()).isEqualTo(OptionalInt.of(1));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 2));
        assertThat(TestBatches.values(log.read(0, 10_000, Long.MAX_VALUE, true).records())).containsExactly("value-0", "value-1");

        log.appendAsLeader(TestBatches.batch(NOW, "after"), 5);
        assertThat(TestBatches.values(log.read(2, 10_000, Long.MAX_VALUE, true).records())).containsExactly("after");
        assertThat(log.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(1, 2));
    }

    @Test
    void epochsAndTruncatedEndSurviveAReopen() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(TestBatches.batch(NOW, "a"), 3);
        log.appendAsLeader(TestBatches.batch(NOW, "b"), 7);
        log.appendAsLeader(TestBatches.batch(NOW, "c"), 7);
        log.truncateTo(2);
        log = fixture.reopen();

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 1));
        assertThat(log.endOffsetForEpoch(7)).isEqualTo(new EpochEndOffset(7, 2));
    }

    /** A replica that took epoch 8 at its end while it led alone, then hears it must keep exactly what it has. */
    @Test
    void truncatingToTheLogEndForgetsAnEpochTakenThereWithNothingWritten() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(TestBatches.batch(NOW, "a", "b", "c"), 5);
        log.assignLeaderEpoch(8);

        log.truncateTo(3);

        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.leaderEpochs()).isEqualTo(Map.of(5, 0L));
    }

    /**
     * The epoch taken at the log end is saved in the snapshot the close writes; after a restart, the records the
     * replica then fetches as a follower carry the older epoch 7 of the new leader's log, and the table must say so.
     */
    @Test
    void recordsFetchedAfterALeftoverEpochReplaceItEvenAfterARestart() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(TestBatches.batch(NOW, "a", "b", "c"), 5);
        log.assignLeaderEpoch(8);
        log = fixture.reopen();

        log.appendAsFollower(fetched(3, 7, "d"));
        log.appendAsFollower(fetched(4, 9, "e", "f"));

        assertThat(log.leaderEpochs()).isEqualTo(Map.of(5, 0L, 7, 3L, 9, 4L));
        assertThat(log.endOffsetForEpoch(7)).isEqualTo(new EpochEndOffset(7, 4));
        assertThat(log.endOffsetForEpoch(8)).isEqualTo(new EpochEndOffset(7, 4));
    }

    @Test
    void aLeaderStateOlderThanTheLogsLatestEpochCannotAppend() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(TestBatches.batch(NOW, "a"), 5);
        log.assignLeaderEpoch(6);

        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.batch(NOW, "late"), 5))
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);
        assertThat(log.leaderEpochs()).isEqualTo(Map.of(5, 0L, 6, 1L));
    }

    /** One batch as a leader sends it: offsets from {@code baseOffset}, stamped with {@code epoch}. */
    private static MemoryRecords fetched(long baseOffset, int epoch, String... values) {
        MemoryRecords records = TestBatches.batch(NOW, values);
        for (MutableRecordBatch batch : records.batches()) {
            batch.setLastOffset(baseOffset + values.length - 1);
            batch.setPartitionLeaderEpoch(epoch);
        }
        return records;
    }
}

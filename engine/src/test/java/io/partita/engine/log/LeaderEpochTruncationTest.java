package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;

import static io.partita.engine.log.LogFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

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
}

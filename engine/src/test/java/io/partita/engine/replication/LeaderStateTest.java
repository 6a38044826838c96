package io.partita.engine.replication;

import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.config.LogConfig;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader's bookkeeping of its followers over a real partition log, with time passed in explicitly. */
class LeaderStateTest {

    private static final long LAG_MAX_MS = 1_000;

    @TempDir
    Path dir;
    private PartitionLog log;
    private LeaderState state;

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(dir.resolve("t-0"), new TopicPartition("t", 0), LogConfig.defaults(), Clock.systemUTC());
        state = new LeaderState(1, new PartitionAssignment(0, List.of(1, 2, 3), 1, 4, List.of(1, 2, 3), 1), log, 0);
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    private static PartitionAssignment isr(Integer... isr) {
        return new PartitionAssignment(0, List.of(1, 2, 3), 1, 4, List.of(isr), 1);
    }

    private void append(int records) throws IOException {
        SimpleRecord[] batch = new SimpleRecord[records];
        for (int i = 0; i < records; i++) batch[i] = new SimpleRecord(("v" + i).getBytes());
        log.appendAsLeader(MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, Compression.NONE, TimestampType.CREATE_TIME, batch), 4);
    }

    @Test
    void theHighWatermarkIsTheSmallestLogEndOffsetOfTheIsr() throws IOException {
        append(10);
        assertThat(state.highWatermarkCandidate()).isEqualTo(-1);
        state.followerFetched(2, 10, 100);
        state.followerFetched(3, 4, 100);
        assertThat(state.highWatermarkCandidate()).isEqualTo(4);
        state.assignmentStored(isr(1, 2), 100);
        assertThat(state.highWatermarkCandidate()).isEqualTo(10);
    }

    @Test
    void aReplicaAddedByAReassignmentIsTrackedAndJoinsOnceCaughtUpWhileARemovedOneIsForgotten() throws IOException {
        append(10);
        state.followerFetched(2, 10, 100);
        state.followerFetched(3, 10, 100);
        log.updateHighWatermark(state.highWatermarkCandidate());
        state.assignmentStored(new PartitionAssignment(0, List.of(1, 2, 4), 1, 4, List.of(1, 2), 1, List.of(4), List.of()), 100);
        assertThat(state.expansionFor(3)).isEmpty();

        state.followerFetched(4, 10, 200);

        assertThat(state.expansionFor(4)).isEqualTo(Optional.of(List.of(1, 2, 4)));
    }

    @Test
    void aFollowerNotCaughtUpForLongerThanTheLagLeavesTheIsr() throws IOException {
        append(10);
        state.followerFetched(2, 10, 500);
        state.followerFetched(3, 5, 500);
        state.followerFetched(2, 10, 1_400);
        state.followerFetched(3, 5, 1_400);

        assertThat(state.shrinkAt(1_400, LAG_MAX_MS)).isEqualTo(Optional.of(List.of(1, 2)));
        assertThat(state.shrinkAt(1_400, LAG_MAX_MS)).as("one change at a time").isEmpty();
    }

    @Test
    void aFollowerThatFetchedEverythingThereWasAtItsPreviousFetchCountsAsCaughtUp() throws IOException {
        append(10);
        state.followerFetched(2, 10, 900);
        state.followerFetched(3, 10, 900);
        append(5);
        state.followerFetched(2, 10, 1_800);
        state.followerFetched(3, 10, 1_800);

        assertThat(state.shrinkAt(1_800, LAG_MAX_MS)).isEmpty();
    }

    @Test
    void anOutOfSyncFollowerReturnsOnceItReachesTheHighWatermark() throws IOException {
        append(10);
        state.assignmentStored(isr(1, 2), 0);
        state.followerFetched(2, 10, 100);
        log.updateHighWatermark(state.highWatermarkCandidate());
        state.followerFetched(3, 6, 100);
        assertThat(state.expansionFor(3)).isEmpty();

        state.followerFetched(3, 10, 200);
        assertThat(state.expansionFor(3)).isEqualTo(Optional.of(List.of(1, 2, 3)));
    }
}

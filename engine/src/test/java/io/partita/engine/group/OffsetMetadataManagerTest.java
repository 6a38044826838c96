package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Offsets written as records through a real in-memory store, and read back from the replayed state. */
class OffsetMetadataManagerTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    private final InMemoryGroupStore store = new InMemoryGroupStore(7);
    private final OffsetsTopicState state = new OffsetsTopicState();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
    private final OffsetMetadataManager offsets = new OffsetMetadataManager(GroupConfig.defaults(), state,
            new GroupRecordWriter(store, state), clock);

    @Test
    void aCommitIsStampedAndItsTooLargeMetadataRefusedPerPartition() {
        AtomicInteger appended = new AtomicInteger();
        Map<TopicPartition, Errors> errors = offsets.commit(new OffsetCommit("g", "", null, -1, Map.of(
                A0, new OffsetCommit.Offset(5, 2, "meta"),
                A1, new OffsetCommit.Offset(6, -1, "x".repeat(GroupConfig.defaults().offsetMetadataMaxBytes() + 1)))),
                appended::incrementAndGet).join();

        assertThat(errors).isEqualTo(Map.of(A0, Errors.NONE, A1, Errors.OFFSET_METADATA_TOO_LARGE));
        assertThat(appended).hasValue(1);
        assertThat(offsets.fetch("g", null)).isEqualTo(Map.of(A0, new CommittedOffset(5, 2, "meta", 1_000_000)));
        assertThat(store.read(0).offsets("g")).as("written, not only in memory").isEqualTo(offsets.fetch("g", null));
    }

    @Test
    void aRefusedAppendIsAnsweredItsErrorAndNotApplied() {
        store.failAppends(true);
        AtomicInteger appended = new AtomicInteger();

        assertThat(offsets.commit(commit(A0, 5), appended::incrementAndGet).join())
                .isEqualTo(Map.of(A0, Errors.COORDINATOR_NOT_AVAILABLE));
        assertThat(appended).hasValue(0);
        assertThat(offsets.fetch("g", null)).isEmpty();
    }

    @Test
    void transactionalOffsetsAreInvisibleUntilTheirTransactionCommitsAndTheEndIsWritten() {
        offsets.commitTransactional(new TxnOffsetCommit(commit(A0, 5), 42L, (short) 1), () -> { }).join();
        assertThat(offsets.fetch("g", List.of(A0))).isEmpty();

        offsets.transactionEnded(42L, (short) 1, true, groupId -> true);

        assertThat(offsets.fetch("g", List.of(A0))).containsOnlyKeys(A0);
        OffsetsTopicState written = store.read(0);
        assertThat(written.offsets("g")).containsOnlyKeys(A0);
        assertThat(written.pendingOffsets(42L, groupId -> true)).as("the pending record's tombstone").isEmpty();
        assertThat(offsets.commitTransactional(new TxnOffsetCommit(commit(A1, 1), 42L, (short) 0), () -> { }).join())
                .isEqualTo(Map.of(A1, Errors.PRODUCER_FENCED));
    }

    @Test
    void subscribedTopicsKeepTheirOffsetsAndOldOffsetsExpire() {
        offsets.commit(new OffsetCommit("g", "", null, -1, Map.of(A0, new OffsetCommit.Offset(5, -1, ""),
                new TopicPartition("b", 0), new OffsetCommit.Offset(1, -1, ""))), () -> { }).join();

        OffsetDeleteResult deleted = offsets.delete("g", Set.of(A0, new TopicPartition("b", 0)), Set.of("a"));
        assertThat(deleted.partitions()).isEqualTo(Map.of(A0, Errors.GROUP_SUBSCRIBED_TO_TOPIC, new TopicPartition("b", 0), Errors.NONE));
        assertThat(offsets.fetch("g", null)).containsOnlyKeys(A0);

        long retention = GroupConfig.defaults().offsetsRetentionMs();
        assertThat(offsets.expired("g", OptionalLong.empty(), 1_000_000 + retention - 1)).isEmpty();
        assertThat(offsets.expired("g", OptionalLong.empty(), 1_000_000 + retention)).containsExactly(A0);
        assertThat(offsets.expired("g", OptionalLong.of(2_000_000), 1_000_000 + retention)).as("aged from when it became empty").isEmpty();
    }

    private static OffsetCommit commit(TopicPartition tp, long offset) {
        return new OffsetCommit("g", "", null, -1, Map.of(tp, new OffsetCommit.Offset(offset, -1, "")));
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replaying records and transaction markers into the coordinator's state, as at load and after each append. */
class OffsetsTopicStateTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final CommittedOffset FIVE = new CommittedOffset(5, -1, "", 1L);
    private static final CommittedOffset NINE = new CommittedOffset(9, -1, "", 2L);

    private final OffsetsTopicState state = new OffsetsTopicState();

    @Test
    void offsetsAreReplacedAndDeletedAndAGroupWithoutOffsetsIsGone() {
        state.replay(new GroupRecord.OffsetCommit("g", A0, FIVE));
        state.replay(new GroupRecord.OffsetCommit("g", A0, NINE));
        state.replay(new GroupRecord.OffsetCommit("g", A1, FIVE));
        assertThat(state.offsets("g")).isEqualTo(Map.of(A0, NINE, A1, FIVE));

        state.replay(new GroupRecord.OffsetCommit("g", A0, null));
        state.replay(new GroupRecord.OffsetCommit("g", A1, null));
        assertThat(state.offsets("g")).isEmpty();
        assertThat(state.groupIds()).isEmpty();
    }

    @Test
    void aGroupHasTheMetadataOfItsLatestKindUntilItsTombstone() {
        state.replay(new GroupRecord.ClassicGroupMetadata("g", StoredGroup.withoutMembersEver(3)));
        StoredConsumerGroup consumer = new StoredConsumerGroup(1, 1, Map.of(), List.of());
        state.replay(new GroupRecord.ConsumerGroupMetadata("g", consumer));
        assertThat(state.metadata("g")).isEqualTo(new GroupRecord.ConsumerGroupMetadata("g", consumer));

        state.replay(new GroupRecord.ConsumerGroupMetadata("g", null));
        assertThat(state.metadata("g")).isNull();
    }

    @Test
    void pendingOffsetsCountOnlyOnceTheirTransactionCommitsAndAnEndedEpochFencesOlderOnes() {
        state.replay(new GroupRecord.PendingOffsetCommit("g", 7L, A0, FIVE));
        state.replay(new GroupRecord.PendingOffsetCommit("other", 7L, A0, NINE));
        assertThat(state.offsets("g")).isEmpty();
        assertThat(state.pendingOffsets(7L, id -> true)).containsOnlyKeys("g", "other");

        state.replayTransactionEnd(7L, (short) 3, true, "g"::equals);
        assertThat(state.offsets("g")).isEqualTo(Map.of(A0, FIVE));
        assertThat(state.pendingOffsets(7L, id -> true)).containsOnlyKeys("other");

        state.replayTransactionEnd(7L, (short) 3, false, id -> true);
        assertThat(state.offsets("other")).isEmpty();
        assertThatThrownBy(() -> state.checkProducerEpoch(7L, (short) 2)).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void aPartitionReadIsTakenInAndDroppedAgain() {
        OffsetsTopicState loaded = new OffsetsTopicState();
        loaded.replay(new GroupRecord.OffsetCommit("in-p1", A0, FIVE));
        loaded.replay(new GroupRecord.ClassicGroupMetadata("in-p1", StoredGroup.withoutMembersEver(3)));
        loaded.replay(new GroupRecord.PendingOffsetCommit("in-p1", 7L, A1, NINE));
        state.replay(new GroupRecord.OffsetCommit("in-p0", A0, NINE));

        state.addAll(loaded);
        assertThat(state.groupIds()).containsExactlyInAnyOrder("in-p0", "in-p1");
        assertThat(state.pendingOffsets(7L, id -> true)).containsOnlyKeys("in-p1");

        state.drop("in-p1"::equals);
        assertThat(state.groupIds()).containsExactly("in-p0");
        assertThat(state.metadata("in-p1")).isNull();
        assertThat(state.pendingOffsets(7L, id -> true)).isEmpty();
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records reach the state only through the store, and a group's records keep the log's key space clean. */
class GroupRecordWriterTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);

    private final InMemoryGroupStore store = new InMemoryGroupStore(7);
    private final OffsetsTopicState state = new OffsetsTopicState();
    private final GroupRecordWriter writer = new GroupRecordWriter(store, state);

    @Test
    void aRecordTheStoreRefusesIsNotReplayed() {
        store.failAppends(true);

        assertThatThrownBy(() -> writer.write("g", List.of(new GroupRecord.OffsetCommit("g", A0, new CommittedOffset(1, -1, "", 0)))))
                .isInstanceOf(CoordinatorNotAvailableException.class);
        assertThat(state.offsets("g")).isEmpty();
    }

    @Test
    void aGroupThatChangesKindLosesItsMetadataOfTheOtherKindInTheLogToo() {
        writer.writeMetadata(new GroupRecord.ClassicGroupMetadata("g", StoredGroup.withoutMembersEver(1)));
        StoredConsumerGroup consumer = new StoredConsumerGroup(1, 1, Map.of(), List.of());

        writer.writeMetadata(new GroupRecord.ConsumerGroupMetadata("g", consumer));

        assertThat(state.metadata("g")).isEqualTo(new GroupRecord.ConsumerGroupMetadata("g", consumer));
        assertThat(store.read(0).metadata("g")).isEqualTo(state.metadata("g"));
    }

    @Test
    void aDeletedGroupTakesItsOffsetsAlong() {
        writer.write("g", List.of(new GroupRecord.OffsetCommit("g", A0, new CommittedOffset(1, -1, "", 0))));
        writer.writeMetadata(new GroupRecord.ClassicGroupMetadata("g", StoredGroup.withoutMembersEver(1)));

        writer.deleteGroup("g");

        assertThat(state.groupIds()).isEmpty();
        assertThat(store.read(0).groupIds()).isEmpty();
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The record format of {@code __consumer_offsets}: what is written reads back, and keys are versioned. */
class OffsetsTopicRecordsTest {

    @Test
    void offsetKeysAndValuesReadBack() {
        TopicPartition tp = new TopicPartition("tópico", 7);
        CommittedOffset offset = new CommittedOffset(42, 3, "meta ✓", 1_700_000_000_123L);

        assertThat(OffsetsTopicRecords.readKey(ByteBuffer.wrap(OffsetsTopicRecords.offsetKey("g", tp))))
                .isEqualTo(new OffsetsTopicRecords.OffsetKey("g", tp));
        assertThat(OffsetsTopicRecords.readOffset(ByteBuffer.wrap(OffsetsTopicRecords.offsetValue(offset)))).isEqualTo(offset);
    }

    @Test
    void pendingTransactionalOffsetKeysReadBack() {
        TopicPartition tp = new TopicPartition("in", 2);

        assertThat(OffsetsTopicRecords.readKey(ByteBuffer.wrap(OffsetsTopicRecords.pendingOffsetKey("g", 1234L, tp))))
                .isEqualTo(new OffsetsTopicRecords.PendingOffsetKey("g", 1234L, tp));
    }

    @Test
    void groupValuesReadBackWithTheirMembersAndNulls() {
        StoredGroup.Member dynamic = new StoredGroup.Member("c-1", null, "c", "/127.0.0.1", 45_000, 300_000,
                new byte[] {1, 2}, new byte[] {3});
        StoredGroup.Member fixed = new StoredGroup.Member("i-1", "i", "c", "/10.0.0.1", 10_000, 60_000,
                new byte[0], new byte[300]);
        StoredGroup group = new StoredGroup("consumer", 4, "range", "c-1", 99L, List.of(dynamic, fixed));

        StoredGroup read = OffsetsTopicRecords.readGroup(ByteBuffer.wrap(OffsetsTopicRecords.groupValue(group)));
        assertThat(read).usingRecursiveComparison().isEqualTo(group);
        StoredGroup never = StoredGroup.withoutMembersEver(5);
        assertThat(OffsetsTopicRecords.readGroup(ByteBuffer.wrap(OffsetsTopicRecords.groupValue(never))))
                .usingRecursiveComparison().isEqualTo(never);
        assertThat(OffsetsTopicRecords.readKey(ByteBuffer.wrap(OffsetsTopicRecords.groupKey("g"))))
                .isEqualTo(new OffsetsTopicRecords.GroupKey("g"));
    }

    @Test
    void consumerGroupValuesReadBackWithTheirMembersAndNulls() {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition a1 = new TopicPartition("a", 1);
        StoredConsumerGroup.Member reconciling = new StoredConsumerGroup.Member("m-1", null, null, "c", "/127.0.0.1",
                300_000, List.of("a", "b"), null, Set.of(), null, 3, 2, ConsumerGroupMember.State.UNREVOKED_PARTITIONS.ordinal(),
                Set.of(a0), Set.of(a1), Set.of(a0));
        StoredConsumerGroup.Member fixed = new StoredConsumerGroup.Member("m-2", "i", "rack-1", "c", "/10.0.0.1",
                60_000, List.of(), "a.*", Set.of("a", "ab"), "range", 4, 3, ConsumerGroupMember.State.STABLE.ordinal(),
                Set.of(), Set.of(), Set.of(a1));
        StoredConsumerGroup group = new StoredConsumerGroup(4, 4, Map.of("a", 2), List.of(reconciling, fixed));

        assertThat(OffsetsTopicRecords.readConsumerGroup(ByteBuffer.wrap(OffsetsTopicRecords.consumerGroupValue(group))))
                .isEqualTo(group);
        assertThat(OffsetsTopicRecords.readKey(ByteBuffer.wrap(OffsetsTopicRecords.consumerGroupKey("g"))))
                .isEqualTo(new OffsetsTopicRecords.ConsumerGroupKey("g"));
    }

    /** Written before a regex's topics were stored: the regex reads as resolved to the group's topics it matches. */
    @Test
    void aConsumerGroupValueOfVersionZeroReadsWithItsRegexResolvedToTheStoredTopics() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream v0 = new DataOutputStream(bytes);
        v0.writeShort(0);
        v0.writeInt(2);
        v0.writeInt(2);
        v0.writeInt(3);
        for (String topic : List.of("a", "ab", "b")) {
            v0.writeUTF(topic);
            v0.writeInt(1);
        }
        v0.writeInt(1);
        v0.writeUTF("m-1");
        v0.writeShort(-1);
        v0.writeShort(-1);
        v0.writeUTF("c");
        v0.writeUTF("/127.0.0.1");
        v0.writeInt(60_000);
        v0.writeInt(0);
        v0.writeUTF("a.*");
        v0.writeShort(-1);
        v0.writeInt(2);
        v0.writeInt(1);
        v0.writeByte(ConsumerGroupMember.State.STABLE.ordinal());
        v0.writeInt(0);
        v0.writeInt(0);
        v0.writeInt(0);

        StoredConsumerGroup read = OffsetsTopicRecords.readConsumerGroup(ByteBuffer.wrap(bytes.toByteArray()));
        assertThat(read.members()).singleElement().satisfies(m -> {
            assertThat(m.topicRegex()).isEqualTo("a.*");
            assertThat(m.regexTopics()).containsExactlyInAnyOrder("a", "ab");
            assertThat(m.memberEpoch()).isEqualTo(2);
        });
    }

    @Test
    void shareGroupKeysAndValuesReadBackWithTheirMembersAndNulls() {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition a1 = new TopicPartition("a", 1);
        StoredShareGroup.Member behind = new StoredShareGroup.Member("m-1", null, "c", "/127.0.0.1", List.of("a", "b"),
                2, 1, Set.of(a0, a1), Set.of(a0));
        StoredShareGroup.Member current = new StoredShareGroup.Member("m-2", "rack-1", "c", "/10.0.0.1", List.of(),
                3, 2, Set.of(), Set.of());
        StoredShareGroup group = new StoredShareGroup(3, 3, Map.of("a", 2, "b", 0), List.of(behind, current),
                Set.of(a0, a1, new TopicPartition("reset", 4)));

        assertThat(OffsetsTopicRecords.readKey(ByteBuffer.wrap(OffsetsTopicRecords.shareGroupKey("sg"))))
                .isEqualTo(new OffsetsTopicRecords.ShareGroupKey("sg"));
        assertThat(OffsetsTopicRecords.readShareGroup(ByteBuffer.wrap(OffsetsTopicRecords.shareGroupValue(group)))).isEqualTo(group);
    }

    @Test
    void aShareGroupOfVersion0HasStateOfEveryPartitionOfItsAssignedTopics() {
        StoredShareGroup.Member member = new StoredShareGroup.Member("m-1", null, "c", "/127.0.0.1", List.of("a", "b"),
                2, 1, Set.of(), Set.of(new TopicPartition("a", 1)));
        byte[] v1 = OffsetsTopicRecords.shareGroupValue(new StoredShareGroup(2, 2, Map.of("a", 2, "b", 0), List.of(member), Set.of()));
        // version 0 is version 1 without the (here empty, 4-byte) set of state partitions at its end
        ByteBuffer v0 = ByteBuffer.wrap(v1, 0, v1.length - 4).slice();
        v0.putShort(0, (short) 0);

        StoredShareGroup read = OffsetsTopicRecords.readShareGroup(v0);

        assertThat(read.statePartitions()).containsExactlyInAnyOrder(new TopicPartition("a", 0), new TopicPartition("a", 1));
        assertThat(read.members()).containsExactly(member);
    }

    @Test
    void keysOfAnotherVersionAreRefused() {
        byte[] key = OffsetsTopicRecords.groupKey("g");
        key[1] = 9;

        assertThatThrownBy(() -> OffsetsTopicRecords.readKey(ByteBuffer.wrap(key))).hasMessageContaining("version 9");
    }

    @Test
    void theGroupPartitionFollowsKafkasRule() {
        assertThat(OffsetsTopicStore.partitionFor("hello-group", 50)).isEqualTo(Math.abs("hello-group".hashCode()) % 50);
        String minValueHash = "polygenelubricants";
        assertThat(minValueHash.hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(OffsetsTopicStore.partitionFor(minValueHash, 50)).isZero();
    }
}

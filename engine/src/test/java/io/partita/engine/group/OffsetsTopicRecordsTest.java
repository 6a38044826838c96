package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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

        assertThat(roundTrip(new GroupRecord.OffsetCommit("g", tp, offset))).isEqualTo(new GroupRecord.OffsetCommit("g", tp, offset));
        assertThat(roundTrip(new GroupRecord.OffsetCommit("g", tp, null))).isEqualTo(new GroupRecord.OffsetCommit("g", tp, null));
    }

    @Test
    void pendingTransactionalOffsetKeysReadBack() {
        TopicPartition tp = new TopicPartition("in", 2);

        CommittedOffset offset = new CommittedOffset(5, -1, "", 9L);

        assertThat(roundTrip(new GroupRecord.PendingOffsetCommit("g", 1234L, tp, offset)))
                .isEqualTo(new GroupRecord.PendingOffsetCommit("g", 1234L, tp, offset));
        assertThat(roundTrip(new GroupRecord.PendingOffsetCommit("g", 1234L, tp, null)))
                .isEqualTo(new GroupRecord.PendingOffsetCommit("g", 1234L, tp, null));
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
        assertThat(((GroupRecord.ClassicGroupMetadata) roundTrip(new GroupRecord.ClassicGroupMetadata("g", group))).group())
                .usingRecursiveComparison().isEqualTo(group);
        assertThat(roundTrip(new GroupRecord.ClassicGroupMetadata("g", null))).isEqualTo(new GroupRecord.ClassicGroupMetadata("g", null));
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
        assertThat(roundTrip(new GroupRecord.ConsumerGroupMetadata("g", group))).isEqualTo(new GroupRecord.ConsumerGroupMetadata("g", group));
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

        assertThat(roundTrip(new GroupRecord.ShareGroupMetadata("sg", group))).isEqualTo(new GroupRecord.ShareGroupMetadata("sg", group));
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
    void aKeyStartsWithItsTypeAndKeysOfUnknownTypesAreRefused() {
        byte[] key = OffsetsTopicRecords.key(new GroupRecord.ClassicGroupMetadata("g", null));
        assertThat(ByteBuffer.wrap(key).getShort()).isEqualTo(OffsetsTopicRecords.CLASSIC_GROUP);
        key[1] = 9;

        assertThatThrownBy(() -> OffsetsTopicRecords.read(ByteBuffer.wrap(key), null)).hasMessageContaining("type 9");
    }

    @Test
    void valuesOfALaterVersionAreRefused() {
        byte[] value = OffsetsTopicRecords.offsetValue(new CommittedOffset(1, -1, "", 0));
        value[1] = 1;
        byte[] key = OffsetsTopicRecords.key(new GroupRecord.OffsetCommit("g", new TopicPartition("t", 0), null));

        assertThatThrownBy(() -> OffsetsTopicRecords.read(ByteBuffer.wrap(key), ByteBuffer.wrap(value)))
                .hasMessageContaining("version 1");
    }

    /**
     * Records as the format before keys named their type wrote them (the resource holds the bytes that format's code
     * wrote): they read as the same records, and a tombstone's legacy key is the key that format gave the record.
     */
    @Test
    void recordsOfThePreviousFormatReadAsTheSameRecords() throws IOException {
        List<byte[][]> written = legacyRecords();
        List<GroupRecord> read = written.stream()
                .map(kv -> OffsetsTopicRecords.read(ByteBuffer.wrap(kv[0]), kv[1] == null ? null : ByteBuffer.wrap(kv[1])))
                .toList();

        TopicPartition in0 = new TopicPartition("in", 0);
        TopicPartition in1 = new TopicPartition("in", 1);
        CommittedOffset offset = new CommittedOffset(42, 3, "meta", 1_700_000_000_123L);
        assertThat(read.get(0)).isEqualTo(new GroupRecord.OffsetCommit("g", in0, offset));
        assertThat(read.get(1)).isEqualTo(new GroupRecord.OffsetCommit("g", in1, null));
        assertThat(read.get(2)).isEqualTo(new GroupRecord.PendingOffsetCommit("g", 1234L, in1, offset));
        StoredGroup classic = ((GroupRecord.ClassicGroupMetadata) read.get(3)).group();
        assertThat(classic.generationId()).isEqualTo(4);
        assertThat(classic.leaderId()).isEqualTo("c-1");
        assertThat(classic.members()).extracting(StoredGroup.Member::memberId).containsExactly("c-1", "i-1");
        assertThat(classic.members().get(1).assignment()).containsExactly(4, 5);
        StoredConsumerGroup consumer = ((GroupRecord.ConsumerGroupMetadata) read.get(4)).group();
        assertThat(consumer.groupEpoch()).isEqualTo(4);
        assertThat(consumer.members()).extracting(StoredConsumerGroup.Member::memberId).containsExactly("m-1", "m-2");
        assertThat(consumer.members().get(1).regexTopics()).containsExactly("in");
        assertThat(consumer.members().get(0).pendingRevocation()).containsExactly(in1);
        StoredShareGroup share = ((GroupRecord.ShareGroupMetadata) read.get(5)).group();
        assertThat(share.statePartitions()).containsExactlyInAnyOrder(in0, in1);
        assertThat(share.members()).extracting(StoredShareGroup.Member::memberId).containsExactly("s-1");
        assertThat(read.get(6)).isEqualTo(new GroupRecord.ClassicGroupMetadata("gone", null));
        for (int i = 0; i < read.size(); i++) {
            assertThat(OffsetsTopicRecords.legacyKey(read.get(i))).isEqualTo(written.get(i)[0]);
        }
    }

    /** The resource: per record, int32 key length · key · int32 value length (-1 for a tombstone) · value. */
    private static List<byte[][]> legacyRecords() throws IOException {
        List<byte[][]> records = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(OffsetsTopicRecordsTest.class.getResourceAsStream("offsets-topic-records-v0.bin"))) {
            while (in.available() > 0) {
                byte[] key = in.readNBytes(in.readInt());
                int valueLength = in.readInt();
                records.add(new byte[][] {key, valueLength < 0 ? null : in.readNBytes(valueLength)});
            }
        }
        return records;
    }

    private static GroupRecord roundTrip(GroupRecord record) {
        byte[] value = OffsetsTopicRecords.value(record);
        return OffsetsTopicRecords.read(ByteBuffer.wrap(OffsetsTopicRecords.key(record)), value == null ? null : ByteBuffer.wrap(value));
    }

    @Test
    void theGroupPartitionFollowsKafkasRule() {
        assertThat(OffsetsTopicStore.partitionFor("hello-group", 50)).isEqualTo(Math.abs("hello-group".hashCode()) % 50);
        String minValueHash = "polygenelubricants";
        assertThat(minValueHash.hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(OffsetsTopicStore.partitionFor(minValueHash, 50)).isZero();
    }
}

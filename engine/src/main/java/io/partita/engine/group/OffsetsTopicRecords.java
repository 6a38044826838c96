package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys and values of Partita's records in {@code __consumer_offsets}: our own format (Kafka's lives in its
 * broker), versioned as Kafka versions its own: a key starts with its version, which names the record type, and a
 * value with its own version, which grows when the value's fields change (older versions stay readable).
 * Big-endian. {@link GroupRecord} is the decoded form.
 *
 * <pre>
 * key           := int16 type · string groupId · [type 1: string topic · int32 partition]
 *                  · [type 4: int64 producerId · string topic · int32 partition]
 *                  type 1 = committed offset, 2 = classic group metadata, 3 = consumer group, 4 = offset pending in a
 *                  transaction (it counts once the transaction's commit marker follows it in the partition, and is
 *                  deleted by a tombstone when the transaction ends), 5 = share group
 * key (legacy)  := int16 0 · int8 legacyType · the fields of its type, legacyType 0 = committed offset,
 *                  1 = classic group, 2 = consumer group, 3 = pending offset, 4 = share group (still read; a
 *                  tombstone is written under both keys, so that compaction removes a record of either)
 * value         := absent (a tombstone) | int16 valueVersion · payload
 * offset v0     := int64 offset · int32 leaderEpoch · string metadata · int64 commitTimestampMs   (types 1 and 4)
 * group v0      := nstring protocolType · int32 generationId · nstring protocolName · nstring leaderId
 *                  · int64 stateTimestampMs · int32 memberCount · member*                          (type 2)
 * member        := string memberId · nstring groupInstanceId · string clientId · string clientHost
 *                  · int32 sessionTimeoutMs · int32 rebalanceTimeoutMs · bytes subscription · bytes assignment
 * consumer v1   := int32 groupEpoch · int32 assignmentEpoch · int32 topicCount · (string topic · int32 partitions)*
 *                  · int32 memberCount · cmember*                                                  (type 3)
 * cmember       := string memberId · nstring instanceId · nstring rackId · string clientId · string clientHost
 *                  · int32 rebalanceTimeoutMs · int32 nameCount · string* · nstring topicRegex
 *                  · int32 regexTopicCount · string* · nstring serverAssignor
 *                  · int32 memberEpoch · int32 previousMemberEpoch · int8 state · partitions assigned
 *                  · partitions pendingRevocation · partitions target
 * consumer v0   := consumer v1 without the regex topics; a member's regex reads as resolved to the group's
 *                  topics it matches (v0 was written before a regex's topics were filtered by the member's ACLs)
 * share v1      := int32 groupEpoch · int32 assignmentEpoch · int32 topicCount · (string topic · int32 partitions)*
 *                  · int32 memberCount · smember* · partitions statePartitions                    (type 5)
 * share v0      := share v1 without the state partitions; they read as every partition of the topics the target
 *                  assignment was computed from (v0 was written before the group kept them)
 * smember       := string memberId · nstring rackId · string clientId · string clientHost · int32 nameCount
 *                  · string* · int32 memberEpoch · int32 previousMemberEpoch · partitions assigned · partitions target
 * partitions    := int32 count · (string topic · int32 partition)*
 * string        := int16 length · UTF-8 bytes      nstring := string, or int16 -1 for null
 * bytes         := int32 length · bytes
 * </pre>
 *
 * The key identifies what a record is about, so compaction keeps the latest record of each offset and group.
 * Stateless.
 */
final class OffsetsTopicRecords {

    static final short OFFSET_COMMIT = 1;
    static final short CLASSIC_GROUP = 2;
    static final short CONSUMER_GROUP = 3;
    static final short PENDING_OFFSET_COMMIT = 4;
    static final short SHARE_GROUP = 5;
    /** The version of every key written before keys named their type. */
    private static final short LEGACY_KEY = 0;
    static final short OFFSET_VALUE_VERSION = 0;
    static final short CLASSIC_GROUP_VALUE_VERSION = 0;
    static final short CONSUMER_GROUP_VALUE_VERSION = 1;
    static final short SHARE_GROUP_VALUE_VERSION = 1;

    private OffsetsTopicRecords() {
    }

    /** The record's key, which names its type. */
    static byte[] key(GroupRecord record) {
        return key(record, type(record)).bytes();
    }

    /** The record's key as written before keys named their type: what a tombstone must also delete. */
    static byte[] legacyKey(GroupRecord record) {
        return key(record, LEGACY_KEY).bytes();
    }

    private static Writer key(GroupRecord record, short version) {
        Writer w = new Writer().int16(version);
        if (version == LEGACY_KEY) w.int8((byte) (type(record) - 1));
        w.string(record.groupId());
        if (record instanceof GroupRecord.OffsetCommit r) {
            w.string(r.partition().topic()).int32(r.partition().partition());
        } else if (record instanceof GroupRecord.PendingOffsetCommit r) {
            w.int64(r.producerId()).string(r.partition().topic()).int32(r.partition().partition());
        }
        return w;
    }

    private static short type(GroupRecord record) {
        if (record instanceof GroupRecord.OffsetCommit) return OFFSET_COMMIT;
        if (record instanceof GroupRecord.ClassicGroupMetadata) return CLASSIC_GROUP;
        if (record instanceof GroupRecord.ConsumerGroupMetadata) return CONSUMER_GROUP;
        if (record instanceof GroupRecord.PendingOffsetCommit) return PENDING_OFFSET_COMMIT;
        return SHARE_GROUP;
    }

    /** The record's value at the latest version of its type; null for a tombstone. */
    static byte[] value(GroupRecord record) {
        if (record instanceof GroupRecord.OffsetCommit r) return r.offset() == null ? null : offsetValue(r.offset());
        if (record instanceof GroupRecord.PendingOffsetCommit r) return r.offset() == null ? null : offsetValue(r.offset());
        if (record instanceof GroupRecord.ClassicGroupMetadata r) return r.group() == null ? null : groupValue(r.group());
        if (record instanceof GroupRecord.ConsumerGroupMetadata r) {
            return r.group() == null ? null : consumerGroupValue(r.group());
        }
        GroupRecord.ShareGroupMetadata r = (GroupRecord.ShareGroupMetadata) record;
        return r.group() == null ? null : shareGroupValue(r.group());
    }

    /**
     * Decodes a record of any key and value version this code knows; {@code value} null for a tombstone.
     *
     * @throws IllegalArgumentException for a key of a type this code does not know, or a value of a later version
     */
    static GroupRecord read(ByteBuffer key, ByteBuffer value) {
        ByteBuffer b = key.duplicate();
        short type = b.getShort();
        if (type == LEGACY_KEY) {
            type = (short) (b.get() + 1);
        }
        String groupId = readString(b);
        return switch (type) {
            case OFFSET_COMMIT -> new GroupRecord.OffsetCommit(groupId, new TopicPartition(readString(b), b.getInt()),
                    value == null ? null : readOffset(value));
            case CLASSIC_GROUP -> new GroupRecord.ClassicGroupMetadata(groupId, value == null ? null : readGroup(value));
            case CONSUMER_GROUP -> new GroupRecord.ConsumerGroupMetadata(groupId,
                    value == null ? null : readConsumerGroup(value));
            case PENDING_OFFSET_COMMIT -> new GroupRecord.PendingOffsetCommit(groupId, b.getLong(),
                    new TopicPartition(readString(b), b.getInt()), value == null ? null : readOffset(value));
            case SHARE_GROUP -> new GroupRecord.ShareGroupMetadata(groupId, value == null ? null : readShareGroup(value));
            default -> throw new IllegalArgumentException("unknown key type " + type);
        };
    }

    static byte[] offsetValue(CommittedOffset offset) {
        Writer w = new Writer();
        w.int16(OFFSET_VALUE_VERSION).int64(offset.offset()).int32(offset.leaderEpoch()).string(offset.metadata())
                .int64(offset.commitTimestampMs());
        return w.bytes();
    }

    static byte[] groupValue(StoredGroup group) {
        Writer w = new Writer();
        w.int16(CLASSIC_GROUP_VALUE_VERSION).string(group.protocolType()).int32(group.generationId()).string(group.protocolName())
                .string(group.leaderId()).int64(group.stateTimestampMs()).int32(group.members().size());
        for (StoredGroup.Member m : group.members()) {
            w.string(m.memberId()).string(m.groupInstanceId()).string(m.clientId()).string(m.clientHost())
                    .int32(m.sessionTimeoutMs()).int32(m.rebalanceTimeoutMs()).bytes(m.subscription()).bytes(m.assignment());
        }
        return w.bytes();
    }

    static byte[] consumerGroupValue(StoredConsumerGroup group) {
        Writer w = new Writer();
        w.int16(CONSUMER_GROUP_VALUE_VERSION).int32(group.groupEpoch()).int32(group.assignmentEpoch());
        partitionCounts(w, group.partitionCounts());
        w.int32(group.members().size());
        for (StoredConsumerGroup.Member m : group.members()) {
            w.string(m.memberId()).string(m.instanceId()).string(m.rackId()).string(m.clientId()).string(m.clientHost())
                    .int32(m.rebalanceTimeoutMs());
            strings(w, m.topicNames());
            w.string(m.topicRegex());
            strings(w, m.regexTopics());
            w.string(m.serverAssignor()).int32(m.memberEpoch()).int32(m.previousMemberEpoch()).int8((byte) m.state());
            partitions(w, m.assigned());
            partitions(w, m.pendingRevocation());
            partitions(w, m.target());
        }
        return w.bytes();
    }

    static byte[] shareGroupValue(StoredShareGroup group) {
        Writer w = new Writer();
        w.int16(SHARE_GROUP_VALUE_VERSION).int32(group.groupEpoch()).int32(group.assignmentEpoch());
        partitionCounts(w, group.partitionCounts());
        w.int32(group.members().size());
        for (StoredShareGroup.Member m : group.members()) {
            w.string(m.memberId()).string(m.rackId()).string(m.clientId()).string(m.clientHost());
            strings(w, m.topicNames());
            w.int32(m.memberEpoch()).int32(m.previousMemberEpoch());
            partitions(w, m.assigned());
            partitions(w, m.target());
        }
        partitions(w, group.statePartitions());
        return w.bytes();
    }

    private static void partitionCounts(Writer w, Map<String, Integer> counts) {
        w.int32(counts.size());
        counts.forEach((topic, count) -> w.string(topic).int32(count));
    }

    private static void strings(Writer w, Collection<String> strings) {
        w.int32(strings.size());
        strings.forEach(w::string);
    }

    private static void partitions(Writer w, Set<TopicPartition> partitions) {
        w.int32(partitions.size());
        partitions.forEach(tp -> w.string(tp.topic()).int32(tp.partition()));
    }

    static CommittedOffset readOffset(ByteBuffer value) {
        ByteBuffer b = valuePayload(value, OFFSET_VALUE_VERSION);
        return new CommittedOffset(b.getLong(), b.getInt(), readString(b), b.getLong());
    }

    static StoredGroup readGroup(ByteBuffer value) {
        ByteBuffer b = valuePayload(value, CLASSIC_GROUP_VALUE_VERSION);
        String protocolType = readString(b);
        int generationId = b.getInt();
        String protocolName = readString(b);
        String leaderId = readString(b);
        long stateTimestampMs = b.getLong();
        int count = b.getInt();
        List<StoredGroup.Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new StoredGroup.Member(readString(b), readString(b), readString(b), readString(b),
                    b.getInt(), b.getInt(), readBytes(b), readBytes(b)));
        }
        return new StoredGroup(protocolType, generationId, protocolName, leaderId, stateTimestampMs, members);
    }

    static StoredConsumerGroup readConsumerGroup(ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        short version = readValueVersion(b, CONSUMER_GROUP_VALUE_VERSION);
        int groupEpoch = b.getInt();
        int assignmentEpoch = b.getInt();
        Map<String, Integer> partitionCounts = readPartitionCounts(b);
        int count = b.getInt();
        List<StoredConsumerGroup.Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String memberId = readString(b);
            String instanceId = readString(b);
            String rackId = readString(b);
            String clientId = readString(b);
            String clientHost = readString(b);
            int rebalanceTimeoutMs = b.getInt();
            List<String> names = readStrings(b);
            String topicRegex = readString(b);
            Set<String> regexTopics;
            if (version > 0) {
                regexTopics = Set.copyOf(readStrings(b));
            } else {
                regexTopics = topicRegex == null ? Set.of()
                        : ConsumerGroupMember.regexMatches(topicRegex, partitionCounts.keySet(), topic -> true);
            }
            members.add(new StoredConsumerGroup.Member(memberId, instanceId, rackId, clientId, clientHost,
                    rebalanceTimeoutMs, names, topicRegex, regexTopics, readString(b), b.getInt(), b.getInt(), b.get(),
                    readPartitions(b), readPartitions(b), readPartitions(b)));
        }
        return new StoredConsumerGroup(groupEpoch, assignmentEpoch, partitionCounts, members);
    }

    static StoredShareGroup readShareGroup(ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        short version = readValueVersion(b, SHARE_GROUP_VALUE_VERSION);
        int groupEpoch = b.getInt();
        int assignmentEpoch = b.getInt();
        Map<String, Integer> partitionCounts = readPartitionCounts(b);
        int count = b.getInt();
        List<StoredShareGroup.Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new StoredShareGroup.Member(readString(b), readString(b), readString(b), readString(b),
                    readStrings(b), b.getInt(), b.getInt(), readPartitions(b), readPartitions(b)));
        }
        Set<TopicPartition> statePartitions = version > 0 ? readPartitions(b) : ShareGroup.everyPartition(partitionCounts);
        return new StoredShareGroup(groupEpoch, assignmentEpoch, partitionCounts, members, statePartitions);
    }

    private static Map<String, Integer> readPartitionCounts(ByteBuffer b) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = b.getInt(); i > 0; i--) {
            counts.put(readString(b), b.getInt());
        }
        return counts;
    }

    private static Set<TopicPartition> readPartitions(ByteBuffer b) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (int i = b.getInt(); i > 0; i--) {
            partitions.add(new TopicPartition(readString(b), b.getInt()));
        }
        return partitions;
    }

    private static List<String> readStrings(ByteBuffer b) {
        List<String> strings = new ArrayList<>();
        for (int n = b.getInt(); n > 0; n--) {
            strings.add(readString(b));
        }
        return strings;
    }

    private static ByteBuffer valuePayload(ByteBuffer value, short latest) {
        ByteBuffer b = value.duplicate();
        readValueVersion(b, latest);
        return b;
    }

    /** @throws IllegalArgumentException for a version above {@code latest} (or below 0) */
    private static short readValueVersion(ByteBuffer b, short latest) {
        short version = b.getShort();
        if (version < 0 || version > latest) {
            throw new IllegalArgumentException("unknown value version " + version);
        }
        return version;
    }

    private static String readString(ByteBuffer b) {
        short length = b.getShort();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        b.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return bytes;
    }

    /** Builds one key or value; grows as needed. */
    private static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(64);

        Writer int8(byte v) {
            ensure(1).put(v);
            return this;
        }

        Writer int16(short v) {
            ensure(2).putShort(v);
            return this;
        }

        Writer int32(int v) {
            ensure(4).putInt(v);
            return this;
        }

        Writer int64(long v) {
            ensure(8).putLong(v);
            return this;
        }

        Writer string(String s) {
            if (s == null) {
                return int16((short) -1);
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string of " + utf8.length + " bytes is too long to store");
            }
            int16((short) utf8.length);
            ensure(utf8.length).put(utf8);
            return this;
        }

        Writer bytes(byte[] bytes) {
            int32(bytes.length);
            ensure(bytes.length).put(bytes);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[buffer.position()];
            buffer.flip().get(out);
            return out;
        }

        private ByteBuffer ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            return buffer;
        }
    }
}

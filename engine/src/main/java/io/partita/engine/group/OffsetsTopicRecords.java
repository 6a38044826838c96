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
 * broker). Big-endian; every key and value starts with its version, so that later versions can be told apart.
 *
 * <pre>
 * key           := int16 keyVersion (0) · int8 type · string groupId · [type 0: string topic · int32 partition]
 *                  · [type 3: int64 producerId · string topic · int32 partition]
 *                  type 0 = committed offset, type 1 = classic group metadata, type 2 = consumer group metadata,
 *                  type 3 = offset pending in a transaction (its value is an offset v0; it counts once the
 *                  transaction's commit marker follows it in the partition, and is deleted by a tombstone when the
 *                  transaction ends), type 4 = share group metadata
 * value         := absent (a tombstone: the offset or group was deleted) | int16 valueVersion · payload
 *                  (valueVersion 0; a consumer group's and a share group's 1, their version 0 is still read)
 * offset v0     := int64 offset · int32 leaderEpoch · string metadata · int64 commitTimestampMs
 * group v0      := nstring protocolType · int32 generationId · nstring protocolName · nstring leaderId
 *                  · int64 stateTimestampMs · int32 memberCount · member*
 * member        := string memberId · nstring groupInstanceId · string clientId · string clientHost
 *                  · int32 sessionTimeoutMs · int32 rebalanceTimeoutMs · bytes subscription · bytes assignment
 * consumer v1   := int32 groupEpoch · int32 assignmentEpoch · int32 topicCount · (string topic · int32 partitions)*
 *                  · int32 memberCount · cmember*                       (a consumer-protocol group, KIP-848)
 * cmember       := string memberId · nstring instanceId · nstring rackId · string clientId · string clientHost
 *                  · int32 rebalanceTimeoutMs · int32 nameCount · string* · nstring topicRegex
 *                  · int32 regexTopicCount · string* · nstring serverAssignor
 *                  · int32 memberEpoch · int32 previousMemberEpoch · int8 state · partitions assigned
 *                  · partitions pendingRevocation · partitions target
 * consumer v0   := consumer v1 without the regex topics; a member's regex reads as resolved to the group's
 *                  topics it matches (v0 was written before a regex's topics were filtered by the member's ACLs)
 * share v1      := int32 groupEpoch · int32 assignmentEpoch · int32 topicCount · (string topic · int32 partitions)*
 *                  · int32 memberCount · smember* · partitions statePartitions     (a share group, KIP-932)
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

    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;
    static final short CONSUMER_GROUP_VALUE_VERSION = 1;
    static final short SHARE_GROUP_VALUE_VERSION = 1;
    private static final byte OFFSET = 0;
    private static final byte GROUP = 1;
    private static final byte CONSUMER_GROUP = 2;
    private static final byte PENDING_OFFSET = 3;
    private static final byte SHARE_GROUP = 4;

    private OffsetsTopicRecords() {
    }

    /** What a record is about. */
    sealed interface Key permits OffsetKey, GroupKey, ConsumerGroupKey, PendingOffsetKey, ShareGroupKey {
        String groupId();
    }

    record OffsetKey(String groupId, TopicPartition partition) implements Key {
    }

    record GroupKey(String groupId) implements Key {
    }

    record ConsumerGroupKey(String groupId) implements Key {
    }

    record PendingOffsetKey(String groupId, long producerId, TopicPartition partition) implements Key {
    }

    record ShareGroupKey(String groupId) implements Key {
    }

    static byte[] offsetKey(String groupId, TopicPartition tp) {
        Writer w = new Writer();
        w.int16(KEY_VERSION).int8(OFFSET).string(groupId).string(tp.topic()).int32(tp.partition());
        return w.bytes();
    }

    static byte[] pendingOffsetKey(String groupId, long producerId, TopicPartition tp) {
        Writer w = new Writer();
        w.int16(KEY_VERSION).int8(PENDING_OFFSET).string(groupId).int64(producerId).string(tp.topic()).int32(tp.partition());
        return w.bytes();
    }

    static byte[] groupKey(String groupId) {
        return groupKey(GROUP, groupId);
    }

    static byte[] consumerGroupKey(String groupId) {
        return groupKey(CONSUMER_GROUP, groupId);
    }

    static byte[] shareGroupKey(String groupId) {
        return groupKey(SHARE_GROUP, groupId);
    }

    private static byte[] groupKey(byte type, String groupId) {
        Writer w = new Writer();
        w.int16(KEY_VERSION).int8(type).string(groupId);
        return w.bytes();
    }

    static byte[] offsetValue(CommittedOffset offset) {
        Writer w = new Writer();
        w.int16(VALUE_VERSION).int64(offset.offset()).int32(offset.leaderEpoch()).string(offset.metadata())
                .int64(offset.commitTimestampMs());
        return w.bytes();
    }

    static byte[] groupValue(StoredGroup group) {
        Writer w = new Writer();
        w.int16(VALUE_VERSION).string(group.protocolType()).int32(group.generationId()).string(group.protocolName())
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

    /** @throws IllegalArgumentException for a key of a version or type this code does not know */
    static Key readKey(ByteBuffer key) {
        ByteBuffer b = key.duplicate();
        short version = b.getShort();
        if (version != KEY_VERSION) {
            throw new IllegalArgumentException("unknown key version " + version);
        }
        byte type = b.get();
        String groupId = readString(b);
        return switch (type) {
            case OFFSET -> new OffsetKey(groupId, new TopicPartition(readString(b), b.getInt()));
            case GROUP -> new GroupKey(groupId);
            case CONSUMER_GROUP -> new ConsumerGroupKey(groupId);
            case PENDING_OFFSET -> new PendingOffsetKey(groupId, b.getLong(), new TopicPartition(readString(b), b.getInt()));
            case SHARE_GROUP -> new ShareGroupKey(groupId);
            default -> throw new IllegalArgumentException("unknown key type " + type);
        };
    }

    static CommittedOffset readOffset(ByteBuffer value) {
        ByteBuffer b = valuePayload(value);
        return new CommittedOffset(b.getLong(), b.getInt(), readString(b), b.getLong());
    }

    static StoredGroup readGroup(ByteBuffer value) {
        ByteBuffer b = valuePayload(value);
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

    private static ByteBuffer valuePayload(ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        readValueVersion(b, VALUE_VERSION);
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

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Offsets committed inside transactions (TxnOffsetCommit) that are not committed offsets yet: they wait here, per
 * producer id and group, until the transaction's marker reaches the group's {@code __consumer_offsets} partition
 * (commit: they become the group's offsets; abort: they are dropped).
 *
 * <p>Remembers the epoch of every transaction end it saw, so that a fenced producer (an older epoch of the same
 * producer id) cannot slip offsets into its successor's transaction. Not thread-safe: confined to the thread of the
 * {@link OffsetsTopicState} that holds it.
 */
final class PendingTxnOffsets {

    private final Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> byProducer = new HashMap<>();
    private final Map<Long, Short> endedEpochs = new HashMap<>();

    /** @throws ProducerFencedException when a transaction of a later epoch of this producer id already ended */
    void checkEpoch(long producerId, short producerEpoch) {
        Short ended = endedEpochs.get(producerId);
        if (ended != null && producerEpoch < ended) {
            throw new ProducerFencedException("Producer " + producerId + " epoch " + producerEpoch
                    + " is fenced by epoch " + ended);
        }
    }

    void add(long producerId, String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        byProducer.computeIfAbsent(producerId, p -> new HashMap<>()).computeIfAbsent(groupId, g -> new HashMap<>()).putAll(offsets);
    }

    void remove(long producerId, String groupId, TopicPartition tp) {
        Map<String, Map<TopicPartition, CommittedOffset>> groups = byProducer.get(producerId);
        if (groups == null || !groups.containsKey(groupId)) return;
        groups.get(groupId).remove(tp);
        if (groups.get(groupId).isEmpty()) groups.remove(groupId);
        if (groups.isEmpty()) byProducer.remove(producerId);
    }

    /** The offsets {@code producerId} holds pending in the groups {@code inPartition} accepts (a copy). */
    Map<String, Map<TopicPartition, CommittedOffset>> held(long producerId, Predicate<String> inPartition) {
        Map<String, Map<TopicPartition, CommittedOffset>> held = new HashMap<>();
        byProducer.getOrDefault(producerId, Map.of()).forEach((groupId, offsets) -> {
            if (inPartition.test(groupId)) held.put(groupId, Map.copyOf(offsets));
        });
        return held;
    }

    /** A copy of every pending offset: producer id to group to offsets. */
    Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> snapshot() {
        Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> copy = new HashMap<>();
        byProducer.forEach((producerId, groups) -> groups.forEach((groupId, offsets) ->
                copy.computeIfAbsent(producerId, p -> new HashMap<>()).put(groupId, Map.copyOf(offsets))));
        return copy;
    }

    /** Adds pending offsets as {@link #snapshot} gives them. */
    void addAll(Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pending) {
        pending.forEach((producerId, groups) -> groups.forEach((groupId, offsets) -> add(producerId, groupId, offsets)));
    }

    /** Forgets the pending offsets of the groups {@code inPartition} accepts (their partition is no longer led). */
    void removeGroups(Predicate<String> inPartition) {
        byProducer.values().forEach(groups -> groups.keySet().removeIf(inPartition));
        byProducer.values().removeIf(Map::isEmpty);
    }

    /** The transaction ended for the groups {@code inPartition} accepts: takes their pending offsets out. */
    Map<String, Map<TopicPartition, CommittedOffset>> end(long producerId, short producerEpoch, Predicate<String> inPartition) {
        endedEpochs.merge(producerId, producerEpoch, (a, b) -> (short) Math.max(a, b));
        Map<String, Map<TopicPartition, CommittedOffset>> ended = new HashMap<>();
        Map<String, Map<TopicPartition, CommittedOffset>> groups = byProducer.get(producerId);
        if (groups == null) return ended;
        for (Iterator<Map.Entry<String, Map<TopicPartition, CommittedOffset>>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Map<TopicPartition, CommittedOffset>> e = it.next();
            if (inPartition.test(e.getKey())) {
                ended.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        if (groups.isEmpty()) byProducer.remove(producerId);
        return ended;
    }
}

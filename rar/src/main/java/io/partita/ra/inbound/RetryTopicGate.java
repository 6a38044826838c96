package io.partita.ra.inbound;

import io.partita.ra.api.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Holds back the records of an activation's retry topics until they are due, without ever waiting for one: a record
 * not yet due (its {@code partita.retry.due.timestamp} header in the future) has its partition paused and the
 * consumer rewound to it, and {@link #resumeDue} resumes the partition once that time came, so the next poll returns
 * the record again. Meanwhile every other partition flows on. A retry topic is shared by every group consuming its
 * source topic with retry topics: a record that failed in another group ({@code partita.dlt.group}) is skipped.
 * Records of other topics always pass.
 *
 * <p>One per consumer: confined to the thread polling it, like the consumer.
 */
final class RetryTopicGate {

    /** What becomes of a polled record. */
    enum Verdict {
        /** Deliver it now. */
        DELIVER,
        /** Not yet due: its partition is paused and rewound to it; nothing after it in the partition is handled. */
        HOLD,
        /** Another group's retry: not for this bean, handled as done. */
        SKIP
    }

    private final RetryTopics retryTopics;
    private final String groupId;
    private final LongSupplier clock;
    /** The retry partitions this gate paused, to when their held-back record is due (ms since the epoch). */
    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();

    /** @param clock the time in ms since the epoch, as the due times are written */
    RetryTopicGate(RetryTopics retryTopics, String groupId, LongSupplier clock) {
        this.retryTopics = retryTopics;
        this.groupId = groupId;
        this.clock = clock;
    }

    /** Judges {@code record}, just polled by {@code consumer}; on {@link Verdict#HOLD} pauses and rewinds its partition. */
    Verdict admit(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer) {
        if (!retryTopics.isRetryTopic(record.topic())) return Verdict.DELIVER;
        String failedIn = HeaderValues.text(record.headers(), DeadLetterHeaders.GROUP);
        if (failedIn != null && !failedIn.equals(groupId)) return Verdict.SKIP;
        long due = HeaderValues.number(record.headers(), DeadLetterHeaders.RETRY_DUE, 0);
        if (due <= clock.getAsLong()) return Verdict.DELIVER;
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        consumer.pause(List.of(partition));
        consumer.seek(partition, record.offset());
        pausedUntil.put(partition, due);
        return Verdict.HOLD;
    }

    /** Resumes the partitions whose held-back record is due; forgets those the consumer no longer has. */
    void resumeDue(Consumer<?, ?> consumer) {
        if (pausedUntil.isEmpty()) return;
        long now = clock.getAsLong();
        Set<TopicPartition> assigned = consumer.assignment();
        for (Iterator<Map.Entry<TopicPartition, Long>> held = pausedUntil.entrySet().iterator(); held.hasNext(); ) {
            Map.Entry<TopicPartition, Long> entry = held.next();
            if (!assigned.contains(entry.getKey())) {
                held.remove();
            } else if (entry.getValue() <= now) {
                consumer.resume(List.of(entry.getKey()));
                held.remove();
            }
        }
    }

    /** {@code longest}, or less when a held-back record falls due sooner: how long the next poll may wait. */
    Duration pollTimeout(Duration longest) {
        long now = clock.getAsLong();
        return pausedUntil.values().stream().map(due -> Duration.ofMillis(Math.max(0, due - now)))
                .filter(wait -> wait.compareTo(longest) < 0).min(Duration::compareTo).orElse(longest);
    }
}

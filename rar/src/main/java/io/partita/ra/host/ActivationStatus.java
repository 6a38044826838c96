package io.partita.ra.host;

import java.io.Serializable;

/**
 * One message-driven bean's activation on this node: whether its consumers make progress, and what they have done
 * since it started. Immutable; plain values, so Partita's own modules can read it across the adapter's boundary.
 * The counts only grow while the activation runs (they start from zero when the bean is deployed again).
 *
 * @param name                the activation's name, as the container gave it
 * @param bean                the bean's class name
 * @param groupId             its consumer group, or its share group (activation property {@code shareGroup})
 * @param ready               false when a consumer has made no progress for {@code maxStallMs} while records
 *                            waited, has been fenced out of its group, or has stopped
 * @param reason              why it is not ready, naming the consumer; null when ready
 * @param recordsDelivered    records the bean took (its call returned; transacted: its transaction committed)
 * @param recordsFailed       records of listener calls that failed, each failed call counting its records
 * @param recordsRetried      records delivered again after a failed call ({@code retryAttempts})
 * @param recordsDeadLettered records sent to the dead-letter topic, unreadable ones included
 * @param listenerCalls       calls of the bean's listener method, failed ones included
 * @param listenerNanos       the time of those calls together
 * @param lag                 records after the consumers' positions in the partitions they consume (Kafka's
 *                            {@code records-lag}), as of each consumer's latest poll
 */
public record ActivationStatus(String name, String bean, String groupId, boolean ready, String reason,
                               long recordsDelivered, long recordsFailed, long recordsRetried,
                               long recordsDeadLettered, long listenerCalls, long listenerNanos, long lag)
        implements Serializable {
}

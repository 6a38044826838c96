package io.partita.engine.txn;

import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the coordinator knows of one transactional id: the producer id and epoch it hands out, the transaction in
 * progress and the partitions it wrote to. This is exactly what a {@code __transaction_state} record holds.
 *
 * <p>Immutable: every change makes a new value, which the coordinator stores before it makes it current.
 *
 * @param producerId             the producer id of the current epoch
 * @param producerEpoch          the epoch the producer works at; markers of a fenced transaction carry it too
 * @param timeoutMs              {@code transaction.timeout.ms} the producer asked for
 * @param state                  where the current (or last) transaction is
 * @param partitions             the partitions of the current transaction (empty when idle)
 * @param txnStartTimestampMs    when the current transaction started (first partition added), -1 when idle
 * @param txnLastUpdateTimestampMs when this value was made, for {@code transactional.id.expiration.ms}
 */
public record TransactionMetadata(String transactionalId, long producerId, short producerEpoch, int timeoutMs,
                                  TransactionState state, Set<TopicPartition> partitions, long txnStartTimestampMs,
                                  long txnLastUpdateTimestampMs) {

    public TransactionMetadata {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(state, "state");
        partitions = Set.copyOf(partitions);
    }

    /** A producer id just handed out, at {@code epoch}, no transaction yet. */
    static TransactionMetadata fresh(String transactionalId, long producerId, short epoch, int timeoutMs, long now) {
        return new TransactionMetadata(transactionalId, producerId, epoch, timeoutMs, TransactionState.EMPTY, Set.of(), -1, now);
    }

    TransactionMetadata withProducer(long producerId, short epoch, int timeoutMs, long now) {
        return new TransactionMetadata(transactionalId, producerId, epoch, timeoutMs, TransactionState.EMPTY, Set.of(), -1, now);
    }

    /** The transaction goes on with these partitions too (and starts now if it was idle). */
    TransactionMetadata withPartitions(Set<TopicPartition> added, long now) {
        Set<TopicPartition> all = new HashSet<>(state == TransactionState.ONGOING ? partitions : Set.of());
        all.addAll(added);
        long start = state == TransactionState.ONGOING ? txnStartTimestampMs : now;
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, timeoutMs, TransactionState.ONGOING, all, start, now);
    }

    /** The outcome is decided ({@code PREPARE_COMMIT} or {@code PREPARE_ABORT}), at {@code epoch}. */
    TransactionMetadata preparing(TransactionState prepare, short epoch, long now) {
        return new TransactionMetadata(transactionalId, producerId, epoch, timeoutMs, prepare, partitions, txnStartTimestampMs, now);
    }

    /** Every marker is written: the transaction is over. */
    TransactionMetadata completed(long now) {
        TransactionState done = state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, timeoutMs, done, Set.of(), -1, now);
    }

    boolean isExpired(long now) {
        return state == TransactionState.ONGOING && now - txnStartTimestampMs > timeoutMs;
    }
}

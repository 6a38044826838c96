package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.ra.api.BatchFailedException;
import io.partita.ra.api.DeadLetterReason;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A record's way through one bean instance ({@link EndpointDelivery}): delivered with up to {@code retryAttempts}
 * retries {@code retryBackoffMs} apart; once they all failed, given up on by sending it to the dead-letter topic, or
 * held (not finished) without one. A record a typed listener cannot deserialize is not retried: it goes to the
 * dead-letter topic at once, or is skipped without one, and never holds its partition.
 *
 * <p>Each step has one method: {@link #deliver} hands records to the bean, {@link #finallyFailed} gives up on a record
 * whose deliveries all failed, {@link #finished} tells the {@link Owner} that records are done.
 *
 * <p>Confined to the thread that delivers through it (a poll loop's, or a lane's).
 */
final class RetryingDelivery {

    /** Whom records are delivered for: the poll loop of this poll, or a lane's partition progress. */
    interface Owner {

        /** Whether the records are still wanted: false once the consumer stops or loses their partition. */
        boolean wants();

        /** The records are done (delivered, dead-lettered or skipped): their offsets may be committed. */
        void finished(List<ConsumerRecord<byte[], byte[]>> records);
    }

    private static final Logger LOG = Logger.getLogger(RetryingDelivery.class.getName());
    private static final long UNREADABLE_REPORT_INTERVAL_MS = 30_000;

    private final String name;
    private final PartitaActivationSpec spec;
    private final EndpointDelivery delivery;
    private final DeadLetters deadLetters;
    private final StopSignal stop;
    private final Supplier<ConsumerGroupMetadata> group;
    private final RepeatedFailureLog unreadableRecords;

    /** @param group the consumer's group metadata, read on the delivering thread: only a transacted delivery needs it */
    RetryingDelivery(String name, PartitaActivationSpec spec, EndpointDelivery delivery, DeadLetters deadLetters,
                     StopSignal stop, Supplier<ConsumerGroupMetadata> group) {
        this.name = name;
        this.spec = spec;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.stop = stop;
        this.group = group;
        this.unreadableRecords = new RepeatedFailureLog(System.getLogger(RetryingDelivery.class.getName()),
                name + ": deserializing records", UNREADABLE_REPORT_INTERVAL_MS);
    }

    /**
     * Delivers one record with its retries, else gives up on it; true when it is finished, false when it must be
     * delivered again (no dead-letter topic, the dead-letter topic refused it, or the owner no longer wants it).
     */
    boolean handle(ConsumerRecord<byte[], byte[]> record, Owner owner) throws EndpointUnavailableException {
        Throwable failure = deliverWithRetries(List.of(record), owner, false);
        if (failure == null) return true;
        if (!owner.wants()) return false;
        if (failure instanceof UnreadableRecordException unreadable) return setAside(record, unreadable, owner);
        return finallyFailed(record, failure, owner);
    }

    /**
     * Delivers a batch with its retries; null when a delivery succeeded (the records are finished), else the last
     * failure. A {@link BatchFailedException} naming a record of the batch ends the retries at once
     * ({@link #failedIndex} tells which record).
     */
    Throwable deliverBatch(List<ConsumerRecord<byte[], byte[]>> records, Owner owner) throws EndpointUnavailableException {
        return deliverWithRetries(records, owner, true);
    }

    /**
     * The index of the record a batch's {@code failure} names, or -1 when the batch failed as a whole: another
     * exception, an index outside the batch, or a transacted delivery (whose rollback undid the records before it).
     */
    int failedIndex(Throwable failure, int batchSize) {
        if (!(failure instanceof BatchFailedException indexed) || delivery.isTransacted()) return -1;
        return indexed.getIndex() >= 0 && indexed.getIndex() < batchSize ? indexed.getIndex() : -1;
    }

    /** The records are done: tells their owner, so their offsets may be committed. */
    void finished(List<ConsumerRecord<byte[], byte[]>> records, Owner owner) {
        owner.finished(records);
    }

    /**
     * Delivers with up to {@code retryAttempts} retries; null when a delivery succeeded, else the last failure (an
     * {@link UnreadableRecordException} at once: no retry reads other bytes).
     */
    private Throwable deliverWithRetries(List<ConsumerRecord<byte[], byte[]>> records, Owner owner, boolean batch)
            throws EndpointUnavailableException {
        Throwable last = null;
        for (int attempt = 0; attempt <= spec.getRetryAttempts(); attempt++) {
            if (attempt > 0 && !(stop.backoff(spec.getRetryBackoffMs()) && owner.wants())) return last;
            try {
                deliver(records);
                finished(records, owner);
                return null;
            } catch (UnreadableRecordException e) {
                return e;
            } catch (ListenerFailedException e) {
                last = e.getCause();
                if (batch && failedIndex(last, records.size()) >= 0) return last;
                int failed = attempt + 1;
                LOG.fine(() -> name + ": delivery " + failed + " of " + records.size() + " record(s) failed: " + e.getMessage());
            }
        }
        return last;
    }

    /** Hands the records to the bean, once. */
    private void deliver(List<ConsumerRecord<byte[], byte[]>> records)
            throws EndpointUnavailableException, ListenerFailedException, UnreadableRecordException {
        delivery.deliver(records, group.get());
    }

    /**
     * Gives up on a record whose {@code 1 + retryAttempts} deliveries all failed: sends it to the dead-letter topic;
     * false when there is none or it could not be sent (the record is then delivered again).
     */
    private boolean finallyFailed(ConsumerRecord<byte[], byte[]> record, Throwable failure, Owner owner) {
        Throwable reported = failure instanceof BatchFailedException indexed ? indexed.getCause() : failure;
        String topic = spec.getDeadLetterTopic();
        String where = where(record);
        int attempts = spec.getRetryAttempts() + 1;
        if (topic == null || topic.isBlank()) {
            LOG.log(Level.WARNING, name + ": " + where + " failed " + attempts + " deliveries and there is no "
                    + "deadLetterTopic: it will be delivered again", reported);
            return false;
        }
        try {
            deadLetter(topic, record, reported, attempts, DeadLetterReason.DELIVERY_FAILED);
            LOG.log(Level.WARNING, name + ": " + where + " failed " + attempts + " deliveries; sent to " + topic, reported);
            finished(List.of(record), owner);
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, notSent(where, topic), e);
            return false;
        }
    }

    /**
     * Sends a record that cannot be deserialized to the dead-letter topic, undelivered, or skips it when there is
     * none; false only when it could not be sent (then it holds its partition, as a failing record does).
     */
    private boolean setAside(ConsumerRecord<byte[], byte[]> record, UnreadableRecordException unreadable, Owner owner) {
        String topic = spec.getDeadLetterTopic();
        String where = where(record);
        if (topic == null || topic.isBlank()) {
            unreadableRecords.failed(where + " skipped undelivered, there is no deadLetterTopic: "
                    + unreadable.getMessage());
            finished(List.of(record), owner);
            return true;
        }
        try {
            deadLetter(topic, record, unreadable.getCause(), 0, unreadable.reason());
            unreadableRecords.failed(where + " sent to " + topic + " undelivered: " + unreadable.getMessage());
            finished(List.of(record), owner);
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, notSent(where, topic), e);
            return false;
        }
    }

    private void deadLetter(String topic, ConsumerRecord<byte[], byte[]> record, Throwable failure, int attempts,
                            DeadLetterReason reason) throws Exception {
        deadLetters.publish(topic, spec.getGroupId(), record, failure, attempts, reason);
        if (delivery.isTransacted()) delivery.commitTransactionally(record, group.get());
    }

    private String notSent(String where, String topic) {
        return name + ": " + where + " could not be sent to " + topic
                + (delivery.isTransacted() ? " or its offset not committed" : "") + "; it will be delivered again";
    }

    private static String where(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}

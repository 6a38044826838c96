package io.partita.ra.inbound;

import io.partita.engine.logging.RepeatedFailureLog;
import io.partita.ra.api.BatchFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A record's way through one bean instance ({@link EndpointDelivery}): delivered with up to {@code retryAttempts}
 * retries {@code retryBackoffMs} apart (none for a {@code notRetryable} failure); once they all failed, sent where its
 * {@link FailureRouter} says (the next retry topic, or the dead-letter topic), or held (not finished) when there is
 * nowhere. A record a typed listener cannot deserialize is not retried: it goes to the dead-letter topic at once, or is
 * skipped without one, and never holds its partition.
 *
 * <p>Each step has one method: {@link #deliver} hands records to the bean, {@link #finallyFailed} sends on a record
 * whose deliveries all failed, {@link #finished} tells the {@link Owner} that records are done. Records sent to a
 * retry topic, and records that cannot be deserialized, are logged once per 30 s with a count.
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
    private static final long REPORT_INTERVAL_MS = 30_000;

    private final String name;
    private final PartitaActivationSpec spec;
    private final EndpointDelivery delivery;
    private final DeadLetters deadLetters;
    private final FailureRouter router;
    private final StopSignal stop;
    private final ConsumerProgress progress;
    private final Supplier<ConsumerGroupMetadata> group;
    private final RepeatedFailureLog unreadableRecords;
    private final RepeatedFailureLog retriedRecords;

    /** @param group the consumer's group metadata, read on the delivering thread: only a transacted delivery needs it */
    RetryingDelivery(String name, PartitaActivationSpec spec, EndpointDelivery delivery, DeadLetters deadLetters,
                     FailureRouter router, StopSignal stop, ConsumerProgress progress,
                     Supplier<ConsumerGroupMetadata> group) {
        this.name = name;
        this.spec = spec;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.router = router;
        this.stop = stop;
        this.progress = progress;
        this.group = group;
        System.Logger logger = System.getLogger(RetryingDelivery.class.getName());
        this.unreadableRecords = new RepeatedFailureLog(logger, name + ": deserializing records", REPORT_INTERVAL_MS);
        this.retriedRecords = new RepeatedFailureLog(logger, name + ": delivering records", REPORT_INTERVAL_MS);
    }

    /**
     * Delivers one record with its retries, else sends it on; true when it is finished, false when it must be
     * delivered again (nowhere to send it, the topic refused it, or the owner no longer wants it).
     */
    boolean handle(ConsumerRecord<byte[], byte[]> record, Owner owner) throws EndpointUnavailableException {
        Throwable failure = deliverWithRetries(List.of(record), owner, false);
        if (failure == null) return true;
        if (!owner.wants()) return false;
        if (failure instanceof UnreadableRecordException unreadable) return setAside(record, unreadable, owner);
        return finallyFailed(record, reported(failure), owner);
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
     * The index of the record a batch's {@code failure} names, the records before it delivered: a typed batch's
     * unreadable record, or a {@link BatchFailedException}'s index; -1 when the batch failed as a whole: another
     * exception, an index outside the batch, or a transacted delivery's {@link BatchFailedException} (whose rollback
     * undid the records before it).
     */
    int failedIndex(Throwable failure, int batchSize) {
        int index;
        if (failure instanceof UnreadableRecordException unreadable) {
            index = unreadable.index();
        } else if (failure instanceof BatchFailedException indexed && !delivery.isTransacted()) {
            index = indexed.getIndex();
        } else {
            return -1;
        }
        return index >= 0 && index < batchSize ? index : -1;
    }

    /** The records are done: tells their owner, so their offsets may be committed. */
    void finished(List<ConsumerRecord<byte[], byte[]>> records, Owner owner) {
        owner.finished(records);
    }

    /**
     * Delivers with up to {@code retryAttempts} retries; null when a delivery succeeded, else the last failure (an
     * {@link UnreadableRecordException} at once: no retry reads other bytes; a {@code notRetryable} one at once).
     */
    private Throwable deliverWithRetries(List<ConsumerRecord<byte[], byte[]>> records, Owner owner, boolean batch)
            throws EndpointUnavailableException {
        Throwable last = null;
        for (int attempt = 0; attempt <= spec.getRetryAttempts(); attempt++) {
            if (attempt > 0 && !(stop.backoff(spec.getRetryBackoffMs()) && owner.wants())) return last;
            try {
                deliver(records, attempt);
                finished(records, owner);
                return null;
            } catch (UnreadableRecordException e) {
                return e;
            } catch (ListenerFailedException e) {
                last = e.getCause();
                if (batch && failedIndex(last, records.size()) >= 0) return last;
                if (!router.retriesInPlace(reported(last))) return last;
                int failed = attempt + 1;
                LOG.fine(() -> name + ": delivery " + failed + " of " + records.size() + " record(s) failed: " + e.getMessage());
            }
        }
        return last;
    }

    /** Hands the records to the bean, once, timed and counted ({@code attempt} 0 for a first delivery). */
    private void deliver(List<ConsumerRecord<byte[], byte[]>> records, int attempt)
            throws EndpointUnavailableException, ListenerFailedException, UnreadableRecordException {
        progress.deliver(records.size(), attempt, () -> delivery.deliver(records, group.get()));
    }

    /**
     * Sends on a record whose deliveries in this stage all failed, the last with {@code failure}: to the next retry
     * topic or the dead-letter topic; false when there is neither or it could not be sent (it is delivered again).
     */
    private boolean finallyFailed(ConsumerRecord<byte[], byte[]> record, Throwable failure, Owner owner) {
        String where = where(record);
        FailureRouter.Destination next = router.next(record, failure);
        if (next == null) {
            LOG.log(Level.WARNING, name + ": " + where + " failed " + (spec.getRetryAttempts() + 1) + " deliveries and "
                    + "there is no deadLetterTopic: it will be delivered again", failure);
            return false;
        }
        try {
            forward(next, record, failure);
            String failed = where + " failed " + next.deliveries() + " deliveries; sent to " + next.topic();
            if (next.isRetry()) {
                retriedRecords.failed(failed + ": " + failure);
            } else {
                LOG.log(Level.WARNING, name + ": " + failed, failure);
            }
            finished(List.of(record), owner);
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, notSent(where, next.topic()), e);
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
            progress.skipped();
            finished(List.of(record), owner);
            return true;
        }
        try {
            forward(FailureRouter.Destination.deadLetters(topic, 0, unreadable.reason()), record, unreadable.getCause());
            unreadableRecords.failed(where + " sent to " + topic + " undelivered: " + unreadable.getMessage());
            finished(List.of(record), owner);
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, notSent(where, topic), e);
            return false;
        }
    }

    private void forward(FailureRouter.Destination destination, ConsumerRecord<byte[], byte[]> record, Throwable failure)
            throws Exception {
        deadLetters.send(destination, spec.getGroupId(), record, failure);
        if (delivery.isTransacted()) delivery.commitTransactionally(record, group.get());
        if (destination.isRetry()) {
            progress.sentToRetryTopic();
        } else {
            progress.deadLettered();
        }
    }

    /** The bean's own failure: a {@link BatchFailedException}'s cause, for it names a record, not what failed. */
    private static Throwable reported(Throwable failure) {
        return failure instanceof BatchFailedException indexed ? indexed.getCause() : failure;
    }

    private String notSent(String where, String topic) {
        return name + ": " + where + " could not be sent to " + topic
                + (delivery.isTransacted() ? " or its offset not committed" : "") + "; it will be delivered again";
    }

    /** The record's place, {@code topic-partition@offset}, as log lines name it. */
    static String where(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}

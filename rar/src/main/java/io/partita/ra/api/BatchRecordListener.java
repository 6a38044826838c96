package io.partita.ra.api;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * The message listener interface of a message-driven bean that receives the records of one poll together (at most
 * {@code maxPollRecords}, possibly of several partitions, in offset order within each). It needs the activation's
 * {@code ordering=partition} (the default).
 *
 * <p>Offsets are committed after {@link #onRecords} returned normally (with {@code transactional=true}: the batch's
 * offsets in one Kafka transaction with the call's JTA transaction, as for {@link RecordListener}).
 *
 * <p>To say which record failed, throw {@link BatchFailedException} with its index in the list: the records before it
 * are committed at once, the failed one is delivered again on its own (a one-element list) with its
 * {@code retryAttempts}, then sent to the dead-letter topic with the exception's cause, and the records after it are
 * delivered again from the next poll. With {@code transactional=true} the index is not used (the call's rollback
 * undid the records before it too).
 *
 * <p>A batch that fails otherwise (any other exception) is delivered again as a whole; when it keeps failing through
 * its retries, its records are delivered again one at a time (each as a one-element list, with retries of its own),
 * so that only the records that fail on their own go to the dead-letter topic.
 */
public interface BatchRecordListener {

    void onRecords(List<ConsumerRecord<byte[], byte[]>> records) throws Exception;
}

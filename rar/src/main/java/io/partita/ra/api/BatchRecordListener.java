package io.partita.ra.api;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * The message listener interface of a message-driven bean that receives the records of one poll together (at most
 * {@code maxPollRecords}, possibly of several partitions, in offset order within each).
 *
 * <p>Offsets are committed after {@link #onRecords} returned normally (with {@code transactional=true}: the batch's
 * offsets in one Kafka transaction with the call's JTA transaction, as for {@link RecordListener}). When a batch keeps failing through its
 * retries, its records are delivered again one at a time (each as a one-element list, with retries of its own), so
 * that only the records that fail on their own go to the dead-letter topic.
 */
public interface BatchRecordListener {

    void onRecords(List<ConsumerRecord<byte[], byte[]>> records) throws Exception;
}

package io.partita.ra.api;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The message listener interface of a message-driven bean that receives records one at a time:
 * {@code @MessageDriven(messageListenerInterface = RecordListener.class, activationConfig = ...)}, with the
 * activation properties of {@code io.partita.ra.inbound.PartitaActivationSpec} (topics, groupId, concurrency,
 * retries, dead-letter topic).
 *
 * <p>A record's offset is committed only after {@link #onRecord} returned normally (or, once its retries are
 * spent, after it reached the dead-letter topic): records are delivered at least once, in offset order within a
 * partition. Throwing any exception makes the record be delivered again.
 */
public interface RecordListener {

    void onRecord(ConsumerRecord<byte[], byte[]> record) throws Exception;
}

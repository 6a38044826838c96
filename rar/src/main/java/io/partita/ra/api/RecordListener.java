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
 *
 * <p>With the activation property {@code transactional=true} (and the container-managed {@code REQUIRED} transaction
 * every message-driven bean method has by default) the offset is committed in a Kafka transaction that commits with
 * the call's JTA transaction, together with what the bean sends through a {@code LocalTransaction} connection factory
 * during the call; a rollback ({@code setRollbackOnly} or an exception) aborts both and the record is delivered again.
 */
public interface RecordListener {

    void onRecord(ConsumerRecord<byte[], byte[]> record) throws Exception;
}

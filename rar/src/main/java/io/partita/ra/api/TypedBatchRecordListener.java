package io.partita.ra.api;

import java.util.List;

/**
 * The message listener interface of a message-driven bean that receives the records of one poll together, each read
 * as objects: a {@link BatchRecordListener} whose records are read as a {@link TypedRecordListener}'s are (the type
 * arguments of the bean's {@code implements} clause, or {@code keyDeserializer} / {@code valueDeserializer}). One
 * container call per poll instead of one per record: the listener to choose when the container's cost per call
 * matters (see the README's benchmark of message-driven beans).
 *
 * <p>Commits, {@link BatchFailedException} and retries are those of {@link BatchRecordListener}: the index names a
 * record of the list the bean received.
 *
 * <p>A record whose key or value cannot be read is never delivered: the records before it are delivered as a batch,
 * it goes to the dead-letter topic as it was (with {@link DeadLetterHeaders#REASON}; skipped with a log line when
 * there is no {@code deadLetterTopic}), and the records after it are delivered again from the next poll.
 *
 * @param <K> what the record keys are read as
 * @param <V> what the record values are read as
 */
public interface TypedBatchRecordListener<K, V> {

    void onRecords(List<TypedRecord<K, V>> records) throws Exception;
}

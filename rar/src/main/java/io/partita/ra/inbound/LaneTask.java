package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A polled record handed to a lane, with the progress of its partition in the consumer that polled it: the record
 * is finished through that progress, and is not begun once the partition is no longer the consumer's. Immutable.
 */
record LaneTask(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Progress progress) {
}

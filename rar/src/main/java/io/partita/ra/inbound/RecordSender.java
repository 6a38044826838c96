package io.partita.ra.inbound;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends a record and returns once the node acknowledged it; throws when it did not. */
@FunctionalInterface
public interface RecordSender {

    void sendAndWait(ProducerRecord<byte[], byte[]> record) throws Exception;
}

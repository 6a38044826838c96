package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kafka's {@link MockConsumer} fed as from partition logs: the records appended to a partition stay, and every poll
 * returns those at or after the consumer's position in its assigned, unpaused partitions, so a seek back or a
 * partition assigned again gets records again (MockConsumer alone forgets records once polled). A poll that returns
 * nothing waits a little, as a real consumer's would, rather than let a poll loop spin. Thread-safe as MockConsumer.
 */
class FedConsumer extends MockConsumer<byte[], byte[]> {

    private static final long EMPTY_POLL_WAIT_MS = 5;

    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> logs = new ConcurrentHashMap<>();

    FedConsumer() {
        super("earliest");
    }

    /** Appends a record with a UTF-8 key (null for none) and value; returns it. */
    ConsumerRecord<byte[], byte[]> append(TopicPartition partition, String key, String value) {
        return append(partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** Appends a record with a copy of the headers, timestamped now, as a producer's send would; returns it. */
    synchronized ConsumerRecord<byte[], byte[]> append(TopicPartition partition, byte[] key, byte[] value,
                                                       Iterable<Header> headers) {
        List<ConsumerRecord<byte[], byte[]>> log = logs.computeIfAbsent(partition, p -> new CopyOnWriteArrayList<>());
        RecordHeaders copied = new RecordHeaders();
        headers.forEach(copied::add);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(partition.topic(), partition.partition(), log.size(),
                System.currentTimeMillis(), TimestampType.CREATE_TIME, 0, 0, key, value, copied, Optional.empty());
        log.add(record);
        return record;
    }

    /** How many records were appended to the partition. */
    int size(TopicPartition partition) {
        return logs.getOrDefault(partition, List.of()).size();
    }

    /** Assigns the partitions (from their beginnings) at the next poll. */
    void assignAtNextPoll(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        partitions.forEach(partition -> beginnings.put(partition, 0L));
        updateBeginningOffsets(beginnings);
        schedulePollTask(() -> rebalance(partitions));
    }

    /** The committed offset of the partition, -1 when none. */
    long committed(TopicPartition partition) {
        OffsetAndMetadata committed = committed(Set.of(partition)).get(partition);
        return committed == null ? -1 : committed.offset();
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        for (TopicPartition partition : assignment()) {
            logs.getOrDefault(partition, List.of()).forEach(this::addRecord);
        }
        ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
        if (records.isEmpty()) {
            try {
                Thread.sleep(EMPTY_POLL_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return records;
    }
}

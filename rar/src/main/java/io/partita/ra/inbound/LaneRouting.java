package io.partita.ra.inbound;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Which lane's queue a polled record goes to. With {@code ordering=key} each lane has a queue of its own and a record
 * goes to the lane its key hashes to, so the records of one key are delivered one after the other in offset order
 * (across partitions too); a record without a key goes to the lane its partition hashes to, so records without a key
 * are in order per partition. With {@code ordering=none} every lane takes from one queue: the next free lane takes
 * the next record.
 *
 * <p>The queues are unbounded: the dispatcher bounds what it hands out by pausing its partitions. Thread-safe.
 */
final class LaneRouting {

    private final List<BlockingQueue<LaneTask>> queues;
    private final boolean byKey;

    private LaneRouting(List<BlockingQueue<LaneTask>> queues, boolean byKey) {
        this.queues = queues;
        this.byKey = byKey;
    }

    /** @param ordering {@link Ordering#KEY} or {@link Ordering#NONE} */
    static LaneRouting of(Ordering ordering, int lanes) {
        if (ordering == Ordering.KEY) {
            List<BlockingQueue<LaneTask>> queues = new ArrayList<>();
            for (int i = 0; i < lanes; i++) queues.add(new LinkedBlockingQueue<>());
            return new LaneRouting(List.copyOf(queues), true);
        }
        if (ordering == Ordering.NONE) return new LaneRouting(Collections.nCopies(lanes, new LinkedBlockingQueue<>()), false);
        throw new IllegalArgumentException("ordering=" + ordering + " has no lanes");
    }

    /** The queue lane {@code lane} takes its records from. */
    BlockingQueue<LaneTask> queueOf(int lane) {
        return queues.get(lane);
    }

    /** The queue {@code record} goes to. */
    BlockingQueue<LaneTask> queueFor(ConsumerRecord<byte[], byte[]> record) {
        return byKey ? queues.get(laneOf(record, queues.size())) : queues.get(0);
    }

    /** The lane of a record by its key (by its partition without one), for {@code ordering=key}. */
    static int laneOf(ConsumerRecord<byte[], byte[]> record, int lanes) {
        byte[] key = record.key() != null ? record.key()
                : (record.topic() + "-" + record.partition()).getBytes(StandardCharsets.UTF_8);
        // Kafka's partitioner took the murmur2 hash modulo the partition count: its low bits are the same for all
        // keys of one partition. Spreading by the high bits of a multiplicative hash keeps those keys on every lane.
        long mixed = (Utils.murmur2(key) * 0x9E3779B9L) & 0xFFFFFFFFL;
        return (int) ((mixed * lanes) >>> 32);
    }
}

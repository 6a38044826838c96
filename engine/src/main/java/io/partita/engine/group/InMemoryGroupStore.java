package io.partita.engine.group;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The records of one partition, kept in memory and compacted as they are written (the latest record of each key;
 * a tombstone removes its key), in a partition that this node always leads, so that it coordinates every group.
 * Records are kept encoded, as {@code __consumer_offsets} holds them, so a coordinator created later over the same
 * store reads what an earlier one wrote. Appends can be made to fail ({@link #failAppends}), as a log that cannot be
 * written to does.
 *
 * <p>Confined to the coordinator's thread (see {@link GroupStore}), except {@link #read}, which must not run beside an
 * append; not thread-safe otherwise.
 */
public final class InMemoryGroupStore implements GroupStore {

    private final int nodeId;
    private final Map<ByteBuffer, byte[]> records = new LinkedHashMap<>();
    private boolean failing;

    /** @param nodeId this node, the coordinator of every group */
    public InMemoryGroupStore(int nodeId) {
        this.nodeId = nodeId;
    }

    /** From now on every append fails with COORDINATOR_NOT_AVAILABLE ({@code true}), or succeeds again. */
    public void failAppends(boolean fail) {
        this.failing = fail;
    }

    @Override
    public int partitionOf(String groupId) {
        return 0;
    }

    @Override
    public void observeLeadership(Leadership listener) {
        listener.led(0, 0);
    }

    @Override
    public OffsetsTopicState read(int partition) {
        OffsetsTopicState state = new OffsetsTopicState();
        records.forEach((key, value) -> state.replay(OffsetsTopicRecords.read(key, value == null ? null : ByteBuffer.wrap(value))));
        return state;
    }

    @Override
    public void install(int partition, OffsetsTopicState stored) {
    }

    @Override
    public void unload(int partition) {
    }

    @Override
    public OptionalInt coordinatorNodeId(String groupId) {
        return OptionalInt.of(nodeId);
    }

    @Override
    public CompletableFuture<Void> append(String groupId, List<GroupRecord> appended) {
        if (failing) {
            throw new CoordinatorNotAvailableException("The in-memory store fails its appends");
        }
        for (GroupRecord record : appended) {
            ByteBuffer key = ByteBuffer.wrap(OffsetsTopicRecords.key(record));
            byte[] value = OffsetsTopicRecords.value(record);
            records.remove(key);
            if (value != null) records.put(key, value);
        }
        return CompletableFuture.completedFuture(null);
    }
}

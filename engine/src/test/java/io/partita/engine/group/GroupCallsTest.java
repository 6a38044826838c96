package io.partita.engine.group;

import io.partita.engine.coordinator.CoordinatorThread;
import io.partita.engine.coordinator.ServedPartitions;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every group API makes on the coordinator's thread: a group is answered only once its partition is led
 * and read, and an empty id is refused, over a store whose partition 0 this node leads and partition 1 it does not.
 */
class GroupCallsTest {

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final List<Runnable> heldReads = new ArrayList<>();
    private final GroupStore store = new TwoPartitionStore();
    private final ServedPartitions<OffsetsTopicState> served = new ServedPartitions<>("__consumer_offsets", store,
            scheduler, heldReads::add, (partition, state) -> { }, partition -> { });
    private final GroupCalls calls = new GroupCalls(new CoordinatorThread(scheduler, "The group coordinator"), store, served);

    @Test
    void aGroupIsAnsweredOnceItsPartitionIsReadAndAnEmptyIdNever() {
        served.start();
        scheduler.runDue();

        assertThat(done(calls.serving("g", calls::ownership, Errors::name, () -> "served")))
                .isEqualTo("COORDINATOR_LOAD_IN_PROGRESS");
        assertThat(done(calls.serving("", calls::refused, Errors::name, () -> "served"))).isEqualTo("INVALID_GROUP_ID");

        heldReads.forEach(Runnable::run);

        assertThat(done(calls.serving("g", calls::refused, Errors::name, () -> "served"))).isEqualTo("served");
        assertThat(done(calls.serving("", calls::refused, Errors::name, () -> "served"))).isEqualTo("INVALID_GROUP_ID");
        assertThat(done(calls.serving("", calls::ownership, Errors::name, () -> "served"))).isEqualTo("served");
    }

    @Test
    void groupsOfAPartitionLedElsewhereAreDescribedAsRefusedInRequestOrder() {
        served.start();
        scheduler.runDue();
        heldReads.forEach(Runnable::run);

        assertThat(done(calls.describing(List.of("elsewhere", "g", "elsewhere-too"), (id, error) -> id + ": " + error,
                id -> id + ": described")))
                .containsExactly("elsewhere: NOT_COORDINATOR", "g: described", "elsewhere-too: NOT_COORDINATOR");
    }

    private <T> T done(CompletableFuture<T> future) {
        scheduler.runDue();
        assertThat(future).isDone();
        return future.join();
    }

    /** An in-memory store that also has a partition 1, led by another node, holding the groups named "elsewhere...". */
    private static final class TwoPartitionStore implements GroupStore {

        private final InMemoryGroupStore partitionZero = new InMemoryGroupStore(7);

        @Override
        public int partitionOf(String groupId) {
            return groupId.startsWith("elsewhere") ? 1 : 0;
        }

        @Override
        public OptionalInt coordinatorNodeId(String groupId) {
            return partitionZero.coordinatorNodeId(groupId);
        }

        @Override
        public CompletableFuture<Void> append(String groupId, List<GroupRecord> records) {
            return partitionZero.append(groupId, records);
        }

        @Override
        public void observeLeadership(Leadership listener) {
            partitionZero.observeLeadership(listener);
        }

        @Override
        public OffsetsTopicState read(int partition) {
            return partitionZero.read(partition);
        }

        @Override
        public void install(int partition, OffsetsTopicState stored) {
        }

        @Override
        public void unload(int partition) {
        }
    }
}

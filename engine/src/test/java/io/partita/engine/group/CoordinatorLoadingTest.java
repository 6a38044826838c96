package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A coordinator serves a partition's groups only once it has read the partition: until then every request for
 * them is answered COORDINATOR_LOAD_IN_PROGRESS, which Kafka clients retry. The reading is held back here by a
 * loader that runs nothing until told.
 */
class CoordinatorLoadingTest {

    private static final TopicPartition T0 = new TopicPartition("t", 0);

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final List<Runnable> heldReads = new ArrayList<>();
    private final GroupCoordinator coordinator = new GroupCoordinator(GroupConfig.defaults(),
            ConsumerGroupConfig.defaults(), ShareGroupConfig.defaults(), new InMemoryGroupStore(7), scheduler.clock(), scheduler,
            heldReads::add);

    @Test
    void requestsAreToldToRetryWhileThePartitionLoads() {
        scheduler.runDue();
        assertThat(heldReads).as("the partition is being read").hasSize(1);

        assertThat(done(coordinator.commitOffsets(commit()))).containsOnly(Map.entry(T0, Errors.COORDINATOR_LOAD_IN_PROGRESS));
        assertThat(done(coordinator.heartbeat("g", "m", null, 1))).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(done(coordinator.describeGroups(List.of("g"))).get(0).error()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(settle(coordinator.fetchOffsets("g", null))).failsWithin(java.time.Duration.ZERO)
                .withThrowableThat().withCauseInstanceOf(CoordinatorLoadInProgressException.class);
        assertThat(settle(coordinator.listGroups(Set.of()))).failsWithin(java.time.Duration.ZERO)
                .withThrowableThat().withCauseInstanceOf(CoordinatorLoadInProgressException.class);

        heldReads.forEach(Runnable::run);

        assertThat(done(coordinator.commitOffsets(commit()))).containsOnly(Map.entry(T0, Errors.NONE));
        assertThat(done(coordinator.fetchOffsets("g", null)).get(T0).offset()).isEqualTo(5);
        assertThat(done(coordinator.listGroups(Set.of()))).extracting(GroupListing::groupId).containsExactly("g");
    }

    private static OffsetCommit commit() {
        return new OffsetCommit("g", "", null, -1, Map.of(T0, new OffsetCommit.Offset(5, -1, "")));
    }

    private <T> CompletableFuture<T> settle(CompletableFuture<T> future) {
        scheduler.runDue();
        assertThat(future).isDone();
        return future;
    }

    private <T> T done(CompletableFuture<T> future) {
        return settle(future).join();
    }
}

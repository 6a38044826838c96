package io.partita.engine.txn;

import io.partita.engine.log.MutableClock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transaction coordinator on an in-memory store, on virtual time: one queue stands for the coordinator's
 * thread and for the replication round trips, and runs only when the test says, so a request can be caught while
 * its append is in flight.
 */
class TransactionCoordinatorTest {

    private static final int TIMEOUT_MS = 60_000;
    private static final TransactionConfig CONFIG = new TransactionConfig(3, 1, 900_000, 10_000, 604_800_000);
    private static final TopicPartition A = new TopicPartition("a", 0);
    private static final TopicPartition B = new TopicPartition("b", 1);

    private final TaskQueue queue = new TaskQueue();
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final InMemoryTransactionStore store = new InMemoryTransactionStore(CONFIG.numPartitions(), queue);
    private final AtomicLong producerIds = new AtomicLong(1000);
    private final List<Marker> markers = new ArrayList<>();
    private CompletableFuture<Void> markerOutcome = CompletableFuture.completedFuture(null);
    private final TransactionCoordinator coordinator = coordinator();

    /** A marker round the coordinator asked for. */
    record Marker(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit, Set<TopicPartition> partitions) {
    }

    @Test
    void initProducerIdGivesANewIdAtEpochZeroThenBumpsTheEpoch() {
        InitProducerIdResult first = run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));
        InitProducerIdResult second = run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));

        assertThat(first).isEqualTo(new InitProducerIdResult(Errors.NONE, 1000, (short) 0));
        assertThat(second).isEqualTo(new InitProducerIdResult(Errors.NONE, 1000, (short) 1));
        assertThat(state("tx").state()).isEqualTo(TransactionState.EMPTY);
        assertThat(run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false))).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void anExhaustedEpochStartsANewProducerId() {
        store.append(TransactionRecord.of(TransactionMetadata.fresh("tx", 7, (short) (Short.MAX_VALUE - 2), TIMEOUT_MS, 0)));
        TransactionCoordinator loaded = coordinator();

        assertThat(run(loaded.initProducerId("tx", TIMEOUT_MS, -1, (short) -1)))
                .isEqualTo(new InitProducerIdResult(Errors.NONE, 1000, (short) 0));
    }

    @Test
    void addPartitionsStartsTheTransactionAndVerificationChangesNothing() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));

        assertThat(run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), true))).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false))).isEqualTo(Errors.NONE);
        assertThat(run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(B), false))).isEqualTo(Errors.NONE);
        assertThat(run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A, B), true))).isEqualTo(Errors.NONE);

        TransactionMetadata ongoing = state("tx");
        assertThat(ongoing.state()).isEqualTo(TransactionState.ONGOING);
        assertThat(ongoing.partitions()).containsExactlyInAnyOrder(A, B);
        assertThat(ongoing.txnStartTimestampMs()).isEqualTo(clock.millis());
    }

    @Test
    void commitWritesCommitMarkersThenCompletes() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));
        run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A, B), false));

        assertThat(run(coordinator.endTransaction("tx", 1000, (short) 0, true))).isEqualTo(Errors.NONE);

        assertThat(markers).containsExactly(new Marker(1000, (short) 0, 0, true, Set.of(A, B)));
        assertThat(state("tx").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(state("tx").partitions()).isEmpty();
        assertThat(run(coordinator.endTransaction("tx", 1000, (short) 0, true))).isEqualTo(Errors.NONE);
        assertThat(run(coordinator.endTransaction("tx", 1000, (short) 0, false))).isEqualTo(Errors.INVALID_TXN_STATE);
    }

    @Test
    void abortWritesAbortMarkersAndStaysPreparedUntilTheyAreWritten() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));
        run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false));
        markerOutcome = CompletableFuture.failedFuture(new IllegalStateException("partition a-0 unreachable"));

        assertThat(run(coordinator.endTransaction("tx", 1000, (short) 0, false))).isEqualTo(Errors.NONE);
        assertThat(state("tx").state()).isEqualTo(TransactionState.PREPARE_ABORT);

        markerOutcome = CompletableFuture.completedFuture(null);
        coordinator.maintain();
        queue.runAll();

        assertThat(markers).extracting(Marker::commit).containsExactly(false, false);
        assertThat(state("tx").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void aTransactionOpenPastItsTimeoutIsAbortedAtTheNextEpoch() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));
        run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false));

        clock.advance(Duration.ofMillis(TIMEOUT_MS));
        coordinator.maintain();
        queue.runAll();
        assertThat(state("tx").state()).isEqualTo(TransactionState.ONGOING);

        clock.advance(Duration.ofMillis(1));
        coordinator.maintain();
        queue.runAll();

        assertThat(markers).containsExactly(new Marker(1000, (short) 1, 0, false, Set.of(A)));
        assertThat(state("tx").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(run(coordinator.endTransaction("tx", 1000, (short) 0, true))).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void anIdIdleForTheExpirationTimeIsForgotten() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));

        clock.advance(Duration.ofMillis(CONFIG.idExpirationMs()));
        coordinator.maintain();
        queue.runAll();

        assertThat(describe("tx").error()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND);
        assertThat(describe(coordinator(), "tx").error()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND);
    }

    @Test
    void aFailedAppendLeavesTheTransactionAsItWas() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));
        TransactionMetadata before = state("tx");
        store.unavailable(true);

        assertThat(run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false))).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1)).error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);

        assertThat(state("tx")).isEqualTo(before);
        store.unavailable(false);
        assertThat(run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false))).isEqualTo(Errors.NONE);
    }

    @Test
    void anAppendWhosePartitionChangedHandsIsNotApplied() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));
        TransactionMetadata before = state("tx");
        CompletableFuture<Errors> add = coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false);
        queue.runNext();
        store.resign(store.partitionOf("tx"));

        assertThat(run(add)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(run(coordinator.list(anyTransaction()))).containsExactly(before);

        store.lead(store.partitionOf("tx"));
        assertThat(state("tx").state()).as("the record is in the log: the next load replays it").isEqualTo(TransactionState.ONGOING);
    }

    @Test
    void aNewIdWhosePartitionChangedHandsIsNotVisible() {
        CompletableFuture<InitProducerIdResult> init = coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1);
        queue.runNext();
        queue.runNext();
        store.resign(store.partitionOf("tx"));

        assertThat(run(init).error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(run(coordinator.list(anyTransaction()))).isEmpty();
    }

    @Test
    void aPartitionThatCannotBeReadToItsEndShowsNothing() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));
        run(coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false));
        store.readableRecords(1);

        TransactionCoordinator loading = coordinator();
        assertThat(describe(loading, "tx").error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(run(loading.list(anyTransaction()))).isEmpty();

        store.readableRecords(-1);
        assertThat(describe(loading, "tx").state().state()).isEqualTo(TransactionState.ONGOING);
    }

    @Test
    void aRequestDuringAnAppendIsAnsweredConcurrentTransactions() {
        run(coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1));

        CompletableFuture<Errors> add = coordinator.addPartitions("tx", 1000, (short) 0, Set.of(A), false);
        CompletableFuture<Errors> end = coordinator.endTransaction("tx", 1000, (short) 0, true);
        CompletableFuture<InitProducerIdResult> init = coordinator.initProducerId("tx", TIMEOUT_MS, -1, (short) -1);
        queue.runAll();

        assertThat(add).isCompletedWithValue(Errors.NONE);
        assertThat(end).isCompletedWithValue(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(init.join().error()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(state("tx").partitions()).containsExactly(A);
    }

    @Test
    void loadingTheRecordsGivesTheSameState() {
        for (String id : List.of("committed", "ongoing", "prepared", "empty")) {
            run(coordinator.initProducerId(id, TIMEOUT_MS, -1, (short) -1));
        }
        long committed = state("committed").producerId();
        run(coordinator.addPartitions("committed", committed, (short) 0, Set.of(A), false));
        run(coordinator.endTransaction("committed", committed, (short) 0, true));
        run(coordinator.addPartitions("ongoing", state("ongoing").producerId(), (short) 0, Set.of(A, B), false));
        long prepared = state("prepared").producerId();
        run(coordinator.addPartitions("prepared", prepared, (short) 0, Set.of(B), false));
        markerOutcome = new CompletableFuture<>();
        run(coordinator.endTransaction("prepared", prepared, (short) 0, false));

        TransactionCoordinator reloaded = coordinator();
        List<String> ids = List.of("committed", "ongoing", "prepared", "empty");
        assertThat(run(reloaded.describe(ids))).isEqualTo(run(coordinator.describe(ids)));
        assertThat(markers).as("the reloaded coordinator completes the prepared transaction")
                .extracting(Marker::producerId).containsExactly(committed, prepared, prepared);
    }

    private TransactionCoordinator coordinator() {
        return new TransactionCoordinator(CONFIG, store, producerIds::getAndIncrement,
                (producerId, epoch, coordinatorEpoch, commit, partitions) -> {
                    markers.add(new Marker(producerId, epoch, coordinatorEpoch, commit, partitions));
                    return markerOutcome;
                }, group -> new TopicPartition("__consumer_offsets", 0), clock, queue);
    }

    private TransactionMetadata state(String id) {
        TransactionDescription description = describe(id);
        assertThat(description.error()).isEqualTo(Errors.NONE);
        return description.state();
    }

    private TransactionDescription describe(String id) {
        return describe(coordinator, id);
    }

    private TransactionDescription describe(TransactionCoordinator c, String id) {
        return run(c.describe(List.of(id))).get(0);
    }

    private static TransactionFilter anyTransaction() {
        return new TransactionFilter(Set.of(), Set.of(), -1, null);
    }

    /** Runs the queue dry and gives what the operation answered. */
    private <T> T run(CompletableFuture<T> answer) {
        queue.runAll();
        assertThat(answer).isDone();
        return answer.join();
    }

    /** The coordinator's thread and the replication round trips, run by the test. */
    private static final class TaskQueue implements Executor {

        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runNext() {
            tasks.remove().run();
        }

        void runAll() {
            while (!tasks.isEmpty()) runNext();
        }
    }
}

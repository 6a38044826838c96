package io.partita.engine.group;

import io.partita.engine.coordinator.CoordinatorThread;
import io.partita.engine.coordinator.ServedPartitions;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The group coordinator's thread, with the checks every group API makes there first: whether this node serves a
 * group now (its partition of {@code __consumer_offsets} led and read) and whether its id is a valid one. Shared by
 * {@link GroupCoordinator} and {@link ShareGroupCoordinator}, so that every kind of group lives on the same thread.
 *
 * <p>Thread-safe: the operations may be submitted from any thread; {@link #ownership} and {@link #refused} read the
 * served partitions, so only the operations call them, on the coordinator's thread.
 */
final class GroupCalls {

    private final CoordinatorThread thread;
    private final GroupStore store;
    private final ServedPartitions<?> served;

    GroupCalls(CoordinatorThread thread, GroupStore store, ServedPartitions<?> served) {
        this.thread = thread;
        this.store = store;
        this.served = served;
    }

    /** Runs {@code operation} on the coordinator's thread; it answers through the future it is given. */
    <T> CompletableFuture<T> submit(Consumer<CompletableFuture<T>> operation) {
        return thread.submit(operation);
    }

    /** NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS when this node does not serve the group now, else NONE. */
    Errors ownership(String groupId) {
        return served.ownership(store.partitionOf(groupId));
    }

    /** INVALID_GROUP_ID for an empty id, else as {@link #ownership}. */
    Errors refused(String groupId) {
        return groupId.isEmpty() ? Errors.INVALID_GROUP_ID : ownership(groupId);
    }

    /**
     * Answers {@code answer} on the coordinator's thread, or {@code refusal} of the error {@code check} finds for the
     * group id ({@link #refused} or {@link #ownership}).
     */
    <T> CompletableFuture<T> serving(String groupId, Function<String, Errors> check, Function<Errors, T> refusal,
                                     Supplier<T> answer) {
        return submit(response -> {
            Errors error = check.apply(groupId);
            response.complete(error != Errors.NONE ? refusal.apply(error) : answer.get());
        });
    }

    /** One description per id, in order: {@code refusal} of the error for an id this node does not serve now. */
    <T> CompletableFuture<List<T>> describing(List<String> groupIds, BiFunction<String, Errors, T> refusal,
                                              Function<String, T> describe) {
        return submit(response -> response.complete(groupIds.stream().map(groupId -> {
            Errors owner = ownership(groupId);
            return owner != Errors.NONE ? refusal.apply(groupId, owner) : describe.apply(groupId);
        }).toList()));
    }
}

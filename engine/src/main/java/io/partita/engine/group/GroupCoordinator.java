package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.protocol.Errors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Kafka's group coordinator for classic (JoinGroup/SyncGroup) groups, and the keeper of their committed offsets.
 *
 * <p>Every group lives on one thread: each operation hops onto the given scheduler and answers through the
 * returned future, which may complete much later (a JoinGroup waits for the rebalance, a SyncGroup for the
 * leader's assignment). The scheduler must therefore run its tasks one at a time (a single-threaded event
 * loop); session and rebalance timers run on it too, reading time from it. The clock stamps commits and ages
 * offsets: every {@code offsets.retention.check.interval.ms} the offsets of groups without members that are older
 * than {@code offsets.retention.minutes} are removed, and so are groups left with neither members nor offsets.
 *
 * <p>Thread-safe: any method may be called from any thread. When the scheduler no longer accepts tasks, futures
 * complete exceptionally with {@link CoordinatorNotAvailableException}.
 */
public final class GroupCoordinator {

    private final GroupConfig config;
    private final OffsetStore offsets;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Map<String, ClassicGroup> groups = new HashMap<>();

    public GroupCoordinator(GroupConfig config, OffsetStore offsets, Clock clock, ScheduledExecutorService thread) {
        this.config = Objects.requireNonNull(config, "config");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Objects.requireNonNull(thread, "thread");
        scheduleOffsetExpiry();
    }

    public CompletableFuture<JoinResult> joinGroup(JoinRequest request) {
        return onGroupThread(response -> {
            if (request.groupId().isEmpty()) {
                response.complete(JoinResult.error(Errors.INVALID_GROUP_ID, request.memberId()));
            } else if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                    || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
                response.complete(JoinResult.error(Errors.INVALID_SESSION_TIMEOUT, request.memberId()));
            } else {
                ClassicGroup group = groups.get(request.groupId());
                if (group == null && !request.memberId().isEmpty()) {
                    response.complete(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, request.memberId()));
                } else {
                    (group == null ? createGroup(request.groupId()) : group).join(request, response);
                }
            }
        });
    }

    public CompletableFuture<SyncResult> syncGroup(SyncRequest request) {
        return onGroupThread(response -> {
            ClassicGroup group = groups.get(request.groupId());
            if (request.groupId().isEmpty()) {
                response.complete(SyncResult.error(Errors.INVALID_GROUP_ID));
            } else if (group == null) {
                response.complete(SyncResult.error(Errors.UNKNOWN_MEMBER_ID));
            } else {
                group.sync(request, response);
            }
        });
    }

    public CompletableFuture<Errors> heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        return onGroupThread(response -> {
            ClassicGroup group = groups.get(groupId);
            if (groupId.isEmpty()) {
                response.complete(Errors.INVALID_GROUP_ID);
            } else {
                response.complete(group == null ? Errors.UNKNOWN_MEMBER_ID : group.heartbeat(memberId, groupInstanceId, generationId));
            }
        });
    }

    public CompletableFuture<LeaveResult> leaveGroup(String groupId, List<MemberIdentity> leaving) {
        return onGroupThread(response -> {
            ClassicGroup group = groups.get(groupId);
            if (groupId.isEmpty()) {
                response.complete(new LeaveResult(Errors.INVALID_GROUP_ID, List.of()));
            } else if (group == null) {
                response.complete(new LeaveResult(Errors.NONE, leaving.stream()
                        .map(m -> new LeaveResult.Member(m.memberId(), m.groupInstanceId(), Errors.UNKNOWN_MEMBER_ID))
                        .toList()));
            } else {
                response.complete(group.leave(leaving));
            }
        });
    }

    /**
     * Commits offsets; answers an error per partition. A group the coordinator does not know is created by a
     * commit from outside group management (generation below 0); a member's commit to an unknown group gets
     * GROUP_ID_NOT_FOUND (clients before OffsetCommit v9 expect ILLEGAL_GENERATION instead).
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commitOffsets(OffsetCommit commit) {
        return onGroupThread(response -> {
            Errors groupError;
            ClassicGroup group = groups.get(commit.groupId());
            if (commit.groupId().isEmpty()) {
                groupError = Errors.INVALID_GROUP_ID;
            } else if (group == null) {
                groupError = commit.generationId() < 0 ? Errors.NONE : Errors.GROUP_ID_NOT_FOUND;
            } else {
                groupError = group.validateOffsetCommit(commit.memberId(), commit.groupInstanceId(), commit.generationId());
            }
            if (groupError != Errors.NONE) {
                response.complete(commit.offsets().keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> groupError)));
                return;
            }
            if (group == null) {
                createGroup(commit.groupId());
            }
            store(commit, response);
        });
    }

    private void store(OffsetCommit commit, CompletableFuture<Map<TopicPartition, Errors>> response) {
        long now = clock.millis();
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Map<TopicPartition, CommittedOffset> accepted = new HashMap<>();
        commit.offsets().forEach((tp, offset) -> {
            String metadata = offset.metadata() == null ? "" : offset.metadata();
            if (metadata.length() > config.offsetMetadataMaxBytes()) {
                errors.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
            } else {
                accepted.put(tp, new CommittedOffset(offset.offset(), offset.leaderEpoch(), metadata, now));
                errors.put(tp, Errors.NONE);
            }
        });
        offsets.store(commit.groupId(), accepted).whenComplete((done, failure) -> {
            if (failure != null) {
                Errors error = Errors.forException(failure);
                accepted.keySet().forEach(tp -> errors.put(tp, error));
            }
            response.complete(errors);
        });
    }

    /**
     * The group's committed offsets of the given partitions (those without one are left out), or of every
     * partition when {@code partitions} is null. Completes exceptionally with {@link InvalidGroupIdException}
     * for an empty group id.
     */
    public CompletableFuture<Map<TopicPartition, CommittedOffset>> fetchOffsets(String groupId, List<TopicPartition> partitions) {
        return onGroupThread(response -> {
            if (groupId.isEmpty()) {
                response.completeExceptionally(new InvalidGroupIdException("The group id is empty"));
                return;
            }
            Map<TopicPartition, CommittedOffset> all = offsets.offsets(groupId);
            if (partitions == null) {
                response.complete(all);
            } else {
                Map<TopicPartition, CommittedOffset> wanted = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    CommittedOffset offset = all.get(tp);
                    if (offset != null) {
                        wanted.put(tp, offset);
                    }
                }
                response.complete(wanted);
            }
        });
    }

    /** Every group whose state is named in {@code states} (ignoring case), or every group when it is empty. */
    public CompletableFuture<List<GroupListing>> listGroups(Set<String> states) {
        Set<String> wanted = states.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return onGroupThread(response -> response.complete(groups.values().stream()
                .filter(g -> wanted.isEmpty() || wanted.contains(g.state().kafkaName().toLowerCase(Locale.ROOT)))
                .map(ClassicGroup::listing)
                .toList()));
    }

    /** One description per requested id, in order; unknown groups are described as not existing. */
    public CompletableFuture<List<GroupDescription>> describeGroups(List<String> groupIds) {
        return onGroupThread(response -> {
            List<GroupDescription> descriptions = new ArrayList<>(groupIds.size());
            for (String groupId : groupIds) {
                ClassicGroup group = groups.get(groupId);
                descriptions.add(group == null ? GroupDescription.unknown(groupId) : group.describe());
            }
            response.complete(descriptions);
        });
    }

    private void scheduleOffsetExpiry() {
        try {
            thread.schedule(this::expireOffsets, config.offsetsRetentionCheckIntervalMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The scheduler is shutting down with the node: nothing left to expire.
        }
    }

    private void expireOffsets() {
        long now = clock.millis();
        for (ClassicGroup group : List.copyOf(groups.values())) {
            if (!group.isVacant()) {
                continue;
            }
            Map<TopicPartition, CommittedOffset> committed = offsets.offsets(group.groupId());
            OptionalLong agesFrom = group.offsetsAgeFromMs();
            Set<TopicPartition> expired = committed.entrySet().stream()
                    .filter(e -> now - agesFrom.orElse(e.getValue().commitTimestampMs()) >= config.offsetsRetentionMs())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            if (!expired.isEmpty()) {
                offsets.delete(group.groupId(), expired);
            }
            if (expired.size() == committed.size()) {
                group.markDead();
                groups.remove(group.groupId());
            }
        }
        scheduleOffsetExpiry();
    }

    private ClassicGroup createGroup(String groupId) {
        ClassicGroup group = new ClassicGroup(groupId, config, thread, clock);
        groups.put(groupId, group);
        return group;
    }

    private <T> CompletableFuture<T> onGroupThread(Consumer<CompletableFuture<T>> operation) {
        CompletableFuture<T> response = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    operation.accept(response);
                } catch (RuntimeException e) {
                    response.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            response.completeExceptionally(new CoordinatorNotAvailableException("The group coordinator is stopped"));
        }
        return response;
    }
}

package io.partita.engine.group;

import io.partita.engine.logging.RepeatedFailureLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The share groups (KIP-932) of the group coordinator: creating them at a first join (or an offsets reset), restoring
 * them from the replayed {@link OffsetsTopicState} (when their partition is loaded, and when a change could not be
 * written: the group goes back to what its records say), dropping them with their partition, deleting them, keeping
 * which share partitions each has state of, and telling {@link ShareMemberListener}s of members that are gone. The coordinator checks, before it calls here, that the group id is served by this node and is not a classic
 * or consumer group's (the kinds share one id space and, as in Kafka, a share group never becomes another kind).
 *
 * <p>Confined to the coordinator's thread, except {@link #addListener} (any thread).
 */
final class ShareGroups {

    private static final System.Logger LOG = System.getLogger(ShareGroups.class.getName());
    private static final long FAILURE_REPORT_MS = 30_000;

    private final ShareGroupConfig config;
    private final Predicate<String> otherKind;
    private final GroupRecordWriter writer;
    private final OffsetsTopicState state;
    private final ScheduledExecutorService thread;
    private final Map<String, ShareGroup> groups = new HashMap<>();
    /** Groups whose latest change could not be written: {@link #restore}d before anything else sees them. */
    private final Set<String> unwritten = new HashSet<>();
    private final List<ShareMemberListener> listeners = new CopyOnWriteArrayList<>();
    private final RepeatedFailureLog storeFailures = new RepeatedFailureLog(LOG, "Storing a share group", FAILURE_REPORT_MS);
    private final RepeatedFailureLog listenerFailures = new RepeatedFailureLog(LOG, "Telling of a share group member gone",
            FAILURE_REPORT_MS);

    /** @param otherKind whether an id is a classic or consumer group's */
    ShareGroups(ShareGroupConfig config, GroupRecordWriter writer, OffsetsTopicState state, ScheduledExecutorService thread,
                Predicate<String> otherKind) {
        this.otherKind = otherKind;
        this.config = config;
        this.writer = writer;
        this.state = state;
        this.thread = thread;
    }

    void addListener(ShareMemberListener listener) {
        listeners.add(listener);
    }

    boolean contains(String groupId) {
        return groups.containsKey(groupId);
    }

    /** Makes the share group what the state says (replacing the live one); members restored start their sessions now. */
    void restore(String groupId) {
        unwritten.remove(groupId);
        ShareGroup live = groups.remove(groupId);
        if (live != null) live.markDead();
        if (state.metadata(groupId) instanceof GroupRecord.ShareGroupMetadata stored) {
            groups.put(groupId, ShareGroup.restore(groupId, stored.group(), config, thread, storing(groupId), this::tellGone));
        }
    }

    private void restoreIfUnwritten(String groupId) {
        if (unwritten.contains(groupId)) restore(groupId);
    }

    /** Forgets the groups this node no longer serves (their members are not gone: another coordinator has them). */
    void drop(Predicate<String> unserved) {
        for (ShareGroup group : List.copyOf(groups.values())) {
            if (unserved.test(group.groupId())) {
                group.markDead();
                groups.remove(group.groupId());
            }
        }
    }

    /** Serves a heartbeat of a served id: a join creates the group; another kind's id is GROUP_ID_NOT_FOUND. */
    MemberHeartbeatResult heartbeat(ShareHeartbeat request, Map<String, Integer> topics) {
        String groupId = request.groupId();
        if (otherKind.test(groupId)) {
            return MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND, GroupMetadataManager.notA(groupId, "share"));
        }
        ShareGroup group = groups.get(groupId);
        if (group == null) {
            if (request.memberEpoch() != ShareHeartbeat.JOIN_EPOCH) {
                boolean leaving = request.memberEpoch() == ShareHeartbeat.LEAVE_EPOCH;
                return MemberHeartbeatResult.error(Errors.GROUP_ID_NOT_FOUND,
                        (leaving ? "Group " : "Share group ") + groupId + " not found.");
            }
            group = new ShareGroup(groupId, config, thread, storing(groupId), this::tellGone);
            groups.put(groupId, group);
        }
        MemberHeartbeatResult result = group.heartbeat(request, topics);
        restoreIfUnwritten(groupId);
        return result;
    }

    /** The description of a served id: GROUP_ID_NOT_FOUND when it is no share group. */
    ShareGroupDescription describe(String groupId) {
        ShareGroup group = groups.get(groupId);
        if (group != null) {
            return group.describe();
        }
        return ShareGroupDescription.error(groupId, Errors.GROUP_ID_NOT_FOUND, otherKind.test(groupId)
                ? GroupMetadataManager.notA(groupId, "share") : "Group " + groupId + " not found.");
    }

    /**
     * Whether a served group's share offsets may be changed now: not when it has members (NON_EMPTY_GROUP) or is another
     * kind's (GROUP_ID_NOT_FOUND), nor, when {@code mustExist}, when it does not exist (GROUP_ID_NOT_FOUND).
     */
    ShareOffsetsScope offsetsChangeable(String groupId, boolean mustExist) {
        if (otherKind.test(groupId)) {
            return ShareOffsetsScope.refused(Errors.GROUP_ID_NOT_FOUND, GroupMetadataManager.notA(groupId, "share"));
        } else if (hasMembers(groupId)) {
            return ShareOffsetsScope.refused(Errors.NON_EMPTY_GROUP, Errors.NON_EMPTY_GROUP.message());
        } else if (mustExist && !contains(groupId)) {
            return ShareOffsetsScope.refused(Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " not found.");
        }
        return new ShareOffsetsScope(Errors.NONE, null, statePartitions(groupId));
    }

    /** The share partitions the group has state of; none when it is no share group. */
    Set<TopicPartition> statePartitions(String groupId) {
        ShareGroup group = groups.get(groupId);
        return group == null ? Set.of() : group.statePartitions();
    }

    private boolean hasMembers(String groupId) {
        ShareGroup group = groups.get(groupId);
        return group != null && !group.isEmpty();
    }

    /**
     * Records share partitions whose offsets were just altered, creating the group, without members, when it does not
     * exist (as Kafka's offsets reset does); NONE, the store's error, or GROUP_ID_NOT_FOUND for another kind's id.
     */
    Errors offsetsAltered(String groupId, Set<TopicPartition> partitions) {
        if (otherKind.test(groupId)) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        ShareGroup group = groups.get(groupId);
        boolean created = group == null;
        if (created) group = new ShareGroup(groupId, config, thread, storing(groupId), this::tellGone);
        Errors stored = group.addStatePartitions(partitions);
        if (created && stored == Errors.NONE) groups.put(groupId, group);
        restoreIfUnwritten(groupId);
        return stored;
    }

    /** Forgets the share partitions of {@code topics}, whose state was deleted; NONE or the store's error. */
    Errors offsetsDeleted(String groupId, Set<String> topics) {
        ShareGroup group = groups.get(groupId);
        Errors stored = group == null ? Errors.NONE : group.removeStateTopics(topics);
        restoreIfUnwritten(groupId);
        return stored;
    }

    /** The empty share groups among {@code groupIds}, with the share partitions each has state of. */
    Map<String, Set<TopicPartition>> emptyGroupStates(Collection<String> groupIds) {
        Map<String, Set<TopicPartition>> empty = new HashMap<>();
        for (String groupId : groupIds) {
            ShareGroup group = groups.get(groupId);
            if (group != null && group.isEmpty()) empty.put(groupId, group.statePartitions());
        }
        return empty;
    }

    List<GroupListing> listings() {
        return groups.values().stream().map(ShareGroup::listing).toList();
    }

    /** Deletes an empty share group (DeleteGroups): NONE, NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND or the store's error. */
    Errors delete(String groupId) {
        ShareGroup group = groups.get(groupId);
        if (group == null) {
            return Errors.GROUP_ID_NOT_FOUND;
        } else if (!group.isEmpty()) {
            return Errors.NON_EMPTY_GROUP;
        }
        try {
            writer.deleteGroup(groupId);
        } catch (ApiException e) {
            return Errors.forException(e);
        }
        group.markDead();
        groups.remove(groupId);
        return Errors.NONE;
    }

    /**
     * Writes a group's change; when the store refuses it, the group is {@link #restore}d to what its records say once
     * the operation that changed it returns (at once after a request, next on the thread after a timer).
     */
    private Function<StoredShareGroup, Errors> storing(String groupId) {
        return stored -> {
            try {
                writer.writeMetadata(new GroupRecord.ShareGroupMetadata(groupId, stored));
                return Errors.NONE;
            } catch (ApiException e) {
                storeFailures.failed("group " + groupId + ": " + e.getMessage());
                unwritten.add(groupId);
                try {
                    thread.execute(() -> restoreIfUnwritten(groupId));
                } catch (RejectedExecutionException stopping) {
                    // the coordinator is stopping: nothing will read the group again
                }
                return Errors.forException(e);
            }
        };
    }

    private void tellGone(String groupId, String memberId) {
        for (ShareMemberListener listener : listeners) {
            try {
                listener.memberGone(groupId, memberId);
            } catch (RuntimeException e) {
                listenerFailures.failed("member " + memberId + " of group " + groupId + ": " + e);
            }
        }
    }
}

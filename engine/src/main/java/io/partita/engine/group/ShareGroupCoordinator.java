package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The share-group (KIP-932) APIs of the group coordinator: ShareGroupHeartbeat, ShareGroupDescribe and what the
 * share group offset APIs and DeleteGroups ask of share groups. A dispatcher, as {@link GroupCoordinator}, that
 * shares its thread and served partitions ({@link GroupCalls}) and its {@link ShareGroups}: it checks that this node
 * serves the group and hands the operation to the {@link ShareGroups}, which write their changes before applying
 * them. Made by, and obtained from, {@link GroupCoordinator#shareGroupCoordinator()}; the share groups' JoinGroup, commit,
 * listing and deletion refusals stay there, with the other kinds of group.
 *
 * <p>Thread-safe: any method may be called from any thread; every operation runs on the group coordinator's thread,
 * to which the share groups are confined.
 */
public final class ShareGroupCoordinator {

    private final GroupCalls calls;
    private final ShareGroups shareGroups;

    ShareGroupCoordinator(GroupCalls calls, ShareGroups shareGroups) {
        this.calls = calls;
        this.shareGroups = shareGroups;
    }

    /**
     * Serves a ShareGroupHeartbeat whose fields are well-formed (the protocol layer checks those).
     *
     * @param topics partition count of every topic in the cluster now
     */
    public CompletableFuture<MemberHeartbeatResult> shareGroupHeartbeat(ShareHeartbeat request, Map<String, Integer> topics) {
        return calls.serving(request.groupId(), calls::ownership, error -> MemberHeartbeatResult.error(error, null),
                () -> shareGroups.heartbeat(request, topics));
    }

    /**
     * ShareGroupDescribe: one description per requested id, in order; others are described as not found, groups this
     * node does not serve now with NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS.
     */
    public CompletableFuture<List<ShareGroupDescription>> describeShareGroups(List<String> groupIds) {
        return calls.describing(groupIds, (groupId, error) -> ShareGroupDescription.error(groupId, error, null),
                shareGroups::describe);
    }

    /**
     * The share partitions a share group has state of, for DescribeShareGroupOffsets of all its topics: none for an
     * id that is no share group (Kafka 4.4 answers such a group without error); NOT_COORDINATOR or
     * COORDINATOR_LOAD_IN_PROGRESS when this node does not serve it now.
     */
    public CompletableFuture<ShareOffsetsScope> shareStatePartitions(String groupId) {
        return calls.serving(groupId, calls::ownership, error -> ShareOffsetsScope.refused(error, null),
                () -> new ShareOffsetsScope(Errors.NONE, null, shareGroups.statePartitions(groupId)));
    }

    /**
     * Whether a share group's offsets may be altered now (AlterShareGroupOffsets): a group that does not exist may (the
     * alteration creates it); one with members is NON_EMPTY_GROUP, another kind's id GROUP_ID_NOT_FOUND, as in Kafka 4.4.
     */
    public CompletableFuture<ShareOffsetsScope> shareOffsetsAlterable(String groupId) {
        return calls.serving(groupId, calls::refused, error -> ShareOffsetsScope.refused(error, null),
                () -> shareGroups.offsetsChangeable(groupId, false));
    }

    /**
     * Whether a share group's offsets may be deleted now (DeleteShareGroupOffsets): as {@link #shareOffsetsAlterable},
     * but a group that does not exist is GROUP_ID_NOT_FOUND.
     */
    public CompletableFuture<ShareOffsetsScope> shareOffsetsDeletable(String groupId) {
        return calls.serving(groupId, calls::refused, error -> ShareOffsetsScope.refused(error, null),
                () -> shareGroups.offsetsChangeable(groupId, true));
    }

    /**
     * Records share partitions whose state was just set at new start offsets, creating the share group when it does
     * not exist; NONE, the store's error, or GROUP_ID_NOT_FOUND when the id became another kind's meanwhile.
     */
    public CompletableFuture<Errors> shareOffsetsAltered(String groupId, Set<TopicPartition> partitions) {
        return calls.serving(groupId, calls::ownership, error -> error, () -> shareGroups.offsetsAltered(groupId, partitions));
    }

    /** Forgets the share partitions of topics whose state was just deleted; NONE or the store's error. */
    public CompletableFuture<Errors> shareOffsetsDeleted(String groupId, Set<String> topics) {
        return calls.serving(groupId, calls::ownership, error -> error, () -> shareGroups.offsetsDeleted(groupId, topics));
    }

    /**
     * The empty share groups this node serves among {@code groupIds}, with the share partitions each has state of: the
     * state DeleteGroups deletes before the groups themselves (as Kafka 4.4 does).
     */
    public CompletableFuture<Map<String, Set<TopicPartition>>> emptyShareGroupStates(List<String> groupIds) {
        return calls.submit(response -> response.complete(shareGroups.emptyGroupStates(
                groupIds.stream().filter(id -> calls.ownership(id) == Errors.NONE).toList())));
    }

    /** Tells {@code listener} of every share group member gone from now on (see {@link ShareMemberListener}). */
    public void addShareMemberListener(ShareMemberListener listener) {
        shareGroups.addListener(Objects.requireNonNull(listener, "listener"));
    }
}

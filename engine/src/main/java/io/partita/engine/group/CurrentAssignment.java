package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Objects;
import java.util.Set;

import static io.partita.engine.group.ConsumerGroupMember.State.STABLE;

/**
 * Where one group member stands with its partitions: its epoch, the epoch before it (which a member that lost the
 * answer to its last heartbeat still sends), its reconciliation state, the partitions it owns and those it must give
 * up before it gets its next epoch.
 *
 * <p>Invariants: {@code assigned} and {@code pendingRevocation} are disjoint; {@code pendingRevocation} is empty
 * unless the state is {@link ConsumerGroupMember.State#UNREVOKED_PARTITIONS}, in which the epoch is still the one of
 * the assignment being revoked from. A share-group member, which never revokes, is always STABLE with nothing pending.
 *
 * <p>Immutable and thread-safe; {@link CurrentAssignmentBuilder} computes the next one.
 */
record CurrentAssignment(int memberEpoch, int previousMemberEpoch, ConsumerGroupMember.State state,
                         Set<TopicPartition> assigned, Set<TopicPartition> pendingRevocation) {

    /** A member that has not joined yet: epoch 0, nothing owned. */
    static final CurrentAssignment NONE = new CurrentAssignment(0, 0, STABLE, Set.of(), Set.of());

    CurrentAssignment {
        Objects.requireNonNull(state, "state");
        assigned = Set.copyOf(assigned);
        pendingRevocation = Set.copyOf(pendingRevocation);
    }

    /** The same partitions and state under another epoch (a static member leaving for now, or taken over). */
    CurrentAssignment withEpoch(int epoch) {
        return new CurrentAssignment(epoch, previousMemberEpoch, state, assigned, pendingRevocation);
    }

    /** What a member that lost its partitions (fenced, or restarted with its id) starts over from: epoch 0, nothing. */
    CurrentAssignment abandoned() {
        return new CurrentAssignment(0, previousMemberEpoch, STABLE, Set.of(), Set.of());
    }

    /**
     * At {@code epoch} in {@code state} with {@code partitions} and nothing pending; the epoch left becomes the
     * previous one (unless it is {@code epoch} already).
     */
    CurrentAssignment advancedTo(int epoch, ConsumerGroupMember.State state, Set<TopicPartition> partitions) {
        int previous = epoch == memberEpoch ? previousMemberEpoch : memberEpoch;
        return new CurrentAssignment(epoch, previous, state, partitions, Set.of());
    }

    /**
     * Whether a heartbeat with {@code epoch} is fenced (FENCED_MEMBER_EPOCH): an epoch above the member's is; one
     * below it is accepted only as the previous epoch (the member may not have seen its new one) and only while the
     * member owns nothing it should not.
     *
     * @param owned the partitions the heartbeat says the member owns; null when it does not say
     */
    boolean fences(int epoch, Set<TopicPartition> owned) {
        if (epoch > memberEpoch) {
            return true;
        } else if (epoch < memberEpoch) {
            return epoch != previousMemberEpoch || owned != null && !assigned.containsAll(owned);
        }
        return false;
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import static io.partita.engine.group.ConsumerGroupMember.State.STABLE;
import static io.partita.engine.group.ConsumerGroupMember.State.UNRELEASED_PARTITIONS;
import static io.partita.engine.group.ConsumerGroupMember.State.UNREVOKED_PARTITIONS;

/**
 * The reconciliation of group members (as Kafka's {@code CurrentAssignmentBuilder}): from a member's
 * {@link CurrentAssignment}, its target and what other members still own, the member's next one, one heartbeat's
 * step.
 *
 * <p>A consumer-group member moves to its target in steps: first it gives up the partitions it no longer gets,
 * keeping its epoch, until a heartbeat shows it owns none of them; then it gets the target epoch with every partition
 * of its target that no other member owns, and the others as they are released. So a partition reaches its new owner
 * only after its previous owner released it. A share-group member gets its whole target with the target epoch at
 * once: a share partition may be consumed by several members, so nothing is revoked first.
 *
 * <p>Pure: the result depends only on the arguments, which are not changed (the ownership predicate is only asked);
 * no clock, no I/O. Thread-safe.
 */
final class CurrentAssignmentBuilder {

    private CurrentAssignmentBuilder() {
    }

    /**
     * A consumer-group member's next assignment; {@code current} (or one equal to it) when it cannot move yet: it is
     * stable at the target epoch, has not shown it revoked its pending partitions, or still waits for the same
     * partitions other members own.
     *
     * @param targetEpoch   the group's assignment epoch
     * @param target        the member's partitions in the target assignment
     * @param owned         the partitions the member's heartbeat says it owns; null when it does not say
     * @param ownedByOthers whether another member owns a partition, assigned or pending revocation; asked only
     *                      when the member takes its target epoch
     */
    static CurrentAssignment reconcile(CurrentAssignment current, int targetEpoch, Set<TopicPartition> target,
                                       Set<TopicPartition> owned, Predicate<TopicPartition> ownedByOthers) {
        return switch (current.state()) {
            case STABLE -> current.memberEpoch() == targetEpoch ? current
                    : nextStep(current, targetEpoch, target, ownedByOthers);
            case UNREVOKED_PARTITIONS -> owned != null && Collections.disjoint(owned, current.pendingRevocation())
                    ? nextStep(current, targetEpoch, target, ownedByOthers) : current;
            case UNRELEASED_PARTITIONS -> nextStep(current, targetEpoch, target, ownedByOthers);
        };
    }

    /** A share-group member's next assignment: its whole target, at the target epoch. */
    static CurrentAssignment share(CurrentAssignment current, int targetEpoch, Set<TopicPartition> target) {
        return current.advancedTo(targetEpoch, STABLE, target);
    }

    /**
     * First revoke what the member must give up (keeping its epoch); with nothing to revoke, take the target epoch with
     * every partition of the target that no other member owns.
     */
    private static CurrentAssignment nextStep(CurrentAssignment current, int targetEpoch, Set<TopicPartition> target,
                                              Predicate<TopicPartition> ownedByOthers) {
        Set<TopicPartition> kept = new HashSet<>(current.assigned());
        kept.retainAll(target);
        Set<TopicPartition> revoked = new HashSet<>(current.assigned());
        revoked.removeAll(target);
        if (!revoked.isEmpty()) {
            return new CurrentAssignment(current.memberEpoch(), current.previousMemberEpoch(), UNREVOKED_PARTITIONS,
                    kept, revoked);
        }
        boolean unreleased = false;
        for (TopicPartition tp : target) {
            if (ownedByOthers.test(tp)) {
                unreleased = true;
            } else {
                kept.add(tp);
            }
        }
        return current.advancedTo(targetEpoch, unreleased ? UNRELEASED_PARTITIONS : STABLE, kept);
    }
}

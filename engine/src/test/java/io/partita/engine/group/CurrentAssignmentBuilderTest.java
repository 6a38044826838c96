package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import static io.partita.engine.group.ConsumerGroupMember.State.STABLE;
import static io.partita.engine.group.ConsumerGroupMember.State.UNRELEASED_PARTITIONS;
import static io.partita.engine.group.ConsumerGroupMember.State.UNREVOKED_PARTITIONS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation of one member, heartbeat by heartbeat: joining, following a changed target, revoking before
 * partitions move to another member, acknowledging a revocation, share members, and which epochs a heartbeat may
 * carry.
 */
class CurrentAssignmentBuilderTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition A2 = new TopicPartition("a", 2);
    private static final Predicate<TopicPartition> NOBODY = tp -> false;

    @Test
    void aJoiningMemberTakesTheTargetEpochWithItsWholeTargetWhenNobodyOwnsIt() {
        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(CurrentAssignment.NONE, 1, Set.of(A0, A1), Set.of(), NOBODY);

        assertThat(next).isEqualTo(new CurrentAssignment(1, 0, STABLE, Set.of(A0, A1), Set.of()));
    }

    @Test
    void aJoiningMemberWaitsForThePartitionsAnotherMemberStillOwnsButTakesItsEpochAndTheOthers() {
        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(CurrentAssignment.NONE, 3, Set.of(A0, A1), Set.of(),
                Set.of(A1)::contains);

        assertThat(next).isEqualTo(new CurrentAssignment(3, 0, UNRELEASED_PARTITIONS, Set.of(A0), Set.of()));
    }

    @Test
    void aStableMemberAtTheTargetEpochStaysAsItIs() {
        CurrentAssignment stable = new CurrentAssignment(2, 1, STABLE, Set.of(A0), Set.of());

        assertThat(CurrentAssignmentBuilder.reconcile(stable, 2, Set.of(A0), Set.of(A0), NOBODY)).isSameAs(stable);
    }

    @Test
    void aTargetThatOnlyAddsPartitionsMovesTheMemberToTheNewEpochAtOnce() {
        CurrentAssignment stable = new CurrentAssignment(2, 1, STABLE, Set.of(A0), Set.of());

        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(stable, 3, Set.of(A0, A1), Set.of(A0), NOBODY);

        assertThat(next).isEqualTo(new CurrentAssignment(3, 2, STABLE, Set.of(A0, A1), Set.of()));
    }

    @Test
    void aTargetThatTakesPartitionsAwayFirstRevokesThemKeepingTheEpochAndWithoutAskingWhoOwnsWhat() {
        CurrentAssignment stable = new CurrentAssignment(2, 1, STABLE, Set.of(A0, A1), Set.of());
        Predicate<TopicPartition> unasked = tp -> {
            throw new AssertionError("asked who owns " + tp + " while revoking");
        };

        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(stable, 3, Set.of(A0, A2), Set.of(A0, A1), unasked);

        assertThat(next).isEqualTo(new CurrentAssignment(2, 1, UNREVOKED_PARTITIONS, Set.of(A0), Set.of(A1)));
    }

    @Test
    void aMemberStaysRevokingWhileItsHeartbeatStillOwnsARevokedPartitionOrDoesNotSay() {
        CurrentAssignment revoking = new CurrentAssignment(2, 1, UNREVOKED_PARTITIONS, Set.of(A0), Set.of(A1));

        assertThat(CurrentAssignmentBuilder.reconcile(revoking, 3, Set.of(A0, A2), Set.of(A0, A1), NOBODY)).isSameAs(revoking);
        assertThat(CurrentAssignmentBuilder.reconcile(revoking, 3, Set.of(A0, A2), null, NOBODY)).isSameAs(revoking);
    }

    @Test
    void aMemberThatAcknowledgesTheRevocationTakesTheTargetEpochAndItsNewPartitions() {
        CurrentAssignment revoking = new CurrentAssignment(2, 1, UNREVOKED_PARTITIONS, Set.of(A0), Set.of(A1));

        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(revoking, 3, Set.of(A0, A2), Set.of(A0), NOBODY);

        assertThat(next).isEqualTo(new CurrentAssignment(3, 2, STABLE, Set.of(A0, A2), Set.of()));
    }

    @Test
    void aTargetChangedDuringARevocationIsRevokedFromInTurnOnceTheFirstIsAcknowledged() {
        CurrentAssignment revoking = new CurrentAssignment(2, 1, UNREVOKED_PARTITIONS, Set.of(A0, A2), Set.of(A1));

        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(revoking, 4, Set.of(A2), Set.of(A0, A2), NOBODY);

        assertThat(next).isEqualTo(new CurrentAssignment(2, 1, UNREVOKED_PARTITIONS, Set.of(A2), Set.of(A0)));
    }

    @Test
    void aPartitionReachesItsNewOwnerOnlyAfterItsPreviousOwnerRevokedIt() {
        // a owns A0 and A1 at epoch 1; at epoch 2 the target moves A1 to b, which joins.
        CurrentAssignment a = new CurrentAssignment(1, 0, STABLE, Set.of(A0, A1), Set.of());
        CurrentAssignment b = CurrentAssignment.NONE;

        a = CurrentAssignmentBuilder.reconcile(a, 2, Set.of(A0), Set.of(A0, A1), owned(b));
        b = CurrentAssignmentBuilder.reconcile(b, 2, Set.of(A1), Set.of(), owned(a));
        assertThat(a).isEqualTo(new CurrentAssignment(1, 0, UNREVOKED_PARTITIONS, Set.of(A0), Set.of(A1)));
        assertThat(b).isEqualTo(new CurrentAssignment(2, 0, UNRELEASED_PARTITIONS, Set.of(), Set.of()));

        CurrentAssignment stillWaiting = CurrentAssignmentBuilder.reconcile(b, 2, Set.of(A1), Set.of(), owned(a));
        assertThat(stillWaiting).isEqualTo(b);

        a = CurrentAssignmentBuilder.reconcile(a, 2, Set.of(A0), Set.of(A0), owned(b));
        b = CurrentAssignmentBuilder.reconcile(b, 2, Set.of(A1), Set.of(), owned(a));
        assertThat(a).isEqualTo(new CurrentAssignment(2, 1, STABLE, Set.of(A0), Set.of()));
        assertThat(b).isEqualTo(new CurrentAssignment(2, 0, STABLE, Set.of(A1), Set.of()));
    }

    @Test
    void aShareMemberTakesItsWholeTargetAtOnceEvenWhatOthersConsumeToo() {
        CurrentAssignment share = new CurrentAssignment(2, 1, STABLE, Set.of(A0, A1), Set.of());

        assertThat(CurrentAssignmentBuilder.share(share, 3, Set.of(A1, A2)))
                .isEqualTo(new CurrentAssignment(3, 2, STABLE, Set.of(A1, A2), Set.of()));
        assertThat(CurrentAssignmentBuilder.share(share, 2, Set.of(A0, A1))).isEqualTo(share);
    }

    @Test
    void aHeartbeatWithTheMembersEpochIsAcceptedAndOneAboveItIsFenced() {
        CurrentAssignment current = new CurrentAssignment(5, 3, STABLE, Set.of(A0), Set.of());

        assertThat(current.fences(5, Set.of(A0, A1))).isFalse();
        assertThat(current.fences(6, Set.of(A0))).isTrue();
        assertThat(current.fences(6, null)).isTrue();
    }

    @Test
    void thePreviousEpochIsAcceptedOnlyWhileTheMemberOwnsNothingItShouldNot() {
        CurrentAssignment current = new CurrentAssignment(5, 3, STABLE, Set.of(A0), Set.of());

        assertThat(current.fences(3, Set.of(A0))).isFalse();
        assertThat(current.fences(3, null)).isFalse();
        assertThat(current.fences(3, Set.of(A0, A1))).isTrue();
        assertThat(current.fences(4, Set.of(A0))).isTrue();
        assertThat(current.fences(2, null)).isTrue();
    }

    @Test
    void aMemberStartingOverOwnsNothingAtEpochZeroAndAStaticLeaveKeepsItsPartitions() {
        CurrentAssignment revoking = new CurrentAssignment(5, 3, UNREVOKED_PARTITIONS, Set.of(A0), Set.of(A1));

        assertThat(revoking.abandoned()).isEqualTo(new CurrentAssignment(0, 3, STABLE, Set.of(), Set.of()));
        assertThat(revoking.withEpoch(-2)).isEqualTo(new CurrentAssignment(-2, 3, UNREVOKED_PARTITIONS, Set.of(A0), Set.of(A1)));
    }

    @Test
    void theResultDoesNotShareTheCallersSets() {
        Set<TopicPartition> target = new HashSet<>(Set.of(A0, A1));

        CurrentAssignment next = CurrentAssignmentBuilder.reconcile(CurrentAssignment.NONE, 1, target, Set.of(), NOBODY);
        target.clear();

        assertThat(next.assigned()).containsExactlyInAnyOrder(A0, A1);
    }

    private static Predicate<TopicPartition> owned(CurrentAssignment other) {
        return tp -> other.assigned().contains(tp) || other.pendingRevocation().contains(tp);
    }
}

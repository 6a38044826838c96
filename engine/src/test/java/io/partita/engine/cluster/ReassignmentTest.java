package io.partita.engine.cluster;

import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReassignmentTest {

    private static final Set<Integer> BROKERS = Set.of(1, 2, 3, 4, 5);
    /** Replicas [1, 2, 3], led by 1 at epoch 7, all in sync. */
    private static final PartitionAssignment P = new PartitionAssignment(0, List.of(1, 2, 3), 1, 7, List.of(1, 2, 3), 2);

    @Test
    void startingWidensTheReplicasToTheTargetFollowedByTheRemovedOnes() {
        PartitionAssignment started = Reassignment.start(P, List.of(4, 2, 5), BROKERS, true);

        assertThat(started.replicas()).containsExactly(4, 2, 5, 1, 3);
        assertThat(started.addingReplicas()).containsExactly(4, 5);
        assertThat(started.removingReplicas()).containsExactly(1, 3);
        assertThat(started.targetReplicas()).containsExactly(4, 2, 5);
        assertThat(started.originalReplicas()).containsExactly(2, 1, 3);
        assertThat(started.leader()).isEqualTo(1);
        assertThat(started.leaderEpoch()).isEqualTo(7);
        assertThat(started.isr()).containsExactly(1, 2, 3);
    }

    @Test
    void itFinishesOnlyOnceEveryTargetReplicaIsInSyncThenMovesLeadershipOffARemovedLeader() {
        PartitionAssignment started = Reassignment.start(P, List.of(4, 2, 5), BROKERS, true);
        assertThat(Reassignment.progress(started.withIsr(List.of(1, 2, 3, 4)), BROKERS)).isEqualTo(started.withIsr(List.of(1, 2, 3, 4)));

        PartitionAssignment done = Reassignment.progress(started.withIsr(List.of(1, 2, 3, 4, 5)), BROKERS);

        assertThat(done.reassigning()).isFalse();
        assertThat(done.replicas()).containsExactly(4, 2, 5);
        assertThat(done.isr()).containsExactly(2, 4, 5);
        assertThat(done.leader()).isEqualTo(4);
        assertThat(done.leaderEpoch()).isEqualTo(8);
    }

    @Test
    void aLeaderThatStaysKeepsLeadingAtItsEpoch() {
        PartitionAssignment started = Reassignment.start(P, List.of(2, 1, 4), BROKERS, true);

        PartitionAssignment done = Reassignment.progress(started.withIsr(List.of(1, 2, 3, 4)), BROKERS);

        assertThat(done.replicas()).containsExactly(2, 1, 4);
        assertThat(done.leader()).isEqualTo(1);
        assertThat(done.leaderEpoch()).isEqualTo(7);
        assertThat(done.isr()).containsExactly(1, 2, 4);
    }

    @Test
    void aNewTargetReplacesTheRunningOneFromTheOriginalReplicas() {
        PartitionAssignment first = Reassignment.start(P, List.of(4, 5, 3), BROKERS, true);

        PartitionAssignment second = Reassignment.start(first, List.of(1, 2, 5), BROKERS, true);

        assertThat(second.replicas()).containsExactly(1, 2, 5, 3);
        assertThat(second.addingReplicas()).containsExactly(5);
        assertThat(second.removingReplicas()).containsExactly(3);
    }

    @Test
    void cancellingGoesBackToTheOriginalReplicasAndNeedsARunningReassignment() {
        PartitionAssignment started = Reassignment.start(P, List.of(4, 5, 3), BROKERS, true);

        PartitionAssignment cancelled = Reassignment.cancel(started.withIsr(List.of(1, 2, 3, 4)), BROKERS);

        // The replica set comes back; kept replicas keep the target's order (the replicas list minus the added).
        assertThat(cancelled.replicas()).containsExactly(3, 1, 2);
        assertThat(cancelled.leader()).isEqualTo(1);
        assertThat(cancelled.isr()).containsExactly(1, 2, 3);
        assertThat(cancelled.reassigning()).isFalse();
        assertThatThrownBy(() -> Reassignment.cancel(cancelled, BROKERS)).isInstanceOf(NoReassignmentInProgressException.class);
    }

    @Test
    void badTargetsAreRefusedAsKafkaRefusesThem() {
        assertThatThrownBy(() -> Reassignment.start(P, List.of(), BROKERS, true)).isInstanceOf(InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> Reassignment.start(P, List.of(1, 1, 2), BROKERS, true)).isInstanceOf(InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> Reassignment.start(P, List.of(1, 2, 9), BROKERS, true))
                .isInstanceOf(InvalidReplicaAssignmentException.class).hasMessageContaining("broker 9");
        assertThatThrownBy(() -> Reassignment.start(P, List.of(1, 2), BROKERS, false)).isInstanceOf(InvalidReplicationFactorException.class);
        assertThat(Reassignment.start(P, List.of(1, 2), BROKERS, true).removingReplicas()).containsExactly(3);
    }
}

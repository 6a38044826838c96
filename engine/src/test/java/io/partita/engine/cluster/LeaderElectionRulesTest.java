package io.partita.engine.cluster;

import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.EligibleLeadersNotAvailableException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LeaderElection}'s rules, partition by partition. */
class LeaderElectionRulesTest {

    private static PartitionAssignment led(int leader, List<Integer> isr) {
        return new PartitionAssignment(0, List.of(1, 2, 3), leader, 5, isr, 1);
    }

    @Test
    void preferredElectionNeedsTheFirstReplicaAliveAndInSync() {
        assertThat(LeaderElection.preferred(led(2, List.of(1, 2, 3)), Set.of(1, 2, 3)).leader()).isEqualTo(1);
        assertThat(LeaderElection.preferred(led(2, List.of(1, 2, 3)), Set.of(1, 2, 3)).leaderEpoch()).isEqualTo(6);
        assertThatThrownBy(() -> LeaderElection.preferred(led(1, List.of(1, 2, 3)), Set.of(1, 2, 3)))
                .isInstanceOf(ElectionNotNeededException.class);
        assertThatThrownBy(() -> LeaderElection.preferred(led(2, List.of(2, 3)), Set.of(1, 2, 3)))
                .isInstanceOf(PreferredLeaderNotAvailableException.class);
        assertThatThrownBy(() -> LeaderElection.preferred(led(2, List.of(1, 2, 3)), Set.of(2, 3)))
                .isInstanceOf(PreferredLeaderNotAvailableException.class);
    }

    @Test
    void uncleanElectionTakesALiveReplicaOutsideTheIsrOnlyWhenNoLeaderLives() {
        assertThatThrownBy(() -> LeaderElection.unclean(led(2, List.of(2)), Set.of(2, 3)))
                .isInstanceOf(ElectionNotNeededException.class);
        PartitionAssignment elected = LeaderElection.unclean(led(PartitionAssignment.NO_LEADER, List.of(1)), Set.of(3));
        assertThat(elected.leader()).isEqualTo(3);
        assertThat(elected.isr()).containsExactly(3);
        assertThatThrownBy(() -> LeaderElection.unclean(led(PartitionAssignment.NO_LEADER, List.of(1)), Set.of(4)))
                .isInstanceOf(EligibleLeadersNotAvailableException.class);
    }

    @Test
    void onBrokerChangesUncleanElectionHappensOnlyWhenTheTopicAllowsIt() {
        PartitionAssignment lost = led(1, List.of(1));
        assertThat(LeaderElection.onLiveBrokers(lost, Set.of(2, 3), false).leader()).isEqualTo(PartitionAssignment.NO_LEADER);
        assertThat(LeaderElection.onLiveBrokers(lost, Set.of(2, 3), true).leader()).isEqualTo(2);
        assertThat(LeaderElection.onLiveBrokers(lost, Set.of(2, 3), true).isr()).containsExactly(2);
    }
}

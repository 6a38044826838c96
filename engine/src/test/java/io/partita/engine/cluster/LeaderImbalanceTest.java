package io.partita.engine.cluster;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderImbalanceTest {

    /** Ten partitions preferring broker 1 (replicas [1, 2]); the first {@code movedAway} are led by broker 2. */
    private static TopicMetadata topic(int movedAway) {
        List<PartitionAssignment> partitions = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            partitions.add(new PartitionAssignment(p, List.of(1, 2), p < movedAway ? 2 : 1, 0, List.of(1, 2), 1));
        }
        return new TopicMetadata("t", Uuid.randomUuid(), partitions, Map.of());
    }

    @Test
    void anImbalanceUpToThePercentageIsLeftAlone() {
        assertThat(LeaderImbalance.toRebalance(List.of(topic(1)), Set.of(1, 2), 10)).isEmpty();
    }

    @Test
    void aboveThePercentageEveryPartitionTheBrokerPrefersButDoesNotLeadGoesBack() {
        assertThat(LeaderImbalance.toRebalance(List.of(topic(2)), Set.of(1, 2), 10))
                .containsExactlyInAnyOrder(new TopicPartition("t", 0), new TopicPartition("t", 1));
    }

    @Test
    void aDeadPreferredBrokerGetsNothingBack() {
        assertThat(LeaderImbalance.toRebalance(List.of(topic(10)), Set.of(2), 10)).isEmpty();
    }
}

package io.partita.engine.cluster;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaPlacementTest {

    private static BrokerInfo broker(int id, String rack) {
        return new BrokerInfo(id, "127.0.0.1", 9000 + id, rack, "member-" + id, null, false, false, Integer.MAX_VALUE);
    }

    private static List<BrokerInfo> brokers(String... racks) {
        List<BrokerInfo> result = new ArrayList<>();
        for (int i = 0; i < racks.length; i++) result.add(broker(i + 1, racks[i]));
        return result;
    }

    private static Map<Integer, String> rackById(List<BrokerInfo> brokers) {
        Map<Integer, String> racks = new HashMap<>();
        brokers.forEach(b -> racks.put(b.nodeId(), b.rack()));
        return racks;
    }

    private static Map<Integer, Integer> count(List<PartitionAssignment> placed, boolean leadersOnly) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (PartitionAssignment p : placed) {
            for (int r : leadersOnly ? List.of(p.leader()) : p.replicas()) counts.merge(r, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void withoutRacksEachPartitionStartsOneBrokerFurther() {
        List<PartitionAssignment> placed = ReplicaPlacement.place(brokers(null, null, null), 0, 4, 2);
        assertThat(placed).extracting(PartitionAssignment::replicas)
                .containsExactly(List.of(1, 2), List.of(2, 3), List.of(3, 1), List.of(1, 2));
        assertThat(placed).allSatisfy(p -> {
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            assertThat(p.isr()).isEqualTo(p.replicas());
        });
    }

    @Test
    void threeRacksOfTwoGiveEveryPartitionAllThreeRacksWithLeadersAndReplicasEven() {
        List<BrokerInfo> brokers = brokers("a", "a", "b", "b", "c", "c");
        Map<Integer, String> racks = rackById(brokers);

        List<PartitionAssignment> placed = ReplicaPlacement.place(brokers, 0, 12, 3);

        assertThat(placed).allSatisfy(p -> {
            assertThat(new HashSet<>(p.replicas())).hasSize(3);
            assertThat(p.replicas().stream().map(racks::get).distinct()).hasSize(3);
        });
        assertThat(count(placed, true)).containsOnlyKeys(1, 2, 3, 4, 5, 6).allSatisfy((id, n) -> assertThat(n).isEqualTo(2));
        assertThat(count(placed, false)).allSatisfy((id, n) -> assertThat(n).isBetween(5, 7));
    }

    @Test
    void aFactorAboveTheRackCountUsesEveryRackBeforeDoublingOne() {
        List<BrokerInfo> brokers = brokers("a", "a", "a", "b", "b", "b");
        Map<Integer, String> racks = rackById(brokers);

        List<PartitionAssignment> placed = ReplicaPlacement.place(brokers, 0, 6, 3);

        assertThat(placed).allSatisfy(p -> {
            assertThat(new HashSet<>(p.replicas())).hasSize(3);
            assertThat(p.replicas().subList(0, 2).stream().map(racks::get).distinct()).hasSize(2);
        });
        assertThat(count(placed, true)).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void unevenRacksStillPutEveryPartitionOnTwoRacks() {
        List<BrokerInfo> brokers = brokers("a", "a", "a", "b");
        Map<Integer, String> racks = rackById(brokers);

        List<PartitionAssignment> placed = ReplicaPlacement.place(brokers, 5, 8, 2);

        assertThat(placed).extracting(PartitionAssignment::partition).containsExactly(5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(placed).allSatisfy(p -> assertThat(Set.of(racks.get(p.replicas().get(0)), racks.get(p.replicas().get(1))))
                .containsExactlyInAnyOrder("a", "b"));
        assertThat(count(placed, true)).allSatisfy((id, n) -> assertThat(n).isEqualTo(2));
    }

    @Test
    void brokersWithoutARackTogetherCountAsOneRack() {
        List<BrokerInfo> brokers = brokers("a", null, null);

        List<PartitionAssignment> placed = ReplicaPlacement.place(brokers, 0, 3, 2);

        assertThat(placed).allSatisfy(p -> assertThat(p.replicas()).contains(1));
    }

    @Test
    void theRackAlternatedOrderTakesOneBrokerOfEachRackInTurn() {
        List<BrokerInfo> order = ReplicaPlacement.rackAlternated(brokers("a", "a", "a", "b", "b", "c"));
        assertThat(order).extracting(BrokerInfo::nodeId).containsExactly(1, 4, 6, 2, 5, 3);
    }

    @Test
    void aFactorAboveTheBrokerCountIsRefusedAsKafkaDoes() {
        assertThatThrownBy(() -> ReplicaPlacement.place(brokers("a", "b"), 0, 1, 3))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessageContaining("only 2 broker(s) are registered");
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The server-side assignors of consumer-protocol groups: coverage, balance, stickiness and Kafka's range layout. */
class ServerAssignorsTest {

    private final UniformAssignor uniform = new UniformAssignor();
    private final RangeAssignor range = new RangeAssignor();

    @Test
    void uniformGivesEveryPartitionToOneSubscriberAndBalancesIdenticalSubscriptions() {
        for (int members = 1; members <= 7; members++) {
            Map<String, Set<TopicPartition>> target = uniform.assign(subscribers(members, Set.of("a", "b")),
                    Map.of("a", 5, "b", 3), Map.of());
            assertCovers(target, Map.of("a", 5, "b", 3));
            assertThat(spread(target)).as(members + " members").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void uniformKeepsWhatMembersHadWhenMembersJoinAndLeave() {
        Map<String, Integer> counts = Map.of("a", 12);
        Map<String, Set<TopicPartition>> three = uniform.assign(subscribers(3, Set.of("a")), counts, Map.of());

        Map<String, Set<TopicPartition>> four = uniform.assign(subscribers(4, Set.of("a")), counts, three);
        assertCovers(four, counts);
        assertThat(spread(four)).isZero();
        assertThat(moved(three, four)).as("only what the new member takes moves").isEqualTo(3);

        List<ServerAssignor.Subscriber> withoutM1 = new ArrayList<>(subscribers(4, Set.of("a")));
        withoutM1.removeIf(s -> s.memberId().equals("m1"));
        Map<String, Set<TopicPartition>> afterLeave = uniform.assign(withoutM1, counts, four);
        assertCovers(afterLeave, counts);
        assertThat(spread(afterLeave)).isZero();
        assertThat(moved(four, afterLeave)).as("only the leaver's partitions move").isEqualTo(3);
    }

    @Test
    void uniformGivesTopicsOnlyToTheirSubscribersAndBalancesWhatItCan() {
        List<ServerAssignor.Subscriber> members = List.of(
                new ServerAssignor.Subscriber("m0", Set.of("a")),
                new ServerAssignor.Subscriber("m1", Set.of("a", "b")),
                new ServerAssignor.Subscriber("m2", Set.of("b")));
        Map<String, Set<TopicPartition>> target = uniform.assign(members, Map.of("a", 3, "b", 3), Map.of());

        assertCovers(target, Map.of("a", 3, "b", 3));
        assertThat(target.get("m0")).allMatch(tp -> tp.topic().equals("a"));
        assertThat(target.get("m2")).allMatch(tp -> tp.topic().equals("b"));
        assertThat(spread(target)).isZero();
    }

    @Test
    void rangeGivesConsecutivePartitionsInMemberOrderTheFirstOnesOneMore() {
        Map<String, Set<TopicPartition>> target = range.assign(subscribers(3, Set.of("a", "b")), Map.of("a", 7, "b", 2), Map.of());

        assertCovers(target, Map.of("a", 7, "b", 2));
        assertThat(target.get("m0")).containsExactlyInAnyOrder(tp("a", 0), tp("a", 1), tp("a", 2), tp("b", 0));
        assertThat(target.get("m1")).containsExactlyInAnyOrder(tp("a", 3), tp("a", 4), tp("b", 1));
        assertThat(target.get("m2")).containsExactlyInAnyOrder(tp("a", 5), tp("a", 6));
    }

    @Test
    void aFourthMemberOnThreePartitionsIsIdleUnderBoth() {
        for (ServerAssignor assignor : List.of(uniform, range)) {
            Map<String, Set<TopicPartition>> target = assignor.assign(subscribers(4, Set.of("a")), Map.of("a", 3), Map.of());
            assertThat(target.values().stream().map(Set::size).sorted().toList()).as(assignor.name()).containsExactly(0, 1, 1, 1);
        }
    }

    private static List<ServerAssignor.Subscriber> subscribers(int count, Set<String> topics) {
        List<ServerAssignor.Subscriber> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(new ServerAssignor.Subscriber("m" + i, topics));
        }
        return members;
    }

    private static void assertCovers(Map<String, Set<TopicPartition>> target, Map<String, Integer> counts) {
        List<TopicPartition> all = new ArrayList<>();
        target.values().forEach(all::addAll);
        Set<TopicPartition> expected = new HashSet<>();
        counts.forEach((topic, n) -> {
            for (int p = 0; p < n; p++) {
                expected.add(tp(topic, p));
            }
        });
        assertThat(all).as("every partition exactly once").containsExactlyInAnyOrderElementsOf(expected);
    }

    private static int spread(Map<String, Set<TopicPartition>> target) {
        var sizes = target.values().stream().mapToInt(Set::size).summaryStatistics();
        return sizes.getMax() - sizes.getMin();
    }

    private static long moved(Map<String, Set<TopicPartition>> before, Map<String, Set<TopicPartition>> after) {
        Map<TopicPartition, String> owner = new HashMap<>();
        before.forEach((m, ps) -> ps.forEach(tp -> owner.put(tp, m)));
        return after.entrySet().stream().flatMap(e -> e.getValue().stream()
                .filter(tp -> owner.containsKey(tp) && !owner.get(tp).equals(e.getKey()))).count();
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The share groups' assignor, {@code simple}: the shapes Kafka 4.4 gives (measured against a Kafka 4.4 broker: 8
 * members on 2 partitions get one partition each, 4 per partition; 3 members on 7 partitions get 3, 2 and 2), coverage
 * of every partition and member, and stickiness.
 */
class SimpleShareAssignorTest {

    private final SimpleShareAssignor assignor = new SimpleShareAssignor();

    @Test
    void moreMembersThanPartitionsShareThePartitionsEvenlyOneEach() {
        Map<String, Set<TopicPartition>> target = assignor.assign(subscribers(8, Set.of("a")), Map.of("a", 2), Map.of());

        assertThat(target.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
        assertThat(membersPerPartition(target)).containsOnly(Map.entry(tp("a", 0), 4), Map.entry(tp("a", 1), 4));
    }

    @Test
    void morePartitionsThanMembersAreSpreadEvenlyEachToOneMember() {
        Map<String, Set<TopicPartition>> target = assignor.assign(subscribers(3, Set.of("a")), Map.of("a", 7), Map.of());

        assertThat(target.values()).extracting(Set::size).containsExactlyInAnyOrder(3, 2, 2);
        assertThat(membersPerPartition(target)).hasSize(7).allSatisfy((tp, members) -> assertThat(members).isEqualTo(1));
    }

    @Test
    void everyPartitionAndEveryMemberIsCoveredForAnyCountsAndTheCountsDifferByAtMostOne() {
        for (int members = 1; members <= 9; members++) {
            for (int partitions = 1; partitions <= 9; partitions++) {
                Map<String, Set<TopicPartition>> target = assignor.assign(subscribers(members, Set.of("a")),
                        Map.of("a", partitions), Map.of());
                String shape = members + " members, " + partitions + " partitions";
                assertThat(membersPerPartition(target)).as(shape).hasSize(partitions);
                assertThat(target.values()).as(shape).allSatisfy(p -> assertThat(p).isNotEmpty());
                assertThat(spread(target.values().stream().map(Set::size).toList())).as(shape).isLessThanOrEqualTo(1);
                assertThat(spread(List.copyOf(membersPerPartition(target).values()))).as(shape).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void membersKeepTheirPartitionsWhenAMemberJoinsOrLeaves() {
        Map<String, Integer> counts = Map.of("a", 2);
        Map<String, Set<TopicPartition>> eight = assignor.assign(subscribers(8, Set.of("a")), counts, Map.of());

        Map<String, Set<TopicPartition>> nine = assignor.assign(subscribers(9, Set.of("a")), counts, eight);
        assertThat(moved(eight, nine)).as("only the new member is placed").isZero();
        assertThat(membersPerPartition(nine).values()).containsExactlyInAnyOrder(5, 4);

        List<ServerAssignor.Subscriber> withoutOne = new ArrayList<>(subscribers(8, Set.of("a")));
        withoutOne.removeIf(s -> s.memberId().equals("m3"));
        Map<String, Set<TopicPartition>> seven = assignor.assign(withoutOne, counts, eight);
        assertThat(moved(eight, seven)).isZero();
        assertThat(membersPerPartition(seven).values()).containsExactlyInAnyOrder(4, 3);
    }

    @Test
    void aMemberGetsOnlyPartitionsOfItsOwnTopicsAndOneWithoutExistingTopicsGetsNothing() {
        List<ServerAssignor.Subscriber> members = List.of(
                new ServerAssignor.Subscriber("m0", Set.of("a")),
                new ServerAssignor.Subscriber("m1", Set.of("b")),
                new ServerAssignor.Subscriber("m2", Set.of("b")),
                new ServerAssignor.Subscriber("m3", Set.of("b")),
                new ServerAssignor.Subscriber("m4", Set.of()));
        Map<String, Set<TopicPartition>> target = assignor.assign(members, Map.of("a", 3, "b", 1), Map.of());

        assertThat(target.get("m0")).containsExactlyInAnyOrder(tp("a", 0), tp("a", 1), tp("a", 2));
        assertThat(List.of(target.get("m1"), target.get("m2"), target.get("m3"))).containsOnly(Set.of(tp("b", 0)));
        assertThat(target.get("m4")).isEmpty();
    }

    private static List<ServerAssignor.Subscriber> subscribers(int count, Set<String> topics) {
        return IntStream.range(0, count).mapToObj(i -> new ServerAssignor.Subscriber("m" + i, topics)).toList();
    }

    private static Map<TopicPartition, Integer> membersPerPartition(Map<String, Set<TopicPartition>> target) {
        Map<TopicPartition, Integer> counts = new HashMap<>();
        target.values().forEach(partitions -> partitions.forEach(tp -> counts.merge(tp, 1, Integer::sum)));
        return counts;
    }

    private static int spread(List<Integer> counts) {
        return counts.stream().mapToInt(i -> i).max().orElse(0) - counts.stream().mapToInt(i -> i).min().orElse(0);
    }

    /** How many members that stayed have another assignment than before. */
    private static long moved(Map<String, Set<TopicPartition>> before, Map<String, Set<TopicPartition>> after) {
        return after.keySet().stream().filter(before::containsKey).filter(id -> !before.get(id).equals(after.get(id))).count();
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group's target assignment: when it must be recomputed, what a recomputation keeps (epoch, partition counts,
 * stickiness through the assignor), and members leaving or being taken over.
 */
class TargetAssignmentTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final ServerAssignor UNIFORM = new UniformAssignor();

    @Test
    void aRecomputedTargetHasTheNewEpochTheSubscribedCountsAndEveryMember() {
        Map<String, Integer> topics = Map.of("a", 2, "b", 1, "unsubscribed", 4);
        List<ServerAssignor.Subscriber> subscribers = List.of(subscriber("m1", "a"), subscriber("m2", "a", "b"));

        TargetAssignment target = TargetAssignment.NONE.recomputed(1, subscribers, topics, UNIFORM::assign);

        assertThat(target.epoch()).isEqualTo(1);
        assertThat(target.partitionCounts()).isEqualTo(Map.of("a", 2, "b", 1));
        assertThat(target.members()).containsOnlyKeys("m1", "m2");
        assertThat(target.members().values().stream().flatMap(Set::stream))
                .containsExactlyInAnyOrder(A0, A1, new TopicPartition("b", 0));
    }

    @Test
    void theAssignorIsGivenThePreviousTargetSoAMemberJoiningMovesAsLittleAsItCan() {
        Map<String, Integer> topics = Map.of("a", 4);
        TargetAssignment one = TargetAssignment.NONE.recomputed(1, List.of(subscriber("m1", "a")), topics, UNIFORM::assign);

        TargetAssignment two = one.recomputed(2, List.of(subscriber("m1", "a"), subscriber("m2", "a")), topics, UNIFORM::assign);

        assertThat(one.of("m1")).containsAll(two.of("m1")).hasSize(4);
        assertThat(two.of("m1")).hasSize(2);
        assertThat(two.of("m2")).hasSize(2).doesNotContainAnyElementsOf(two.of("m1"));
    }

    @Test
    void itIsOutdatedOnlyWhenASubscribedTopicIsAddedDroppedOrChangesItsPartitionCount() {
        List<ServerAssignor.Subscriber> subscribers = List.of(subscriber("m1", "a"));
        TargetAssignment target = TargetAssignment.NONE.recomputed(1, subscribers, Map.of("a", 2, "b", 1), UNIFORM::assign);

        assertThat(target.isOutdated(subscribers, Map.of("a", 2, "b", 7))).isFalse();
        assertThat(target.isOutdated(subscribers, Map.of("a", 3, "b", 1))).isTrue();
        assertThat(target.isOutdated(List.of(subscriber("m1", "a", "b")), Map.of("a", 2, "b", 1))).isTrue();
        assertThat(target.isOutdated(List.of(subscriber("m1")), Map.of("a", 2, "b", 1))).isTrue();
    }

    @Test
    void aMemberThatLeftOrWasTakenOverIsNoLongerNamedAndAnUnknownMemberHasNothing() {
        TargetAssignment target = new TargetAssignment(3, Map.of("a", 2), Map.of("m1", Set.of(A0), "m2", Set.of(A1)));

        assertThat(target.without("m1").members()).isEqualTo(Map.of("m2", Set.of(A1)));
        assertThat(target.renamed("m1", "m3").members()).isEqualTo(Map.of("m3", Set.of(A0), "m2", Set.of(A1)));
        assertThat(target.renamed("m1", "m3").epoch()).isEqualTo(3);
        assertThat(target.of("unknown")).isEmpty();
        assertThat(target.atEpoch(4)).isEqualTo(new TargetAssignment(4, Map.of("a", 2), target.members()));
    }

    @Test
    void itDoesNotShareTheCallersMaps() {
        Map<String, Set<TopicPartition>> members = new HashMap<>(Map.of("m1", Set.of(A0)));
        TargetAssignment target = new TargetAssignment(1, Map.of("a", 1), members);

        members.clear();

        assertThat(target.of("m1")).containsExactly(A0);
    }

    private static ServerAssignor.Subscriber subscriber(String memberId, String... topics) {
        return new ServerAssignor.Subscriber(memberId, Set.of(topics));
    }
}

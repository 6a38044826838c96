package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Share groups (KIP-932) driven through {@link GroupCoordinator} on virtual time: joining, epochs, the server-side
 * assignment given at once, fencing, sessions, leaving, the size limit, the group id space shared with classic and
 * consumer groups, listing, deleting, the members gone told to listeners, and the group restored from its stored
 * records by another coordinator. Messages and errors are those a Kafka 4.4 broker answers.
 */
class ShareGroupProtocolTest {

    private static final String GROUP = "sg";
    private static final int SESSION_MS = 45_000;
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final Map<String, Integer> topics = new HashMap<>(Map.of("a", 2));
    private final InMemoryGroupStore store = new InMemoryGroupStore(7);
    private final List<String> gone = new ArrayList<>();
    private GroupCoordinator coordinator = coordinator(ShareGroupConfig.defaults());

    private GroupCoordinator coordinator(ShareGroupConfig config) {
        GroupCoordinator created = LoadedCoordinators.loaded(GroupConfig.defaults(), ConsumerGroupConfig.defaults(), config,
                store, scheduler);
        created.shareGroupCoordinator().addShareMemberListener((groupId, memberId) -> gone.add(groupId + "/" + memberId));
        return created;
    }

    private ShareGroupCoordinator shares() {
        return coordinator.shareGroupCoordinator();
    }

    @Test
    void aFirstMemberGetsEpochOneAndEveryPartitionThenNothingNewUntilTheGroupChanges() {
        MemberHeartbeatResult joined = join("m1", List.of("a"));

        assertThat(joined.error()).isEqualTo(Errors.NONE);
        assertThat(joined.memberId()).isEqualTo("m1");
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(joined.assignment()).containsExactlyInAnyOrder(A0, A1);
        MemberHeartbeatResult steady = heartbeat("m1", 1);
        assertThat(steady.memberEpoch()).isEqualTo(1);
        assertThat(steady.assignment()).as("nothing new to tell").isNull();

        ShareGroupDescription described = describe();
        assertThat(described.state()).isEqualTo("Stable");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.assignmentEpoch()).isEqualTo(1);
        assertThat(described.assignorName()).isEqualTo("simple");
        assertThat(described.members()).singleElement().satisfies(m -> {
            assertThat(m.clientId()).isEqualTo("client");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(m.rackId()).isEqualTo("rack-1");
            assertThat(m.topicNames()).containsExactly("a");
        });
    }

    @Test
    void aNewMembersAssignmentReachesTheOthersAtTheirNextHeartbeatWithoutRevocation() {
        join("m1", List.of("a"));
        MemberHeartbeatResult second = join("m2", List.of("a"));
        assertThat(second.memberEpoch()).isEqualTo(2);
        assertThat(second.assignment()).hasSize(1);

        MemberHeartbeatResult first = heartbeat("m1", 1);
        assertThat(first.memberEpoch()).isEqualTo(2);
        assertThat(first.assignment()).hasSize(1).doesNotContainAnyElementsOf(second.assignment());
        for (int i = 3; i <= 8; i++) {
            join("m" + i, List.of("a"));
        }
        for (int i = 1; i <= 8; i++) {
            heartbeat("m" + i, epochOf("m" + i));
        }
        Map<TopicPartition, Integer> sharers = new HashMap<>();
        describe().members().forEach(m -> {
            assertThat(m.assignment()).as(m.memberId()).hasSize(1);
            assertThat(m.memberEpoch()).isEqualTo(8);
            m.assignment().forEach(tp -> sharers.merge(tp, 1, Integer::sum));
        });
        assertThat(sharers).containsOnly(Map.entry(A0, 4), Map.entry(A1, 4));
    }

    @Test
    void otherEpochsThanTheMembersAndThePreviousAreFencedAndUnknownMembersAndGroupsRefused() {
        join("m1", List.of("a"));
        join("m2", List.of("a"));
        assertThat(heartbeat("m1", 1).memberEpoch()).isEqualTo(2);
        assertThat(heartbeat("m1", 1).error()).as("the previous epoch").isEqualTo(Errors.NONE);

        MemberHeartbeatResult ahead = heartbeat("m1", 7);
        assertThat(ahead.error()).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
        assertThat(ahead.message()).isEqualTo("The share group member has a greater member epoch (7) than the one known by "
                + "the group coordinator (2). The member must abandon all its partitions and rejoin.");
        join("m3", List.of("a"));
        heartbeat("m1", 2);
        MemberHeartbeatResult behind = heartbeat("m1", 1);
        assertThat(behind.error()).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
        assertThat(behind.message()).isEqualTo("The share group member has a smaller member epoch (1) than the one known "
                + "by the group coordinator (3), and it does not match the previous member epoch (2). The member must "
                + "abandon all its partitions and rejoin.");
        MemberHeartbeatResult unknown = heartbeat("nobody", 3);
        assertThat(unknown.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(unknown.message()).isEqualTo("Member nobody is not a member of group sg.");
        assertThat(call(new ShareHeartbeat("gone", "m1", 3, null, null, "client", "/127.0.0.1")).message())
                .isEqualTo("Share group gone not found.");
        assertThat(call(new ShareHeartbeat("gone", "m1", -1, null, null, "client", "/127.0.0.1")).message())
                .isEqualTo("Group gone not found.");
    }

    @Test
    void aMemberNotHeardFromForTheSessionTimeoutIsRemovedAndListenersAreTold() {
        join("m1", List.of("a"));
        join("m2", List.of("a"));
        heartbeat("m1", 1);

        scheduler.advance(Duration.ofMillis(SESSION_MS - 1));
        heartbeat("m2", 2);
        assertThat(gone).isEmpty();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(gone).containsExactly("sg/m1");
        assertThat(describe().members()).extracting(ShareGroupDescription.Member::memberId).containsExactly("m2");
        MemberHeartbeatResult all = heartbeat("m2", 2);
        assertThat(all.memberEpoch()).isEqualTo(3);
        assertThat(all.assignment()).containsExactlyInAnyOrder(A0, A1);
        assertThat(heartbeat("m1", 2).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aLeavingMemberIsRemovedAtOnceAndTheEmptyGroupKeepsItsEpoch() {
        join("m1", List.of("a"));

        MemberHeartbeatResult left = heartbeat("m1", -1);
        assertThat(left.error()).isEqualTo(Errors.NONE);
        assertThat(left.memberId()).isEqualTo("m1");
        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(left.assignment()).isNull();
        assertThat(gone).containsExactly("sg/m1");
        assertThat(describe().state()).isEqualTo("Empty");
        assertThat(describe().groupEpoch()).isEqualTo(2);
        MemberHeartbeatResult again = heartbeat("m1", -1);
        assertThat(again.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(again.message()).isEqualTo("Member m1 is not a member of group sg.");
    }

    @Test
    void aMemberJoiningAgainUnderItsIdGetsItsAssignmentAndListenersHearItsOldConsumerIsGone() {
        join("m1", List.of("a"));
        MemberHeartbeatResult rejoined = join("m1", List.of("a"));

        assertThat(rejoined.memberEpoch()).isEqualTo(1);
        assertThat(rejoined.assignment()).containsExactlyInAnyOrder(A0, A1);
        assertThat(gone).containsExactly("sg/m1");
        assertThat(describe().members()).hasSize(1);
    }

    @Test
    void aGrownTopicAndAChangedSubscriptionBumpTheEpochAtTheNextHeartbeat() {
        join("m1", List.of("a"));
        topics.put("a", 3);
        MemberHeartbeatResult grown = heartbeat("m1", 1);
        assertThat(grown.memberEpoch()).isEqualTo(2);
        assertThat(grown.assignment()).containsExactlyInAnyOrder(A0, A1, new TopicPartition("a", 2));

        topics.put("b", 1);
        MemberHeartbeatResult moved = call(new ShareHeartbeat(GROUP, "m1", 2, null, List.of("b"), "client", "/127.0.0.1"));
        assertThat(moved.memberEpoch()).isEqualTo(3);
        assertThat(moved.assignment()).containsExactly(new TopicPartition("b", 0));
    }

    @Test
    void aFullGroupRefusesAnotherMember() {
        coordinator = coordinator(new ShareGroupConfig(5_000, SESSION_MS, 2));
        join("m1", List.of("a"));
        join("m2", List.of("a"));

        MemberHeartbeatResult third = join("m3", List.of("a"));
        assertThat(third.error()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
        assertThat(third.message()).isEqualTo("The share group has reached its maximum capacity of 2 members.");
    }

    @Test
    void aShareGroupsIdIsNoOtherKindsAndNoOtherKindsIdBecomesAShareGroup() {
        join("m1", List.of("a"));
        done(coordinator.commitOffsets(new OffsetCommit("classic", "", null, -1, Map.of(A0, new OffsetCommit.Offset(1, -1, "")))));
        done(coordinator.consumerGroupHeartbeat(new ConsumerHeartbeat("consumer", "c1", 0, null, null, 30_000, List.of("a"),
                null, null, Set.of(), "client", "/127.0.0.1"), Map.copyOf(topics), topic -> true));

        for (String other : List.of("classic", "consumer")) {
            MemberHeartbeatResult refused = call(new ShareHeartbeat(other, "s1", 0, null, List.of("a"), "client", "/127.0.0.1"));
            assertThat(refused.error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(refused.message()).isEqualTo("Group " + other + " is not a share group.");
            assertThat(done(shares().describeShareGroups(List.of(other))).get(0).errorMessage())
                    .isEqualTo("Group " + other + " is not a share group.");
        }
        heartbeat("m1", -1);
        MemberHeartbeatResult consumer = done(coordinator.consumerGroupHeartbeat(new ConsumerHeartbeat(GROUP, "c1", 0, null,
                null, 30_000, List.of("a"), null, null, Set.of(), "client", "/127.0.0.1"), Map.copyOf(topics), topic -> true));
        assertThat(consumer.error()).as("even empty").isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(consumer.message()).isEqualTo("Group sg is not a consumer group.");
        JoinResult classic = done(coordinator.joinGroup(new JoinRequest(GROUP, "", null, "client", "/127.0.0.1", 10_000,
                10_000, "consumer", List.of(new MemberProtocol("range", new byte[0])), true, true)));
        assertThat(classic.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(done(coordinator.commitOffsets(new OffsetCommit(GROUP, "", null, -1, Map.of(A0, new OffsetCommit.Offset(1, -1, ""))))))
                .containsOnly(Map.entry(A0, Errors.GROUP_ID_NOT_FOUND));
        assertThat(done(coordinator.describeGroups(List.of(GROUP))).get(0).notFoundMessage()).isEqualTo("Group sg is not a classic group.");
        assertThat(done(coordinator.describeConsumerGroups(List.of(GROUP))).get(0).errorMessage()).isEqualTo("Group sg is not a consumer group.");
    }

    @Test
    void shareGroupsAreListedWithTheirTypeAndDeletedOnlyWhenEmpty() {
        join("m1", List.of("a"));
        assertThat(done(coordinator.listGroups(Set.of()))).containsExactly(new GroupListing(GROUP, "share", "share", "Stable"));
        assertThat(done(coordinator.listGroups(Set.of("empty")))).isEmpty();
        assertThat(done(coordinator.deleteGroups(List.of(GROUP)))).containsExactly(Map.entry(GROUP, Errors.NON_EMPTY_GROUP));

        heartbeat("m1", -1);
        assertThat(done(coordinator.listGroups(Set.of("Empty")))).extracting(GroupListing::state).containsExactly("Empty");
        assertThat(done(coordinator.deleteGroups(List.of(GROUP)))).containsExactly(Map.entry(GROUP, Errors.NONE));
        assertThat(store.read(0).metadata(GROUP)).isNull();
        ShareGroupDescription deleted = describe();
        assertThat(deleted.error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(deleted.errorMessage()).isEqualTo("Group sg not found.");
        assertThat(done(coordinator.deleteGroups(List.of(GROUP)))).containsExactly(Map.entry(GROUP, Errors.GROUP_ID_NOT_FOUND));
    }

    @Test
    void anotherCoordinatorReadingTheStoreContinuesTheGroupAndRestartsItsSessions() {
        topics.put("b", 7);
        for (String member : List.of("m1", "m2", "m3")) {
            join(member, List.of("b"));
        }
        heartbeat("m1", 1);
        ShareGroupDescription before = describe();

        coordinator = coordinator(ShareGroupConfig.defaults());
        ShareGroupDescription after = describe();

        assertThat(after).isEqualTo(before);
        assertThat(after.members()).extracting(m -> m.assignment().size()).containsExactlyInAnyOrder(3, 2, 2);
        scheduler.advance(Duration.ofMillis(SESSION_MS - 1));
        MemberHeartbeatResult next = heartbeat("m2", 2);
        assertThat(next.error()).isEqualTo(Errors.NONE);
        assertThat(next.memberEpoch()).isEqualTo(3);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(describe().members()).extracting(ShareGroupDescription.Member::memberId).containsExactly("m2");
    }

    @Test
    void theGroupHasStateOfEveryPartitionAssignedAndOfThoseResetUntilTheirOffsetsAreDeletedAcrossAReload() {
        join("m1", List.of("a"));
        assertThat(done(shares().shareStatePartitions(GROUP)).statePartitions()).containsExactlyInAnyOrder(A0, A1);
        for (ShareOffsetsScope refused : List.of(done(shares().shareOffsetsAlterable(GROUP)),
                done(shares().shareOffsetsDeletable(GROUP)))) {
            assertThat(refused.error()).isEqualTo(Errors.NON_EMPTY_GROUP);
            assertThat(refused.message()).isEqualTo("The group is not empty.");
        }
        assertThat(done(shares().emptyShareGroupStates(List.of(GROUP)))).isEmpty();

        heartbeat("m1", -1);
        TopicPartition reset = new TopicPartition("b", 3);
        assertThat(done(shares().shareOffsetsAlterable(GROUP)).statePartitions()).containsExactlyInAnyOrder(A0, A1);
        assertThat(done(shares().shareOffsetsAltered(GROUP, Set.of(reset)))).isEqualTo(Errors.NONE);
        assertThat(done(shares().shareOffsetsDeleted(GROUP, Set.of("a")))).isEqualTo(Errors.NONE);
        assertThat(describe().groupEpoch()).as("offsets change no epoch").isEqualTo(2);

        coordinator = coordinator(ShareGroupConfig.defaults());
        assertThat(done(shares().shareOffsetsDeletable(GROUP)).statePartitions()).containsExactly(reset);
        assertThat(done(shares().emptyShareGroupStates(List.of(GROUP, "other")))).containsExactly(Map.entry(GROUP, Set.of(reset)));
    }

    @Test
    void anOffsetsResetCreatesAMissingShareGroupAtEpochOneAndOtherKindsIdsAreRefused() {
        assertThat(done(shares().shareOffsetsAlterable("new")).error()).isEqualTo(Errors.NONE);
        ShareOffsetsScope missing = done(shares().shareOffsetsDeletable("new"));
        assertThat(missing.error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(missing.message()).isEqualTo("Group new not found.");
        assertThat(done(shares().shareStatePartitions("new"))).isEqualTo(new ShareOffsetsScope(Errors.NONE, null, Set.of()));

        assertThat(done(shares().shareOffsetsAltered("new", Set.of(A0)))).isEqualTo(Errors.NONE);
        ShareGroupDescription created = done(shares().describeShareGroups(List.of("new"))).get(0);
        assertThat(created.state()).isEqualTo("Empty");
        assertThat(created.groupEpoch()).isEqualTo(1);
        assertThat(created.assignmentEpoch()).isEqualTo(1);
        assertThat(done(shares().shareStatePartitions("new")).statePartitions()).containsExactly(A0);

        done(coordinator.commitOffsets(new OffsetCommit("classic", "", null, -1, Map.of(A0, new OffsetCommit.Offset(1, -1, "")))));
        ShareOffsetsScope classic = done(shares().shareOffsetsAlterable("classic"));
        assertThat(classic.error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(classic.message()).isEqualTo("Group classic is not a share group.");
        assertThat(done(shares().shareOffsetsAltered("classic", Set.of(A0)))).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(done(shares().shareOffsetsDeletable("")).error()).isEqualTo(Errors.INVALID_GROUP_ID);
    }

    // ---- helpers

    private int epochOf(String memberId) {
        return describe().members().stream().filter(m -> m.memberId().equals(memberId)).findFirst().orElseThrow().memberEpoch();
    }

    private MemberHeartbeatResult join(String memberId, List<String> topicNames) {
        return call(new ShareHeartbeat(GROUP, memberId, 0, "rack-1", topicNames, "client", "/127.0.0.1"));
    }

    private MemberHeartbeatResult heartbeat(String memberId, int epoch) {
        return call(new ShareHeartbeat(GROUP, memberId, epoch, null, null, "client", "/127.0.0.1"));
    }

    private MemberHeartbeatResult call(ShareHeartbeat heartbeat) {
        return done(shares().shareGroupHeartbeat(heartbeat, Map.copyOf(topics)));
    }

    private ShareGroupDescription describe() {
        return done(shares().describeShareGroups(List.of(GROUP))).get(0);
    }

    private <T> T done(CompletableFuture<T> future) {
        scheduler.runDue();
        assertThat(future).isDone();
        return future.join();
    }
}

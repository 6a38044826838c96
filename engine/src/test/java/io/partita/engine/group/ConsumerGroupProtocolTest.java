package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer group protocol (KIP-848) driven through {@link GroupCoordinator} on virtual time: joining, epochs,
 * revoking before reassigning, fencing, sessions and rebalance timeouts, static members, leaving, subscriptions by
 * regex, limits, the group id space shared with classic groups, and offset commits by member epoch.
 */
class ConsumerGroupProtocolTest {

    private static final String GROUP = "g";
    private static final int HEARTBEAT_MS = 5_000;
    private static final int SESSION_MS = 45_000;
    private static final int REBALANCE_MS = 30_000;
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final Map<String, Integer> topics = new HashMap<>(Map.of("a", 2));
    /** What the members' principal may describe. */
    private Predicate<String> describable = topic -> true;
    private GroupCoordinator coordinator = coordinator(ConsumerGroupConfig.defaults());

    private GroupCoordinator coordinator(ConsumerGroupConfig config) {
        return coordinator(GroupConfig.defaults().withInitialRebalanceDelayMs(0), config);
    }

    /** A coordinator that serves its store's one partition (read on the scheduler, as everything here). */
    private GroupCoordinator coordinator(GroupConfig groupConfig, ConsumerGroupConfig config) {
        return LoadedCoordinators.loaded(groupConfig, config, ShareGroupConfig.defaults(), new InMemoryGroupStore(7), scheduler);
    }

    @Test
    void aFirstMemberGetsEpochOneAndEveryPartition() {
        MemberHeartbeatResult joined = join("m1", null, List.of("a"));

        assertThat(joined.error()).isEqualTo(Errors.NONE);
        assertThat(joined.memberId()).isEqualTo("m1");
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.heartbeatIntervalMs()).isEqualTo(HEARTBEAT_MS);
        assertThat(joined.assignment()).containsExactlyInAnyOrder(A0, A1);

        MemberHeartbeatResult steady = heartbeat("m1", 1, Set.of(A0, A1));
        assertThat(steady.memberEpoch()).isEqualTo(1);
        assertThat(steady.assignment()).as("nothing new to tell").isNull();
        ConsumerGroupDescription described = describe();
        assertThat(described.state()).isEqualTo("Stable");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.assignorName()).isEqualTo("uniform");
    }

    @Test
    void aPartitionGoesToItsNewOwnerOnlyAfterThePreviousOwnerReleasedIt() {
        join("m1", null, List.of("a"));
        heartbeat("m1", 1, Set.of(A0, A1));

        MemberHeartbeatResult second = join("m2", null, List.of("a"));
        assertThat(second.memberEpoch()).isEqualTo(2);
        assertThat(second.assignment()).as("its partition is still m1's").isEmpty();
        assertThat(describe().state()).isEqualTo("Reconciling");

        MemberHeartbeatResult revoke = heartbeat("m1", 1, null);
        assertThat(revoke.memberEpoch()).as("m1 keeps its epoch until it revoked").isEqualTo(1);
        assertThat(revoke.assignment()).containsExactly(A0);
        assertThat(heartbeat("m2", 2, null).assignment()).isNull();
        assertThat(heartbeat("m1", 1, null).memberEpoch()).as("not revoked yet").isEqualTo(1);

        MemberHeartbeatResult revoked = heartbeat("m1", 1, Set.of(A0));
        assertThat(revoked.memberEpoch()).isEqualTo(2);
        MemberHeartbeatResult released = heartbeat("m2", 2, Set.of());
        assertThat(released.assignment()).containsExactly(A1);
        heartbeat("m2", 2, Set.of(A1));
        assertThat(describe().state()).isEqualTo("Stable");
        assertThat(describe().members()).extracting(ConsumerGroupDescription.Member::assignment)
                .containsExactlyInAnyOrder(Set.of(A0), Set.of(A1));
    }

    @Test
    void epochsOtherThanTheMembersAreFencedExceptThePreviousOneAndUnknownMembersAreRefused() {
        join("m1", null, List.of("a"));
        join("m2", null, List.of("a"));
        heartbeat("m1", 1, null);
        assertThat(heartbeat("m1", 1, Set.of(A0)).memberEpoch()).isEqualTo(2);

        MemberHeartbeatResult ahead = heartbeat("m1", 7, null);
        assertThat(ahead.error()).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
        assertThat(ahead.message()).contains("greater member epoch (7)").contains("(2)");
        assertThat(heartbeat("m1", 1, Set.of(A0)).error()).as("the previous epoch, owning nothing more").isEqualTo(Errors.NONE);
        assertThat(heartbeat("m1", 1, Set.of(A0, A1)).error()).as("the previous epoch owning more").isEqualTo(Errors.FENCED_MEMBER_EPOCH);
        MemberHeartbeatResult unknown = heartbeat("nobody", 3, null);
        assertThat(unknown.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(unknown.message()).isEqualTo("Member nobody is not a member of group g.");
        MemberHeartbeatResult gone = call(new ConsumerHeartbeat("gone", "m1", 3, null, null, -1, null, null, null,
                null, "client", "/127.0.0.1"));
        assertThat(gone.error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(gone.message()).isEqualTo("Consumer group gone not found.");
    }

    @Test
    void aMemberNotHeardFromForTheSessionTimeoutIsRemovedAndItsPartitionsReassigned() {
        join("m1", null, List.of("a"));
        heartbeat("m1", 1, Set.of(A0, A1));
        join("m2", null, List.of("a"));
        heartbeat("m1", 1, null);
        heartbeat("m1", 1, Set.of(A0));

        scheduler.advance(Duration.ofMillis(SESSION_MS - 1));
        heartbeat("m2", 2, Set.of(A1));
        scheduler.advance(Duration.ofMillis(1));

        assertThat(describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("m2");
        MemberHeartbeatResult all = heartbeat("m2", 2, Set.of(A1));
        assertThat(all.memberEpoch()).isEqualTo(3);
        assertThat(all.assignment()).containsExactlyInAnyOrder(A0, A1);
        assertThat(heartbeat("m1", 2, null).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberThatDoesNotRevokeWithinItsRebalanceTimeoutIsRemoved() {
        join("m1", null, List.of("a"));
        heartbeat("m1", 1, Set.of(A0, A1));
        join("m2", null, List.of("a"));
        heartbeat("m1", 1, null);

        scheduler.advance(Duration.ofMillis(REBALANCE_MS - 1));
        heartbeat("m1", 1, null);
        heartbeat("m2", 2, Set.of());
        assertThat(describe().members()).hasSize(2);
        scheduler.advance(Duration.ofMillis(1));

        assertThat(describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("m2");
        assertThat(heartbeat("m2", 2, Set.of()).assignment()).containsExactlyInAnyOrder(A0, A1);
    }

    @Test
    void aLeavingMemberIsRemovedAtOnce() {
        join("m1", null, List.of("a"));
        join("m2", null, List.of("a"));

        MemberHeartbeatResult left = heartbeat("m2", -1, null);
        assertThat(left.error()).isEqualTo(Errors.NONE);
        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(describe().groupEpoch()).isEqualTo(3);
        assertThat(heartbeat("m1", 1, Set.of(A0)).assignment()).containsExactlyInAnyOrder(A0, A1);
    }

    @Test
    void aStaticMemberThatLeftForNowComesBackUnderANewIdWithItsPartitionsAndWithoutARebalance() {
        join("s1", "instance", List.of("a"));
        heartbeat("s1", 1, Set.of(A0, A1));
        assertThat(join("other", "instance", List.of("a")).error()).as("the instance is still in use")
                .isEqualTo(Errors.UNRELEASED_INSTANCE_ID);

        MemberHeartbeatResult away = call(new ConsumerHeartbeat(GROUP, "s1", -2, "instance", null, -1, null, null, null,
                null, "client", "/127.0.0.1"));
        assertThat(away.memberEpoch()).isEqualTo(-2);
        int epoch = describe().groupEpoch();

        MemberHeartbeatResult back = join("s2", "instance", List.of("a"));
        assertThat(back.error()).isEqualTo(Errors.NONE);
        assertThat(back.assignment()).containsExactlyInAnyOrder(A0, A1);
        assertThat(describe().groupEpoch()).isEqualTo(epoch);
        assertThat(describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("s2");
        assertThat(heartbeat("s1", 1, null).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aRegexSubscriptionFollowsTopicsAsHeartbeatsSeeThem() {
        MemberHeartbeatResult joined = call(new ConsumerHeartbeat(GROUP, "m1", 0, null, null, REBALANCE_MS, null,
                "a|b.*", null, Set.of(), "client", "/127.0.0.1"));
        assertThat(joined.assignment()).containsExactlyInAnyOrder(A0, A1);

        topics.put("bees", 1);
        topics.put("ignored", 1);
        MemberHeartbeatResult grown = heartbeat("m1", 1, Set.of(A0, A1));
        assertThat(grown.memberEpoch()).isEqualTo(2);
        assertThat(grown.assignment()).containsExactlyInAnyOrder(A0, A1, new TopicPartition("bees", 0));
        assertThat(describe().members().get(0).topicRegex()).isEqualTo("a|b.*");
    }

    @Test
    void aRegexResolvesOnlyToTopicsTheMembersPrincipalMayDescribe() {
        TopicPartition hidden = new TopicPartition("b-hidden", 0);
        topics.put(hidden.topic(), 1);
        describable = topic -> !topic.equals(hidden.topic());
        MemberHeartbeatResult joined = call(new ConsumerHeartbeat(GROUP, "m1", 0, null, null, REBALANCE_MS, null,
                "a|b.*", null, Set.of(), "client", "/127.0.0.1"));
        assertThat(joined.assignment()).containsExactlyInAnyOrder(A0, A1);
        assertThat(heartbeat("m1", 1, Set.of(A0, A1)).assignment()).isNull();

        describable = topic -> true;
        MemberHeartbeatResult granted = heartbeat("m1", 1, Set.of(A0, A1));
        assertThat(granted.memberEpoch()).isEqualTo(2);
        assertThat(granted.assignment()).containsExactlyInAnyOrder(A0, A1, hidden);
    }

    @Test
    void unknownAssignorsBadRegexesAndAFullGroupAreRefused() {
        coordinator = coordinator(ConsumerGroupConfig.of(HEARTBEAT_MS, SESSION_MS, 1, List.of("range")));
        MemberHeartbeatResult uniform = call(new ConsumerHeartbeat(GROUP, "m1", 0, null, null, REBALANCE_MS,
                List.of("a"), null, "uniform", Set.of(), "client", "/127.0.0.1"));
        assertThat(uniform.error()).isEqualTo(Errors.UNSUPPORTED_ASSIGNOR);
        assertThat(uniform.message()).isEqualTo("ServerAssignor uniform is not supported. Supported assignors: range.");
        assertThat(call(new ConsumerHeartbeat(GROUP, "m1", 0, null, null, REBALANCE_MS, null, "(", null, Set.of(),
                "client", "/127.0.0.1")).error()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION);

        assertThat(join("m1", null, List.of("a")).error()).isEqualTo(Errors.NONE);
        assertThat(describe().assignorName()).isEqualTo("range");
        assertThat(join("m2", null, List.of("a")).error()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void classicAndConsumerGroupsShareTheGroupIdsAndEmptyGroupsChangeKind() {
        CompletableFuture<JoinResult> classicJoin = coordinator.joinGroup(new JoinRequest(GROUP, "", null, "client",
                "/127.0.0.1", 10_000, REBALANCE_MS, "consumer", List.of(new MemberProtocol("range", new byte[0])), false, true));
        scheduler.advance(Duration.ofMillis(1));
        assertThat(classicJoin).isCompleted();
        MemberHeartbeatResult refused = join("m1", null, List.of("a"));
        assertThat(refused.error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(refused.message()).isEqualTo("Group g is not a consumer group.");

        done(coordinator.commitOffsets(new OffsetCommit("upgraded", "", null, -1, Map.of(A0, new OffsetCommit.Offset(5, -1, "")))));
        assertThat(call(new ConsumerHeartbeat("upgraded", "m1", 0, null, null, REBALANCE_MS, List.of("a"), null, null,
                Set.of(), "client", "/127.0.0.1")).error()).as("an empty classic group becomes a consumer group").isEqualTo(Errors.NONE);
        assertThat(done(coordinator.fetchOffsets("upgraded", List.of(A0)))).containsKey(A0);
        assertThat(done(coordinator.describeGroups(List.of("upgraded"))).get(0).notFoundMessage())
                .isEqualTo("Group upgraded is not a classic group.");
        assertThat(done(coordinator.listGroups(Set.of()))).contains(new GroupListing("upgraded", "consumer", "consumer", "Stable"));

        JoinResult inconsistent = done(coordinator.joinGroup(new JoinRequest("upgraded", "", null, "client",
                "/127.0.0.1", 10_000, REBALANCE_MS, "consumer", List.of(new MemberProtocol("range", new byte[0])), false, true)));
        assertThat(inconsistent.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void membersCommitAndFetchWithTheirCurrentEpoch() {
        join("m1", null, List.of("a"));
        Map<TopicPartition, OffsetCommit.Offset> offsets = Map.of(A0, new OffsetCommit.Offset(3, -1, ""));

        assertThat(done(coordinator.commitOffsets(new OffsetCommit(GROUP, "m1", null, 1, offsets)))).containsEntry(A0, Errors.NONE);
        assertThat(done(coordinator.commitOffsets(new OffsetCommit(GROUP, "m1", null, 0, offsets)))).containsEntry(A0, Errors.STALE_MEMBER_EPOCH);
        assertThat(done(coordinator.commitOffsets(new OffsetCommit(GROUP, "nobody", null, 1, offsets)))).containsEntry(A0, Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(coordinator.commitOffsets(new OffsetCommit(GROUP, "", null, -1, offsets))))
                .as("from outside the group while it has members").containsEntry(A0, Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(coordinator.fetchOffsets(GROUP, "m1", 1, List.of(A0)))).containsKey(A0);
        assertThat(coordinator.fetchOffsets(GROUP, "m1", 2, List.of(A0))).satisfies(f -> {
            scheduler.runDue();
            assertThat(f).isCompletedExceptionally();
        });
    }

    @Test
    void theOffsetsOfAnEmptyConsumerGroupExpireFromTheirCommitAndTheGroupWithTheLast() {
        coordinator = coordinator(GroupConfig.defaults().withOffsetsRetentionMs(60_000), ConsumerGroupConfig.defaults());
        join("m1", null, List.of("a"));
        done(coordinator.commitOffsets(new OffsetCommit(GROUP, "m1", null, 1, Map.of(A0, new OffsetCommit.Offset(3, -1, "")))));
        scheduler.advance(Duration.ofMillis(30_000));
        done(coordinator.commitOffsets(new OffsetCommit(GROUP, "m1", null, 1, Map.of(A1, new OffsetCommit.Offset(4, -1, "")))));
        heartbeat("m1", 1, null);
        scheduler.advance(Duration.ofMillis(40_000));
        assertThat(done(coordinator.expireOffsets())).isZero();
        assertThat(done(coordinator.fetchOffsets(GROUP, null))).as("a group with members keeps them").hasSize(2);

        heartbeat("m1", -1, null);
        scheduler.advance(Duration.ofMillis(1_000));
        assertThat(done(coordinator.expireOffsets())).isOne();
        assertThat(done(coordinator.fetchOffsets(GROUP, null))).containsOnlyKeys(A1);
        scheduler.advance(Duration.ofMillis(30_000));
        assertThat(done(coordinator.expireOffsets())).isOne();
        assertThat(done(coordinator.fetchOffsets(GROUP, null))).isEmpty();
        assertThat(done(coordinator.listGroups(Set.of()))).isEmpty();
    }

    // ---- helpers

    private MemberHeartbeatResult join(String memberId, String instanceId, List<String> topicNames) {
        return call(new ConsumerHeartbeat(GROUP, memberId, 0, instanceId, null, REBALANCE_MS, topicNames, null, null,
                Set.of(), "client", "/127.0.0.1"));
    }

    private MemberHeartbeatResult heartbeat(String memberId, int epoch, Set<TopicPartition> owned) {
        return call(new ConsumerHeartbeat(GROUP, memberId, epoch, null, null, -1, null, null, null, owned, "client",
                "/127.0.0.1"));
    }

    private MemberHeartbeatResult call(ConsumerHeartbeat heartbeat) {
        return done(coordinator.consumerGroupHeartbeat(heartbeat, Map.copyOf(topics), describable));
    }

    private ConsumerGroupDescription describe() {
        return done(coordinator.describeConsumerGroups(List.of(GROUP))).get(0);
    }

    private <T> T done(CompletableFuture<T> future) {
        scheduler.runDue();
        assertThat(future).isDone();
        return future.join();
    }
}

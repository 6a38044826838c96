package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic group state machine driven through {@link GroupCoordinator} on virtual time: joins, rebalances,
 * session and rebalance timeouts, static membership, and the errors Kafka clients react to.
 */
class ClassicGroupProtocolTest {

    private static final String GROUP = "g";
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 30_000;

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private GroupCoordinator coordinator = coordinator(GroupConfig.defaults());

    private GroupCoordinator coordinator(GroupConfig config) {
        return LoadedCoordinators.loaded(config, scheduler);
    }

    // ---- joining

    @Test
    void firstJoinOfV4ClientIsToldItsMemberId() {
        JoinResult result = done(join("", "client-1", "range"));

        assertThat(result.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(result.memberId()).startsWith("client-1-").hasSizeGreaterThan("client-1-".length() + 30);
        assertThat(describe().members()).isEmpty();
    }

    @Test
    void singleMemberLeadsGenerationOneAfterTheInitialRebalanceDelay() {
        String id = memberIdFor("client-1");
        CompletableFuture<JoinResult> join = join(id, "client-1", "range");
        scheduler.runDue();
        assertThat(describe().state()).isEqualTo(GroupState.PREPARING_REBALANCE);

        scheduler.advance(Duration.ofMillis(2_999));
        assertThat(join).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        JoinResult result = done(join);
        assertThat(result.error()).isEqualTo(Errors.NONE);
        assertThat(result.generationId()).isEqualTo(1);
        assertThat(result.leaderId()).isEqualTo(id);
        assertThat(result.protocolType()).isEqualTo("consumer");
        assertThat(result.protocolName()).isEqualTo("range");
        assertThat(result.members()).extracting(JoinResult.Member::memberId).containsExactly(id);
        assertThat(text(result.members().get(0).metadata())).isEqualTo("range@" + "client-1");
        assertThat(describe().state()).isEqualTo(GroupState.COMPLETING_REBALANCE);

        SyncResult sync = done(sync(id, 1, Map.of(id, bytes("all"))));
        assertThat(sync.error()).isEqualTo(Errors.NONE);
        assertThat(text(sync.assignment())).isEqualTo("all");
        assertThat(sync.protocolName()).isEqualTo("range");

        GroupDescription description = describe();
        assertThat(description.state()).isEqualTo(GroupState.STABLE);
        assertThat(description.protocolName()).isEqualTo("range");
        assertThat(description.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(id);
            assertThat(m.clientId()).isEqualTo("client-1");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(text(m.assignment())).isEqualTo("all");
            assertThat(text(m.metadata())).isEqualTo("range@client-1");
        });
    }

    @Test
    void membersJoiningDuringTheInitialDelayShareOneGenerationAndTheLeaderAssignsThemAll() {
        String a = memberIdFor("a");
        String b = memberIdFor("b");
        CompletableFuture<JoinResult> joinA = join(a, "a", "range");
        scheduler.advance(Duration.ofMillis(1_000));
        CompletableFuture<JoinResult> joinB = join(b, "b", "range");
        // A member joined during the delay: it is extended once by the same delay.
        scheduler.advance(Duration.ofMillis(4_999));
        assertThat(joinA).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        JoinResult leader = done(joinA);
        JoinResult follower = done(joinB);
        assertThat(leader.generationId()).isEqualTo(1);
        assertThat(follower.generationId()).isEqualTo(1);
        assertThat(leader.leaderId()).isEqualTo(a);
        assertThat(follower.leaderId()).isEqualTo(a);
        assertThat(leader.members()).extracting(JoinResult.Member::memberId).containsExactly(a, b);
        assertThat(follower.members()).isEmpty();

        CompletableFuture<SyncResult> followerSync = sync(b, 1, Map.of());
        scheduler.runDue();
        assertThat(followerSync).isNotDone();
        SyncResult leaderSync = done(sync(a, 1, Map.of(a, bytes("p0"), b, bytes("p1"))));

        assertThat(text(leaderSync.assignment())).isEqualTo("p0");
        assertThat(text(done(followerSync).assignment())).isEqualTo("p1");
        assertThat(describe().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void aThirdMemberRebalancesTheGroupOnceEveryoneRejoins() {
        Stable group = stableGroupOf("a", "b");
        String c = memberIdFor("c");
        CompletableFuture<JoinResult> joinC = join(c, "c", "range");
        scheduler.runDue();

        assertThat(describe().state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(done(heartbeat(group.ids.get(0), 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(done(heartbeat(group.ids.get(1), 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        CompletableFuture<JoinResult> rejoinA = join(group.ids.get(0), "a", "range");
        scheduler.runDue();
        assertThat(joinC).isNotDone();
        CompletableFuture<JoinResult> rejoinB = join(group.ids.get(1), "b", "range");
        scheduler.runDue();

        assertThat(done(rejoinA).generationId()).isEqualTo(2);
        assertThat(done(rejoinA).members()).hasSize(3);
        assertThat(done(rejoinB).members()).isEmpty();
        assertThat(done(joinC).generationId()).isEqualTo(2);
        assertThat(done(joinC).leaderId()).isEqualTo(group.ids.get(0));
    }

    @Test
    void aLeavingMemberRebalancesTheRest() {
        Stable group = stableGroupOf("a", "b");

        LeaveResult leave = done(coordinator.leaveGroup(GROUP, List.of(new MemberIdentity(group.ids.get(1), null))));
        assertThat(leave.error()).isEqualTo(Errors.NONE);
        assertThat(leave.members()).singleElement().extracting(LeaveResult.Member::error).isEqualTo(Errors.NONE);
        assertThat(done(heartbeat(group.ids.get(0), 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        JoinResult rejoin = done(join(group.ids.get(0), "a", "range"));
        assertThat(rejoin.generationId()).isEqualTo(2);
        assertThat(rejoin.members()).extracting(JoinResult.Member::memberId).containsExactly(group.ids.get(0));
    }

    @Test
    void theLastMemberLeavingEmptiesTheGroup() {
        Stable group = stableGroupOf("a");

        done(coordinator.leaveGroup(GROUP, List.of(new MemberIdentity(group.ids.get(0), null))));

        assertThat(describe().state()).isEqualTo(GroupState.EMPTY);
        assertThat(describe().members()).isEmpty();
        assertThat(done(heartbeat(group.ids.get(0), 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void leavingUnknownMembersIsReportedPerMember() {
        Stable group = stableGroupOf("a");

        LeaveResult leave = done(coordinator.leaveGroup(GROUP, List.of(
                new MemberIdentity("nobody", null), new MemberIdentity(group.ids.get(0), null))));

        assertThat(leave.members()).extracting(LeaveResult.Member::error)
                .containsExactly(Errors.UNKNOWN_MEMBER_ID, Errors.NONE);
        assertThat(done(coordinator.leaveGroup("other", List.of(new MemberIdentity("x", null)))).members())
                .extracting(LeaveResult.Member::error).containsExactly(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberWhoseSessionRunsOutIsRemoved() {
        Stable group = stableGroupOf("a", "b");
        String a = group.ids.get(0);
        for (int i = 0; i < 3; i++) {
            scheduler.advance(Duration.ofMillis(3_000));
            assertThat(done(heartbeat(a, 1))).isEqualTo(Errors.NONE);
        }
        scheduler.advance(Duration.ofMillis(1_000));

        assertThat(describe().members()).extracting(GroupDescription.Member::memberId).containsExactly(a);
        assertThat(done(heartbeat(a, 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(done(heartbeat(group.ids.get(1), 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(join(a, "a", "range")).generationId()).isEqualTo(2);
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreDropped() {
        Stable group = stableGroupOf("a", "b");
        String a = group.ids.get(0);
        // The leader rejoins (as after a metadata change); b keeps its session but never rejoins.
        CompletableFuture<JoinResult> rejoin = join(a, "a", "range");
        for (int elapsed = 0; elapsed < REBALANCE_MS - 3_000; elapsed += 3_000) {
            scheduler.advance(Duration.ofMillis(3_000));
            assertThat(done(heartbeat(group.ids.get(1), 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
        scheduler.advance(Duration.ofMillis(2_999));
        assertThat(rejoin).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(done(rejoin).generationId()).isEqualTo(2);
        assertThat(done(rejoin).members()).extracting(JoinResult.Member::memberId).containsExactly(a);
    }

    @Test
    void membersThatNeverSyncAreDroppedAfterTheRebalanceTimeout() {
        String a = memberIdFor("a");
        String b = memberIdFor("b");
        CompletableFuture<JoinResult> joinA = join(a, "a", "range");
        CompletableFuture<JoinResult> joinB = join(b, "b", "range");
        scheduler.advance(Duration.ofMillis(6_000));
        assertThat(done(joinA).generationId()).isEqualTo(1);
        assertThat(done(joinB).generationId()).isEqualTo(1);
        done(sync(a, 1, Map.of(a, bytes("p0"), b, bytes("p1"))));

        // b heart-beats, but never syncs: it has to go once the rebalance timeout has passed since generation 1.
        for (int i = 0; i < 9; i++) {
            scheduler.advance(Duration.ofMillis(3_000));
            assertThat(done(heartbeat(a, 1))).isEqualTo(Errors.NONE);
            assertThat(done(heartbeat(b, 1))).isEqualTo(Errors.NONE);
        }
        scheduler.advance(Duration.ofMillis(2_999));
        assertThat(done(heartbeat(b, 1))).isEqualTo(Errors.NONE);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(done(heartbeat(b, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(describe().state()).isEqualTo(GroupState.PREPARING_REBALANCE);
    }

    @Test
    void aMemberThatLostItsJoinAnswerGetsTheSameGenerationAgain() {
        String a = memberIdFor("a");
        CompletableFuture<JoinResult> first = join(a, "a", "range");
        scheduler.advance(Duration.ofMillis(3_000));
        assertThat(done(first).generationId()).isEqualTo(1);

        JoinResult again = done(join(a, "a", "range"));

        assertThat(again.generationId()).isEqualTo(1);
        assertThat(again.members()).hasSize(1);
        assertThat(describe().state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
    }

    @Test
    void aFollowerRejoiningAStableGroupUnchangedDoesNotRebalanceIt() {
        Stable group = stableGroupOf("a", "b");

        JoinResult rejoin = done(join(group.ids.get(1), "b", "range"));

        assertThat(rejoin.generationId()).isEqualTo(1);
        assertThat(rejoin.members()).isEmpty();
        assertThat(describe().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void oldClientsWithoutMemberIdRequiredJoinAtOnce() {
        CompletableFuture<JoinResult> join = coordinator.joinGroup(new JoinRequest(GROUP, "", null, "old", "/127.0.0.1",
                SESSION_MS, REBALANCE_MS, "consumer", protocols("old", "range"), false, false));
        scheduler.advance(Duration.ofMillis(3_000));

        assertThat(done(join).error()).isEqualTo(Errors.NONE);
        assertThat(done(join).memberId()).startsWith("old-");
        assertThat(done(join).leaderId()).isEqualTo(done(join).memberId());
    }

    @Test
    void aPendingMemberThatNeverComesBackIsForgottenAfterItsSession() {
        Stable group = stableGroupOf("a");
        String b = memberIdFor("b");
        assertThat(b).isNotEmpty();
        CompletableFuture<JoinResult> rejoin = join(group.ids.get(0), "a", "range");
        scheduler.runDue();
        // b was told its id but has not joined with it: the rebalance waits for it, up to its session.
        assertThat(rejoin).isNotDone();
        scheduler.advance(Duration.ofMillis(SESSION_MS));

        assertThat(done(rejoin).generationId()).isEqualTo(2);
        assertThat(done(rejoin).members()).hasSize(1);
    }

    // ---- errors

    @Test
    void wrongGenerationsAndUnknownMembersAreRefused() {
        Stable group = stableGroupOf("a");
        String a = group.ids.get(0);

        assertThat(done(heartbeat(a, 7))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(done(sync(a, 7, Map.of())).error()).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(done(heartbeat("stranger", 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(sync("stranger", 1, Map.of())).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(join("stranger", "x", "range")).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(coordinator.heartbeat("nogroup", a, null, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(coordinator.joinGroup(joinRequest("nogroup", a, "a", "range"))).error())
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(coordinator.syncGroup(new SyncRequest(GROUP, 1, a, null, "consumer", "roundrobin", Map.of()))).error())
                .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void syncDuringARebalanceIsToldToRejoin() {
        Stable group = stableGroupOf("a", "b");
        join(group.ids.get(0), "a", "range");
        scheduler.runDue();

        assertThat(done(sync(group.ids.get(1), 1, Map.of())).error()).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void sessionTimeoutsOutsideTheBrokerBoundsAreRefused() {
        for (int timeout : new int[] {5_999, 1_800_001}) {
            JoinResult result = done(coordinator.joinGroup(new JoinRequest(GROUP, "", null, "c", "/127.0.0.1",
                    timeout, REBALANCE_MS, "consumer", protocols("c", "range"), true, true)));
            assertThat(result.error()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        }
        assertThat(done(coordinator.joinGroup(joinRequest("", "", "c", "range"))).error()).isEqualTo(Errors.INVALID_GROUP_ID);
    }

    @Test
    void membersMustShareAProtocolTypeAndAProtocol() {
        stableGroupOf("a");

        assertThat(done(join(memberIdFor("b"), "b", "roundrobin")).error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        JoinResult otherType = done(coordinator.joinGroup(new JoinRequest(GROUP, "", null, "c", "/127.0.0.1",
                SESSION_MS, REBALANCE_MS, "connect", protocols("c", "range"), true, true)));
        assertThat(otherType.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void theProtocolMostMembersPreferAmongThoseAllSupportIsChosen() {
        String a = memberIdFor("a");
        String b = memberIdFor("b");
        String c = memberIdFor("c");
        CompletableFuture<JoinResult> joinA = join(a, "a", "range", "roundrobin", "sticky");
        CompletableFuture<JoinResult> joinB = join(b, "b", "roundrobin", "range");
        CompletableFuture<JoinResult> joinC = join(c, "c", "sticky", "roundrobin", "range");
        scheduler.advance(Duration.ofMillis(6_000));

        // sticky is not supported by b; range and roundrobin are, and roundrobin is preferred by b and c.
        assertThat(done(joinA).protocolName()).isEqualTo("roundrobin");
        assertThat(done(joinC).protocolName()).isEqualTo("roundrobin");
        assertThat(done(joinA).members()).extracting(m -> text(m.metadata()))
                .containsExactly("roundrobin@a", "roundrobin@b", "roundrobin@c");
        assertThat(done(joinB).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void aFullGroupRefusesNewMembers() {
        coordinator = coordinator(GroupConfig.defaults().withMaxSize(1));
        stableGroupOf("a");

        assertThat(done(join("", "b", "range")).error()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
    }

    // ---- static membership

    @Test
    void aRestartedStaticMemberTakesOverItsPlaceWithoutARebalance() {
        CompletableFuture<JoinResult> first = coordinator.joinGroup(staticJoin("", "i1", "a", false));
        CompletableFuture<JoinResult> second = coordinator.joinGroup(staticJoin("", "i2", "b", false));
        scheduler.advance(Duration.ofMillis(6_000));
        String oldA = done(first).memberId();
        String b = done(second).memberId();
        assertThat(oldA).startsWith("i1-");
        assertThat(done(first).leaderId()).isEqualTo(oldA);
        done(coordinator.syncGroup(new SyncRequest(GROUP, 1, oldA, "i1", null, null, Map.of(oldA, bytes("p0"), b, bytes("p1")))));
        done(coordinator.syncGroup(new SyncRequest(GROUP, 1, b, "i2", null, null, Map.of())));

        JoinResult restarted = done(coordinator.joinGroup(staticJoin("", "i1", "a", false)));

        String newA = restarted.memberId();
        assertThat(newA).startsWith("i1-").isNotEqualTo(oldA);
        assertThat(restarted.generationId()).isEqualTo(1);
        // Before JoinGroup v9 the restarted leader must not believe it leads: it is given the old leader id.
        assertThat(restarted.leaderId()).isEqualTo(oldA);
        assertThat(restarted.members()).isEmpty();
        assertThat(describe().state()).isEqualTo(GroupState.STABLE);
        assertThat(text(done(coordinator.syncGroup(new SyncRequest(GROUP, 1, newA, "i1", null, null, Map.of()))).assignment()))
                .isEqualTo("p0");
        assertThat(done(coordinator.heartbeat(GROUP, oldA, "i1", 1))).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(done(coordinator.heartbeat(GROUP, newA, "i1", 1))).isEqualTo(Errors.NONE);
    }

    @Test
    void aRestartedStaticLeaderOnV9IsToldToSkipTheAssignment() {
        CompletableFuture<JoinResult> first = coordinator.joinGroup(staticJoin("", "i1", "a", true));
        scheduler.advance(Duration.ofMillis(3_000));
        String oldA = done(first).memberId();
        done(coordinator.syncGroup(new SyncRequest(GROUP, 1, oldA, "i1", null, null, Map.of(oldA, bytes("p0")))));

        JoinResult restarted = done(coordinator.joinGroup(staticJoin("", "i1", "a", true)));

        assertThat(restarted.leaderId()).isEqualTo(restarted.memberId());
        assertThat(restarted.skipAssignment()).isTrue();
        assertThat(restarted.members()).extracting(JoinResult.Member::memberId).containsExactly(restarted.memberId());
    }

    @Test
    void aStaticMemberLeavesByInstanceId() {
        CompletableFuture<JoinResult> first = coordinator.joinGroup(staticJoin("", "i1", "a", true));
        scheduler.advance(Duration.ofMillis(3_000));
        String id = done(first).memberId();

        LeaveResult fenced = done(coordinator.leaveGroup(GROUP, List.of(new MemberIdentity("someone-else", "i1"))));
        assertThat(fenced.members()).extracting(LeaveResult.Member::error).containsExactly(Errors.FENCED_INSTANCE_ID);
        LeaveResult left = done(coordinator.leaveGroup(GROUP, List.of(new MemberIdentity("", "i1"))));
        assertThat(left.members()).extracting(LeaveResult.Member::error).containsExactly(Errors.NONE);
        assertThat(done(coordinator.heartbeat(GROUP, id, "i1", 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    // ---- listing

    @Test
    void groupsAreListedWithTheirStatesAndFilteredByState() {
        stableGroupOf("a");
        done(coordinator.commitOffsets(new OffsetCommit("simple", "", null, -1,
                Map.of(new TopicPartition("t", 0), new OffsetCommit.Offset(1, -1, null)))));

        assertThat(done(coordinator.listGroups(Set.of()))).containsExactlyInAnyOrder(
                new GroupListing(GROUP, "consumer", GroupState.STABLE), new GroupListing("simple", "", GroupState.EMPTY));
        assertThat(done(coordinator.listGroups(Set.of("stable")))).extracting(GroupListing::groupId).containsExactly(GROUP);
        assertThat(done(coordinator.listGroups(Set.of("Dead")))).isEmpty();
        assertThat(done(coordinator.describeGroups(List.of("missing")))).singleElement()
                .satisfies(d -> assertThat(d.exists()).isFalse());
    }

    // ---- helpers

    private record Stable(List<String> ids) {
    }

    /** Members join (v4 style) in the given order during the initial delay, the first leads, all sync. */
    private Stable stableGroupOf(String... clientIds) {
        List<String> ids = Arrays.stream(clientIds).map(this::memberIdFor).toList();
        List<CompletableFuture<JoinResult>> joins = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            joins.add(join(ids.get(i), clientIds[i], "range"));
        }
        scheduler.advance(Duration.ofMillis(6_000));
        int generation = done(joins.get(0)).generationId();
        Map<String, byte[]> assignments = new HashMap<>();
        ids.forEach(id -> assignments.put(id, bytes("for " + id)));
        List<CompletableFuture<SyncResult>> syncs = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            syncs.add(sync(ids.get(i), generation, i == 0 ? assignments : Map.of()));
        }
        scheduler.runDue();
        syncs.forEach(s -> assertThat(done(s).error()).isEqualTo(Errors.NONE));
        assertThat(describe().state()).isEqualTo(GroupState.STABLE);
        return new Stable(ids);
    }

    private String memberIdFor(String clientId) {
        JoinResult result = done(join("", clientId, "range"));
        assertThat(result.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        return result.memberId();
    }

    private CompletableFuture<JoinResult> join(String memberId, String clientId, String... protocolNames) {
        return coordinator.joinGroup(joinRequest(GROUP, memberId, clientId, protocolNames));
    }

    private static JoinRequest joinRequest(String group, String memberId, String clientId, String... protocolNames) {
        return new JoinRequest(group, memberId, null, clientId, "/127.0.0.1", SESSION_MS, REBALANCE_MS, "consumer",
                protocols(clientId, protocolNames), true, true);
    }

    private static JoinRequest staticJoin(String memberId, String instanceId, String clientId, boolean v9) {
        return new JoinRequest(GROUP, memberId, instanceId, clientId, "/127.0.0.1", SESSION_MS, REBALANCE_MS,
                "consumer", protocols(clientId, "range"), true, v9);
    }

    private static List<MemberProtocol> protocols(String clientId, String... names) {
        return Arrays.stream(names).map(n -> new MemberProtocol(n, bytes(n + "@" + clientId))).toList();
    }

    private CompletableFuture<SyncResult> sync(String memberId, int generation, Map<String, byte[]> assignments) {
        return coordinator.syncGroup(new SyncRequest(GROUP, generation, memberId, null, "consumer", "range", assignments));
    }

    private CompletableFuture<Errors> heartbeat(String memberId, int generation) {
        return coordinator.heartbeat(GROUP, memberId, null, generation);
    }

    private GroupDescription describe() {
        return done(coordinator.describeGroups(List.of(GROUP))).get(0);
    }

    private <T> T done(CompletableFuture<T> future) {
        scheduler.runDue();
        assertThat(future).isDone();
        return future.join();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.partita.engine.group.ClassicGroupProtocolTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offset commits through {@link GroupCoordinator}: who may commit when, what a fetch returns, and how offsets and
 * empty groups expire ({@code offsets.retention.minutes}, here one minute) when {@link GroupCoordinator#expireOffsets}
 * runs.
 */
class CommittedOffsetsTest {

    private static final long RETENTION_MS = 60_000;
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final GroupCoordinator coordinator = LoadedCoordinators.loaded(
            GroupConfig.defaults().withOffsetsRetentionMs(RETENTION_MS), scheduler);

    @Test
    void aCommitOutsideGroupManagementCreatesAnEmptyGroupAndIsFetchedBack() {
        long committedAt = scheduler.nowMs();
        Map<TopicPartition, Errors> errors = done(coordinator.commitOffsets(new OffsetCommit("simple", "", null, -1,
                Map.of(T0, new OffsetCommit.Offset(42, 5, "meta"), T1, new OffsetCommit.Offset(7, -1, null)))));

        assertThat(errors).containsOnly(Map.entry(T0, Errors.NONE), Map.entry(T1, Errors.NONE));
        Map<TopicPartition, CommittedOffset> fetched = done(coordinator.fetchOffsets("simple", List.of(T0, new TopicPartition("t", 9))));
        assertThat(fetched).containsOnly(Map.entry(T0, new CommittedOffset(42, 5, "meta", committedAt)));
        assertThat(done(coordinator.fetchOffsets("simple", null)).get(T1)).isEqualTo(new CommittedOffset(7, -1, "", committedAt));
        assertThat(done(coordinator.describeGroups(List.of("simple"))).get(0).state()).isEqualTo(GroupState.EMPTY);
        assertThat(done(coordinator.fetchOffsets("nobody", List.of(T0)))).isEmpty();
    }

    @Test
    void membersCommitUnderTheirCurrentGenerationOnly() {
        String member = stableMember("g");

        assertThat(commit("g", member, 1, T0)).isEqualTo(Errors.NONE);
        assertThat(commit("g", member, 2, T0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commit("g", "stranger", 1, T0)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit("g", "", -1, T0)).as("outside group management while members are in").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit("no-such-group", member, 1, T0)).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(done(coordinator.fetchOffsets("g", List.of(T0))).get(T0).offset()).isEqualTo(1);
    }

    @Test
    void aMemberWhoseGenerationIsNotAssignedYetIsToldToWait() {
        String member = joinedMember("g");

        assertThat(commit("g", member, 1, T0)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void metadataLongerThanTheLimitIsRefusedPerPartition() {
        Map<TopicPartition, Errors> errors = done(coordinator.commitOffsets(new OffsetCommit("simple", "", null, -1, Map.of(
                T0, new OffsetCommit.Offset(1, -1, "x".repeat(4097)), T1, new OffsetCommit.Offset(1, -1, "x".repeat(4096))))));

        assertThat(errors).containsOnly(Map.entry(T0, Errors.OFFSET_METADATA_TOO_LARGE), Map.entry(T1, Errors.NONE));
    }

    @Test
    void offsetsOfAGroupThatNeverHadMembersExpireEachFromItsCommit() {
        commit("simple", "", -1, T0);
        scheduler.advance(Duration.ofSeconds(30));
        commit("simple", "", -1, T1);

        scheduler.advance(Duration.ofSeconds(30));
        assertThat(done(coordinator.expireOffsets())).isEqualTo(1);
        assertThat(done(coordinator.fetchOffsets("simple", null))).containsOnlyKeys(T1);

        scheduler.advance(Duration.ofSeconds(30));
        assertThat(done(coordinator.expireOffsets())).isEqualTo(1);
        assertThat(done(coordinator.fetchOffsets("simple", null))).isEmpty();
        assertThat(done(coordinator.listGroups(Set.of()))).isEmpty();
        assertThat(done(coordinator.describeGroups(List.of("simple"))).get(0).exists()).isFalse();
    }

    @Test
    void offsetsOfAConsumerGroupAgeOnlyOnceItIsEmpty() {
        String member = stableMember("g");
        commit("g", member, 1, T0);
        for (int i = 0; i < 40; i++) {
            scheduler.advance(Duration.ofSeconds(3));
            assertThat(done(coordinator.heartbeat("g", member, null, 1))).isEqualTo(Errors.NONE);
        }
        assertThat(done(coordinator.expireOffsets())).isZero();
        assertThat(done(coordinator.fetchOffsets("g", null))).containsOnlyKeys(T0);

        done(coordinator.leaveGroup("g", List.of(new MemberIdentity(member, null))));
        scheduler.advance(Duration.ofSeconds(50));
        assertThat(done(coordinator.expireOffsets())).isZero();
        assertThat(done(coordinator.fetchOffsets("g", null))).containsOnlyKeys(T0);
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(done(coordinator.expireOffsets())).isEqualTo(1);
        assertThat(done(coordinator.fetchOffsets("g", null))).isEmpty();
        assertThat(done(coordinator.listGroups(Set.of()))).isEmpty();
    }

    @Test
    void anEmptyGroupWithoutOffsetsIsForgottenAtTheNextCheck() {
        String member = stableMember("console-consumer-1");
        done(coordinator.leaveGroup("console-consumer-1", List.of(new MemberIdentity(member, null))));
        assertThat(done(coordinator.listGroups(Set.of()))).extracting(GroupListing::state).containsExactly(GroupState.EMPTY.kafkaName());

        assertThat(done(coordinator.expireOffsets())).isZero();

        assertThat(done(coordinator.listGroups(Set.of()))).isEmpty();
        assertThat(done(coordinator.heartbeat("console-consumer-1", member, null, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    /** Commits offset = generation to {@code tp}; returns the partition's error. */
    private Errors commit(String group, String member, int generation, TopicPartition tp) {
        return done(coordinator.commitOffsets(new OffsetCommit(group, member, null, generation,
                Map.of(tp, new OffsetCommit.Offset(generation, -1, ""))))).get(tp);
    }

    /** A member that joined generation 1 of a new group, which now waits for its assignment. */
    private String joinedMember(String group) {
        JoinRequest first = new JoinRequest(group, "", null, "c", "/127.0.0.1", 10_000, 30_000, "consumer",
                List.of(new MemberProtocol("range", bytes("m"))), true, true);
        String id = done(coordinator.joinGroup(first)).memberId();
        CompletableFuture<JoinResult> join = coordinator.joinGroup(new JoinRequest(group, id, null, "c", "/127.0.0.1",
                10_000, 30_000, "consumer", first.protocols(), true, true));
        scheduler.advance(Duration.ofMillis(3_000));
        assertThat(done(join).generationId()).isEqualTo(1);
        return id;
    }

    /** The only member of a stable group at generation 1. */
    private String stableMember(String group) {
        String id = joinedMember(group);
        SyncResult sync = done(coordinator.syncGroup(new SyncRequest(group, 1, id, null, null, null, Map.of(id, bytes("a")))));
        assertThat(sync.error()).isEqualTo(Errors.NONE);
        return id;
    }

    private <T> T done(CompletableFuture<T> future) {
        scheduler.runDue();
        assertThat(future).isDone();
        return future.join();
    }
}

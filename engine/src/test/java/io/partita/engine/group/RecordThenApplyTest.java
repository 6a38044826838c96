package io.partita.engine.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group coordinator writes its records before it applies them: a change whose records the store refuses is
 * answered the store's error and leaves nothing visible, and the records written rebuild, replayed into a fresh
 * coordinator, the same groups and offsets.
 */
class RecordThenApplyTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final InMemoryGroupStore store = new InMemoryGroupStore(7);
    private final GroupCoordinator coordinator = coordinator();
    private final ShareGroupCoordinator shares = coordinator.shareGroupCoordinator();

    private GroupCoordinator coordinator() {
        return LoadedCoordinators.loaded(GroupConfig.defaults().withInitialRebalanceDelayMs(0), ConsumerGroupConfig.defaults(),
                ShareGroupConfig.defaults(), store, scheduler);
    }

    @Test
    void anOffsetCommitWhoseAppendFailsIsNeitherFetchedNorMakesAGroup() {
        assertThat(done(coordinator.commitOffsets(commit("g", A0, 5)))).containsExactly(Map.entry(A0, Errors.NONE));

        store.failAppends(true);
        assertThat(done(coordinator.commitOffsets(commit("g", A0, 9)))).containsExactly(Map.entry(A0, Errors.COORDINATOR_NOT_AVAILABLE));
        assertThat(done(coordinator.commitOffsets(commit("new", A0, 1)))).containsExactly(Map.entry(A0, Errors.COORDINATOR_NOT_AVAILABLE));

        assertThat(done(coordinator.fetchOffsets("g", List.of(A0))).get(A0).offset()).isEqualTo(5);
        assertThat(done(coordinator.fetchOffsets("new", null))).isEmpty();
        assertThat(done(coordinator.listGroups(Set.of()))).extracting(GroupListing::groupId).containsExactly("g");
        assertThat(done(coordinator.describeGroups(List.of("new"))).get(0).state()).isEqualTo(GroupState.DEAD);
    }

    @Test
    void offsetsWhoseDeletionFailsStay() {
        done(coordinator.commitOffsets(commit("g", A0, 5)));

        store.failAppends(true);
        assertThat(done(coordinator.deleteOffsets("g", Set.of(A0), metadata -> Set.of())).error())
                .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(done(coordinator.deleteGroups(List.of("g")))).containsExactly(Map.entry("g", Errors.COORDINATOR_NOT_AVAILABLE));

        assertThat(done(coordinator.fetchOffsets("g", null))).containsOnlyKeys(A0);
    }

    @Test
    void aConsumerGroupMemberWhoseRecordFailsDoesNotStayInTheGroup() {
        assertThat(consumerJoin("cg", "m1").memberEpoch()).isEqualTo(1);

        store.failAppends(true);
        assertThat(consumerJoin("cg", "m2").error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(consumerJoin("fresh", "m1").error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);

        ConsumerGroupDescription described = describeConsumer("cg");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("m1");
        assertThat(describeConsumer("fresh").error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);

        store.failAppends(false);
        assertThat(consumerJoin("cg", "m2").memberEpoch()).as("the epoch the failed join took is not used").isEqualTo(2);
    }

    @Test
    void aShareGroupMemberWhoseRecordFailsDoesNotStayInTheGroup() {
        assertThat(shareJoin("sg", "s1").memberEpoch()).isEqualTo(1);

        store.failAppends(true);
        assertThat(shareJoin("sg", "s2").error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);

        ShareGroupDescription described = describeShare("sg");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.members()).extracting(ShareGroupDescription.Member::memberId).containsExactly("s1");
    }

    @Test
    void theRecordsWrittenReplayIntoAFreshCoordinatorAsTheSameGroupsAndOffsets() {
        String leader = stableClassicGroup("classic");
        done(coordinator.commitOffsets(new OffsetCommit("classic", leader, null, 1, Map.of(A0, new OffsetCommit.Offset(3, 2, "m")))));
        consumerJoin("cg", "m1");
        done(coordinator.commitOffsets(new OffsetCommit("cg", "m1", null, 1, Map.of(A1, new OffsetCommit.Offset(8, -1, "")))));
        shareJoin("sg", "s1");
        done(coordinator.commitOffsets(commit("outside", A0, 4)));
        done(coordinator.commitTransactionalOffsets(new TxnOffsetCommit(commit("outside", A1, 6), 55L, (short) 0)));
        done(coordinator.transactionEnded(55L, (short) 0, 0, true));
        done(coordinator.commitTransactionalOffsets(new TxnOffsetCommit(commit("outside", A0, 99), 56L, (short) 0)));
        done(coordinator.commitOffsets(commit("deleted", A0, 1)));
        done(coordinator.deleteGroups(List.of("deleted")));

        GroupCoordinator replayed = coordinator();

        List<String> ids = List.of("classic", "cg", "sg", "outside", "deleted");
        assertThat(done(replayed.listGroups(Set.of()))).containsExactlyInAnyOrderElementsOf(done(coordinator.listGroups(Set.of())));
        assertThat(done(replayed.describeGroups(ids))).usingRecursiveComparison().isEqualTo(done(coordinator.describeGroups(ids)));
        assertThat(done(replayed.describeConsumerGroups(ids))).isEqualTo(done(coordinator.describeConsumerGroups(ids)));
        assertThat(done(replayed.shareGroupCoordinator().describeShareGroups(ids))).isEqualTo(done(shares.describeShareGroups(ids)));
        for (String id : ids) {
            assertThat(done(replayed.fetchOffsets(id, null))).as(id).isEqualTo(done(coordinator.fetchOffsets(id, null)));
        }
        assertThat(done(replayed.fetchOffsets("outside", null)).get(A0).offset()).as("still pending").isEqualTo(4);

        done(replayed.transactionEnded(56L, (short) 0, 0, true));
        assertThat(done(replayed.fetchOffsets("outside", null)).get(A0).offset()).as("pending, replayed").isEqualTo(99);
    }

    /** One member (that does not need to learn its id first) joins and syncs; its id. */
    private String stableClassicGroup(String groupId) {
        CompletableFuture<JoinResult> joining = coordinator.joinGroup(new JoinRequest(groupId, "", null, "client", "/127.0.0.1",
                10_000, 30_000, "consumer", List.of(new MemberProtocol("range", bytes("sub"))), false, true));
        JoinResult joined = done(joining);
        assertThat(joined.error()).isEqualTo(Errors.NONE);
        SyncResult synced = done(coordinator.syncGroup(new SyncRequest(groupId, joined.generationId(), joined.memberId(), null,
                "consumer", "range", Map.of(joined.memberId(), bytes("all")))));
        assertThat(synced.error()).isEqualTo(Errors.NONE);
        return joined.memberId();
    }

    private MemberHeartbeatResult consumerJoin(String groupId, String memberId) {
        return done(coordinator.consumerGroupHeartbeat(new ConsumerHeartbeat(groupId, memberId, 0, null, null, 30_000,
                List.of("a"), null, null, Set.of(), "client", "/127.0.0.1"), Map.of("a", 2), topic -> true));
    }

    private MemberHeartbeatResult shareJoin(String groupId, String memberId) {
        return done(shares.shareGroupHeartbeat(new ShareHeartbeat(groupId, memberId, 0, null, List.of("a"), "client",
                "/127.0.0.1"), Map.of("a", 2)));
    }

    private ConsumerGroupDescription describeConsumer(String groupId) {
        return done(coordinator.describeConsumerGroups(List.of(groupId))).get(0);
    }

    private ShareGroupDescription describeShare(String groupId) {
        return done(shares.describeShareGroups(List.of(groupId))).get(0);
    }

    /** A commit from outside group management. */
    private static OffsetCommit commit(String groupId, TopicPartition tp, long offset) {
        return new OffsetCommit(groupId, "", null, -1, Map.of(tp, new OffsetCommit.Offset(offset, -1, "")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T done(CompletableFuture<T> future) {
        scheduler.runDue();
        assertThat(future).isDone();
        return future.join();
    }
}

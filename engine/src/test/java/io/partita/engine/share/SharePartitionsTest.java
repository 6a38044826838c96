package io.partita.engine.share;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SharePartitionsTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final TopicIdPartition TIP = new TopicIdPartition(Uuid.randomUuid(), TP);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC);
    private final LastWriteStateStore store = new LastWriteStateStore();
    private final SharePartitions shares = new SharePartitions(group -> SharePartitionConfig.DEFAULTS,
            new ShareSessions(10, 60_000), store, CLOCK);

    @Test
    void aMemberGoneFromItsGroupReleasesItsRecordsThereOnly() {
        acquireTen(shares, "g", 0);
        acquireTen(shares, "other", 0);

        shares.memberGone("g", "m");

        assertThat(shares.existing("g", TP).partition().snapshot().available()).isEqualTo(10);
        assertThat(shares.existing("other", TP).partition().snapshot().acquired()).isEqualTo(10);
    }

    @Test
    void anIdleSessionEndsItsMemberReleasesWhatItHeldAndTheUnfetchedPartitionIsDroppedOnceWritten() throws Exception {
        SharePartitions idle = new SharePartitions(group -> SharePartitionConfig.DEFAULTS, new ShareSessions(10, 0), store, CLOCK);
        idle.sessions().open("g", "m", Set.of(TP), "connection-1", 1_000);
        acquireTen(idle, "g", 0);

        idle.expire();

        assertThat(idle.existing("g", TP)).isNull();
        assertThat(store.states.values()).singleElement().satisfies(state -> {
            assertThat(state.startOffset()).isZero();
            assertThat(state.batches()).singleElement().satisfies(batch -> {
                assertThat(batch.deliveryState()).isEqualTo(io.partita.engine.sharestate.StateBatch.AVAILABLE);
                assertThat(batch.deliveryCount()).isEqualTo((short) 1);
            });
        });
    }

    @Test
    void aNewLeaderReadsWhatTheOldOneWroteAndHandsOutOnlyWhatWasNotAcknowledged() {
        DurableSharePartition first = shares.partition("g", TIP, 1, reset -> 0).join();
        first.partition().acquire("m", List.of(new BatchSpan(0, 9, false)), 100, false, 1_000);
        first.partition().acknowledge("m", 0, 5, List.of(AcknowledgeType.ACCEPT), 1_000);
        first.partition().acknowledge("m", 6, 6, List.of(AcknowledgeType.RELEASE), 1_000);
        shares.persist(first).join();

        SharePartitions next = new SharePartitions(group -> SharePartitionConfig.DEFAULTS, new ShareSessions(10, 60_000),
                store, CLOCK);
        SharePartition restored = next.partition("g", TIP, 2, reset -> 0).join().partition();

        assertThat(restored.snapshot().startOffset()).isEqualTo(6);
        assertThat(restored.acquire("n", List.of(new BatchSpan(0, 9, false)), 100, false, 1_000))
                .containsExactly(new AcquiredRange(6, 9, 2));
    }

    @Test
    void aNewLeaderEpochReadsTheStateAfresh() {
        DurableSharePartition first = shares.partition("g", TIP, 1, reset -> 0).join();

        assertThat(shares.partition("g", TIP, 1, reset -> 0).join()).isSameAs(first);
        assertThat(shares.partition("g", TIP, 2, reset -> 0).join()).isNotSameAs(first);
    }

    private static void acquireTen(SharePartitions shares, String group, long start) {
        shares.partition(group, TIP, 0, reset -> start).join().partition()
                .acquire("m", List.of(new BatchSpan(0, 9, false)), 100, false, 1_000);
    }
}

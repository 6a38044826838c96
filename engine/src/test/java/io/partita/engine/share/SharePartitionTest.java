package io.partita.engine.share;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SharePartitionTest {

    private static final long NOW = 1_000;
    private final SharePartition partition = new SharePartition(new SharePartitionConfig(30_000, 3, 100, ShareAutoOffsetReset.LATEST, false), 10);

    @Test
    void acquiresWholeBatchesFromTheStartOffsetForOneMemberAndNotForAnother() {
        List<BatchSpan> log = List.of(batch(5, 9), batch(10, 14), batch(15, 19));

        assertThat(partition.acquire("a", log, 3, false, NOW)).containsExactly(new AcquiredRange(10, 14, 1));
        assertThat(partition.acquire("b", log, 100, false, NOW)).containsExactly(new AcquiredRange(15, 19, 1));
        assertThat(partition.acquire("c", log, 100, false, NOW)).isEmpty();
        assertThat(partition.nextFetchOffset()).isEqualTo(20);
    }

    @Test
    void theRecordLimitModeStopsExactlyAtMaxRecords() {
        assertThat(partition.acquire("a", List.of(batch(10, 19)), 4, true, NOW))
                .containsExactly(new AcquiredRange(10, 13, 1));
        assertThat(partition.acquire("b", List.of(batch(10, 19)), 4, true, NOW))
                .containsExactly(new AcquiredRange(14, 17, 1));
    }

    @Test
    void acceptedRecordsAtTheFrontMoveTheStartOffset() {
        partition.acquire("a", List.of(batch(10, 19)), 100, false, NOW);

        assertThat(partition.acknowledge("a", 10, 14, List.of(AcknowledgeType.ACCEPT), NOW))
                .isEqualTo(SharePartition.AckOutcome.ACKNOWLEDGED);
        assertThat(partition.snapshot()).isEqualTo(new SharePartition.Snapshot(15, 20, 0, 5, 0, 0));
        // Acknowledged again: no longer acquired.
        assertThat(partition.acknowledge("a", 10, 14, List.of(AcknowledgeType.ACCEPT), NOW))
                .isEqualTo(SharePartition.AckOutcome.INVALID_RECORD_STATE);
    }

    @Test
    void theStateWriteCountsTheAcknowledgedAndArchivedRecordsFromTheStartOffsetOn() {
        partition.acquire("a", List.of(batch(10, 19)), 100, false, NOW);
        partition.acknowledge("a", 10, 14, List.of(AcknowledgeType.RELEASE, AcknowledgeType.ACCEPT, AcknowledgeType.REJECT,
                AcknowledgeType.ACCEPT, AcknowledgeType.RELEASE), NOW);
        assertThat(partition.stateWrite(1, 0).startOffset()).isEqualTo(10);
        assertThat(partition.stateWrite(1, 0).deliveryCompleteCount()).isEqualTo(3);

        partition.acquire("b", List.of(batch(10, 19)), 1, true, NOW);
        partition.acknowledge("b", 10, 10, List.of(AcknowledgeType.ACCEPT), NOW);
        assertThat(partition.stateWrite(1, 0).startOffset()).as("10-13 done").isEqualTo(14);
        assertThat(partition.stateWrite(1, 0).deliveryCompleteCount()).isZero();

        partition.acknowledge("a", 15, 19, List.of(AcknowledgeType.ACCEPT), NOW);
        assertThat(partition.stateWrite(1, 0).deliveryCompleteCount()).isEqualTo(5);
    }

    @Test
    void aReleasedRecordGoesToTheNextFetchWithItsDeliveryCountAndIsArchivedAtTheLimit() {
        partition.acquire("a", List.of(batch(10, 12)), 100, false, NOW);
        partition.acknowledge("a", 10, 12, List.of(AcknowledgeType.ACCEPT, AcknowledgeType.RELEASE, AcknowledgeType.ACCEPT), NOW);
        assertThat(partition.nextFetchOffset()).isEqualTo(11);

        for (int delivery = 2; delivery <= 3; delivery++) {
            assertThat(partition.acquire("b", List.of(batch(10, 12)), 100, false, NOW))
                    .containsExactly(new AcquiredRange(11, 11, delivery));
            partition.acknowledge("b", 11, 11, List.of(AcknowledgeType.RELEASE), NOW);
        }
        // Delivered 3 times (the limit): archived, and everything is done.
        assertThat(partition.snapshot()).isEqualTo(new SharePartition.Snapshot(13, 13, 0, 0, 0, 0));
    }

    @Test
    void anotherMembersRecordsCannotBeAcknowledgedAndAMixedRangeChangesNothing() {
        partition.acquire("a", List.of(batch(10, 14)), 100, false, NOW);
        partition.acquire("b", List.of(batch(15, 19)), 100, false, NOW);

        assertThat(partition.acknowledge("b", 10, 10, List.of(AcknowledgeType.ACCEPT), NOW))
                .isEqualTo(SharePartition.AckOutcome.INVALID_RECORD_STATE);
        assertThat(partition.acknowledge("a", 12, 16, List.of(AcknowledgeType.ACCEPT), NOW))
                .isEqualTo(SharePartition.AckOutcome.INVALID_RECORD_STATE);
        assertThat(partition.acknowledge("a", 10, 14, List.of(AcknowledgeType.ACCEPT, AcknowledgeType.ACCEPT), NOW))
                .isEqualTo(SharePartition.AckOutcome.INVALID_REQUEST);
        assertThat(partition.snapshot().acquired()).isEqualTo(10);
    }

    @Test
    void expiredLocksAndEndedSessionsReleaseTheirRecordsButRenewExtendsALock() {
        partition.acquire("a", List.of(batch(10, 14)), 100, false, NOW);
        partition.acquire("b", List.of(batch(15, 19)), 100, false, NOW);
        partition.acknowledge("a", 10, 11, List.of(AcknowledgeType.RENEW), NOW + 20_000);

        assertThat(partition.releaseExpired(NOW + 30_000)).isEqualTo(8);
        assertThat(partition.acquire("c", List.of(batch(10, 19)), 100, false, NOW + 30_000))
                .containsExactly(new AcquiredRange(12, 19, 2));
        assertThat(partition.releaseAll("a")).isEqualTo(2);
        assertThat(partition.nextFetchOffset()).isEqualTo(10);
    }

    @Test
    void transactionMarkersAndGapsAreDoneWithoutBeingDelivered() {
        assertThat(partition.acquire("a", List.of(batch(10, 11), new BatchSpan(12, 12, true), batch(15, 16)), 100, false, NOW))
                .containsExactly(new AcquiredRange(10, 11, 1), new AcquiredRange(15, 16, 1));
        partition.acknowledge("a", 10, 11, List.of(AcknowledgeType.ACCEPT), NOW);

        assertThat(partition.snapshot()).isEqualTo(new SharePartition.Snapshot(15, 17, 0, 2, 0, 0));
    }

    @Test
    void nothingNewIsAcquiredBeyondTheRecordLockLimitUntilTheFrontIsDone() {
        SharePartition small = new SharePartition(new SharePartitionConfig(30_000, 5, 10, ShareAutoOffsetReset.LATEST, false), 0);
        assertThat(small.acquire("a", List.of(batch(0, 9), batch(10, 19)), 100, false, NOW))
                .containsExactly(new AcquiredRange(0, 9, 1));
        assertThat(small.nextFetchOffset()).isEqualTo(-1);

        small.acknowledge("a", 0, 4, List.of(AcknowledgeType.ACCEPT), NOW);
        assertThat(small.nextFetchOffset()).isEqualTo(10);
    }

    @Test
    void recordsRemovedFromTheLogAreDone() {
        partition.acquire("a", List.of(batch(10, 19)), 100, false, NOW);
        partition.logStartMoved(15);

        assertThat(partition.snapshot()).isEqualTo(new SharePartition.Snapshot(15, 20, 0, 5, 0, 0));
        assertThat(partition.acknowledge("a", 15, 19, List.of(AcknowledgeType.ACCEPT), NOW))
                .isEqualTo(SharePartition.AckOutcome.ACKNOWLEDGED);
        assertThat(partition.snapshot()).isEqualTo(new SharePartition.Snapshot(20, 20, 0, 0, 0, 0));
    }

    private static BatchSpan batch(long first, long last) {
        return new BatchSpan(first, last, false);
    }
}

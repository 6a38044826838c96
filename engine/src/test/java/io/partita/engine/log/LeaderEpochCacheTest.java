package io.partita.engine.log;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The epoch table's invariants after assignments, and the OffsetForLeaderEpoch answers built on it, as Kafka gives
 * them (KIP-101, KIP-279, KAFKA-7415). Each test writes a replica's history as (epoch, start offset) pairs.
 */
class LeaderEpochCacheTest {

    private final LeaderEpochCache cache = new LeaderEpochCache();

    @Test
    void answersTheLargestEpochAtMostTheOneAskedWithTheStartOfTheNext() {
        cache.assign(2, 10);
        cache.assign(5, 40);
        cache.assign(7, 90);
        long logEnd = 120;

        assertThat(cache.endOffsetFor(5, logEnd)).isEqualTo(new EpochEndOffset(5, 90));
        assertThat(cache.endOffsetFor(6, logEnd)).isEqualTo(new EpochEndOffset(5, 90));
        assertThat(cache.endOffsetFor(7, logEnd)).isEqualTo(new EpochEndOffset(7, 120));
        // Older than every epoch: answered as itself, ending where the first epoch starts (KAFKA-7415).
        assertThat(cache.endOffsetFor(1, logEnd)).isEqualTo(new EpochEndOffset(1, 10));
        // Newer than every epoch: nothing of it can be here.
        assertThat(cache.endOffsetFor(8, logEnd)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(cache.endOffsetFor(-1, logEnd)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void moreBatchesOfTheLatestEpochChangeNothing() {
        cache.assign(3, 0);
        cache.assign(3, 5);
        cache.assign(4, 9);
        cache.assign(4, 12);

        assertThat(cache.entries()).isEqualTo(Map.of(3, 0L, 4, 9L));
    }

    /**
     * A replica took epoch 8 at its log end 1000 while it led alone, wrote nothing, and then followed the leader of
     * epoch 9, whose log holds epoch 7 from 900 to 1500: what it fetches from 1000 on is epoch 7, then 9. The
     * leftover 8 used to stay and swallow epoch 7, so as leader (epoch 10) this replica told a follower asking about
     * epoch 7 that it ended at 1000, where epoch 5 did (the follower truncated from 161,486 to 4,306 in our logs).
     */
    @Test
    void anEpochTakenWhileLeadingAloneGivesWayToTheRecordsFetchedAfterIt() {
        cache.assign(5, 0);
        cache.assign(8, 1000);

        cache.assign(7, 1000);
        cache.assign(9, 1500);
        cache.assign(10, 2000);

        assertThat(cache.entries()).isEqualTo(Map.of(5, 0L, 7, 1000L, 9, 1500L, 10, 2000L));
        assertThat(cache.endOffsetFor(7, 2000)).isEqualTo(new EpochEndOffset(7, 1500));
    }

    @Test
    void anEpochStartingWhereANewerOneStartsReplacesIt() {
        cache.assign(5, 0);
        cache.assign(8, 1000);

        cache.assign(9, 1000);

        assertThat(cache.entries()).isEqualTo(Map.of(5, 0L, 9, 1000L));
    }

    /** A leader's epoch is recorded even when a newer one, left from a truncated past, starts beyond its log end. */
    @Test
    void aLeaderTakingAnEpochDropsNewerEntriesBeyondItsLogEnd() {
        cache.assign(3, 0);
        cache.assign(6, 50);

        cache.assign(5, 40);

        assertThat(cache.entries()).isEqualTo(Map.of(3, 0L, 5, 40L));
        assertThat(cache.endOffsetFor(5, 45)).isEqualTo(new EpochEndOffset(5, 45));
    }

    @Test
    void truncationForgetsEpochsStartingAtOrAfterTheNewEnd() {
        cache.assign(1, 0);
        cache.assign(4, 30);
        cache.assign(6, 60);

        cache.truncateFromEnd(30);

        assertThat(cache.entries()).isEqualTo(Map.of(1, 0L));
        assertThat(cache.endOffsetFor(1, 30)).isEqualTo(new EpochEndOffset(1, 30));
        assertThat(cache.endOffsetFor(4, 30)).isEqualTo(EpochEndOffset.UNDEFINED);
    }
}

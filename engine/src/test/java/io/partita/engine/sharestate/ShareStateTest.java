package io.partita.engine.sharestate;

import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.FencedStateEpochException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.partita.engine.sharestate.StateBatch.ACKNOWLEDGED;
import static io.partita.engine.sharestate.StateBatch.ARCHIVED;
import static io.partita.engine.sharestate.StateBatch.AVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The merge rules of WriteShareGroupState: what a write does to the stored state of a share partition. */
class ShareStateTest {

    private static StateBatch batch(long first, long last, byte state, int count) {
        return new StateBatch(first, last, state, (short) count);
    }

    private static ShareState write(long startOffset, StateBatch... batches) {
        return ShareState.write(1, 5, startOffset, -1, List.of(batches));
    }

    private final ShareState stored = ShareState.initialized(1, 5, 100).merged(write(-1,
            batch(100, 109, ACKNOWLEDGED, 1), batch(110, 119, AVAILABLE, 2)));

    @Test
    void aWritesBatchesReplaceTheStateOfTheOffsetsTheyCoverSplittingStoredRuns() {
        ShareState after = stored.merged(write(-1, batch(105, 112, ARCHIVED, 3)));

        assertThat(after.startOffset()).isEqualTo(100);
        assertThat(after.batches()).containsExactly(batch(100, 104, ACKNOWLEDGED, 1), batch(105, 112, ARCHIVED, 3),
                batch(113, 119, AVAILABLE, 2));
    }

    @Test
    void aNewStartOffsetDropsEverythingBelowItAndCutsTheRunItFallsIn() {
        ShareState after = stored.merged(write(112, batch(120, 124, ACKNOWLEDGED, 1)));

        assertThat(after.startOffset()).isEqualTo(112);
        assertThat(after.batches()).containsExactly(batch(112, 119, AVAILABLE, 2), batch(120, 124, ACKNOWLEDGED, 1));
    }

    @Test
    void adjacentRunsOfTheSameStateAndCountBecomeOne() {
        ShareState after = stored.merged(write(-1, batch(110, 119, ACKNOWLEDGED, 1), batch(120, 129, ACKNOWLEDGED, 1)));

        assertThat(after.batches()).containsExactly(batch(100, 129, ACKNOWLEDGED, 1));
    }

    @Test
    void aWriteCoveringSeveralRunsWhollyReplacesThem() {
        ShareState after = stored.merged(write(-1, batch(95, 125, AVAILABLE, 0)));

        assertThat(after.batches()).as("below the start offset is dropped").containsExactly(batch(100, 125, AVAILABLE, 0));
    }

    @Test
    void olderLeaderAndStateEpochsAreFencedNewerOnesRecorded() {
        assertThatThrownBy(() -> stored.checkWrite(ShareState.write(1, 4, -1, -1, List.of())))
                .isInstanceOf(FencedLeaderEpochException.class);
        assertThatThrownBy(() -> stored.checkWrite(ShareState.write(0, 5, -1, -1, List.of())))
                .isInstanceOf(FencedStateEpochException.class);

        ShareState newer = ShareState.write(1, 6, -1, 7, List.of());
        stored.checkWrite(newer);
        ShareState after = stored.merged(newer);
        assertThat(after.leaderEpoch()).isEqualTo(6);
        assertThat(after.deliveryCompleteCount()).isEqualTo(7);
        assertThat(after.batches()).isEqualTo(stored.batches());
        assertThatThrownBy(() -> after.checkLeaderEpoch(5)).isInstanceOf(FencedLeaderEpochException.class);
        after.checkLeaderEpoch(ShareState.NO_EPOCH);
    }

    @Test
    void malformedWritesAreRefusedWithAReason() {
        assertThatThrownBy(() -> write(-1, batch(10, 20, AVAILABLE, 1), batch(20, 30, AVAILABLE, 1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> write(-2)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> batch(10, 9, AVAILABLE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch(10, 19, (byte) 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delivery state 1");
    }

    @Test
    void aCoordinatorKeyParsesBackEvenWithColonsInTheGroupId() {
        ShareStateKey key = new ShareStateKey("orders:eu", org.apache.kafka.common.Uuid.randomUuid(), 3);

        assertThat(ShareStateKey.parse(key.coordinatorKey())).isEqualTo(key);
        assertThatThrownBy(() -> ShareStateKey.parse("group:notauuid:1")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ShareStateKey.parse("group")).isInstanceOf(InvalidRequestException.class);
    }
}

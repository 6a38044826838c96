package io.partita.engine.replication;

import io.partita.engine.log.EpochEndOffset;
import org.junit.jupiter.api.Test;

import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The follower's truncation decision in the divergence scenarios of KIP-101 and KIP-279. Each replica's log is an
 * epoch table (epoch → start offset) and a log end offset; the leader answers as {@code LeaderEpochCache} does.
 */
class TruncationPointTest {

    /** KIP-101, scenario 1: the follower restarts before it hears the high watermark; its records are kept. */
    @Test
    void keepsRecordsTheLeaderHasInTheSameEpochEvenAboveTheHighWatermark() {
        Replica leader = new Replica(2).epoch(0, 0);
        Replica follower = new Replica(2).epoch(0, 0);

        assertThat(follower.truncateAgainst(leader)).isEqualTo(2);
    }

    /**
     * KIP-101, scenario 2: both replicas crash; B, with one record, comes back first, leads epoch 1 and writes m3 at
     * offset 1; A, with m1 and m2 of epoch 0, must drop its m2.
     */
    @Test
    void dropsTheOldEpochsTailWhereTheNewLeaderWroteItsOwnEpoch() {
        Replica b = new Replica(2).epoch(0, 0).epoch(1, 1);
        Replica a = new Replica(2).epoch(0, 0);

        assertThat(a.truncateAgainst(b)).isEqualTo(1);
    }

    /**
     * KIP-279, fast leader fail-over: C has epoch 5 to 1000 and led alone in epoch 8 (1000..1100). Meanwhile D led
     * epoch 7 from 900 (it had 5 only to 900), and B, which followed D, now leads epoch 9. B answers C's question
     * about 8 with epoch 7 ending at 1500; C lacks 7, so it truncates to 1000 and asks about 5: B's 5 ends at 900.
     * KIP-101's single step stopped at 1000 and kept C's 900..999 of epoch 5 where B has epoch 7.
     */
    @Test
    void asksAgainAboutItsOlderEpochWhenTheLeaderNamesOneItLacks() {
        Replica b = new Replica(2000).epoch(5, 0).epoch(7, 900).epoch(9, 1500);
        Replica c = new Replica(1100).epoch(5, 0).epoch(8, 1000);

        TruncationPoint.Step first = TruncationPoint.after(c.epochs, c.logEnd, 8, b.answer(8));
        assertThat(first).isEqualTo(new TruncationPoint.Step(1000, OptionalInt.of(5)));

        assertThat(c.truncateAgainst(b)).isEqualTo(900);
        assertThat(c.epochs).isEqualTo(new TreeMap<>(java.util.Map.of(5, 0L)));
    }

    /**
     * Split brain: C led epoch 8 alone from 1000 and its high watermark followed its log end to 1100; the leader it
     * follows now, B, never went past epoch 7 (from 900). B knows nothing of 8 (undefined): C's records of epoch 8
     * go, and its question about 5 takes it to 900. Falling back to the high watermark kept all 1100.
     */
    @Test
    void dropsAnEpochTheLeaderHasNeverHeardOfAndAsksAboutTheOneBefore() {
        Replica b = new Replica(1200).epoch(5, 0).epoch(7, 900);
        Replica c = new Replica(1100).epoch(5, 0).epoch(8, 1000);

        assertThat(TruncationPoint.after(c.epochs, c.logEnd, 8, b.answer(8)))
                .isEqualTo(new TruncationPoint.Step(1000, OptionalInt.of(5)));
        assertThat(c.truncateAgainst(b)).isEqualTo(900);
    }

    /** A follower whose every epoch is newer than the leader's truncates to where its first epoch starts. */
    @Test
    void keepsNothingOfEpochsNewerThanAllOfTheLeaders() {
        Replica leader = new Replica(50).epoch(1, 0);
        Replica follower = new Replica(80).epoch(3, 10).epoch(4, 60);

        assertThat(follower.truncateAgainst(leader)).isEqualTo(10);
    }

    /** The leader's answer is below the follower's first epoch: the follower keeps nothing of its own epochs. */
    @Test
    void anAnswerOlderThanAllOfTheFollowersEpochsEndsAtItsFirst() {
        Replica leader = new Replica(500).epoch(3, 0).epoch(9, 400);
        Replica follower = new Replica(300).epoch(5, 100).epoch(6, 200);

        assertThat(follower.truncateAgainst(leader)).isEqualTo(100);
    }

    /** Truncation below the high watermark happens when the leader says so: the leader is the truth. */
    @Test
    void theLeadersShorterLogOfTheSameEpochWins() {
        Replica leader = new Replica(70).epoch(2, 0).epoch(4, 40);
        Replica follower = new Replica(90).epoch(2, 0).epoch(4, 40);

        assertThat(follower.truncateAgainst(leader)).isEqualTo(70);
    }

    /** One replica's log as an epoch table, and the OffsetForLeaderEpoch answers a leader with it gives. */
    private static final class Replica {
        final NavigableMap<Integer, Long> epochs = new TreeMap<>();
        long logEnd;

        Replica(long logEnd) {
            this.logEnd = logEnd;
        }

        Replica epoch(int epoch, long start) {
            epochs.put(epoch, start);
            return this;
        }

        EpochEndOffset answer(int requested) {
            if (requested > epochs.lastKey()) return EpochEndOffset.UNDEFINED;
            if (requested == epochs.lastKey()) return new EpochEndOffset(requested, logEnd);
            Integer floor = epochs.floorKey(requested);
            return new EpochEndOffset(floor == null ? requested : floor, epochs.higherEntry(requested).getValue());
        }

        /** Runs the exchange as the fetcher does, truncating this replica's table, and gives its new log end. */
        long truncateAgainst(Replica leader) {
            OptionalInt ask = OptionalInt.of(epochs.lastKey());
            for (int round = 0; ask.isPresent(); round++) {
                assertThat(round).as("rounds").isLessThan(10);
                TruncationPoint.Step step = TruncationPoint.after(epochs, logEnd, ask.getAsInt(), leader.answer(ask.getAsInt()));
                if (step.truncateTo() < logEnd) logEnd = step.truncateTo();
                epochs.values().removeIf(start -> start >= logEnd);
                ask = step.askNext();
            }
            return logEnd;
        }
    }
}

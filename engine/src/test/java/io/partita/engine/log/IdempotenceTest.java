package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotenceTest {

    private static final long PID = 4711L;

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("payments", 0)).openBeforeEach();

    private LogAppendInfo append(MemoryRecords records) throws IOException {
        return fixture.log().appendAsLeader(records, 0);
    }

    private long size() {
        return fixture.log().sizeInBytes();
    }

    @Test
    void aRetriedBatchReturnsTheOriginalOffsetsWithoutAppending() throws IOException {
        append(batch(NOW, "other"));
        LogAppendInfo original = append(idempotent(PID, (short) 0, 0, NOW, "a", "b"));
        append(idempotent(PID, (short) 0, 2, NOW, "c"));
        long sizeBefore = size();

        LogAppendInfo retry = append(idempotent(PID, (short) 0, 0, NOW, "a", "b"));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(original.firstOffset()).isEqualTo(1);
        assertThat(retry.lastOffset()).isEqualTo(original.lastOffset()).isEqualTo(2);
        assertThat(size()).isEqualTo(sizeBefore);
        assertThat(fixture.log().logEndOffset()).isEqualTo(4);
    }

    @Test
    void onlyTheLastFiveBatchesAreRemembered() throws IOException {
        for (int seq = 0; seq < 6; seq++) append(idempotent(PID, (short) 0, seq, NOW, "v" + seq));

        assertThat(append(idempotent(PID, (short) 0, 1, NOW, "v1")).duplicate()).isTrue();
        assertThatThrownBy(() -> append(idempotent(PID, (short) 0, 0, NOW, "v0")))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void aSequenceGapIsRejectedAndNothingIsWritten() throws IOException {
        append(idempotent(PID, (short) 0, 0, NOW, "a"));
        long sizeBefore = size();

        assertThatThrownBy(() -> append(idempotent(PID, (short) 0, 2, NOW, "c")))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("producer " + PID);
        assertThat(size()).isEqualTo(sizeBefore);
        assertThat(append(idempotent(PID, (short) 0, 1, NOW, "b")).firstOffset()).isEqualTo(1);
    }

    @Test
    void anOlderEpochIsFenced() throws IOException {
        append(idempotent(PID, (short) 3, 0, NOW, "a"));

        assertThatThrownBy(() -> append(idempotent(PID, (short) 2, 1, NOW, "b")))
                .isInstanceOf(InvalidProducerEpochException.class)
                .hasMessageContaining("smaller than the last seen epoch 3");
    }

    @Test
    void aNewEpochStartsAtSequenceZero() throws IOException {
        append(idempotent(PID, (short) 0, 0, NOW, "a"));
        append(idempotent(PID, (short) 0, 1, NOW, "b"));

        assertThatThrownBy(() -> append(idempotent(PID, (short) 1, 5, NOW, "x")))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append(idempotent(PID, (short) 1, 0, NOW, "c")).firstOffset()).isEqualTo(2);
        assertThatThrownBy(() -> append(idempotent(PID, (short) 0, 2, NOW, "late")))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void anUnknownProducerMayStartAtAnySequence() throws IOException {
        // What a producer whose earlier batches were removed by retention looks like (KIP-360).
        assertThat(append(idempotent(PID, (short) 2, 17, NOW, "a")).firstOffset()).isZero();
        assertThat(append(idempotent(PID, (short) 2, 18, NOW, "b")).firstOffset()).isEqualTo(1);
    }

    @Test
    void producersAreIndependent() throws IOException {
        append(idempotent(1L, (short) 0, 0, NOW, "a"));
        append(idempotent(2L, (short) 0, 0, NOW, "b"));

        assertThat(append(idempotent(1L, (short) 0, 0, NOW, "a")).duplicate()).isTrue();
        assertThat(append(idempotent(2L, (short) 0, 1, NOW, "c")).duplicate()).isFalse();
    }

    @Test
    void dedupeAndSequenceChecksSurviveAReopen() throws IOException {
        append(idempotent(PID, (short) 1, 0, NOW, "a", "b"));
        append(idempotent(PID, (short) 1, 2, NOW, "c"));
        fixture.reopen();

        LogAppendInfo retry = append(idempotent(PID, (short) 1, 0, NOW, "a", "b"));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isZero();
        assertThat(retry.lastOffset()).isEqualTo(1);
        assertThatThrownBy(() -> append(idempotent(PID, (short) 1, 5, NOW, "x"))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThatThrownBy(() -> append(idempotent(PID, (short) 0, 3, NOW, "x"))).isInstanceOf(InvalidProducerEpochException.class);
        assertThat(append(idempotent(PID, (short) 1, 3, NOW, "d")).firstOffset()).isEqualTo(3);
    }

    @Test
    void dedupeSurvivesACrashRecovery() throws IOException {
        append(idempotent(PID, (short) 0, 0, NOW, "a"));
        fixture.log().flush();
        // The first instance is abandoned unclosed, as a crash would leave it: no clean-shutdown marker.
        fixture.crashAndReopen();

        assertThat(append(idempotent(PID, (short) 0, 0, NOW, "a")).duplicate()).isTrue();
        assertThat(append(idempotent(PID, (short) 0, 1, NOW, "b")).firstOffset()).isEqualTo(1);
    }

    @Test
    void aDuplicateOnALogAppendTimeTopicReturnsTheOriginalAppendTime() throws IOException {
        fixture.log().updateConfig(LogConfig.from(Map.of("message.timestamp.type", "LogAppendTime"), Map.of()));
        LogAppendInfo original = append(idempotent(PID, (short) 0, 0, NOW, "a"));
        fixture.clock().advance(java.time.Duration.ofMinutes(1));

        LogAppendInfo retry = append(idempotent(PID, (short) 0, 0, NOW, "a"));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.logAppendTime()).isEqualTo(original.logAppendTime()).isEqualTo(NOW);
    }

    @Test
    void aRequestFailingOnItsSecondBatchWritesNothingAndRemembersNothing() throws IOException {
        MemoryRecords request = TestBatches.concat(
                idempotent(PID, (short) 0, 0, NOW, "a"),
                idempotent(PID, (short) 0, 5, NOW, "gap"));

        assertThatThrownBy(() -> append(request)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(fixture.log().logEndOffset()).isZero();
        assertThat(size()).isZero();
        // Sequence 0 was not recorded: it is accepted, not reported as a duplicate.
        LogAppendInfo info = append(idempotent(PID, (short) 0, 0, NOW, "a"));
        assertThat(info.duplicate()).isFalse();
        assertThat(values(fixture.log().read(0, 1 << 20, Long.MAX_VALUE, true).records())).containsExactly("a");
    }

    @Test
    void twoBatchesOfOneProducerInOneRequestAreCheckedInOrder() throws IOException {
        LogAppendInfo info = append(TestBatches.concat(
                idempotent(PID, (short) 0, 0, NOW, "a", "b"),
                idempotent(PID, (short) 0, 2, NOW, "c")));

        assertThat(info.lastOffset()).isEqualTo(2);
        assertThat(append(idempotent(PID, (short) 0, 2, NOW, "c")).duplicate()).isTrue();
    }
}

package io.partita.engine.log;

import io.partita.engine.log.LogGuard.Held;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.idempotent;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A log's side of compaction on real segments, without a {@link PartitionLog}: the log's offsets are the test's. */
class LogCompactionViewTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final long PID = 7L;
    private static final int BATCH_SIZE = batch(NOW, "v0").sizeInBytes();

    @TempDir
    Path dir;

    private final ProducerStateTable producers = new ProducerStateTable();
    private LocalLogFixture log;
    private LogFailure failure;
    private LogGuard guard;
    private LogCompactionView compaction;

    /** Batches v0..v4 at offsets 0..4, two per segment: [0,1] [2,3] [4]; all stable. */
    @BeforeEach
    void open() throws IOException {
        log = new LocalLogFixture(dir, Map.of("segment.bytes", String.valueOf(2 * BATCH_SIZE), "file.delete.delay.ms", "0"));
        failure = new LogFailure(TP, dir, () -> { });
        guard = new LogGuard(TP, failure);
        compaction = new LogCompactionView(dir, guard, failure, log.segments, log.deletions, producers, 0, log.clock,
                () -> log.config, () -> 0L, log::endOffset);
        for (int i = 0; i < 5; i++) log.append(batch(NOW, "v" + i));
    }

    @AfterEach
    void close() throws IOException {
        log.local.close(false);
    }

    private List<LogSegment> firstTwo() {
        return List.copyOf(log.segments.all()).subList(0, 2);
    }

    @Test
    void theSectionSplitsAtTheOffsetCompactedUpToWhichIsSavedDurably() throws IOException {
        assertThat(compaction.cleanableSection(NOW).orElseThrow().dirty()).hasSize(2);

        compaction.markCleanedUpTo(2);

        CleanableSection section = compaction.cleanableSection(NOW).orElseThrow();
        assertThat(section.firstDirtyOffset()).isEqualTo(2);
        assertThat(section.clean()).containsExactly(firstTwo().get(0));
        assertThat(section.dirty()).containsExactly(firstTwo().get(1));
        assertThat(new OffsetCheckpoint(dir.resolve(LogFileNames.CLEANER_OFFSET_FILE)).read()).hasValue(2);
    }

    @Test
    void aCleanedSegmentIsSwappedInOnlyForSegmentsStillInTheLog() throws IOException {
        LogSegment cleaned = LogSegment.createCleaned(dir, 0, log.config);
        cleaned.append(TestBatches.atOffset(3, batch(NOW, "v3")), 0);
        cleaned.onBecomeInactive();
        List<LogSegment> replaced = firstTwo();

        assertThat(compaction.replaceSegments(replaced, cleaned, () -> { })).isTrue();
        assertThat(log.baseOffsets()).containsExactly(0L, 4L);
        assertThat(values(log.local.read(log.local.end(), 0, 1 << 20, Long.MAX_VALUE, true).orElseThrow()))
                .containsExactly("v3");

        assertThat(compaction.replaceSegments(replaced, cleaned, () -> { })).isFalse();
    }

    @Test
    void aSwapFailingHalfwayTakesTheLogOffline() throws IOException {
        LogSegment cleaned = LogSegment.createCleaned(dir, 0, log.config);
        cleaned.onBecomeInactive();

        assertThatThrownBy(() -> compaction.replaceSegments(firstTwo(), cleaned, () -> {
            throw new IllegalStateException("crash");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(failure.isOffline()).isTrue();
        assertThat(compaction.cleanableSection(NOW)).isEmpty();
        assertThatThrownBy(() -> compaction.markCleanedUpTo(2)).isInstanceOf(KafkaStorageException.class);
        cleaned.close();
    }

    @Test
    void aClosedLogOffersNothingToCompact() {
        try (Held held = guard.locked()) {
            guard.markClosed();
        }

        assertThat(compaction.cleanableSection(NOW)).isEmpty();
    }

    @Test
    void theLastBatchOfEachProducerIsKnown() throws IOException {
        log.append(idempotent(PID, (short) 1, 0, NOW, "a", "b"));
        ProducerStateRestore.run(dir, log.segments, producers, new LeaderEpochCache(), log.endOffset());

        assertThat(compaction.lastOffsetsOfProducers()).containsExactly(6L);
    }
}

package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;

class LocalLogTest {

    private static final int BATCH_SIZE = batch(NOW, "v00").sizeInBytes();

    @TempDir
    Path dir;

    private LocalLogFixture log;

    @AfterEach
    void close() throws IOException {
        if (log != null) log.local.close(false);
    }

    /** Two batches per segment; flushes left to {@code flush.ms}. */
    private LocalLogFixture open(String... moreOverrides) throws IOException {
        Map<String, String> overrides = new HashMap<>(Map.of("segment.bytes", String.valueOf(2 * BATCH_SIZE)));
        for (int i = 0; i < moreOverrides.length; i += 2) overrides.put(moreOverrides[i], moreOverrides[i + 1]);
        log = new LocalLogFixture(dir, overrides);
        return log;
    }

    private void appendValues(int count) throws IOException {
        for (int i = 0; i < count; i++) log.append(batch(NOW, String.format("v%02d", log.endOffset())));
    }

    @Test
    void appendsRollAFullActiveSegmentAtTheNextOffsetAndPublishTheEnd() throws IOException {
        open();
        appendValues(5);

        assertThat(log.baseOffsets()).containsExactly(0L, 2L, 4L);
        assertThat(log.rolls).containsExactly(2L, 4L);
        assertThat(log.local.end()).isEqualTo(new LogEndPosition(5, 4, BATCH_SIZE));
        assertThat(values(log.local.read(log.local.end(), 1, 1 << 20, Long.MAX_VALUE, true).orElseThrow()))
                .containsExactly("v01");
    }

    @Test
    void aReadStopsAtThePublishedEndItIsGivenAndAtTheOffsetBound() throws IOException {
        open();
        appendValues(1);
        LogEndPosition before = log.local.end();
        appendValues(2);

        assertThat(values(log.local.read(before, 0, 1 << 20, Long.MAX_VALUE, true).orElseThrow())).containsExactly("v00");
        assertThat(values(log.local.read(log.local.end(), 0, 1 << 20, 1, true).orElseThrow())).containsExactly("v00");
    }

    @Test
    void truncationDropsLaterSegmentsAndWholeBatchesAndMovesTheEndBack() throws IOException {
        open();
        appendValues(5);

        assertThat(log.local.truncateTo(3, log.config)).isEqualTo(3);

        assertThat(log.baseOffsets()).containsExactly(0L, 2L);
        assertThat(log.files(".log")).containsExactly("00000000000000000000.log", "00000000000000000002.log");
        assertThat(log.local.end()).isEqualTo(new LogEndPosition(3, 2, BATCH_SIZE));
        appendValues(1);
        assertThat(values(log.local.read(log.local.end(), 2, 1 << 20, Long.MAX_VALUE, true).orElseThrow()))
                .containsExactly("v02", "v03");
    }

    @Test
    void aFlushIsDueOnceSomethingIsUnflushedForFlushMs() throws IOException {
        open("flush.ms", "1000");
        assertThat(log.local.flushDue(log.config)).isFalse();
        appendValues(1);
        log.clock.advance(Duration.ofMillis(999));
        assertThat(log.local.flushDue(log.config)).isFalse();
        log.clock.advance(Duration.ofMillis(1));
        assertThat(log.local.flushDue(log.config)).isTrue();

        log.local.flush();

        assertThat(log.local.flushDue(log.config)).isFalse();
    }

    @Test
    void flushMessagesFlushesOnTheAppendThatReachesIt() throws IOException {
        open("flush.ms", "0", "flush.messages", "2");
        appendValues(1);
        assertThat(log.local.flushDue(log.config)).isTrue();
        appendValues(1);
        assertThat(log.local.flushDue(log.config)).isFalse();
    }

    @Test
    void onlyACleanCloseLeavesTheCleanShutdownMarker() throws IOException {
        open();
        appendValues(3);
        log.local.close(false);
        assertThat(dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE)).doesNotExist();

        Path other = Files.createDirectories(dir.resolve("closed-cleanly"));
        log = new LocalLogFixture(other, Map.of());
        appendValues(3);
        log.local.close(true);
        log = null;

        assertThat(other.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE)).exists();
    }

    @Test
    void deletingRemovesTheWholeDirectory() throws IOException {
        Path partitionDir = Files.createDirectories(dir.resolve("t-0"));
        log = new LocalLogFixture(partitionDir, Map.of());
        appendValues(1);
        log.local.close(false);

        log.local.deleteDirectory(new TopicPartition("t", 0));
        log = null;

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}

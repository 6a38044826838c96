package io.partita.engine.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;

/** A cleaned segment swapped in for the segments it replaces, on real files, without a cleaner. */
class SegmentSwapTest {

    private static final int BATCH_SIZE = batch(NOW, "v00").sizeInBytes();

    @TempDir
    Path dir;

    private LocalLogFixture log;
    private SegmentSwap swap;

    @AfterEach
    void close() throws IOException {
        log.local.close(false);
    }

    /** Segments [0,1] [2,3] [4] and a swap over them, with {@code file.delete.delay.ms} as given. */
    private void open(String fileDeleteDelayMs) throws IOException {
        log = new LocalLogFixture(dir, Map.of("segment.bytes", String.valueOf(2 * BATCH_SIZE),
                "file.delete.delay.ms", fileDeleteDelayMs));
        for (int i = 0; i < 5; i++) log.append(batch(NOW, "v" + i));
        swap = new SegmentSwap(dir, log.segments, log.deletions);
    }

    /** A cleaned segment at offset 0 keeping offsets 1 and 3 of the first two segments. */
    private LogSegment cleaned() throws IOException {
        LogSegment cleaned = LogSegment.createCleaned(dir, 0, log.config);
        cleaned.append(TestBatches.atOffset(1, batch(NOW, "v1")), 0);
        cleaned.append(TestBatches.atOffset(3, batch(NOW, "v3")), 0);
        cleaned.onBecomeInactive();
        return cleaned;
    }

    private List<LogSegment> firstTwo() {
        return List.copyOf(log.segments.all()).subList(0, 2);
    }

    @Test
    void onlyInactiveSegmentsStillInTheLogCanBeReplaced() throws IOException {
        open("0");
        List<LogSegment> all = List.copyOf(log.segments.all());

        assertThat(swap.canReplace(all.subList(0, 2))).isTrue();
        assertThat(swap.canReplace(all)).isFalse();

        log.segments.remove(all.get(1));
        assertThat(swap.canReplace(all.subList(0, 2))).isFalse();
        log.segments.add(all.get(1));
    }

    @Test
    void theCleanedSegmentTakesThePlaceOfTheReplacedOnesUnderItsFinalNames() throws IOException {
        open("0");
        List<String> steps = new ArrayList<>();
        LogSegment cleaned = cleaned();

        swap.replace(firstTwo(), cleaned, () -> steps.add("step"), NOW, 0);

        assertThat(log.baseOffsets()).containsExactly(0L, 4L);
        assertThat(log.files(".log")).containsExactly("00000000000000000000.log", "00000000000000000004.log");
        assertThat(log.files(LogFileNames.CLEANED_SUFFIX)).isEmpty();
        assertThat(log.files(LogFileNames.SWAP_SUFFIX)).isEmpty();
        assertThat(steps).isNotEmpty();
        assertThat(values(log.local.read(log.local.end(), 0, 1 << 20, Long.MAX_VALUE, true).orElseThrow()))
                .containsExactly("v1", "v3");
    }

    @Test
    void replacedSegmentsStayReadableUntilTheirDeletionIsDue() throws IOException {
        open("60000");
        LogSegment first = firstTwo().get(0);

        swap.replace(firstTwo(), cleaned(), () -> { }, NOW, 60000);

        assertThat(log.files(LogFileNames.DELETED_SUFFIX)).contains(
                "00000000000000000000.log" + LogFileNames.DELETED_SUFFIX, "00000000000000000002.log" + LogFileNames.DELETED_SUFFIX);
        assertThat(values(first.read(0, 1 << 20, first.sizeInBytes(), Long.MAX_VALUE, true))).containsExactly("v0", "v1");

        log.deletions.deleteDue(NOW + 60000);
        assertThat(log.files(LogFileNames.DELETED_SUFFIX)).isEmpty();
    }
}

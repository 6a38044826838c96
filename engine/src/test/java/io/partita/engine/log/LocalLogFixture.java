package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.partita.engine.log.LogFixture.NOW;

/**
 * A {@link LocalLog} on real segment files in a test's directory, without a {@link PartitionLog} around it: for the
 * tests of the log's parts, which get its segments, pending deletions and clock. Starts empty at offset 0 with
 * small preallocated indexes; records the base offset of every roll. One test thread: not thread-safe.
 */
final class LocalLogFixture {

    final Path dir;
    final LogConfig config;
    final LogSegments segments = new LogSegments();
    final DelayedSegmentDeletions deletions = new DelayedSegmentDeletions();
    final MutableClock clock = new MutableClock(NOW);
    final List<Long> rolls = new ArrayList<>();
    final LocalLog local;

    LocalLogFixture(Path dir, Map<String, String> overrides) throws IOException {
        this.dir = dir;
        this.config = LogConfig.from(overrides, Map.of("segment.index.bytes", "4096"));
        segments.add(LogSegment.create(dir, 0, config));
        local = new LocalLog(dir, segments, deletions, new LogEndPosition(0, 0, 0), clock, rolls::add);
    }

    /** Appends {@code records} (built at any offset) at the log end, as a leader would after stamping them. */
    void append(MemoryRecords records) throws IOException {
        MemoryRecords placed = TestBatches.atOffset(local.end().nextOffset(), records);
        long first = -1;
        long last = -1;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (RecordBatch batch : placed.batches()) {
            if (first < 0) first = batch.baseOffset();
            last = batch.lastOffset();
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
        }
        local.append(placed, first, last, maxTimestamp, config);
    }

    long endOffset() {
        return local.end().nextOffset();
    }

    List<Long> baseOffsets() {
        return segments.all().stream().map(LogSegment::baseOffset).toList();
    }

    /** Names of the files in the directory ending with {@code suffix}, sorted. */
    List<String> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }
}

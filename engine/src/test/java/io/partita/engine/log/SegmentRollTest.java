package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.offsets;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentRollTest {

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("rolling", 1));

    @Test
    void rollsBeforeASegmentWouldPassSegmentBytes() throws IOException {
        int batchSize = batch(NOW, "value-0").sizeInBytes();
        PartitionLog log = fixture.open(Map.of("segment.bytes", String.valueOf(batchSize * 3)));
        for (int i = 0; i < 10; i++) log.appendAsLeader(batch(NOW, "value-" + i), 0);

        assertThat(fixture.files(".log")).containsExactly(
                "00000000000000000000.log", "00000000000000000003.log", "00000000000000000006.log", "00000000000000000009.log");
        assertThat(fixture.files(".index")).hasSize(4);
        assertThat(fixture.files(".timeindex")).hasSize(4);
        assertThat(Files.size(fixture.dir().resolve("00000000000000000000.log"))).isEqualTo(batchSize * 3L);
        assertThat(values(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records()))
                .as("a read stops at the end of a segment").containsExactly("value-0", "value-1", "value-2");
        assertThat(values(log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, true).records())).containsExactly("value-4", "value-5");
    }

    @Test
    void rolledSegmentsHaveTrimmedIndexesAndTheActiveOneIsPreallocated() throws IOException {
        int batchSize = batch(NOW, "value-0").sizeInBytes();
        PartitionLog log = fixture.open(Map.of(
                "segment.bytes", String.valueOf(batchSize * 3), "index.interval.bytes", "0", "segment.index.bytes", "4096"));
        for (int i = 0; i < 4; i++) log.appendAsLeader(batch(NOW + i, "value-" + i), 0);

        // Every batch but the first of a segment is indexed with index.interval.bytes=0.
        assertThat(Files.size(LogFileNames.offsetIndexFile(fixture.dir(), 0))).isEqualTo(2 * OffsetIndex.ENTRY_SIZE);
        assertThat(Files.size(LogFileNames.timeIndexFile(fixture.dir(), 0))).isEqualTo(2 * TimeIndex.ENTRY_SIZE);
        assertThat(Files.size(LogFileNames.offsetIndexFile(fixture.dir(), 3))).isEqualTo(4096);
        assertThat(Files.size(LogFileNames.timeIndexFile(fixture.dir(), 3))).isEqualTo(4092);
    }

    @Test
    void rollsWhenTheFirstBatchIsOlderThanSegmentMs() throws IOException {
        PartitionLog log = fixture.open(Map.of("segment.ms", "60000", "message.timestamp.type", "LogAppendTime"));
        log.appendAsLeader(batch(NOW, "a"), 0);
        fixture.clock().advance(Duration.ofSeconds(60));
        log.appendAsLeader(batch(NOW, "b"), 0);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        fixture.clock().advance(Duration.ofMillis(1));
        log.appendAsLeader(batch(NOW, "c"), 0);

        assertThat(fixture.files(".log")).containsExactly("00000000000000000000.log", "00000000000000000002.log");
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() throws IOException {
        PartitionLog log = fixture.open(Map.of("index.interval.bytes", "0", "segment.index.bytes", "24"));
        for (int i = 0; i < 10; i++) log.appendAsLeader(batch(NOW, "v" + i), 0);

        // Three index entries fit; the first batch of a segment is not indexed, so four batches per segment.
        assertThat(fixture.files(".log")).containsExactly("00000000000000000000.log", "00000000000000000004.log", "00000000000000000008.log");
        assertThat(offsets(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records())).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void readsAndLookupsWorkAcrossManySegmentsAndAfterReopen() throws IOException {
        Map<String, String> small = Map.of("segment.bytes", "1000", "index.interval.bytes", "100");
        PartitionLog log = fixture.open(small);
        for (int i = 0; i < 200; i++) log.appendAsLeader(batch(NOW, "a" + i, "b" + i), 0);
        log = fixture.reopen();
        assertThat(log.numberOfSegments()).isGreaterThan(10);

        for (long offset = 0; offset < 400; offset++) {
            List<Long> read = offsets(log.read(offset, 1, Long.MAX_VALUE, true).records());
            assertThat(read).as("read from %d", offset).containsExactly(offset - offset % 2, offset - offset % 2 + 1);
        }
        assertThat(log.appendAsLeader(batch(NOW, "c"), 0).firstOffset()).isEqualTo(400);
    }

    @Test
    void aReopenedActiveSegmentKeepsGrowingAndIndexing() throws IOException {
        Map<String, String> config = Map.of("index.interval.bytes", "0", "segment.index.bytes", "64");
        PartitionLog log = fixture.open(config);
        for (int i = 0; i < 3; i++) log.appendAsLeader(batch(NOW + i, "v" + i), 0);
        log = fixture.reopen();
        for (int i = 3; i < 12; i++) log.appendAsLeader(batch(NOW + i, "v" + i), 0);

        for (int i = 0; i < 12; i++) {
            assertThat(values(log.read(i, 1, Long.MAX_VALUE, true).records())).containsExactly("v" + i);
            assertThat(log.offsetForTimestamp(NOW + i)).map(TimestampAndOffset::offset).contains((long) i);
        }
    }

    @Test
    void followerAppendsWithOffsetGapsBeyondTheIndexRangeRollTheSegment() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsFollower(replicated(0));
        log.appendAsFollower(replicated(3_000_000_000L));

        assertThat(fixture.files(".log")).containsExactly("00000000000000000000.log", "00000000003000000000.log");
        assertThat(log.logEndOffset()).isEqualTo(3_000_000_001L);
        assertThat(offsets(log.read(1, 1 << 20, Long.MAX_VALUE, true).records())).containsExactly(3_000_000_000L);
    }

    private static MemoryRecords replicated(long offset) {
        return MemoryRecords.withRecords(offset, org.apache.kafka.common.compress.Compression.NONE,
                new org.apache.kafka.common.record.internal.SimpleRecord(NOW, ("at" + offset).getBytes()));
    }
}

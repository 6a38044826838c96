package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.offsets;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogAppendReadTest {

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("orders", 3));

    private LogAppendInfo appendAndCommit(MemoryRecords records) throws IOException {
        PartitionLog log = fixture.log();
        LogAppendInfo info = log.appendAsLeader(records, 7);
        log.updateHighWatermark(log.logEndOffset());
        return info;
    }

    @Test
    void assignsOffsetsFromTheLogEndAndReadsThemBack() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        LogAppendInfo first = appendAndCommit(batch(NOW, "a", "b", "c"));
        LogAppendInfo second = appendAndCommit(batch(NOW, "d", "e"));

        assertThat(first).isEqualTo(new LogAppendInfo(0, 2, -1, 0, 3, false));
        assertThat(second).isEqualTo(new LogAppendInfo(3, 4, -1, 0, 2, false));
        assertThat(log.logEndOffset()).isEqualTo(5);

        LogReadInfo read = log.read(0, 1 << 20, log.highWatermark(), true);
        assertThat(read.records()).isInstanceOf(FileRecords.class);
        assertThat(values(read.records())).containsExactly("a", "b", "c", "d", "e");
        assertThat(offsets(read.records())).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(read.highWatermark()).isEqualTo(5);
        assertThat(read.logStartOffset()).isZero();
        assertThat(read.logEndOffset()).isEqualTo(5);
        for (RecordBatch b : read.records().batches()) {
            assertThat(b.partitionLeaderEpoch()).isEqualTo(7);
            assertThat(b.isValid()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void storesCompressedBatchesAsSent(String codec) throws IOException {
        PartitionLog log = fixture.open(Map.of());
        appendAndCommit(batch(NOW, "x"));
        MemoryRecords compressed = batch(Compression.of(codec).build(), NOW, "p", "q", "r");
        int size = compressed.sizeInBytes();
        LogAppendInfo info = appendAndCommit(compressed);

        assertThat(info.firstOffset()).isEqualTo(1);
        assertThat(info.lastOffset()).isEqualTo(3);
        LogReadInfo read = log.read(2, 1 << 20, log.highWatermark(), true);
        RecordBatch stored = read.records().batches().iterator().next();
        assertThat(stored.compressionType().name).isEqualTo(codec);
        assertThat(stored.sizeInBytes()).isEqualTo(size);
        assertThat(stored.baseOffset()).isEqualTo(1);
        assertThat(values(read.records())).containsExactly("p", "q", "r");
        assertThat(offsets(read.records())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void offsetsContinueAfterReopen() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        appendAndCommit(batch(NOW, "a", "b"));
        log = fixture.reopen();

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.highWatermark()).isEqualTo(2);
        assertThat(appendAndCommit(batch(NOW, "c")).firstOffset()).isEqualTo(2);
        assertThat(values(log.read(0, 1 << 20, log.highWatermark(), true).records())).containsExactly("a", "b", "c");
    }

    @Test
    void readsStartAtTheBatchContainingTheFetchOffset() throws IOException {
        PartitionLog log = fixture.open(Map.of("index.interval.bytes", "0"));
        for (int i = 0; i < 20; i++) appendAndCommit(batch(NOW, "v" + (3 * i), "v" + (3 * i + 1), "v" + (3 * i + 2)));

        for (long offset = 0; offset < 60; offset++) {
            LogReadInfo read = log.read(offset, 1 << 20, log.highWatermark(), true);
            long batchStart = offset - offset % 3;
            assertThat(offsets(read.records()).get(0)).as("first offset read from %d", offset).isEqualTo(batchStart);
            assertThat(offsets(read.records())).last().isEqualTo(59L);
        }
    }

    @Test
    void readReturnsWholeBatchesWithinMaxBytes() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MemoryRecords b = batch(NOW, "value-" + i);
            sizes.add(b.sizeInBytes());
            appendAndCommit(b);
        }
        int twoBatches = sizes.get(0) + sizes.get(1);

        LogReadInfo read = log.read(0, twoBatches + sizes.get(2) - 1, log.highWatermark(), false);
        assertThat(read.records().sizeInBytes()).isEqualTo(twoBatches);
        assertThat(values(read.records())).containsExactly("value-0", "value-1");
    }

    @Test
    void minOneMessageReturnsAFirstBatchLargerThanMaxBytes() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        appendAndCommit(batch(NOW, "a-rather-long-value-that-does-not-fit"));
        appendAndCommit(batch(NOW, "b"));

        assertThat(values(log.read(0, 10, log.highWatermark(), true).records())).containsExactly("a-rather-long-value-that-does-not-fit");
        assertThat(log.read(0, 10, log.highWatermark(), false).records().sizeInBytes()).isZero();
    }

    @Test
    void readStopsAtTheHighWatermark() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(batch(NOW, "a", "b"), 0);
        log.appendAsLeader(batch(NOW, "c"), 0);
        log.updateHighWatermark(2);

        assertThat(values(log.read(0, 1 << 20, log.highWatermark(), true).records())).containsExactly("a", "b");
        assertThat(log.read(2, 1 << 20, log.highWatermark(), true).records().sizeInBytes()).isZero();
        assertThat(values(log.read(2, 1 << 20, Long.MAX_VALUE, true).records())).containsExactly("c");
    }

    @Test
    void highWatermarkIsClampedToTheLog() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.appendAsLeader(batch(NOW, "a", "b"), 0);
        log.updateHighWatermark(10);
        assertThat(log.highWatermark()).isEqualTo(2);
        log.updateHighWatermark(-5);
        assertThat(log.highWatermark()).isZero();
    }

    @Test
    void fetchAtTheLogEndIsEmptyAndBeyondIsOutOfRange() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        appendAndCommit(batch(NOW, "a"));

        assertThat(log.read(1, 1 << 20, log.highWatermark(), true).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(2, 1 << 20, log.highWatermark(), true))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("offset 2");
        assertThatThrownBy(() -> log.read(-1, 1 << 20, log.highWatermark(), true))
                .isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void logAppendTimeIsWrittenIntoTheBatchHeader() throws IOException {
        PartitionLog log = fixture.open(Map.of("message.timestamp.type", "LogAppendTime"));
        fixture.clock().advance(java.time.Duration.ofSeconds(5));
        LogAppendInfo info = appendAndCommit(batch(NOW - 100_000, "a", "b"));

        assertThat(info.logAppendTime()).isEqualTo(NOW + 5000);
        RecordBatch stored = log.read(0, 1 << 20, log.highWatermark(), true).records().batches().iterator().next();
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(NOW + 5000);
        assertThat(stored.isValid()).isTrue();
        stored.forEach(r -> assertThat(r.timestamp()).isEqualTo(NOW + 5000));
    }

    @Test
    void severalBatchesInOneAppendGetConsecutiveOffsets() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        LogAppendInfo info = appendAndCommit(TestBatches.concat(batch(NOW, "a", "b"), batch(NOW, "c"), batch(NOW, "d", "e")));

        assertThat(info).isEqualTo(new LogAppendInfo(0, 4, -1, 0, 5, false));
        assertThat(offsets(log.read(0, 1 << 20, log.highWatermark(), true).records())).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aTrailingPartialBatchIsDropped() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        MemoryRecords whole = TestBatches.concat(batch(NOW, "a"), batch(NOW, "b"));
        int firstSize = batch(NOW, "a").sizeInBytes();
        MemoryRecords torn = MemoryRecords.readableRecords(whole.buffer().duplicate().limit(firstSize + 20).slice());

        LogAppendInfo info = appendAndCommit(torn);
        assertThat(info.lastOffset()).isZero();
        assertThat(values(log.read(0, 1 << 20, log.highWatermark(), true).records())).containsExactly("a");
    }

    @Test
    void anEmptyAppendChangesNothing() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        LogAppendInfo info = log.appendAsLeader(MemoryRecords.EMPTY, 0);
        assertThat(info.firstOffset()).isEqualTo(-1);
        assertThat(info.recordCount()).isZero();
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void followerAppendKeepsTheLeadersOffsets() throws IOException {
        // A fresh follower log starts where the leader's data starts.
        PartitionLog log = fixture.open(Map.of());
        MemoryRecords replicated = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 10L, Compression.NONE,
                TimestampType.CREATE_TIME, new org.apache.kafka.common.record.internal.SimpleRecord(NOW, "x".getBytes()));
        assertThat(log.appendAsFollower(replicated).firstOffset()).isEqualTo(10);
        assertThat(log.logEndOffset()).isEqualTo(11);
        assertThatThrownBy(() -> log.appendAsFollower(replicated))
                .isInstanceOf(org.apache.kafka.common.InvalidRecordException.class);
    }

    @Test
    void sizeCountsEverySegment() throws IOException {
        PartitionLog log = fixture.open(Map.of("segment.bytes", "200"));
        long total = 0;
        for (int i = 0; i < 10; i++) {
            MemoryRecords b = batch(NOW, "value-" + i);
            total += b.sizeInBytes();
            appendAndCommit(b);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(1);
        assertThat(log.sizeInBytes()).isEqualTo(total);
    }

    @Test
    void aClosedLogRefusesReadsAndAppends() throws IOException {
        PartitionLog log = fixture.open(Map.of());
        log.close();
        assertThatThrownBy(() -> log.read(0, 100, 0, true)).isInstanceOf(org.apache.kafka.common.errors.NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> log.appendAsLeader(batch(NOW, "a"), 0))
                .isInstanceOf(org.apache.kafka.common.errors.NotLeaderOrFollowerException.class);
    }
}

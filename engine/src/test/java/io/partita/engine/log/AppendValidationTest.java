package io.partita.engine.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.concat;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendValidationTest {

    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("t", 0));

    /** The log with one batch in it, so that a rejected append can be seen to leave that batch alone. */
    private PartitionLog openWithOneBatch(Map<String, String> overrides) throws IOException {
        PartitionLog log = fixture.open(overrides);
        log.appendAsLeader(batch(NOW, "before"), 0);
        return log;
    }

    private void assertNothingWrittenAfterTheFirstBatch() throws IOException {
        PartitionLog log = fixture.log();
        assertThat(log.logEndOffset()).isEqualTo(1);
        assertThat(log.sizeInBytes()).isEqualTo(batch(NOW, "before").sizeInBytes());
        assertThat(values(log.read(0, 1 << 20, Long.MAX_VALUE, true).records())).containsExactly("before");
    }

    @Test
    void aBatchWithABadCrcIsRejectedAndNothingOfTheRequestIsWritten() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of());
        MemoryRecords bad = batch(NOW, "x", "y");
        bad.buffer().put(bad.sizeInBytes() - 1, (byte) (bad.buffer().get(bad.sizeInBytes() - 1) ^ 1));

        assertThatThrownBy(() -> log.appendAsLeader(concat(batch(NOW, "good"), bad), 0))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("t-0");
        assertNothingWrittenAfterTheFirstBatch();
    }

    @Test
    void aBatchAboveMaxMessageBytesIsRejected() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of("max.message.bytes", "100"));
        MemoryRecords big = batch(NOW, "x".repeat(200));

        assertThatThrownBy(() -> log.appendAsLeader(concat(batch(NOW, "ok"), big), 0))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("exceeds the maximum configured value of 100");
        assertNothingWrittenAfterTheFirstBatch();
    }

    @Test
    void anAppendLargerThanASegmentIsRejected() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of("segment.bytes", "150"));

        assertThatThrownBy(() -> log.appendAsLeader(concat(batch(NOW, "a"), batch(NOW, "b"), batch(NOW, "c")), 0))
                .isInstanceOf(RecordBatchTooLargeException.class);
        assertNothingWrittenAfterTheFirstBatch();
    }

    @Test
    void onlyMagicV2IsAccepted() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of());
        MemoryRecords v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE, new SimpleRecord(NOW, "old".getBytes()));

        assertThatThrownBy(() -> log.appendAsLeader(v1, 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("magic 1");
        assertNothingWrittenAfterTheFirstBatch();
    }

    @Test
    void clientsCannotWriteControlBatches() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of());
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(9L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 1));

        assertThatThrownBy(() -> log.appendAsLeader(marker, 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("control records");
        assertNothingWrittenAfterTheFirstBatch();
    }

    @Test
    void createTimeTimestampsMustBeWithinTheConfiguredWindow() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of("message.timestamp.after.max.ms", "1000", "message.timestamp.before.max.ms", "5000"));

        assertThatThrownBy(() -> log.appendAsLeader(batch(NOW + 1001, "future"), 0))
                .isInstanceOf(InvalidTimestampException.class)
                .hasMessageContaining(String.valueOf(NOW + 1001));
        assertThatThrownBy(() -> log.appendAsLeader(batch(NOW - 5001, "past"), 0))
                .isInstanceOf(InvalidTimestampException.class);
        assertNothingWrittenAfterTheFirstBatch();
        assertThat(log.appendAsLeader(batch(NOW + 1000, "edge"), 0).firstOffset()).isEqualTo(1);
        assertThat(log.appendAsLeader(batch(NOW - 5000, "edge"), 0).firstOffset()).isEqualTo(2);
    }

    @Test
    void kafkasDefaultWindowRejectsTimestampsMoreThanAnHourAhead() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of());
        assertThatThrownBy(() -> log.appendAsLeader(batch(NOW + 3_600_001, "future"), 0))
                .isInstanceOf(InvalidTimestampException.class);
        assertThat(log.appendAsLeader(batch(0L, "ancient"), 0).firstOffset()).isEqualTo(1);
    }

    @Test
    void logAppendTimeTopicsIgnoreTheClientsTimestamps() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of("message.timestamp.type", "LogAppendTime"));
        LogAppendInfo info = log.appendAsLeader(batch(NOW + 86_400_000L, "future"), 0);
        assertThat(info.logAppendTime()).isEqualTo(NOW);
    }

    @Test
    void aBatchWhoseRecordCountDoesNotMatchItsOffsetsIsRejected() throws IOException {
        PartitionLog log = openWithOneBatch(Map.of());
        MemoryRecords b = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, Compression.NONE, TimestampType.CREATE_TIME,
                new SimpleRecord(NOW, "a".getBytes()), new SimpleRecord(NOW, "b".getBytes()));
        // Stretch the last offset delta to 5 and recompute the CRC, so only the count/offset check can catch it.
        java.nio.ByteBuffer buf = b.buffer();
        buf.putInt(org.apache.kafka.common.record.internal.DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 5);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        int attributes = 21;
        crc.update(buf.duplicate().position(attributes).limit(b.sizeInBytes()));
        buf.putInt(org.apache.kafka.common.record.internal.DefaultRecordBatch.CRC_OFFSET, (int) crc.getValue());
        assertThat(b.batches().iterator().next().isValid()).isTrue();

        assertThatThrownBy(() -> log.appendAsLeader(b, 0)).isInstanceOf(InvalidRecordException.class);
        assertNothingWrittenAfterTheFirstBatch();
    }
}

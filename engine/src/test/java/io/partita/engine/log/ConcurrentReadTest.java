package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.partita.engine.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

/** Readers racing an appender that rolls segments and a retention that deletes them. */
class ConcurrentReadTest {

    private static final long T = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void readersSeeOnlyWholeBatchesWithContiguousOffsetsWhileTheLogRollsAndShrinks() throws Exception {
        Map<String, String> config = Map.of("segment.bytes", "4000", "index.interval.bytes", "200",
                "retention.bytes", "20000", "file.delete.delay.ms", "60000");
        MutableClock clock = new MutableClock(T);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        try (PartitionLog log = PartitionLog.open(dir, new TopicPartition("race", 0), LogConfig.from(config, Map.of()), clock)) {
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    try {
                        while (!done.get()) readEverythingVisible(log);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int i = 0; i < 1500; i++) {
                int n = 1 + i % 4;
                String[] values = new String[n];
                long first = log.logEndOffset();
                for (int v = 0; v < n; v++) values[v] = "value-" + (first + v);
                log.appendAsLeader(batch(T, values), 0);
                log.updateHighWatermark(log.logEndOffset());
                if (i % 50 == 0) log.deleteExpiredSegments();
            }
            done.set(true);
            for (Thread reader : readers) reader.join();
            assertThat(log.logStartOffset()).isPositive();
        }
        assertThat(failures).isEmpty();
    }

    /** Reads from the log start to the high watermark, checking every record is where it should be. */
    private static void readEverythingVisible(PartitionLog log) throws Exception {
        long next;
        try {
            next = log.logStartOffset();
            long hw = log.highWatermark();
            while (next < hw) {
                LogReadInfo read = log.read(next, 3000, hw, true);
                assertThat(read.records().sizeInBytes()).as("read at %d below hw %d", next, hw).isPositive();
                long expectedBase = -1;
                for (RecordBatch batch : read.records().batches()) {
                    assertThat(batch.isValid()).isTrue();
                    if (expectedBase < 0) {
                        assertThat(next).isBetween(batch.baseOffset(), batch.lastOffset());
                    } else {
                        assertThat(batch.baseOffset()).isEqualTo(expectedBase);
                    }
                    assertThat(batch.baseOffset()).isLessThan(hw);
                    for (Record record : batch) {
                        String value = StandardCharsets.UTF_8.decode(record.value()).toString();
                        assertThat(value).isEqualTo("value-" + record.offset());
                    }
                    expectedBase = batch.nextOffset();
                }
                next = expectedBase;
            }
        } catch (OffsetOutOfRangeException e) {
            // Retention moved the log start past this reader: a consumer would reset; so does the next round.
        }
    }
}

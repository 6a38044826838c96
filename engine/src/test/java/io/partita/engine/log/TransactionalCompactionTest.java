package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.TestBatches.marker;
import static org.assertj.core.api.Assertions.assertThat;

/** Compaction of a log holding transactions: aborted data goes, markers stay while their transaction has data. */
class TransactionalCompactionTest {

    private static final TopicPartition TP = new TopicPartition("compacted-txn", 0);
    private static final long T0 = 1_700_000_000_000L;
    private static final Duration DELETE_RETENTION = Duration.ofHours(1);
    private static final long COMMITTER = 7L;
    private static final long ABORTER = 8L;

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock(T0);
    private LogManager manager;
    private PartitionLog log;
    private int fillers;

    @BeforeEach
    void open() throws IOException {
        manager = new LogManager(root, Map.of(), clock);
        log = manager.getOrCreate(TP, Map.of(
                "cleanup.policy", "compact",
                "segment.bytes", "400",
                "segment.index.bytes", "4096",
                "min.cleanable.dirty.ratio", "0.01",
                "delete.retention.ms", Long.toString(DELETE_RETENTION.toMillis()),
                "file.delete.delay.ms", "0"));
    }

    @AfterEach
    void close() throws IOException {
        manager.close();
    }

    private void append(MemoryRecords records, AppendOrigin origin) throws IOException {
        log.appendAsLeader(records, 0, origin);
        log.updateHighWatermark(log.logEndOffset());
    }

    private void plain(String key, String value) throws IOException {
        append(MemoryRecords.withRecords(Compression.NONE, record(key, value)), AppendOrigin.CLIENT);
    }

    private void transactional(long producerId, int sequence, String key, String value) throws IOException {
        append(MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, sequence, record(key, value)),
                AppendOrigin.CLIENT);
    }

    private void end(long producerId, boolean commit) throws IOException {
        append(marker(producerId, (short) 0, 0, commit, clock.millis()), AppendOrigin.COORDINATOR);
    }

    /** Unrelated keys enough to roll a few segments, so everything before is inactive and cleanable. */
    private void fill() throws IOException {
        for (int i = 0; i < 6; i++) plain("filler-" + (fillers++ % 3), "a value long enough to roll segments soon");
    }

    private void clean() {
        assertThat(new LogCleaner(manager, clock).cleanOnce()).contains(TP);
    }

    @Test
    void abortedRecordsAreRemovedWithoutResurrectingAnythingAndMarkersFollowTheirData() throws IOException {
        plain("k", "committed-before");
        transactional(ABORTER, 0, "k", "aborted");
        transactional(COMMITTER, 0, "j", "committed-in-txn");
        end(ABORTER, false);
        end(COMMITTER, true);
        fill();
        clean();

        Map<String, String> latest = latestValues();
        assertThat(latest).containsEntry("k", "committed-before").containsEntry("j", "committed-in-txn");
        assertThat(allValues()).doesNotContain("aborted");
        assertThat(markers()).containsExactly(ControlRecordType.ABORT, ControlRecordType.COMMIT);
        assertThat(log.abortedTransactions(0, log.logEndOffset())).extracting(AbortedTxn::producerId).containsExactly(ABORTER);

        // The aborted transaction has no data left: its marker got a delete horizon and goes once it passed.
        clock.advance(DELETE_RETENTION.plusMinutes(1));
        fill();
        clean();

        assertThat(markers()).containsExactly(ControlRecordType.COMMIT);
        assertThat(latestValues()).containsEntry("k", "committed-before").containsEntry("j", "committed-in-txn");
    }

    @Test
    void anOpenTransactionIsNotCompacted() throws IOException {
        plain("k", "v1");
        transactional(COMMITTER, 0, "k", "maybe");
        fill();

        assertThat(log.compaction().cleanableSection(clock.millis()).orElseThrow().dirty()).isEmpty();
        end(COMMITTER, false);
        fill();
        clean();

        assertThat(latestValues()).containsEntry("k", "v1");
    }

    /** Every batch, control batches included (a read stops at the end of a segment). */
    private List<RecordBatch> batches() throws IOException {
        List<RecordBatch> batches = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            for (RecordBatch b : log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().batches()) {
                batches.add(b);
                next = b.nextOffset();
            }
        }
        return batches;
    }

    private List<ControlRecordType> markers() throws IOException {
        List<ControlRecordType> types = new ArrayList<>();
        for (RecordBatch b : batches()) {
            if (!b.isControlBatch()) continue;
            for (Record r : b) types.add(ControlRecordType.parse(r.key()));
        }
        return types;
    }

    private List<String> allValues() throws IOException {
        List<String> values = new ArrayList<>();
        for (RecordBatch b : batches()) {
            if (b.isControlBatch()) continue;
            for (Record r : b) if (r.hasValue()) values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
        }
        return values;
    }

    /** What a read_committed consumer reading the whole log would end up with per key (aborted data skipped). */
    private Map<String, String> latestValues() throws IOException {
        Map<String, String> latest = new LinkedHashMap<>();
        List<AbortedTxn> aborted = log.abortedTransactions(0, log.logEndOffset());
        for (RecordBatch b : batches()) {
            if (b.isControlBatch()) continue;
            boolean skipped = aborted.stream().anyMatch(t -> b.isTransactional() && t.producerId() == b.producerId()
                    && t.firstOffset() <= b.baseOffset() && b.baseOffset() < t.lastOffset());
            if (skipped) continue;
            for (Record r : b) {
                latest.put(StandardCharsets.UTF_8.decode(r.key()).toString(),
                        r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : null);
            }
        }
        return latest;
    }

    private SimpleRecord record(String key, String value) {
        return new SimpleRecord(clock.millis(), key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}

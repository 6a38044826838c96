package io.partita.engine.log;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a compacted log must hold, given everything appended to it: each offset keeps the record it was given or is
 * gone; every key's latest record is there (a latest tombstone may be gone); nothing at or after the offset
 * compacted up to is gone; below it, no key appears twice.
 *
 * <p>Not thread-safe: one test's.
 */
final class CompactedLogModel {

    private final Map<Long, StoredRecord> appended = new LinkedHashMap<>();
    private final Map<String, StoredRecord> latest = new HashMap<>();

    /** Records what an append of {@code keysAndValues} (as for {@link TestBatches#keyed}) was given from {@code firstOffset}. */
    void appended(long firstOffset, String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length / 2; i++) {
            StoredRecord r = new StoredRecord(firstOffset + i, keysAndValues[2 * i], keysAndValues[2 * i + 1]);
            appended.put(r.offset(), r);
            latest.put(r.key(), r);
        }
    }

    int appendedCount() {
        return appended.size();
    }

    /**
     * Checks the log against the model: {@link #checkLatest}, and below {@code compactedUpTo} (the log's first
     * dirty offset) no key twice, and from it on nothing gone.
     */
    void check(List<StoredRecord> stored, long compactedUpTo) {
        checkLatest(stored);
        Set<String> keysBelow = new HashSet<>();
        for (StoredRecord r : stored) {
            if (r.offset() < compactedUpTo) {
                assertThat(keysBelow.add(r.key())).as("key %s once below %d", r.key(), compactedUpTo).isTrue();
            }
        }
        Set<Long> storedOffsets = new HashSet<>();
        stored.forEach(r -> storedOffsets.add(r.offset()));
        appended.keySet().stream().filter(o -> o >= compactedUpTo)
                .forEach(o -> assertThat(storedOffsets).as("dirty offset %d kept", o).contains(o));
    }

    /**
     * Checks that offsets strictly increase, each keeps the record it was given, and every key's latest record is
     * there (or, for a tombstone, possibly gone).
     */
    void checkLatest(List<StoredRecord> stored) {
        long previous = -1;
        Map<String, StoredRecord> lastStored = new HashMap<>();
        for (StoredRecord r : stored) {
            assertThat(r.offset()).as("offsets strictly increase").isGreaterThan(previous);
            assertThat(r).as("offset %d keeps its record", r.offset()).isEqualTo(appended.get(r.offset()));
            lastStored.put(r.key(), r);
            previous = r.offset();
        }
        latest.forEach((key, last) -> {
            if (last.value() != null) {
                assertThat(lastStored.get(key)).as("latest record of key %s", key).isEqualTo(last);
            } else if (lastStored.containsKey(key)) {
                assertThat(lastStored.get(key)).as("latest record of deleted key %s", key).isEqualTo(last);
            }
        });
    }

    /** The base and last offset of every batch in the log's data files, in file order, read straight from disk. */
    static List<long[]> batchOffsetsOnDisk(Path logDir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(logDir)) {
            files = list.filter(p -> LogFileNames.baseOffsetOfLogFile(p).isPresent()).sorted().toList();
        }
        List<long[]> offsets = new ArrayList<>();
        for (Path file : files) {
            try (FileRecords records = FileRecords.open(file.toFile(), false)) {
                for (FileChannelRecordBatch b : records.batches()) offsets.add(new long[]{b.baseOffset(), b.lastOffset()});
            }
        }
        return offsets;
    }

    static void assertNoOverlapOnDisk(Path logDir) throws IOException {
        long previousLast = -1;
        for (long[] batch : batchOffsetsOnDisk(logDir)) {
            assertThat(batch[0]).as("batch after offset %d on disk", previousLast).isGreaterThan(previousLast);
            previousLast = batch[1];
        }
    }
}

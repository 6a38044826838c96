package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static io.partita.engine.log.LogFixture.NOW;
import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Crash recovery, simulated by changing files of a log that was not closed (so no clean-shutdown marker). */
class RecoveryTest {

    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "300", "index.interval.bytes", "0");

    /** Small preallocated indexes: the tests copy log directories many times. */
    @RegisterExtension
    final LogFixture fixture = new LogFixture(new TopicPartition("events", 0), Map.of("segment.index.bytes", "4096"));

    /** Thirty one-record batches (timestamps NOW + i) in segments of a few, every batch indexed; cleanly closed. */
    private Path closedLogInSmallSegments(String name) throws IOException {
        Path dir = fixture.root().resolve(name);
        try (PartitionLog log = fixture.openAt(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 30; i++) log.appendAsLeader(batch(NOW + i, "v" + i), 0);
        }
        return dir;
    }

    /** Writes three batches and "crashes": flushes the data but never closes, leaving no clean-shutdown marker. */
    private Path crashedLog(String name, Map<String, String> overrides) throws IOException {
        Path dir = fixture.root().resolve(name);
        PartitionLog log = fixture.openAt(dir, overrides);
        log.appendAsLeader(batch(NOW, "a", "b"), 0);
        log.appendAsLeader(batch(NOW, "c"), 0);
        log.appendAsLeader(batch(NOW, "d", "e", "f"), 0);
        log.flush();
        return dir;
    }

    /** What a test does to a crashed log's data file. */
    private interface Damage {
        void to(Path dataFile) throws IOException;
    }

    /** A copy of the crashed log in {@code template}, its data file damaged, opened (and so recovered). */
    private PartitionLog recoveredCopy(Path template, String name, Damage damage) throws IOException {
        Path dir = fixture.root().resolve(name);
        copyDir(template, dir);
        damage.to(dataFile(dir));
        return fixture.openAt(dir, Map.of());
    }

    private static Path dataFile(Path dir) {
        return LogFileNames.logFile(dir, 0);
    }

    private static List<String> readAll(PartitionLog log) throws IOException {
        return values(log.read(log.logStartOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true).records());
    }

    @Test
    void truncatingInsideTheLastBatchAtEveryByteKeepsExactlyTheValidPrefix() throws IOException {
        Path template = crashedLog("template", Map.of());
        long fullSize = Files.size(dataFile(template));
        int lastBatchSize = batch(NOW, "d", "e", "f").sizeInBytes();
        long lastBatchStart = fullSize - lastBatchSize;

        for (long cut = lastBatchStart; cut < fullSize; cut++) {
            long length = cut;
            try (PartitionLog log = recoveredCopy(template, "cut-" + cut, data -> {
                try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
                    ch.truncate(length);
                }
            })) {
                assertThat(log.logEndOffset()).as("log end after cutting at %d", cut).isEqualTo(3);
                assertThat(readAll(log)).containsExactly("a", "b", "c");
                assertThat(Files.size(dataFile(log.dir()))).isEqualTo(lastBatchStart);
                assertThat(log.appendAsLeader(batch(NOW, "g"), 0).firstOffset()).isEqualTo(3);
                assertThat(readAll(log)).containsExactly("a", "b", "c", "g");
            }
        }
    }

    @Test
    void aFlippedByteInsideTheLastBatchDropsThatBatch() throws IOException {
        Path template = crashedLog("template", Map.of());
        long fullSize = Files.size(dataFile(template));
        int lastBatchSize = batch(NOW, "d", "e", "f").sizeInBytes();
        long start = fullSize - lastBatchSize;
        // Every byte but the base offset (0-7) and leader epoch (12-15), which the v2 format leaves unprotected:
        // the length (8-11), the magic (16), the CRC (17-20) and everything it covers.
        for (long at = start + 8; at < fullSize; at++) {
            if (at >= start + 12 && at < start + 16) continue;
            long position = at;
            try (PartitionLog log = recoveredCopy(template, "flip-" + at, data -> {
                try (RandomAccessFile raf = new RandomAccessFile(data.toFile(), "rw")) {
                    raf.seek(position);
                    int b = raf.read();
                    raf.seek(position);
                    raf.write(b ^ 0x5a);
                }
            })) {
                assertThat(log.logEndOffset()).as("log end after flipping byte %d", at).isEqualTo(3);
                assertThat(readAll(log)).containsExactly("a", "b", "c");
            }
        }
    }

    @Test
    void garbageAfterTheLastBatchIsTruncated() throws IOException {
        Path dir = crashedLog("garbage", Map.of());
        long size = Files.size(dataFile(dir));
        Files.write(dataFile(dir), new byte[]{0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7},
                StandardOpenOption.APPEND);

        try (PartitionLog log = fixture.openAt(dir, Map.of())) {
            assertThat(Files.size(dataFile(dir))).isEqualTo(size);
            assertThat(readAll(log)).containsExactly("a", "b", "c", "d", "e", "f");
        }
    }

    @Test
    void aDataFileStartingWithGarbageRecoversToAnEmptyLog() throws IOException {
        Path dir = fixture.root().resolve("garbled");
        Files.createDirectories(dir);
        Files.write(dataFile(dir), new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});

        try (PartitionLog log = fixture.openAt(dir, Map.of())) {
            assertThat(log.logEndOffset()).isZero();
            assertThat(Files.size(dataFile(dir))).isZero();
            assertThat(log.appendAsLeader(batch(NOW, "fresh"), 0).firstOffset()).isZero();
        }
    }

    @Test
    void aCleanShutdownSkipsRecoveryAndLeavesTheMarkerOnlyWhileClosed() throws IOException {
        Path dir = fixture.root().resolve("clean");
        PartitionLog log = fixture.openAt(dir, Map.of());
        log.appendAsLeader(batch(NOW, "a"), 0);
        log.close();
        assertThat(dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE)).exists();
        // Trimmed indexes after a clean close: their length is their content.
        assertThat(Files.size(LogFileNames.offsetIndexFile(dir, 0)) % OffsetIndex.ENTRY_SIZE).isZero();

        try (PartitionLog reopened = fixture.openAt(dir, Map.of())) {
            assertThat(dir.resolve(LogFileNames.CLEAN_SHUTDOWN_FILE)).doesNotExist();
            assertThat(readAll(reopened)).containsExactly("a");
        }
    }

    @Test
    void missingIndexesAreRebuiltAndLookupsStillWork() throws IOException {
        Path dir = closedLogInSmallSegments("noindex");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".index") || f.toString().endsWith(".timeindex")).toList()) {
                Files.delete(f);
            }
        }

        try (PartitionLog reopened = fixture.openAt(dir, SMALL_SEGMENTS)) {
            assertThat(reopened.numberOfSegments()).isGreaterThan(2);
            for (int i = 0; i < 30; i++) {
                assertThat(values(reopened.read(i, 1, Long.MAX_VALUE, true).records())).containsExactly("v" + i);
                assertThat(reopened.offsetForTimestamp(NOW + i)).map(TimestampAndOffset::offset).contains((long) i);
            }
            assertThat(Files.exists(LogFileNames.offsetIndexFile(dir, 0))).isTrue();
        }
    }

    @Test
    void aGarbledIndexOfAnOlderSegmentIsRebuilt() throws IOException {
        Path dir = closedLogInSmallSegments("badindex");
        Path index = LogFileNames.offsetIndexFile(dir, 0);
        assertThat(Files.size(index)).isGreaterThanOrEqualTo(16);
        Files.write(index, new byte[(int) Files.size(index)]);

        try (PartitionLog reopened = fixture.openAt(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 30; i++) {
                assertThat(values(reopened.read(i, 1, Long.MAX_VALUE, true).records())).containsExactly("v" + i);
            }
        }
    }

    @Test
    void anUncleanActiveSegmentWithAPreallocatedIndexIsRecovered() throws IOException {
        Path dir = fixture.root().resolve("prealloc");
        PartitionLog log = fixture.openAt(dir, Map.of("index.interval.bytes", "0"));
        for (int i = 0; i < 10; i++) log.appendAsLeader(batch(NOW + i, "v" + i), 0);
        log.flush();
        // Not closed: the index file still has its preallocated length of zeros after the entries.
        assertThat(Files.size(LogFileNames.offsetIndexFile(dir, 0))).isEqualTo(4096);

        try (PartitionLog reopened = fixture.openAt(dir, Map.of("index.interval.bytes", "0"))) {
            assertThat(reopened.logEndOffset()).isEqualTo(10);
            assertThat(values(reopened.read(7, 1, Long.MAX_VALUE, true).records())).containsExactly("v7");
            assertThat(reopened.maxTimestampAndOffset()).map(TimestampAndOffset::offset).contains(9L);
        }
    }

    @Test
    void leftoverDeletedAndTemporaryFilesAreRemovedOnOpen() throws IOException {
        Path dir = fixture.root().resolve("leftovers");
        fixture.openAt(dir, Map.of()).close();
        Path deleted = dir.resolve("00000000000000000000.log.deleted");
        Path temp = dir.resolve("log-start-offset.tmp");
        Files.write(deleted, new byte[10]);
        Files.write(temp, new byte[3]);

        fixture.openAt(dir, Map.of()).close();
        assertThat(deleted).doesNotExist();
        assertThat(temp).doesNotExist();
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

}

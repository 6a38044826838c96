package io.partita.engine.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.Records;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.partita.engine.log.StoredRecord.readAll;
import static io.partita.engine.log.TestBatches.keyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compaction through {@link LogCleaner} on real files, checked against a model of what was appended. */
@Tag("slow")
class LogCompactionTest {

    private static final TopicPartition TP = new TopicPartition("compacted", 0);
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock(T0);
    private CompactedLogModel model = new CompactedLogModel();
    private LogManager manager;
    private PartitionLog log;

    /** Tiny segments (a handful of batches each) so that a few appends make many inactive segments. */
    private static Map<String, String> compacted(String... overrides) {
        Map<String, String> config = new HashMap<>(Map.of(
                "cleanup.policy", "compact",
                "segment.bytes", "600",
                "segment.index.bytes", "4096",
                "index.interval.bytes", "100",
                "min.cleanable.dirty.ratio", "0.01",
                "delete.retention.ms", Long.toString(HOUR),
                "file.delete.delay.ms", "0"));
        for (int i = 0; i < overrides.length; i += 2) config.put(overrides[i], overrides[i + 1]);
        return config;
    }

    private PartitionLog open(Map<String, String> config) throws IOException {
        manager = new LogManager(root.resolve("data"), Map.of(), clock);
        log = manager.getOrCreate(TP, config);
        return log;
    }

    @AfterEach
    void close() throws IOException {
        if (manager != null) manager.close();
    }

    /** Appends one batch, as a produce would (the high watermark follows), and tells the model. */
    private void append(Compression compression, String... keysAndValues) throws IOException {
        long first = log.appendAsLeader(keyed(compression, clock.millis(), keysAndValues), 0).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        model.appended(first, keysAndValues);
    }

    private void append(String... keysAndValues) throws IOException {
        append(Compression.NONE, keysAndValues);
    }

    private long firstDirtyOffset() {
        return log.compaction().cleanableSection(clock.millis()).orElseThrow().firstDirtyOffset();
    }

    private void checkModel() throws IOException {
        model.check(readAll(log), firstDirtyOffset());
    }

    @Test
    void randomWorkloadsKeepTheLatestRecordOfEveryKeyAtItsOffset() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            model = new CompactedLogModel();
            root = Files.createDirectories(root.resolve("seed-" + seed));
            open(compacted());
            int cleanings = 0;
            for (int round = 0; round < 250; round++) {
                String[] keysAndValues = new String[2 * (1 + random.nextInt(4))];
                for (int i = 0; i < keysAndValues.length; i += 2) {
                    keysAndValues[i] = "key-" + random.nextInt(25);
                    keysAndValues[i + 1] = random.nextInt(100) < 15 ? null : "v" + round + "." + i;
                }
                append(random.nextBoolean() ? Compression.NONE : Compression.gzip().build(), keysAndValues);
                if (random.nextInt(10) == 0) clock.advance(Duration.ofMinutes(random.nextInt(40)));
                if (random.nextInt(15) == 0) {
                    if (new LogCleaner(manager, clock).cleanOnce().isPresent()) cleanings++;
                    checkModel();
                }
            }
            assertThat(cleanings).as("cleanings with seed %d", seed).isGreaterThan(5);
            assertThat(readAll(log).size()).isLessThan(model.appendedCount() / 2);

            manager.close();
            open(compacted());
            checkModel();
            manager.close();
            manager = null;
        }
    }

    @Test
    void tombstonesOutliveDeleteRetentionMsCountedFromTheFirstCleaningThatKeptThem() throws IOException {
        open(compacted("segment.bytes", "200"));
        append("a", "a1");
        append("b", "b1");
        append("a", null);
        append("c", "c1");
        append("c", "c2");
        LogCleaner cleaner = new LogCleaner(manager, clock);

        assertThat(cleaner.cleanOnce()).contains(TP);
        assertThat(readAll(log)).extracting(StoredRecord::key, StoredRecord::value).contains(
                org.assertj.core.groups.Tuple.tuple("a", null)).doesNotContain(org.assertj.core.groups.Tuple.tuple("a", "a1"));

        clock.advance(Duration.ofMinutes(59));
        append("d", "d1");
        append("d", "d2");
        assertThat(cleaner.cleanOnce()).contains(TP);
        assertThat(readAll(log)).extracting(StoredRecord::key).contains("a");

        clock.advance(Duration.ofMinutes(2));
        append("e", "e1");
        append("e", "e2");
        assertThat(cleaner.cleanOnce()).contains(TP);
        assertThat(readAll(log)).extracting(StoredRecord::key).doesNotContain("a").contains("b", "c", "d");
        checkModel();
    }

    @Test
    void aLogIsCleanedOnlyOnceItsDirtyRatioReachesMinCleanableDirtyRatio() throws IOException {
        open(compacted("min.cleanable.dirty.ratio", "0.5"));
        for (int i = 0; i < 40; i++) append("k" + i, "first");
        LogCleaner cleaner = new LogCleaner(manager, clock);
        assertThat(cleaner.cleanOnce()).contains(TP);
        CleanableSection afterFirst = log.compaction().cleanableSection(clock.millis()).orElseThrow();
        assertThat(afterFirst.dirtyBytes()).isZero();

        for (int i = 0; i < 10; i++) append("k" + i, "second");
        assertThat(log.compaction().cleanableSection(clock.millis()).orElseThrow().dirtyRatio()).isBetween(0.0, 0.5);
        assertThat(cleaner.cleanOnce()).isEmpty();

        for (int i = 10; i < 70; i++) append("k" + i, "second");
        assertThat(log.compaction().cleanableSection(clock.millis()).orElseThrow().dirtyRatio()).isGreaterThanOrEqualTo(0.5);
        assertThat(cleaner.cleanOnce()).contains(TP);
        checkModel();
    }

    @Test
    void segmentsYoungerThanMinCompactionLagStayDirty() throws IOException {
        open(compacted("min.compaction.lag.ms", Long.toString(HOUR)));
        for (int i = 0; i < 30; i++) append("k" + (i % 3), "v" + i);
        LogCleaner cleaner = new LogCleaner(manager, clock);
        assertThat(cleaner.cleanOnce()).isEmpty();

        clock.advance(Duration.ofMinutes(61));
        append("k0", "later");
        assertThat(cleaner.cleanOnce()).contains(TP);
        checkModel();
    }

    @Test
    void maxCompactionLagCleansALogBelowItsDirtyRatio() throws IOException {
        open(compacted("min.cleanable.dirty.ratio", "0.9", "max.compaction.lag.ms", Long.toString(HOUR)));
        for (int i = 0; i < 30; i++) append("k" + i, "first");
        LogCleaner cleaner = new LogCleaner(manager, clock);
        assertThat(cleaner.cleanOnce()).contains(TP);
        for (int i = 0; i < 12; i++) append("k" + i, "second");
        assertThat(cleaner.cleanOnce()).as("dirty ratio below 0.9, lag not passed").isEmpty();

        clock.advance(Duration.ofMinutes(61));
        append("k0", "third");
        assertThat(cleaner.cleanOnce()).contains(TP);
        checkModel();
    }

    @Test
    void recordsWithoutKeyAreRefusedByCompactedTopicsOnly() throws IOException {
        open(compacted());
        append("k", "v");
        assertThatThrownBy(() -> log.appendAsLeader(keyed(T0, "k2", "v2", null, "no key"), 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("Compacted topic cannot accept message without key in topic partition compacted-0.");
        assertThatThrownBy(() -> log.appendAsLeader(keyed(Compression.gzip().build(), T0, null, "no key"), 0))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);

        PartitionLog plain = manager.getOrCreate(new TopicPartition("plain", 0), Map.of());
        assertThat(plain.appendAsLeader(keyed(T0, null, "no key"), 0).firstOffset()).isZero();
    }

    @Test
    void aSliceTakenBeforeASwapStaysReadableAfterIt() throws IOException {
        open(compacted("file.delete.delay.ms", "60000"));
        for (int i = 0; i < 30; i++) append("k" + (i % 2), "v" + i);
        Records before = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records();
        List<String> valuesBefore = TestBatches.values(before);

        assertThat(new LogCleaner(manager, clock).cleanOnce()).contains(TP);

        assertThat(TestBatches.values(before)).isEqualTo(valuesBefore);
        assertThat(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().sizeInBytes())
                .isLessThan(before.sizeInBytes());
        checkModel();
    }

    @Test
    void theLastBatchOfAnIdempotentProducerSurvivesSoItsSequenceContinuesAfterARestart() throws IOException {
        open(compacted());
        long producerId = 7;
        for (int seq = 0; seq < 20; seq++) {
            long first = log.appendAsLeader(TestBatches.idempotent(producerId, (short) 0, seq, clock.millis(), "v" + seq), 0).firstOffset();
            log.updateHighWatermark(log.logEndOffset());
            model.appended(first, "k0", "v" + seq);
        }
        append("k0", "superseding every batch of the producer");
        for (int i = 0; i < 10; i++) append("other", "o" + i);
        assertThat(new LogCleaner(manager, clock).cleanOnce()).contains(TP);
        assertThat(readAll(log)).extracting(StoredRecord::value).doesNotContain("v19");
        manager.close();

        open(compacted());
        long first = log.appendAsLeader(TestBatches.idempotent(producerId, (short) 0, 20, clock.millis(), "v20"), 0).firstOffset();
        assertThat(first).isEqualTo(31);
    }

    @Test
    void aCrashAtEveryStepOfASwapRecoversToTheOldOrTheNewSegments() throws IOException {
        Map<String, String> config = compacted("file.delete.delay.ms", "60000");
        open(config);
        for (int i = 0; i < 40; i++) append("k" + (i % 5), i % 7 == 0 ? null : "v" + i);
        assertThat(new LogCleaner(manager, clock).cleanOnce()).contains(TP);
        // The segments compacted above are small: the next cleaning merges several of them into one.
        for (int i = 40; i < 60; i++) append("k" + (i % 5), i % 7 == 0 ? null : "v" + i);
        Path logDir = log.dir();
        List<Path> crashes = new ArrayList<>();
        LogCleaner cleaner = new LogCleaner(manager, clock, LogCleaner.DEFAULT_DEDUPE_BUFFER_BYTES,
                () -> crashes.add(copy(logDir, root.resolve("crash-" + crashes.size()))));

        List<StoredRecord> before = readAll(log);
        assertThat(cleaner.cleanOnce()).contains(TP);
        List<StoredRecord> after = readAll(log);
        assertThat(crashes).hasSizeGreaterThan(6);

        for (Path crashed : crashes) {
            try (PartitionLog recovered = PartitionLog.open(crashed, TP, log.config(), clock)) {
                assertThat(fileNames(crashed)).as("files of %s", crashed).noneMatch(n -> n.endsWith(".swap") || n.endsWith(".cleaned"));
                CompactedLogModel.assertNoOverlapOnDisk(crashed);
                List<StoredRecord> stored = readAll(recovered);
                model.checkLatest(stored);
                assertThat(isCleanedUpToSomeOffset(stored, before, after)).as("%s: cleaned groups then old ones", crashed).isTrue();
                long next = recovered.appendAsLeader(keyed(clock.millis(), "after", "crash"), 0).firstOffset();
                assertThat(next).isEqualTo(60);
            }
        }
        checkModel();
    }

    /** Whether {@code stored} is {@code after} below some offset and {@code before} from it on: groups swapped in order. */
    private static boolean isCleanedUpToSomeOffset(List<StoredRecord> stored, List<StoredRecord> before, List<StoredRecord> after) {
        List<Long> boundaries = new ArrayList<>(before.stream().map(StoredRecord::offset).toList());
        boundaries.add(Long.MAX_VALUE);
        for (long boundary : boundaries) {
            List<StoredRecord> expected = new ArrayList<>(after.stream().filter(r -> r.offset() < boundary).toList());
            expected.addAll(before.stream().filter(r -> r.offset() >= boundary).toList());
            if (expected.equals(stored)) return true;
        }
        return false;
    }

    private static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (String name : fileNames(from)) Files.copy(from.resolve(name), to.resolve(name));
            return to;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

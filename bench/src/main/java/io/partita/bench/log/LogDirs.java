package io.partita.bench.log;

import io.partita.engine.config.LogConfig;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scratch log directories for the benchmarks, on a real disk: under {@code -Dpartita.bench.dir} (default
 * {@code java.io.tmpdir}), never on a tmpfs unless that property says so.
 */
public final class LogDirs {

    public static final TopicPartition PARTITION = new TopicPartition("bench", 0);

    /**
     * The file a clean close leaves in a partition directory (the engine's {@code LogFileNames.CLEAN_SHUTDOWN_FILE},
     * part of its on-disk format); without it, opening the log recovers the active segment.
     */
    public static final String CLEAN_SHUTDOWN_FILE = ".partita-clean-shutdown";

    /** How the engine's producer-state snapshot files end ({@code LogFileNames.SNAPSHOT_SUFFIX}). */
    public static final String SNAPSHOT_SUFFIX = ".snapshot";

    private LogDirs() {
    }

    /** A new empty directory for one benchmark's partition logs. */
    public static Path create(String prefix) {
        try {
            Path base = Paths.get(System.getProperty("partita.bench.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka's defaults with the given topic-level overrides (Kafka's topic config names). */
    public static LogConfig config(Map<String, String> overrides) {
        return LogConfig.from(overrides, Map.of());
    }

    public static PartitionLog open(Path dir, LogConfig config) throws IOException {
        return PartitionLog.open(dir.resolve(PARTITION.topic() + "-" + PARTITION.partition()), PARTITION, config,
                Clock.systemUTC());
    }

    /** Appends {@code batch} until the log holds at least {@code bytes}, then makes all of it readable. */
    public static void fill(PartitionLog log, MemoryRecords batch, long bytes) throws IOException {
        while (log.sizeInBytes() < bytes) {
            log.appendAsLeader(batch, 0);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    /** Removes a partition directory's producer-state snapshots: its next open replays every batch header. */
    public static void deleteSnapshots(Path partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(SNAPSHOT_SUFFIX)) Files.delete(f);
            }
        }
    }

    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

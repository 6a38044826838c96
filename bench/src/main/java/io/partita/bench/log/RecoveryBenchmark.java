package io.partita.bench.log;

import io.partita.engine.config.LogConfig;
import io.partita.engine.log.PartitionLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link PartitionLog#open} of a log of {@code logMiB} of 16 KiB batches in segments of {@code segmentMiB}: after a
 * crash ({@code cleanShutdown=false}: the clean-shutdown marker is gone, so every batch of the active segment is
 * read, CRC-checked and indexed again) and after a clean close; each with the producer-state snapshots the log
 * wrote ({@code snapshots=true}: only the batches after the newest one are replayed) and with every snapshot deleted
 * ({@code snapshots=false}: every batch header of every segment is read, as before snapshots existed). The closing
 * of the previous open is outside the measurement; the files are in the page cache, so this is the CPU cost of the
 * scans, not the disk's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RecoveryBenchmark {

    @Param("512")
    int logMiB;

    @Param("64")
    int segmentMiB;

    @Param({"false", "true"})
    boolean cleanShutdown;

    @Param({"true", "false"})
    boolean snapshots;

    private LogConfig config;
    private Path dir;
    private Path partitionDir;
    private PartitionLog log;

    @Setup(Level.Trial)
    public void writeLog() throws IOException {
        config = LogDirs.config(Map.of("segment.bytes", Integer.toString(segmentMiB << 20)));
        dir = LogDirs.create("recovery");
        try (PartitionLog writer = LogDirs.open(dir, config)) {
            partitionDir = writer.dir();
            LogDirs.fill(writer, RecordBatches.batch(16384, 100, System.currentTimeMillis()), (long) logMiB << 20);
            if (writer.numberOfSegments() < logMiB / segmentMiB) {
                throw new IllegalStateException("Expected " + logMiB / segmentMiB + " segments or more, got " + writer.numberOfSegments());
            }
        }
    }

    @Setup(Level.Invocation)
    public void closeThenCrash() throws IOException {
        if (log != null) log.close();
        log = null;
        // Checked every time: a clean close must leave the marker, or this would measure something else.
        Path marker = partitionDir.resolve(LogDirs.CLEAN_SHUTDOWN_FILE);
        if (!Files.exists(marker)) throw new IllegalStateException("A clean close left no " + marker);
        if (!cleanShutdown) Files.delete(marker);
        if (!snapshots) LogDirs.deleteSnapshots(partitionDir);
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException {
        if (log != null) log.close();
        LogDirs.delete(dir);
    }

    @Benchmark
    public PartitionLog open() throws IOException {
        log = LogDirs.open(dir, config);
        return log;
    }
}

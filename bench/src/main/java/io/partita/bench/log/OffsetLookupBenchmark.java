package io.partita.bench.log;

import io.partita.engine.log.LogReadInfo;
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
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finding the batch that holds an arbitrary offset: the segment lookup, the binary search of the segment's sparse
 * offset index and the scan of batch headers from the index entry (at most {@code index.interval.bytes} = 4096 of
 * them, so about one 16 KiB batch or four 1 KiB ones). Done through {@link PartitionLog#read} with one byte and
 * {@code minOneMessage}, as a fetch at a consumer's committed offset does it; the index itself is package-private.
 * 256 MiB of log in 64 MiB segments, page cache warm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OffsetLookupBenchmark {

    private static final long LOG_BYTES = 256L << 20;

    @Param({"16384", "1024"})
    int batchBytes;

    private Path dir;
    private PartitionLog log;
    private RandomOffsets offsets;

    @Setup(Level.Trial)
    public void fillLog() throws IOException {
        dir = LogDirs.create("lookup");
        log = LogDirs.open(dir, LogDirs.config(Map.of("segment.bytes", String.valueOf(64 << 20))));
        LogDirs.fill(log, RecordBatches.batch(batchBytes, 100, System.currentTimeMillis()), LOG_BYTES);
        offsets = new RandomOffsets(log.logEndOffset());
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException {
        log.close();
        LogDirs.delete(dir);
    }

    @Benchmark
    public LogReadInfo batchContainingOffset() throws IOException {
        return log.read(offsets.next(), 1, Long.MAX_VALUE, true);
    }
}

package io.partita.bench.log;

import io.partita.engine.log.LogReadInfo;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link PartitionLog#read} of {@code maxBytes} (a consumer's {@code max.partition.fetch.bytes}) at random offsets of
 * a 256 MiB log in 64 MiB segments, as a fetch finds it: segment lookup, offset index lookup and a walk over the
 * batch headers up to the size limit. {@link #read} hands out the zero-copy slice only (what the broker passes to
 * the network); {@link #readAndCopy} also copies the slice's bytes into a direct buffer, the price of a fetch that
 * is not served by sendfile. The file is in the page cache: this is the CPU cost, not the disk's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReadBenchmark {

    private static final long LOG_BYTES = 256L << 20;

    @Param("1048576")
    int maxBytes;

    @Param("16384")
    int batchBytes;

    private Path dir;
    private PartitionLog log;
    private RandomOffsets offsets;
    private ByteBuffer copy;

    @Setup(Level.Trial)
    public void fillLog() throws IOException {
        dir = LogDirs.create("read");
        log = LogDirs.open(dir, LogDirs.config(Map.of("segment.bytes", String.valueOf(64 << 20))));
        MemoryRecords batch = RecordBatches.batch(batchBytes, 100, System.currentTimeMillis());
        long recordsPerFetch = (long) maxBytes / batchBytes * batch.firstBatch().countOrNull();
        LogDirs.fill(log, batch, LOG_BYTES);
        // Far enough from the end that every read finds maxBytes of batches.
        offsets = new RandomOffsets(log.logEndOffset() - 2 * recordsPerFetch);
        copy = ByteBuffer.allocateDirect(maxBytes);
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException {
        log.close();
        LogDirs.delete(dir);
    }

    @Benchmark
    public LogReadInfo read() throws IOException {
        return log.read(offsets.next(), maxBytes, log.highWatermark(), false);
    }

    @Benchmark
    public ByteBuffer readAndCopy() throws IOException {
        FileRecords slice = (FileRecords) log.read(offsets.next(), maxBytes, log.highWatermark(), false).records();
        copy.clear().limit(slice.sizeInBytes());
        slice.readInto(copy, 0);
        return copy;
    }
}

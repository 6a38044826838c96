package io.partita.bench.log;

import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.log.PartitionLog;
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
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link PartitionLog#appendAsLeader}: validate, assign offsets, stamp the epoch and write one producer batch to the
 * active segment (page cache, no fsync: Kafka's default {@code flush.messages}), rolling at Kafka's default 1 GiB.
 * Bytes per second = ops/s x {@code batchBytes}; records per second = ops/s x 151 for 16 KiB of 100-byte records.
 *
 * <p>Each iteration starts from an empty log in a new directory, so the disk never holds more than one
 * iteration's writes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AppendBenchmark {

    @Param("16384")
    int batchBytes;

    @Param("100")
    int recordBytes;

    private MemoryRecords batch;
    private Path dir;
    private PartitionLog log;

    @Setup(Level.Trial)
    public void buildBatch() {
        batch = RecordBatches.batch(batchBytes, recordBytes, System.currentTimeMillis());
    }

    @Setup(Level.Iteration)
    public void openEmptyLog() throws IOException {
        dir = LogDirs.create("append");
        log = LogDirs.open(dir, LogDirs.config(Map.of()));
    }

    @TearDown(Level.Iteration)
    public void deleteLog() throws IOException {
        log.close();
        LogDirs.delete(dir);
    }

    @Benchmark
    public LogAppendInfo append() throws IOException {
        return log.appendAsLeader(batch, 0);
    }
}

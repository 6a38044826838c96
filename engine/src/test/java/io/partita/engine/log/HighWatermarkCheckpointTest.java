package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.partita.engine.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data directory's {@code replication-offset-checkpoint}: written when the schedule says and on close, read on start. */
class HighWatermarkCheckpointTest {

    private static final long T = 1_700_000_000_000L;
    private static final TopicPartition A0 = new TopicPartition("alpha", 0);
    private static final TopicPartition B3 = new TopicPartition("beta.x", 3);

    @TempDir
    Path data;
    private final MutableClock clock = new MutableClock(T);

    private LogManager manager() throws IOException {
        return new LogManager(data, Map.of(), clock);
    }

    private Path file() {
        return data.resolve("replication-offset-checkpoint");
    }

    @Test
    void aCleanRestartKeepsEachHighWatermarkEvenBelowTheLogEnd() throws IOException {
        try (LogManager m = manager()) {
            PartitionLog a = m.getOrCreate(A0, Map.of());
            a.appendAsLeader(batch(T, "a", "b", "c", "d"), 0);
            a.updateHighWatermark(3);
            PartitionLog b = m.getOrCreate(B3, Map.of());
            b.appendAsLeader(batch(T, "x", "y"), 0);
            b.updateHighWatermark(2);
        }
        assertThat(Files.readAllLines(file())).hasSize(4).startsWith("0", "2").contains("alpha 0 3", "beta.x 3 2");

        try (LogManager m = manager()) {
            assertThat(m.log(A0).orElseThrow().logEndOffset()).isEqualTo(4);
            assertThat(m.log(A0).orElseThrow().highWatermark()).isEqualTo(3);
            assertThat(m.log(B3).orElseThrow().highWatermark()).isEqualTo(2);
        }
    }

    @Test
    void aCheckpointReplacesTheFileWithTheCurrentHighWatermarksAndNothingIsWrittenOnceClosed() throws IOException {
        LogManager m = manager();
        PartitionLog a = m.getOrCreate(A0, Map.of());
        a.appendAsLeader(batch(T, "a", "b"), 0);
        a.updateHighWatermark(1);
        m.checkpointHighWatermarks();
        assertThat(Files.readAllLines(file())).containsExactly("0", "1", "alpha 0 1");

        a.updateHighWatermark(2);
        m.checkpointHighWatermarks();
        assertThat(Files.readAllLines(file())).containsExactly("0", "1", "alpha 0 2");
        assertThat(data.resolve("replication-offset-checkpoint.tmp")).doesNotExist();

        m.close();
        m.checkpointHighWatermarks();
        assertThat(Files.readAllLines(file())).containsExactly("0", "1", "alpha 0 2");
    }

    @Test
    void aLogMissingFromTheCheckpointStartsAtItsLogStartOffsetNotItsEnd() throws IOException {
        try (LogManager m = manager()) {
            m.getOrCreate(A0, Map.of()).appendAsLeader(batch(T, "a", "b"), 0);
        }
        Files.writeString(file(), "0\n0\n");

        try (LogManager m = manager()) {
            assertThat(m.log(A0).orElseThrow().logEndOffset()).isEqualTo(2);
            assertThat(m.log(A0).orElseThrow().highWatermark()).isZero();
        }
    }

    @Test
    void aMalformedCheckpointFailsTheStartNamingTheFileAndIsLeftAsItWas() throws IOException {
        try (LogManager m = manager()) {
            m.getOrCreate(A0, Map.of()).appendAsLeader(batch(T, "a"), 0);
        }
        Files.writeString(file(), "0\n2\nalpha 0 1\n");

        assertThatThrownBy(this::manager).isInstanceOf(IOException.class)
                .hasMessageContaining(file().toString()).hasMessageContaining("expected 2 entries");
        assertThat(Files.readString(file())).isEqualTo("0\n2\nalpha 0 1\n");
    }
}

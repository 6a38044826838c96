package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.partita.engine.log.TestBatches.batch;
import static io.partita.engine.log.TestBatches.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogManagerTest {

    private static final long T = 1_700_000_000_000L;
    private static final TopicPartition A0 = new TopicPartition("alpha", 0);
    private static final TopicPartition A1 = new TopicPartition("alpha", 1);
    private static final TopicPartition DASHED = new TopicPartition("my-dashed.topic_x", 12);

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock(T);

    private LogManager manager(Path dataDir) throws IOException {
        return new LogManager(dataDir, Map.of(), clock);
    }

    private static java.util.List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsLogsInKafkaNamedDirectoriesAndLoadsThemAgain() throws IOException {
        Path data = root.resolve("data");
        try (LogManager m = manager(data)) {
            m.getOrCreate(A0, Map.of()).appendAsLeader(batch(T, "a0"), 0);
            m.getOrCreate(A1, Map.of()).appendAsLeader(batch(T, "a1", "a1'"), 0);
            m.getOrCreate(DASHED, Map.of()).appendAsLeader(batch(T, "d"), 0);
            assertThat(m.getOrCreate(A0, Map.of())).isSameAs(m.log(A0).orElseThrow());
        }
        assertThat(entries(data)).containsExactly(".lock", "alpha-0", "alpha-1", "my-dashed.topic_x-12", "replication-offset-checkpoint");

        try (LogManager m = manager(data)) {
            assertThat(m.logs()).extracting(PartitionLog::topicPartition).containsExactlyInAnyOrder(A0, A1, DASHED);
            assertThat(m.log(A1).orElseThrow().logEndOffset()).isEqualTo(2);
            PartitionLog d = m.log(DASHED).orElseThrow();
            assertThat(values(d.read(0, 1 << 20, Long.MAX_VALUE, true).records())).containsExactly("d");
            assertThat(m.log(new TopicPartition("alpha", 2))).isEmpty();
        }
    }

    @Test
    void opensNoNewLogBeyondItsLimitButAlwaysInternalTopicsAndWhatIsOnDisk() throws IOException {
        Path data = root.resolve("data");
        TopicPartition offsets = new TopicPartition("__consumer_offsets", 7);
        try (LogManager m = new LogManager(data, Map.of(), clock, 2)) {
            m.getOrCreate(A0, Map.of());
            m.getOrCreate(A1, Map.of());
            assertThatThrownBy(() -> m.getOrCreate(DASHED, Map.of()))
                    .isInstanceOf(LogLimitReachedException.class)
                    .hasMessage("Not opening the log of my-dashed.topic_x-12: this node holds 2 partition logs, its max.broker.partitions=2");
            assertThat(m.getOrCreate(A0, Map.of())).as("an open log is no new one").isSameAs(m.log(A0).orElseThrow());
            m.getOrCreate(offsets, Map.of());
            assertThat(m.logs()).extracting(PartitionLog::topicPartition).containsExactlyInAnyOrder(A0, A1, offsets);
        }
        assertThat(entries(data)).doesNotContain("my-dashed.topic_x-12");

        try (LogManager m = new LogManager(data, Map.of(), clock, 1)) {
            assertThat(m.logs()).hasSize(3);
            assertThatThrownBy(() -> m.getOrCreate(DASHED, Map.of())).isInstanceOf(LogLimitReachedException.class);
        }
    }

    @Test
    void aSecondManagerOnTheSameDirectoryFailsClearly() throws IOException {
        Path data = root.resolve("data");
        try (LogManager first = manager(data)) {
            assertThatThrownBy(() -> manager(data))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(data.toAbsolutePath().toString())
                    .hasMessageContaining("in use");
            first.getOrCreate(A0, Map.of());
        }
        manager(data).close();
    }

    @Test
    void anUnusableDataDirectoryFailsWithItsName() throws IOException {
        Path file = root.resolve("not-a-dir");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> manager(file.resolve("data")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot create data directory")
                .hasMessageContaining(file.resolve("data").toString());
    }

    @Test
    void deletingALogMovesItAsideAndRemovesIt() throws IOException {
        Path data = root.resolve("data");
        try (LogManager m = manager(data)) {
            PartitionLog log = m.getOrCreate(A0, Map.of());
            log.appendAsLeader(batch(T, "gone"), 0);
            m.getOrCreate(A1, Map.of());

            m.deleteLog(A0);
            assertThat(m.log(A0)).isEmpty();
            assertThat(entries(data)).containsExactly(".lock", "alpha-1");

            PartitionLog recreated = m.getOrCreate(A0, Map.of());
            assertThat(recreated.logEndOffset()).isZero();
        }
    }

    @Test
    void leftoverDeleteDirectoriesAreRemovedOnStartAndStrayNamesIgnored() throws IOException {
        Path data = root.resolve("data");
        Files.createDirectories(data.resolve("alpha-0.0123456789abcdef0123456789abcdef-delete"));
        Files.writeString(data.resolve("alpha-0.0123456789abcdef0123456789abcdef-delete").resolve("00000000000000000000.log"), "x");
        Files.createDirectories(data.resolve("lost+found"));

        try (LogManager m = manager(data)) {
            assertThat(m.logs()).isEmpty();
        }
        assertThat(entries(data)).containsExactly(".lock", "lost+found", "replication-offset-checkpoint");
    }

    @Test
    void topicOverridesLayerOverBrokerDefaults() throws IOException {
        try (LogManager m = new LogManager(root.resolve("data"), Map.of("retention.ms", "1000", "segment.ms", "5000"), clock)) {
            PartitionLog log = m.getOrCreate(A0, Map.of("retention.ms", "2000"));
            assertThat(log.config().retentionMs()).isEqualTo(2000);
            assertThat(log.config().segmentMs()).isEqualTo(5000);
            assertThat(log.config().segmentBytes()).isEqualTo(1_073_741_824L);

            m.updateTopicConfig("alpha", Map.of("message.timestamp.type", "LogAppendTime"));
            assertThat(log.config().timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(log.config().retentionMs()).isEqualTo(1000);
            assertThat(m.getOrCreate(A1, m.topicOverrides("alpha")).config().timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        }
    }

    @Test
    void badBrokerDefaultsFailTheStart() {
        assertThatThrownBy(() -> new LogManager(root.resolve("data"), Map.of("retention.ms", "soon"), clock))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
    }

    @Test
    void enforcesRetentionOverAllLogs() throws IOException {
        Map<String, String> small = Map.of("segment.bytes", String.valueOf(batch(T, "v").sizeInBytes()),
                "retention.ms", "1000", "file.delete.delay.ms", "0", "message.timestamp.type", "LogAppendTime");
        try (LogManager m = manager(root.resolve("data"))) {
            for (TopicPartition tp : new TopicPartition[]{A0, A1}) {
                PartitionLog log = m.getOrCreate(tp, small);
                for (int i = 0; i < 3; i++) log.appendAsLeader(batch(T, "v"), 0);
                log.updateHighWatermark(log.logEndOffset());
            }
            clock.advance(Duration.ofSeconds(2));

            assertThat(m.enforceRetention()).isEqualTo(6);
            assertThat(m.log(A0).orElseThrow().logStartOffset()).isEqualTo(3);
        }
    }

    @Test
    void managerClosedCleanlyLeavesCleanMarkers() throws IOException {
        Path data = root.resolve("data");
        try (LogManager m = manager(data)) {
            m.getOrCreate(A0, Map.of()).appendAsLeader(batch(T, "v"), 0);
        }
        assertThat(data.resolve("alpha-0").resolve(LogFileNames.CLEAN_SHUTDOWN_FILE)).exists();
    }
}

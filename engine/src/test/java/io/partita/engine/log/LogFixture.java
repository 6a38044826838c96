package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One partition's log on real files for a log test, registered on an instance field with
 * {@code @RegisterExtension}. Before each test it makes a fresh temporary directory and a {@link MutableClock} at
 * {@link #NOW}; after each test it closes the log it opened last and deletes the directory.
 *
 * <p>Every log it opens reads its config as topic overrides over the fixture's {@code defaults} (in the place of
 * broker defaults), so a test names only what it is about. A log that {@link #crashAndReopen()} abandons stays
 * unclosed, as a crash leaves it. One test thread: not thread-safe.
 */
final class LogFixture implements BeforeEachCallback, AfterEachCallback {

    /** Where the clock starts: a fixed time, so that record timestamps in tests can be written relative to it. */
    static final long NOW = 1_700_000_000_000L;

    private final TopicPartition topicPartition;
    private final Map<String, String> defaults;
    private final MutableClock clock = new MutableClock(NOW);
    private boolean openBeforeEach;
    private Path root;
    private Map<String, String> overrides = Map.of();
    private PartitionLog log;

    LogFixture(TopicPartition topicPartition) {
        this(topicPartition, Map.of());
    }

    LogFixture(TopicPartition topicPartition, Map<String, String> defaults) {
        this.topicPartition = topicPartition;
        this.defaults = Map.copyOf(defaults);
    }

    /** Opens the log with the defaults before each test, for classes whose every test starts that way. */
    LogFixture openBeforeEach() {
        openBeforeEach = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("partita-log-test");
        if (openBeforeEach) open(Map.of());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (log != null) log.close();
        } finally {
            log = null;
            Directories.deleteRecursively(root);
        }
    }

    /** Closes the current log, if any, and opens the partition's directory with {@code overrides}. */
    PartitionLog open(Map<String, String> overrides) throws IOException {
        if (log != null) log.close();
        this.overrides = Map.copyOf(overrides);
        log = openAt(dir(), overrides);
        return log;
    }

    /** Closes the current log and opens it again with the same config: a clean restart. */
    PartitionLog reopen() throws IOException {
        return open(overrides);
    }

    /** Opens the directory again with the same config while the current log stays unclosed, as after kill -9. */
    PartitionLog crashAndReopen() throws IOException {
        log = openAt(dir(), overrides);
        return log;
    }

    /** A log of the same partition in another directory, which the caller closes (the fixture does not track it). */
    PartitionLog openAt(Path dir, Map<String, String> overrides) throws IOException {
        return PartitionLog.open(dir, topicPartition, LogConfig.from(overrides, defaults), clock);
    }

    /** The log opened last. */
    PartitionLog log() {
        return log;
    }

    MutableClock clock() {
        return clock;
    }

    /** This test's temporary directory. */
    Path root() {
        return root;
    }

    /** The log's directory, named as Kafka names it ({@code topic-partition}), inside {@link #root()}. */
    Path dir() {
        return root.resolve(topicPartition.toString());
    }

    /** Names of the files in the log's directory ending with {@code suffix}, sorted. */
    List<String> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    /** Base offsets of the log's segments, from its data files, in order. */
    List<Long> segmentBaseOffsets() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(LogFileNames::baseOffsetOfLogFile).filter(OptionalLong::isPresent)
                    .map(OptionalLong::getAsLong).sorted().toList();
        }
    }
}

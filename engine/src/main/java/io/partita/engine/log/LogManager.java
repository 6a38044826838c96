package io.partita.engine.log;

import io.partita.engine.config.LogConfig;
import io.partita.engine.logging.RepeatedFailureLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The owner of a data directory: one {@link PartitionLog} per sub-directory named {@code <topic>-<partition>},
 * all opened (and recovered where needed) by the constructor, plus the creation and deletion of logs.
 *
 * <p>At most {@code maxLogs} logs are open ({@code max.broker.partitions}, the file budget that keeps the node clear
 * of "Too many open files"): logs found on disk all open, but a new one beyond that is refused, except for internal
 * topics, which the group and transaction coordinators cannot do without.
 *
 * <p>A log that fails a write goes offline by itself ({@link PartitionLog#isOffline()}); the listener given to {@link
 * #onLogFailure} hears of it, and {@link #reopen} puts a fresh, recovered log from the same files in its place.
 *
 * <p>The directory is locked for the manager's lifetime. Logs found on disk start with the broker defaults; the
 * topic overrides given to {@link #getOrCreate} or {@link #updateTopicConfig} apply from then on (topic configs are
 * kept by the cluster metadata, not here). Directories left by an interrupted deletion are removed on start.
 *
 * <p>Thread-safe: lookups are lock-free; creating, deleting, reconfiguring and closing are serialized.
 */
public final class LogManager implements Closeable {

    private static final System.Logger LOG = System.getLogger(LogManager.class.getName());
    private static final long REPORT_INTERVAL_MS = 30_000;

    private final Path dataDir;
    private final Map<String, String> brokerDefaults;
    private final Clock clock;
    private final int maxLogs;
    private final DataDirLock dirLock;
    private final HighWatermarkCheckpoint highWatermarks;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> topicOverrides = new ConcurrentHashMap<>();
    private final Object changes = new Object();
    private volatile Consumer<TopicPartition> failureListener = tp -> { };
    private boolean closed;
    /** False until every log is open: a failed start must not overwrite the checkpoint it could not use. */
    private boolean loaded;

    /** A manager without a limit on its logs. */
    public LogManager(Path dataDir, Map<String, String> brokerDefaults, Clock clock) throws IOException {
        this(dataDir, brokerDefaults, clock, Integer.MAX_VALUE);
    }

    /**
     * Creates the data directory if needed, locks it and opens every log in it.
     *
     * @param brokerDefaults broker-level defaults of topic configs, by topic config name
     * @param maxLogs        how many logs {@link #getOrCreate} may bring the manager to ({@code max.broker.partitions})
     * @throws IOException with a message naming the directory when it cannot be created or written, is locked by
     *                     another node, or holds a log that cannot be opened
     */
    public LogManager(Path dataDir, Map<String, String> brokerDefaults, Clock clock, int maxLogs) throws IOException {
        this.dataDir = dataDir.toAbsolutePath();
        this.brokerDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(brokerDefaults));
        this.clock = clock;
        this.maxLogs = maxLogs;
        LogConfig.from(Map.of(), this.brokerDefaults);
        try {
            Files.createDirectories(this.dataDir);
        } catch (IOException e) {
            throw new IOException("Cannot create data directory " + this.dataDir + ": " + e, e);
        }
        if (!Files.isDirectory(this.dataDir) || !Files.isWritable(this.dataDir)) {
            throw new IOException("Data directory " + this.dataDir + " is not a writable directory");
        }
        this.dirLock = DataDirLock.acquire(this.dataDir);
        this.highWatermarks = new HighWatermarkCheckpoint(this.dataDir);
        try {
            loadLogs();
            restoreHighWatermarks();
            loaded = true;
            if (logs.size() > maxLogs) {
                LOG.log(System.Logger.Level.WARNING, "{0} holds {1,number,#} partition logs, more than max.broker.partitions={2,number,#}: "
                        + "no new log opens until fewer remain", this.dataDir, logs.size(), maxLogs);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public Optional<PartitionLog> log(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> logs() {
        return Collections.unmodifiableCollection(logs.values());
    }

    /**
     * Tells {@code listener} the partition of each log that goes offline (once per failure), on the failing thread
     * while that log's lock is held: it must only hand the news on. Replaces the previous listener.
     */
    public void onLogFailure(Consumer<TopicPartition> listener) {
        this.failureListener = listener;
    }

    /**
     * Puts a log opened afresh from the files of the offline log of {@code tp} in its place: recovered as at start
     * (the bytes of the failed write truncated, indexes rebuilt), with the failed log's high watermark. Tried only
     * once the data directory has room for a batch of the topic's largest size ({@code max.message.bytes}), so that
     * a full disk is not reopened only to fail again at the next append.
     *
     * @return the log, reopened or still online; empty when there is none
     * @throws IOException when there is no such room or the log cannot be opened: it stays offline
     */
    public Optional<PartitionLog> reopen(TopicPartition tp) throws IOException {
        synchronized (changes) {
            ensureOpen();
            PartitionLog failed = logs.get(tp);
            if (failed == null || !failed.isOffline()) return Optional.ofNullable(failed);
            long usable = Files.getFileStore(dataDir).getUsableSpace();
            int needed = failed.config().maxMessageBytes();
            if (usable < needed) {
                throw new IOException("The log of " + tp + " stays offline: " + dataDir + " has " + usable
                        + " bytes free, fewer than max.message.bytes (" + needed + ")");
            }
            failed.close();
            PartitionLog reopened = open(failed.dir(), tp, failed.config());
            reopened.updateHighWatermark(failed.highWatermark());
            logs.put(tp, reopened);
            LOG.log(System.Logger.Level.INFO, "The log of {0} is online again after recovery, at log end offset {1}",
                    tp, reopened.logEndOffset());
            return Optional.of(reopened);
        }
    }

    /**
     * The partition's log, opened or created. {@code topicOverrides} become the topic's overrides: an existing log
     * whose config differs is reconfigured. Use {@link #log} for a plain lookup.
     *
     * @throws LogLimitReachedException when the log is new, not of an internal topic, and {@code maxLogs} are open
     */
    public PartitionLog getOrCreate(TopicPartition tp, Map<String, String> topicOverrides) throws IOException {
        synchronized (changes) {
            ensureOpen();
            Map<String, String> overrides = copy(topicOverrides);
            LogConfig config = LogConfig.from(overrides, brokerDefaults);
            this.topicOverrides.put(tp.topic(), overrides);
            PartitionLog existing = logs.get(tp);
            if (existing != null) {
                if (!existing.config().equals(config)) existing.updateConfig(config);
                return existing;
            }
            if (logs.size() >= maxLogs && !Topic.isInternal(tp.topic())) {
                throw new LogLimitReachedException("Not opening the log of " + tp + ": this node holds " + logs.size()
                        + " partition logs, its max.broker.partitions=" + maxLogs);
            }
            PartitionLog log = open(dataDir.resolve(LogFileNames.logDirName(tp)), tp, config);
            logs.put(tp, log);
            return log;
        }
    }

    /** Deletes the partition's log (topic deletion): closed, moved to a {@code -delete} name, then removed. */
    public void deleteLog(TopicPartition tp) throws IOException {
        synchronized (changes) {
            PartitionLog log = logs.remove(tp);
            if (logs.keySet().stream().noneMatch(p -> p.topic().equals(tp.topic()))) topicOverrides.remove(tp.topic());
            if (log != null) log.delete();
        }
    }

    /** Applies new overrides to every log of the topic (and to logs of it created later). */
    public void updateTopicConfig(String topic, Map<String, String> topicOverrides) {
        synchronized (changes) {
            Map<String, String> overrides = copy(topicOverrides);
            // The metadata reconciliation repeats every topic's configs every heartbeat: only a change costs work.
            if (overrides.equals(this.topicOverrides.get(topic))) return;
            LogConfig config = LogConfig.from(overrides, brokerDefaults);
            this.topicOverrides.put(topic, overrides);
            logs.values().stream().filter(l -> l.topicPartition().topic().equals(topic)).forEach(l -> l.updateConfig(config));
        }
    }

    /** The overrides last given for the topic; empty when none were. */
    public Map<String, String> topicOverrides(String topic) {
        return topicOverrides.getOrDefault(topic, Map.of());
    }

    /** Runs retention on every log; a log that fails is logged and skipped. Returns the segments deleted. */
    public int enforceRetention() {
        int deleted = 0;
        for (PartitionLog log : logs.values()) {
            try {
                deleted += log.deleteExpiredSegments();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Retention of " + log.topicPartition() + " failed", e);
            }
        }
        return deleted;
    }

    /** Flushes the logs whose {@code flush.ms} has passed; a log that fails is logged and skipped. */
    public void flushDirtyLogs() {
        for (PartitionLog log : logs.values()) {
            try {
                log.flushIfDue();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Flushing " + log.topicPartition() + " failed", e);
            }
        }
    }

    /**
     * Writes every log's high watermark to {@value HighWatermarkCheckpoint#FILE_NAME}: the node's schedule does so every
     * {@code replica.high.watermark.checkpoint.interval.ms}, {@link #close()} once more. Does nothing once closed (the
     * logs are gone then, and an empty checkpoint would lose every high watermark).
     */
    public void checkpointHighWatermarks() throws IOException {
        synchronized (changes) {
            if (closed) return;
            writeHighWatermarks();
        }
    }

    private void writeHighWatermarks() throws IOException {
        Map<TopicPartition, Long> current = new HashMap<>();
        logs.forEach((tp, log) -> current.put(tp, log.highWatermark()));
        highWatermarks.write(current);
    }

    /**
     * A log found on disk starts at its checkpointed high watermark, as Kafka's does: not at its log end offset
     * (records a follower held beyond the leader's high watermark are not known to be committed) and not at 0 (a
     * restarted leader would hide what consumers already read). A log missing from the checkpoint starts at its log
     * start offset; its leader or its followers' fetches move it on.
     */
    private void restoreHighWatermarks() throws IOException {
        Map<TopicPartition, Long> stored = highWatermarks.read();
        logs.forEach((tp, log) -> log.updateHighWatermark(stored.getOrDefault(tp, log.logStartOffset())));
    }

    /** Checkpoints the high watermarks, closes every log cleanly and releases the directory. */
    @Override
    public void close() throws IOException {
        synchronized (changes) {
            if (closed) return;
            closed = true;
            IOException failure = null;
            try {
                if (loaded) writeHighWatermarks();
            } catch (IOException e) {
                failure = e;
            }
            for (PartitionLog log : logs.values()) {
                try {
                    log.close();
                } catch (IOException e) {
                    if (failure == null) failure = e; else failure.addSuppressed(e);
                }
            }
            logs.clear();
            dirLock.close();
            if (failure != null) throw failure;
        }
    }

    private void loadLogs() throws IOException {
        LogConfig config = LogConfig.from(Map.of(), brokerDefaults);
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!Files.isDirectory(entry)) continue;
                String name = entry.getFileName().toString();
                if (LogFileNames.isDeleteDirName(name)) {
                    Directories.deleteRecursively(entry);
                    continue;
                }
                Optional<TopicPartition> tp = LogFileNames.parseLogDirName(name);
                if (tp.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "Ignoring {0}: not named like a partition log", entry);
                    continue;
                }
                try {
                    logs.put(tp.get(), open(entry, tp.get(), config));
                } catch (IOException e) {
                    throw new IOException("Cannot open the log of " + tp.get() + " in " + entry + ": " + e, e);
                }
            }
        }
    }

    private PartitionLog open(Path dir, TopicPartition tp, LogConfig config) throws IOException {
        return PartitionLog.open(dir, tp, config, clock, () -> failureListener.accept(tp));
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing after a failed start", e);
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("The log manager of " + dataDir + " is closed");
    }

    private static Map<String, String> copy(Map<String, String> overrides) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}

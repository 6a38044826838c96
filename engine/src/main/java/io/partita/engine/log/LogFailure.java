package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether a partition log is offline: the first failure of a write, flush, truncation or segment swap, after which
 * what is on disk past the last good write is unknown (after a failed fsync the kernel may have dropped the dirty
 * pages). From then on every request fails with {@link KafkaStorageException} and nothing more is written; the
 * listener hears of it once. Only reopening the log, which recovers it as after a crash, brings it back.
 *
 * <p>Thread-safety: failures are recorded under {@link PartitionLog}'s lock; the failure is volatile so that
 * lock-free reads see it.
 */
final class LogFailure {

    private static final System.Logger LOG = System.getLogger(LogFailure.class.getName());

    /** A change to a log's files that takes it offline if it fails. */
    @FunctionalInterface
    interface FileChange {
        void run() throws IOException;
    }

    private final TopicPartition topicPartition;
    private final Path dir;
    private final Runnable listener;
    private volatile Exception failure;

    LogFailure(TopicPartition topicPartition, Path dir, Runnable listener) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.listener = listener;
    }

    boolean isOffline() {
        return failure != null;
    }

    /** @throws KafkaStorageException when the log is offline */
    void ensureOnline() {
        Exception e = failure;
        if (e != null) {
            throw new KafkaStorageException("The log of " + topicPartition + " is offline after a failed write: " + e, e);
        }
    }

    /** Runs {@code change}; if it fails, takes the log offline and rethrows. */
    void offlineOnFailure(FileChange change) throws IOException {
        try {
            change.run();
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    /** Takes the log offline after {@code e} (the first failure is kept) and tells the listener, once. */
    void failed(Exception e) {
        if (failure != null) return;
        failure = e;
        LOG.log(System.Logger.Level.ERROR, "The log of " + topicPartition + " in " + dir
                + " failed and is offline: it serves nothing until it is opened again", e);
        try {
            listener.run();
        } catch (RuntimeException listenerFailure) {
            LOG.log(System.Logger.Level.WARNING, "Telling of the failure of the log of " + topicPartition + " failed", listenerFailure);
        }
    }
}

package io.partita.engine.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one partition log and whether the log still serves: not once it is closed, nor once it is offline
 * ({@link LogFailure}). Shared by {@link PartitionLog} and the parts that take the lock themselves ({@link
 * LogCompactionView}), so that all of them serialize on the same lock and refuse work alike.
 *
 * <p>Invariant: the log is marked closed once, under the lock, and never reopened (reopening makes a new log).
 *
 * <p>Thread-safety: thread-safe. Closed and offline are volatile, so that lock-free reads see them.
 */
final class LogGuard {

    private final TopicPartition topicPartition;
    private final LogFailure failure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Held unlocker = lock::unlock;
    private volatile boolean closed;

    LogGuard(TopicPartition topicPartition, LogFailure failure) {
        this.topicPartition = topicPartition;
        this.failure = failure;
    }

    /** The lock, held until the try-with-resources block that takes it ends. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held locked() {
        lock.lock();
        return unlocker;
    }

    /**
     * Checks the failure first: an offline log is closed when it is reopened, and stays a storage error meanwhile.
     *
     * @throws KafkaStorageException        when the log is offline
     * @throws NotLeaderOrFollowerException when the log is closed
     */
    void ensureOnline() {
        failure.ensureOnline();
        if (closed) throw new NotLeaderOrFollowerException("The log of " + topicPartition + " is closed");
    }

    /** Whether background work (retention, compaction, timed flushes) must leave the log alone. */
    boolean closedOrOffline() {
        return closed || failure.isOffline();
    }

    /**
     * Marks the log closed; called under the lock.
     *
     * @return false when it was closed already
     */
    boolean markClosed() {
        if (closed) return false;
        closed = true;
        return true;
    }
}

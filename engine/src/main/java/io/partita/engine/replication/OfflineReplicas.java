package io.partita.engine.replication;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.log.LogManager;
import io.partita.engine.log.PartitionLog;
import io.partita.engine.logging.RepeatedFailureLog;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * This node's replicas whose log failed (a write, flush or truncation threw: a full or failing disk), and their way
 * back, as Kafka's log-directory failure handling (KIP-112, KIP-858) has it per replica rather than per directory.
 *
 * <p>A failed replica is reported in this broker's registration ({@link ClusterMetadata#reportOfflineReplicas}): the
 * controller then counts it as dead for its partition, so another in-sync replica leads and it leaves the ISR, or,
 * when it was the last in-sync replica, the partition has no leader (offline) and keeps it in its ISR. Unlike Kafka,
 * which needs a restart, every {@link #retry()} (the replication upkeep) reopens each failed log from its files,
 * recovering it as a start does, once the data directory has room ({@link LogManager#reopen}); a reopened replica is
 * reported online again and handed to {@code onRecovered}: it follows its leader and rejoins the ISR when caught up,
 * or leads again when it was the last in-sync replica.
 *
 * <p>The registration is level-triggered: each retry writes it again when it differs from the failed set (a write
 * that did not reach the metadata store is repeated). Reopening runs on a thread of its own, one round at a time,
 * since recovering a large segment takes a while. Thread-safe.
 */
final class OfflineReplicas {

    private static final System.Logger LOG = System.getLogger(OfflineReplicas.class.getName());
    private static final long REPORT_INTERVAL_MS = 30_000;

    private final ClusterMetadata cluster;
    private final LogManager logs;
    private final Executor metadataWrites;
    private final Executor recovery;
    private final Consumer<TopicPartition> onRecovered;
    private final Set<TopicPartition> failed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean recovering = new AtomicBoolean();
    private final RepeatedFailureLog reportFailures;
    private final RepeatedFailureLog reopenFailures = new RepeatedFailureLog(LOG, "Reopening an offline log", REPORT_INTERVAL_MS);

    /**
     * @param metadataWrites single-threaded; writes this broker's registration
     * @param recovery       runs each reopening round on a thread of its own
     * @param onRecovered    told each partition whose log is online again, on the recovery thread
     */
    OfflineReplicas(int nodeId, ClusterMetadata cluster, LogManager logs, Executor metadataWrites, Executor recovery,
                    Consumer<TopicPartition> onRecovered) {
        this.cluster = cluster;
        this.logs = logs;
        this.metadataWrites = metadataWrites;
        this.recovery = recovery;
        this.onRecovered = onRecovered;
        this.reportFailures = new RepeatedFailureLog(LOG, "Reporting the offline replicas of broker " + nodeId, REPORT_INTERVAL_MS);
    }

    boolean contains(TopicPartition tp) {
        return failed.contains(tp);
    }

    /** The log of {@code tp} failed: reported at once. Returns false when it was known already. */
    boolean add(TopicPartition tp) {
        if (!failed.add(tp)) return false;
        report();
        return true;
    }

    /** The topic is gone with its logs: its replicas are no longer reported. */
    void removeTopic(String topic) {
        if (failed.removeIf(tp -> tp.topic().equals(topic))) report();
    }

    /**
     * Reports the failed set again if the registration says otherwise, then starts a round that reopens every failed
     * log unless one is running.
     */
    void retry() {
        if (!matchesRegistration()) report();
        if (failed.isEmpty() || !recovering.compareAndSet(false, true)) return;
        try {
            recovery.execute(this::reopenAll);
        } catch (RuntimeException e) {
            recovering.set(false);
            reopenFailures.failed(e);
        }
    }

    private void reopenAll() {
        try {
            for (TopicPartition tp : List.copyOf(failed)) {
                Optional<PartitionLog> reopened;
                try {
                    reopened = logs.reopen(tp);
                    reopenFailures.succeeded();
                } catch (IOException | RuntimeException e) {
                    reopenFailures.failed(e);
                    continue;
                }
                failed.remove(tp);
                // A reopened log that failed again at once may have found its partition still listed: it stays.
                if (reopened.map(PartitionLog::isOffline).orElse(false)) {
                    failed.add(tp);
                    continue;
                }
                report();
                onRecovered.accept(tp);
            }
        } finally {
            recovering.set(false);
        }
    }

    private boolean matchesRegistration() {
        Set<TopicPartition> reported = new HashSet<>();
        cluster.reportedOfflineReplicas().forEach((topic, partitions) -> partitions.forEach(p -> reported.add(new TopicPartition(topic, p))));
        return reported.equals(failed);
    }

    /** Writes the failed set as it is when the write runs, on the metadata thread: later writes carry later sets. */
    private void report() {
        metadataWrites.execute(() -> {
            try {
                cluster.reportOfflineReplicas(Set.copyOf(failed));
                reportFailures.succeeded();
            } catch (RuntimeException e) {
                reportFailures.failed(e);
            }
        });
    }
}

package io.partita.engine.cluster;

import io.partita.engine.logging.RepeatedFailureLog;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The internal topics ({@code __consumer_offsets}, {@code __transaction_state}, {@code __share_group_state}) as their
 * coordinators look them up: created on first use, on the metadata thread. Creating one is a round trip to the metadata quorum, and the
 * coordinators serve group heartbeats and transactions on a thread that must never wait for one; until the topic
 * exists it is reported missing, so clients are told COORDINATOR_NOT_AVAILABLE and ask again, as Kafka answers
 * FindCoordinator while it creates the topic. Thread-safe.
 */
public final class InternalTopics {

    private static final System.Logger LOG = System.getLogger(InternalTopics.class.getName());

    private final ClusterMetadata cluster;
    private final Executor metadataThread;
    private final Set<String> creating = ConcurrentHashMap.newKeySet();
    private final RepeatedFailureLog failures;

    public InternalTopics(ClusterMetadata cluster, Executor metadataThread) {
        this.cluster = cluster;
        this.metadataThread = metadataThread;
        this.failures = new RepeatedFailureLog(LOG, "Creating an internal topic", 60_000);
    }

    /** The topic, or empty while it is being created (a creation is started unless one is under way). */
    public Optional<TopicMetadata> find(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        Optional<TopicMetadata> topic = cluster.topic(name);
        if (topic.isPresent() || !creating.add(name)) return topic;
        metadataThread.execute(() -> {
            try {
                cluster.internalTopic(name, partitions, replicationFactor, configs);
                failures.succeeded();
            } catch (RuntimeException e) {
                failures.failed(e);
            } finally {
                creating.remove(name);
            }
        });
        return Optional.empty();
    }
}

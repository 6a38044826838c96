package io.partita.engine.replication;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.cluster.PartitionAssignment;
import io.partita.engine.cluster.TopicMetadata;
import io.partita.engine.log.LogAppendInfo;
import io.partita.engine.log.LogManager;
import io.partita.engine.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The partitions this node holds a replica of, and the rules for using them: appends and reads go to the leader
 * only, and the high watermark advances as the in-sync replicas acknowledge. Logs are opened lazily, on the first
 * request that needs them, so creating a topic touches no disk until it is used; a deleted topic's logs are
 * deleted when the metadata change arrives.
 *
 * <p>With one replica (this slice) the in-sync set is the leader alone, so the high watermark follows the log end
 * offset at once. Thread-safe.
 */
public final class ReplicaManager {

    private static final System.Logger LOG = System.getLogger(ReplicaManager.class.getName());

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final LogManager logs;
    private final List<Consumer<TopicPartition>> appendObservers = new CopyOnWriteArrayList<>();

    public ReplicaManager(int nodeId, ClusterMetadata cluster, LogManager logs) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.logs = logs;
        cluster.observeTopics(this::onTopicChange);
    }

    /** Told the partition after every append that moved its high watermark, on the appending thread. */
    public void observeAppends(Consumer<TopicPartition> observer) {
        appendObservers.add(observer);
    }

    /**
     * The log of a partition this node leads.
     *
     * @throws UnknownTopicOrPartitionException when the topic or partition does not exist
     * @throws NotLeaderOrFollowerException     when another node leads it
     */
    public PartitionLog leaderLog(TopicPartition tp) throws IOException {
        TopicMetadata topic = cluster.topic(tp.topic()).orElseThrow(() -> unknown(tp));
        PartitionAssignment assignment = topic.partition(tp.partition()).orElseThrow(() -> unknown(tp));
        if (assignment.leader() != nodeId) {
            throw new NotLeaderOrFollowerException("This node (" + nodeId + ") is not the leader of " + tp
                    + "; node " + assignment.leader() + " is.");
        }
        Optional<PartitionLog> open = logs.log(tp);
        return open.isPresent() ? open.get() : logs.getOrCreate(tp, topic.configs());
    }

    /** Appends to a partition this node leads and advances its high watermark. */
    public LogAppendInfo appendAsLeader(TopicPartition tp, MemoryRecords records) throws IOException {
        TopicMetadata topic = cluster.topic(tp.topic()).orElseThrow(() -> unknown(tp));
        PartitionLog log = leaderLog(tp);
        int leaderEpoch = topic.partitions().get(tp.partition()).leaderEpoch();
        LogAppendInfo info = log.appendAsLeader(records, leaderEpoch);
        log.updateHighWatermark(log.logEndOffset());
        for (Consumer<TopicPartition> o : appendObservers) o.accept(tp);
        return info;
    }

    private void onTopicChange(String name, Optional<TopicMetadata> now) {
        try {
            if (now.isPresent()) {
                logs.updateTopicConfig(name, now.get().configs());
            } else {
                for (PartitionLog log : List.copyOf(logs.logs())) {
                    if (log.topicPartition().topic().equals(name)) logs.deleteLog(log.topicPartition());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot apply metadata change of topic " + name, e);
        }
    }

    private static UnknownTopicOrPartitionException unknown(TopicPartition tp) {
        return new UnknownTopicOrPartitionException("This server does not host this topic-partition: " + tp);
    }
}

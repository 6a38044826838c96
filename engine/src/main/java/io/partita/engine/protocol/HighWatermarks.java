package io.partita.engine.protocol;

import io.partita.engine.cluster.ClusterMetadata;
import io.partita.engine.replication.ReplicaManager;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The high watermarks of partitions, which a share partition's lag is counted up to (KIP-1226): read from the logs
 * of the partitions this node leads, asked of the other leaders with ListOffsets (latest, read_uncommitted), one
 * request per leader. A partition whose high watermark cannot be had now (no live leader, an error, no answer in
 * time) is left out of the answer, so its lag is unknown. Thread-safe.
 */
public final class HighWatermarks {

    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private final int nodeId;
    private final ClusterMetadata cluster;
    private final ReplicaManager replicas;
    private final BrokerConnections connections;

    public HighWatermarks(int nodeId, ClusterMetadata cluster, ReplicaManager replicas, KafkaPeers peers) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.replicas = replicas;
        this.connections = new BrokerConnections(cluster, peers, "partita-high-watermarks-" + nodeId);
    }

    /** The high watermark of each partition that has one to be had now; never fails. */
    public CompletableFuture<Map<TopicPartition, Long>> of(Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> found = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> asked = new ArrayList<>();
        cluster.byLeader(partitions).forEach((leader, led) -> {
            if (leader == nodeId) {
                led.forEach(tp -> local(tp).ifPresent(hw -> found.put(tp, hw)));
            } else {
                asked.add(remote(leader, led, found));
            }
        });
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(all -> Map.copyOf(found));
    }

    private Optional<Long> local(TopicPartition tp) {
        try {
            return Optional.of(replicas.leaderLog(tp).highWatermark());
        } catch (RuntimeException notLedHereAnyMore) {
            return Optional.empty();
        }
    }

    private CompletableFuture<Void> remote(int leader, List<TopicPartition> led, Map<TopicPartition, Long> found) {
        Optional<PeerConnection> connection = connections.to(leader);
        if (connection.isEmpty()) return CompletableFuture.completedFuture(null);
        Map<String, ListOffsetsTopic> topics = new HashMap<>();
        led.forEach(tp -> topics.computeIfAbsent(tp.topic(), name -> new ListOffsetsTopic().setName(name)).partitions()
                .add(new ListOffsetsPartition().setPartitionIndex(tp.partition()).setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP)));
        ListOffsetsRequest request = ListOffsetsRequest.Builder.forConsumer(false, IsolationLevel.READ_UNCOMMITTED)
                .setTargetTimes(new ArrayList<>(topics.values())).build(ApiKeys.LIST_OFFSETS.latestVersion());
        return connection.get().send(request).orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) return null;
                    for (ListOffsetsTopicResponse topic : ((ListOffsetsResponse) response).topics()) {
                        for (ListOffsetsPartitionResponse p : topic.partitions()) {
                            if (p.errorCode() == Errors.NONE.code()) found.put(new TopicPartition(topic.name(), p.partitionIndex()), p.offset());
                        }
                    }
                    return null;
                });
    }
}

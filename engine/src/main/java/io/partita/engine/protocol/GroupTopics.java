package io.partita.engine.protocol;

import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.util.Map;

/**
 * What the group APIs need to know of the cluster: OffsetCommit refuses offsets of partitions that do not exist,
 * OffsetCommit/OffsetFetch identify topics by id from v10, and FindCoordinator names brokers. Implementations answer
 * from the node's current metadata and must be safe to call from any thread.
 */
public interface GroupTopics {

    /** The topic's id, or null when no topic has this name. */
    Uuid id(String name);

    /** The name of the topic with this id, or null when there is none. */
    String name(Uuid id);

    /** How many partitions the topic has; 0 when no topic has this name. */
    int partitionCount(String name);

    /** The partition count of every topic, by name: a snapshot of the node's current metadata. */
    Map<String, Integer> partitionCounts();

    /**
     * Where clients of the listener {@code listenerName} reach a live broker, or null when no live broker has this
     * id or it has no such listener.
     */
    Node broker(int nodeId, String listenerName);
}

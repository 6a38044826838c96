package io.partita.web.topics;

import java.util.Map;

/**
 * The body of {@code POST /api/topics}. Mutable (JSON-B fills it).
 * Partitions and replication factor default to the node's {@code num.partitions} and
 * {@code default.replication.factor} when left out.
 */
public class NewTopicRequest {
    public String name;
    public Integer partitions;
    public Short replicationFactor;
    public Map<String, String> configs;
}

package io.partita.engine.metrics;

import java.util.List;
import java.util.Map;

/**
 * A node's traffic since it started ({@link BrokerStats#snapshot()}). Immutable; every number only grows while the
 * node runs.
 *
 * @param producedRecords     records appended by clients' Produce requests (retried duplicates not counted)
 * @param bytesIn             bytes of those records
 * @param bytesOut            bytes of records sent to consumers in Fetch responses
 * @param replicationBytesOut bytes of records sent to followers in Fetch responses
 * @param requests            per Kafka API requested at least once: answered requests and their time
 * @param topics              per topic with traffic on this node since its counters were made (a deleted topic's
 *                            go), the same records and bytes in and bytes out to consumers
 */
public record TrafficTotals(long producedRecords, long bytesIn, long bytesOut, long replicationBytesOut,
                            List<ApiRequestTotals> requests, Map<String, TopicTotals> topics) {

    /** The totals of {@code topic}; zeros when it had no traffic here. */
    public TopicTotals topic(String topic) {
        return topics.getOrDefault(topic, TopicTotals.NONE);
    }

    /** The totals of {@code api} (Kafka's name, e.g. {@code Produce}); zeros when it was never requested. */
    public ApiRequestTotals requests(String api) {
        return requests.stream().filter(r -> r.api().equals(api)).findFirst().orElse(new ApiRequestTotals(api, 0, 0));
    }
}

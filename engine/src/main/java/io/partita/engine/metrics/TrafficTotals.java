package io.partita.engine.metrics;

import java.util.List;

/**
 * A node's traffic since it started ({@link BrokerStats#snapshot()}). Immutable; every number only grows while the
 * node runs.
 *
 * @param producedRecords     records appended by clients' Produce requests (retried duplicates not counted)
 * @param bytesIn             bytes of those records
 * @param bytesOut            bytes of records sent to consumers in Fetch responses
 * @param replicationBytesOut bytes of records sent to followers in Fetch responses
 * @param requests            per Kafka API requested at least once: answered requests and their time
 */
public record TrafficTotals(long producedRecords, long bytesIn, long bytesOut, long replicationBytesOut,
                            List<ApiRequestTotals> requests) {

    /** The totals of {@code api} (Kafka's name, e.g. {@code Produce}); zeros when it was never requested. */
    public ApiRequestTotals requests(String api) {
        return requests.stream().filter(r -> r.api().equals(api)).findFirst().orElse(new ApiRequestTotals(api, 0, 0));
    }
}

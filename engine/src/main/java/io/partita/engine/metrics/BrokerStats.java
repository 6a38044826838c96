package io.partita.engine.metrics;

import org.apache.kafka.common.protocol.ApiKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's traffic counters since it started: records and bytes appended by clients' Produce requests, bytes sent
 * in Fetch responses (to consumers and to followers apart, as Kafka's {@code BytesOutPerSec} and
 * {@code ReplicationBytesOutPerSec}), and, per Kafka API, how many requests were answered and the time they took
 * from being taken up to their answer being written.
 *
 * <p>Every counter only grows: rates are the scraper's business. Updates are lock-free ({@link LongAdder}, one
 * slot per API allocated up front) and allocate nothing, since they run on the connections' event loops for every
 * request. Thread-safe; a {@link #snapshot()} is not atomic across counters.
 */
public final class BrokerStats {

    private final LongAdder producedRecords = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder replicationBytesOut = new LongAdder();
    private final RequestTimes[] requests = new RequestTimes[ApiKeys.values().length];

    public BrokerStats() {
        for (ApiKeys api : ApiKeys.values()) requests[api.ordinal()] = new RequestTimes();
    }

    /** A client's Produce appended {@code records} records of {@code bytes} bytes to a partition this node leads. */
    public void produced(int records, long bytes) {
        producedRecords.add(records);
        bytesIn.add(bytes);
    }

    /** A Fetch response carries {@code bytes} bytes of records, to a follower or to a consumer. */
    public void fetched(long bytes, boolean follower) {
        (follower ? replicationBytesOut : bytesOut).add(bytes);
    }

    /** A request of {@code api} was answered (or, for acks=0, done) {@code nanos} after it was taken up. */
    public void requestCompleted(ApiKeys api, long nanos) {
        RequestTimes times = requests[api.ordinal()];
        times.count.increment();
        times.nanos.add(nanos);
    }

    /** The counters now; APIs never requested are left out. */
    public TrafficTotals snapshot() {
        List<ApiRequestTotals> perApi = new ArrayList<>();
        for (ApiKeys api : ApiKeys.values()) {
            RequestTimes times = requests[api.ordinal()];
            long count = times.count.sum();
            if (count > 0) perApi.add(new ApiRequestTotals(api.name, count, times.nanos.sum()));
        }
        return new TrafficTotals(producedRecords.sum(), bytesIn.sum(), bytesOut.sum(), replicationBytesOut.sum(),
                List.copyOf(perApi));
    }

    private static final class RequestTimes {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }
}

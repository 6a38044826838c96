package io.partita.engine.metrics;

import org.apache.kafka.common.protocol.ApiKeys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's traffic counters since it started: records and bytes appended by clients' Produce requests, bytes sent
 * in Fetch responses (to consumers and to followers apart, as Kafka's {@code BytesOutPerSec} and
 * {@code ReplicationBytesOutPerSec}), and, per Kafka API, how many requests were answered and the time they took
 * from being taken up to their answer being written. The same records and bytes are counted per topic as well
 * (consumers' bytes out only), for the metrics history: a topic's counters are made at its first traffic on this
 * node and go when {@link #forgetTopic} is told it was deleted.
 *
 * <p>Every counter only grows: rates are the scraper's business. Updates are lock-free ({@link LongAdder}, one
 * slot per API allocated up front, a topic's counters looked up in a concurrent map) and allocate nothing once a
 * topic's counters exist, since they run on the connections' event loops for every
 * request. Thread-safe; a {@link #snapshot()} is not atomic across counters.
 */
public final class BrokerStats {

    private final LongAdder producedRecords = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder replicationBytesOut = new LongAdder();
    private final RequestTimes[] requests = new RequestTimes[ApiKeys.values().length];
    private final Map<String, TopicCounters> topics = new ConcurrentHashMap<>();

    public BrokerStats() {
        for (ApiKeys api : ApiKeys.values()) requests[api.ordinal()] = new RequestTimes();
    }

    /**
     * A client's Produce appended {@code records} records of {@code bytes} bytes to a partition of {@code topic} this
     * node leads.
     */
    public void produced(String topic, int records, long bytes) {
        producedRecords.add(records);
        bytesIn.add(bytes);
        TopicCounters counters = topic(topic);
        counters.recordsIn.add(records);
        counters.bytesIn.add(bytes);
    }

    /** A Fetch response carries {@code bytes} bytes of records, to a follower or to a consumer. */
    public void fetched(long bytes, boolean follower) {
        (follower ? replicationBytesOut : bytesOut).add(bytes);
    }

    /** {@code bytes} of the records a Fetch response carries to a consumer are of {@code topic}. */
    public void fetchedFrom(String topic, long bytes) {
        topic(topic).bytesOut.add(bytes);
    }

    private TopicCounters topic(String name) {
        TopicCounters counters = topics.get(name);
        return counters != null ? counters : topics.computeIfAbsent(name, n -> new TopicCounters());
    }

    /** Drops the counters of a deleted topic (traffic racing the deletion may make them again, from zero). */
    public void forgetTopic(String name) {
        topics.remove(name);
    }

    /** A request of {@code api} was answered (or, for acks=0, done) {@code nanos} after it was taken up. */
    public void requestCompleted(ApiKeys api, long nanos) {
        RequestTimes times = requests[api.ordinal()];
        times.count.increment();
        times.nanos.add(nanos);
    }

    /** The counters now; APIs never requested are left out, topics without traffic here too. */
    public TrafficTotals snapshot() {
        List<ApiRequestTotals> perApi = new ArrayList<>();
        for (ApiKeys api : ApiKeys.values()) {
            RequestTimes times = requests[api.ordinal()];
            long count = times.count.sum();
            if (count > 0) perApi.add(new ApiRequestTotals(api.name, count, times.nanos.sum()));
        }
        Map<String, TopicTotals> perTopic = new HashMap<>();
        topics.forEach((name, c) -> perTopic.put(name, new TopicTotals(c.recordsIn.sum(), c.bytesIn.sum(), c.bytesOut.sum())));
        return new TrafficTotals(producedRecords.sum(), bytesIn.sum(), bytesOut.sum(), replicationBytesOut.sum(),
                List.copyOf(perApi), Map.copyOf(perTopic));
    }

    private static final class TopicCounters {
        final LongAdder recordsIn = new LongAdder();
        final LongAdder bytesIn = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
    }

    private static final class RequestTimes {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }
}

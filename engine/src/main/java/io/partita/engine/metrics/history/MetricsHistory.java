package io.partita.engine.metrics.history;

import java.time.Clock;
import java.util.Map;

/**
 * What a node's metrics were over the last {@code metrics.history.retention.ms}, kept in memory at every
 * {@code metrics.history.interval.ms} by its {@link HistorySampler}: the node's own series, each topic's and each
 * group's (at most {@code metrics.history.max.series} topics and as many groups). Everything is this node's view:
 * a topic's series count only the partitions it leads and the consumers it served, a group's only exist where
 * the group's coordinator runs. Gone when the node stops. Thread-safe.
 */
public final class MetricsHistory {

    /** Bytes per second appended by clients' Produce requests (node, topic). */
    public static final String BYTES_IN = "bytesIn";
    /** Records per second appended by clients' Produce requests (node, topic). */
    public static final String RECORDS_IN = "recordsIn";
    /** Bytes per second of records sent to consumers (node, topic). */
    public static final String BYTES_OUT = "bytesOut";
    /** Bytes per second of records sent to followers (node). */
    public static final String REPLICATION_BYTES_OUT = "replicationBytesOut";
    /** A group's committed offsets behind the high watermarks, over all its partitions (group). */
    public static final String LAG = "lag";

    private static final String NODE = "";

    private final HistorySettings settings;
    private final Clock clock;
    private final KeyedSeries node;
    private final KeyedSeries topics;
    private final KeyedSeries groups;

    public MetricsHistory(HistorySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.node = new KeyedSeries(settings.capacity(), settings.retentionMs(), 1);
        this.topics = new KeyedSeries(settings.capacity(), settings.retentionMs(), settings.maxSeries());
        this.groups = new KeyedSeries(settings.capacity(), settings.retentionMs(), settings.maxSeries());
    }

    public HistorySettings settings() {
        return settings;
    }

    /**
     * The node's series: {@link #BYTES_IN}, {@link #RECORDS_IN}, {@link #BYTES_OUT}, {@link #REPLICATION_BYTES_OUT};
     * only samples taken after {@code afterMs} ({@link Long#MIN_VALUE}: all), as for topics and groups.
     */
    public HistoryView node(long afterMs) {
        return view(node, NODE, afterMs);
    }

    /** The topic's series on this node: {@link #BYTES_IN}, {@link #RECORDS_IN}, {@link #BYTES_OUT}; none without traffic here. */
    public HistoryView topic(String name, long afterMs) {
        return view(topics, name, afterMs);
    }

    /** The group's {@link #LAG}; none unless this node coordinates the group and it committed offsets. */
    public HistoryView group(String groupId, long afterMs) {
        return view(groups, groupId, afterMs);
    }

    void recordNode(long timeMs, Map<String, Double> values) {
        node.record(timeMs, Map.of(NODE, values), 0);
    }

    void recordTopics(long timeMs, Map<String, Map<String, Double>> values) {
        topics.record(timeMs, values, 0);
    }

    void recordGroups(long timeMs, Map<String, Map<String, Double>> values, int leftOutAlready) {
        groups.record(timeMs, values, leftOutAlready);
    }

    private HistoryView view(KeyedSeries series, String key, long afterMs) {
        long from = Math.max(clock.millis() - settings.retentionMs(), afterMs == Long.MAX_VALUE ? afterMs : afterMs + 1);
        return new HistoryView(settings.intervalMs(), series.since(key, from),
                series.leftOut());
    }
}

package io.partita.ra.api;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The stored metrics history of the node, of a topic on it or of a group it coordinates: every series sampled over
 * the node's {@code metrics.history.retention.ms}. Immutable.
 *
 * @param intervalMs how often the node samples ({@code metrics.history.interval.ms}): two samples further apart
 *                   than that leave a gap
 * @param series     each series by name (e.g. {@code bytesIn}, {@code recordsIn}, {@code bytesOut},
 *                   {@code replicationBytesOut}, per second; {@code lag}), its samples oldest first
 * @param leftOut    topics, or groups, the node keeps no series of for want of room ({@code metrics.history.max.series})
 */
public record MetricsSeries(long intervalMs, Map<String, List<Point>> series, int leftOut) implements Serializable {

    /** One sample: when (epoch milliseconds) and its value. */
    public record Point(long timeMs, double value) implements Serializable {
    }
}

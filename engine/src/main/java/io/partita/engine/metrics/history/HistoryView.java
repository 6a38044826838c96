package io.partita.engine.metrics.history;

import java.util.List;
import java.util.Map;

/**
 * The stored history of one node, topic or group. Immutable.
 *
 * @param intervalMs how often the series are sampled: a longer distance between two samples is a gap
 * @param series     each series by name, its samples oldest first; empty when nothing was kept
 * @param leftOut    topics, or groups, left without series at the latest sampling for want of room
 *                   ({@code metrics.history.max.series}); 0 for the node
 */
public record HistoryView(long intervalMs, Map<String, List<Sample>> series, int leftOut) {

    public HistoryView {
        series = Map.copyOf(series);
    }
}

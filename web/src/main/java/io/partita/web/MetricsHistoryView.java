package io.partita.web;

import io.partita.ra.api.MetricsSeries;
import io.partita.web.problem.ApiProblem;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.ServiceUnavailableException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON body of {@code GET /api/node/history}, {@code /api/topics/{name}/history} and
 * {@code /api/groups/{id}/history}: what this server's node sampled over its {@code metrics.history.retention.ms}.
 * Always this node's view only: a topic's rates count the partitions it leads and the consumers it served, a group's
 * lag is kept where the group's coordinator runs. Immutable.
 *
 * @param nodeId     the node that kept the history
 * @param intervalMs how often it samples; points further apart than that are a gap (the node was down, or did not
 *                   lead or coordinate then)
 * @param series     each series by name ({@code bytesIn}, {@code recordsIn}, {@code bytesOut} per second, and for the
 *                   node {@code replicationBytesOut}; for a group {@code lag}), as {@code [epochMs, value]} pairs,
 *                   oldest first; empty when the node kept none
 * @param leftOut    topics, or groups, the node keeps no history of for want of room ({@code metrics.history.max.series})
 */
public record MetricsHistoryView(int nodeId, long intervalMs, Map<String, List<Number[]>> series, int leftOut) {

    /** The query parameter {@code after} of every history resource. */
    public static final String AFTER = "Only samples taken after this time, in epoch milliseconds (a chart's last point); all when absent";

    /** The time of {@code after}, the query parameter: everything kept when absent; 400 when not a number. */
    public static long after(String after) {
        if (after == null) return Long.MIN_VALUE;
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("after must be a time in epoch milliseconds, not '" + after + "'");
        }
    }

    /** The history {@code question} asks of this server's node; 503 when it is not running. */
    public static MetricsHistoryView of(NodeConnections connections,
                                        NodeConnections.Question<MetricsSeries> question) {
        try {
            int nodeId = connections.nodeInfo().nodeId();
            MetricsSeries history = connections.ask(question);
            Map<String, List<Number[]>> series = new TreeMap<>();
            history.series().forEach((name, points) -> series.put(name, points.stream()
                    .map(point -> new Number[]{point.timeMs(), point.value()}).toList()));
            return new MetricsHistoryView(nodeId, history.intervalMs(), series, history.leftOut());
        } catch (ResourceException e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
    }
}
